"""``hcpay pay``: pay (or schedule) a premium payment with a saved payment method.

One Idempotency-Key is made per run and sent with every retry of the request, so a timeout or
a dropped connection never charges twice; ``--idempotency-key`` lets a script that reruns the
whole command after a crash keep the same one."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from hcpay.commands import exits, pay_guest, render, scripting
from hcpay.commands.scripting import CommandFailed
from hcpay.domain.i18n import _, ngettext

if TYPE_CHECKING:
    from hcpay.api import PossibleDuplicate
    from hcpay.api.models import Payment, PaymentMethod

JSON_SHAPE = """\
--json prints one object (version 1):
  {"version": 1, "payment": {"reference", "status", "amount_cents", "amount",
   "method", "payment_method_id", "created_at", "scheduled_for",
   "expected_settlement_date", "settled_on", "failure_code", "failure_message",
   "invoice_ids": [...], "source"}, "idempotency_key"}
Money is integer *_cents, and the same amount as text ("$1,234.50"); dates are
ISO. invoice_ids are the bills the payment went to, as its receipt names them.
A declined payment exits 3 with "code": "card_declined" (or another decline
code) and the failed attempt's "reference", kept in `hcpay history`.
A possible duplicate (the same amount from the same method in the last 24
hours) exits 6 with "code": "possible_duplicate" and the earlier payment's
"reference"; --allow-duplicate pays again.
"""

EXAMPLES = """\
examples:
  hcpay pay --amount due                pay what you owe now, default method
  hcpay pay --amount 123.45 --method 4242 --yes
  hcpay pay --amount 50 --date 2026-03-20 --invoice INV-1234
  hcpay pay --amount due --yes --json | jq -r .payment.reference
  hcpay pay cancel HCP-7K2M-9QX4        cancel a scheduled payment
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        EXAMPLES + "\n" + _(pay_guest.HELP) + "\n\n" + JSON_SHAPE + "\n" + render.ERROR_SHAPE
        + "\n" + exits.table()
    )
    parser.add_argument(
        "--amount", metavar="AMOUNT",
        help=_("dollars and cents, like 123.45, or `due` for what you owe now (required)"),
    )
    parser.add_argument(
        "--method", metavar="ID",
        help=_("a saved payment method: its id, or the last 4 digits (default: your default "
        "method)"),
    )
    parser.add_argument(
        "--date", metavar="YYYY-MM-DD",
        help=_("schedule the payment for this day (up to 60 days ahead; default: now)"),
    )
    parser.add_argument(
        "--invoice", action="append", metavar="ID", dest="invoices",
        help=_("pay this bill (repeat for more; `hcpay bills` lists them; default: oldest "
        "open bill first)"),
    )
    parser.add_argument(
        "--yes", "-y", action="store_true",
        help=_("do not ask for confirmation (needed when input is not a terminal)"),
    )
    parser.add_argument(
        "--allow-duplicate", action="store_true",
        help=_("pay even when the same amount went from the same method in the last 24 hours "
        "(--yes alone does not)"),
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON (shape below)"))
    parser.add_argument(
        "--idempotency-key", metavar="KEY",
        help=_("reuse the key of an earlier run whose outcome you do not know: the portal "
        "answers with that payment instead of charging again"),
    )
    scripting.add_portal_arguments(parser)
    pay_guest.add_arguments(parser)
    parser.add_argument(
        "words", nargs="*", metavar=_("cancel REF"),
        help=_("cancel the scheduled payment REF (until it starts processing); --yes and "
        "--json work as for a payment"),
    )


def parse_day(text: str | None, flag: str = "--date") -> date | None:
    if text is None:
        return None
    from hcpay.flows.checks import parse_date

    parsed = parse_date(text)
    if parsed is None:
        raise scripting.usage(
            f"{flag} {text}: type the day as YYYY-MM-DD, for example 2026-03-20."
        )
    return parsed


def choose_method(methods: list[PaymentMethod], wanted: str | None) -> PaymentMethod:
    """The method named by id or last 4 digits, else the default one."""
    listing = "; ".join(
        f"{m.payment_method_id} ({render.method_words(m)}{', default' if m.is_default else ''})"
        for m in methods
    )
    if not methods:
        raise CommandFailed(
            "You have no saved payment method. Add a card or bank account in the app "
            "(run `hcpay`), then try again."
        )
    if wanted:
        exact = [m for m in methods if m.payment_method_id == wanted]
        by_last4 = [m for m in methods if m.last4 == wanted.strip()]
        if exact:
            return exact[0]
        if len(by_last4) == 1:
            return by_last4[0]
        if len(by_last4) > 1:
            raise scripting.usage(
                f"--method {wanted} fits more than one method; use its id: {listing}."
            )
        raise scripting.usage(
            f"--method {wanted} is not one of your payment methods: {listing}."
        )
    defaults = [m for m in methods if m.is_default]
    if defaults:
        return defaults[0]
    if len(methods) == 1:
        return methods[0]
    raise scripting.usage(
        f"You have no default payment method; choose one with --method: {listing}."
    )


async def amount_cents(ctx: scripting.Context, text: str) -> int:
    if text.strip().lower() in {"due", "balance", "all"}:
        summary = await ctx.client.summary()
        if summary.balance_due_cents <= 0:
            raise CommandFailed("You owe nothing right now, so there is nothing to pay.")
        return summary.balance_due_cents
    from hcpay.domain.money import AmountError, parse_amount

    try:
        return parse_amount(text)
    except AmountError as exc:
        raise scripting.usage(f"--amount {text}: {exc.message}") from exc


async def check_invoices(ctx: scripting.Context, wanted: list[str]) -> list[str]:
    """The --invoice ids as the portal spells them; one that is not an open bill is a usage
    mistake said with the open bills listed (nothing is sent to pay)."""
    if not wanted:
        return []
    from hcpay.commands.bills import open_bills

    bills = {b.invoice_id.upper(): b.invoice_id for b in await open_bills(ctx)}
    unknown = [w for w in wanted if w.strip().upper() not in bills]
    if unknown:
        listing = ", ".join(bills.values()) or _("none: you owe nothing right now")
        raise scripting.usage(
            f"--invoice {', '.join(unknown)}: not one of your open bills ({listing}). "
            "`hcpay bills` lists them."
        )
    return [bills[w.strip().upper()] for w in wanted]


def review(cents: int, method: PaymentMethod, when: date | None, invoices: list[str]) -> str:
    timing = _("on {date}").format(date=render.day(when)) if when else _("now")
    for_what = ngettext(" for bill {invoices}", " for bills {invoices}", len(invoices)).format(
        invoices=", ".join(invoices)) if invoices else ""
    text = _("Pay {amount} from your {method} {timing}{for_what}.").format(
        amount=render.money(cents), method=render.method_words(method), timing=timing,
        for_what=for_what)
    if method.kind == "bank_account":
        text += " " + _("A bank payment takes 3 business days to settle.")
    return text


def outcome_words(payment: Payment) -> list[str]:
    lines = render.reference_lines(payment.reference)
    what = _("{amount} from your {method}").format(
        amount=render.money(payment.amount_cents), method=render.method_words(payment.method))
    if payment.status == "succeeded":
        lines.append(_("Paid: {what}. A receipt: `hcpay receipt {reference}`.").format(
            what=what, reference=payment.reference))
    elif payment.status == "processing":
        lines.append(_("Sent: {what}. Bank payments are processing until they settle.").format(
            what=what))
        if payment.expected_settlement_date:
            lines.append(
                _("Expected to settle on {date} "
                "(3 business days); `hcpay history` shows when it has.").format(
                    date=render.day(payment.expected_settlement_date))
            )
    elif payment.status == "scheduled":
        lines.append(
            _("Scheduled: {what} on {date}. To cancel it until it "
            "starts processing: `hcpay pay cancel {reference}`.").format(
                what=what, date=render.day(payment.scheduled_for), reference=payment.reference)
        )
    else:
        lines.append(_("Status: {status}.").format(
            status=render.STATUS_WORDS.get(payment.status, payment.status)))
    return lines


async def duplicate_words(
    ctx: scripting.Context, exc: PossibleDuplicate, cents: int, method: PaymentMethod
) -> str:
    """"You paid $98.00 from Visa ending 4242 today at 10:14 (HCP-...)." (product-rules.md),
    the time in the portal's time zone and "today" by the portal's date."""
    from zoneinfo import ZoneInfo

    from hcpay.api import PortalError

    reference = exc.reference
    when = _("in the last 24 hours")
    if reference:
        try:
            earlier = await ctx.client.payment(reference)
            config = await ctx.client.config()
        except PortalError:  # the sentence without the time is still the right question
            earlier = None
        if earlier is not None:
            at = earlier.created_at.astimezone(ZoneInfo(config.time_zone))
            today = config.today or at.date()
            day = {0: "today", 1: "yesterday"}.get((today - at.date()).days)
            when = _("{at} at {at2:%H:%M}").format(at=day or 'on ' + render.day(at), at2=at)
    said = f" ({reference})" if reference else ""
    return _("You paid {amount} from {method} {when}{said}.").format(
        amount=render.money(cents), method=render.method_words(method), when=when, said=said)


async def pay(ctx: scripting.Context, args: argparse.Namespace) -> int:
    from hcpay.api import PossibleDuplicate, new_idempotency_key

    when = parse_day(args.date)
    cents = await amount_cents(ctx, args.amount)
    method = choose_method(await ctx.client.payment_methods(), args.method)
    invoices = await check_invoices(ctx, list(args.invoices or []))
    ctx.note(review(cents, method, when, invoices))  # on the terminal, never in the data
    scripting.confirm(_("Pay now?") if when is None else _("Schedule it?"), yes=args.yes)

    key = args.idempotency_key or new_idempotency_key()  # one per run, kept on every retry
    allow = bool(args.allow_duplicate)
    while True:
        try:
            payment = await send(ctx, cents, method, when, invoices, key, allow)
            break
        except PossibleDuplicate as exc:
            if allow:  # stopped even so: said as the portal's refusal
                raise
            question = await duplicate_words(ctx, exc, cents, method)
            if not scripting.can_ask():
                raise CommandFailed(
                    f"{question} Nothing was charged. To pay again, add --allow-duplicate.",
                    exits.Exit.NOT_CONFIRMED, error=exc.code, reference=exc.reference,
                    idempotency_key=key,
                ) from exc
            scripting.confirm(_("{question} Pay again?").format(question=question), yes=False,
                              nothing=_("nothing was charged."))
            allow, key = True, again_key(key)
    payment = await with_invoices(ctx, payment, invoices)
    if args.json:
        data: dict[str, Any] = {"payment": render.payment_json(payment), "idempotency_key": key}
        render.write_json(ctx.out, data)
    else:
        ctx.say("\n".join(outcome_words(payment)))
    return int(exits.Exit.OK)


def again_key(key: str) -> str:
    """The key of the second request after "pay again": its body differs from the first's
    (allow_duplicate), so it may not reuse that key; made from it, so a rerun keeps it too."""
    return f"{key[:240]}-again"


async def send(
    ctx: scripting.Context, cents: int, method: PaymentMethod, when: date | None,
    invoices: list[str], key: str, allow_duplicate: bool,
) -> Payment:
    """One payment request (retried by the client with the same key); a decline and no answer
    become their exit codes, with the reference and the key a script needs next."""
    from hcpay.api import PaymentDeclined, PortalUnreachable

    try:
        return await ctx.client.pay(
            cents, payment_method_id=method.payment_method_id, scheduled_for=when,
            invoice_ids=invoices or None, idempotency_key=key, allow_duplicate=allow_duplicate,
        )
    except PaymentDeclined as exc:
        kept = (
            _(" The failed attempt is kept in your history as {reference}.").format(
                reference=exc.reference)
            if exc.reference else ""
        )
        raise CommandFailed(
            f"Declined: {exc.detail}{kept} --method chooses another saved method.",
            exits.Exit.REFUSED, error=exc.code, reference=exc.reference, idempotency_key=key,
        ) from exc
    except asyncio.CancelledError as exc:  # Ctrl+C while the request was on its way
        raise CommandFailed(
            "Interrupted while the payment was being sent, so hcpay cannot tell whether it "
            "went through. Check `hcpay history` first, or run the same command again with "
            f"--idempotency-key {key}: the portal then answers with this payment instead of "
            "charging twice.", exits.Exit.INTERRUPTED, idempotency_key=key,
        ) from exc
    except PortalUnreachable as exc:
        raise CommandFailed(
            f"{exc.detail}\nhcpay cannot tell whether the payment went through. Check "
            "`hcpay history` first, or run the same command again with --idempotency-key "
            f"{key}: the portal then answers with this payment instead of charging twice.",
            exits.Exit.UNREACHABLE, error=exc.code, idempotency_key=key,
        ) from exc


async def with_invoices(ctx: scripting.Context, payment: Payment, asked: list[str]) -> Payment:
    """The payment with the bills it went to, as its receipt names them (the answer to the
    payment request does not carry them; the payment itself does)."""
    from hcpay.api import PortalError

    try:
        fetched = await ctx.client.payment(payment.reference)
    except PortalError:
        fetched = payment
    if not fetched.invoice_ids and asked:  # scheduled: applied to these when it is drawn
        return fetched.model_copy(update={"invoice_ids": list(asked)})
    return fetched


async def cancel(ctx: scripting.Context, args: argparse.Namespace) -> int:
    from hcpay.api import NotFound
    from hcpay.commands.receipt import normalise_reference

    reference = normalise_reference(args.reference)
    try:
        payment = await ctx.client.payment(reference)
    except NotFound as exc:
        raise CommandFailed(
            f"No payment {reference} on your account. `hcpay history --status scheduled` "
            "lists the scheduled ones.", exits.Exit.REFUSED, error=exc.code,
        ) from exc
    if payment.status == "canceled":
        ctx.note(f"{reference} was already canceled; nothing was changed.")
    else:
        if payment.status != "scheduled":
            status = render.STATUS_WORDS.get(payment.status, payment.status)
            raise CommandFailed(
                f"{reference} is {status}, not scheduled, so it can no longer be canceled. "
                "Call us if you need it reversed.",
                exits.Exit.REFUSED, error="payment_not_cancelable", reference=reference,
            )
        ctx.note(
            f"Cancel the payment {reference} of {render.money(payment.amount_cents)} from your "
            f"{render.method_words(payment.method)} scheduled for "
            f"{render.day(payment.scheduled_for)}."
        )
        scripting.confirm(_("Cancel it?"), yes=args.yes,
                          nothing=_("the payment is still scheduled."))
        await ctx.client.cancel_payment(reference)
        payment = await ctx.client.payment(reference)
    if args.json:
        render.write_json(ctx.out, {"payment": render.payment_json(payment)})
    else:
        ctx.say(_("Canceled: {reference}. Nothing will be drawn for it.").format(
            reference=reference))
    return int(exits.Exit.OK)


def run(args: argparse.Namespace) -> int:
    words = list(args.words)
    if words and words[0] == "cancel" and len(words) == 2:
        args.reference = words[1]
        return scripting.run(args, _("pay cancel"), lambda ctx: cancel(ctx, args))
    problem = None
    if words and words[0] == "cancel":
        problem = _("`hcpay pay cancel REF` takes one reference, like HCP-7K2M-9QX4.")
    elif words:
        problem = (
            _("unexpected {words!r}: did you mean an option, like --amount 12.50?").format(
                words=' '.join(words))
        )
    elif args.guest:
        return scripting.run(args, "pay --guest", lambda ctx: pay_guest.pay(ctx, args),
                             sign_in=False)
    elif args.amount is None:
        problem = "--amount is needed: dollars and cents like 123.45, or `due`."
    if problem is not None:
        if hasattr(args, "_parser"):
            args._parser.print_usage(sys.stderr)
        return scripting.fail(args, "pay", scripting.usage(problem), sys.stdout, sys.stderr)
    return scripting.run(args, "pay", lambda ctx: pay(ctx, args))
