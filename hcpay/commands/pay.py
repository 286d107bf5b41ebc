"""``hcpay pay``: pay (or schedule) a premium payment with a saved payment method.

One Idempotency-Key is made per run and sent with every retry of the request, so a timeout or
a dropped connection never charges twice; ``--idempotency-key`` lets a script that reruns the
whole command after a crash keep the same one."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from hcpay.commands import render, scripting
from hcpay.commands.scripting import CommandFailed

if TYPE_CHECKING:
    from hcpay.api.models import Payment, PaymentMethod

JSON_SHAPE = """\
--json prints one object (version 1; MONEY):
  {"version": 1, "payment": {"reference", "status", "amount_cents", "amount", "method",
   "payment_method_id", "created_at", "scheduled_for", "expected_settlement_date",
   "settled_on", "failure_code", "failure_message", "invoice_ids": [...], "source"},
   "idempotency_key"}
A declined payment prints nothing on stdout and exits 1; the failed attempt is in
`hcpay history`.
""".replace("MONEY", render.MONEY_HELP)

EXAMPLES = """\
examples:
  hcpay pay --amount due                pay what you owe now, default payment method
  hcpay pay --amount 123.45 --method 4242 --yes
  hcpay pay --amount 50 --date 2026-03-20 --invoice INV-1234
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EXAMPLES + "\n" + JSON_SHAPE + "\n" + scripting.EXIT_CODES_HELP
    parser.add_argument(
        "--amount", required=True, metavar="AMOUNT",
        help="dollars and cents, like 123.45, or `due` for what you owe now",
    )
    parser.add_argument(
        "--method", metavar="ID",
        help="a saved payment method: its id, or the last 4 digits (default: your default "
        "method)",
    )
    parser.add_argument(
        "--date", metavar="YYYY-MM-DD",
        help="schedule the payment for this day (up to 60 days ahead; default: now)",
    )
    parser.add_argument(
        "--invoice", action="append", metavar="ID", dest="invoices",
        help="pay this invoice (repeat for more; default: oldest open invoice first)",
    )
    parser.add_argument(
        "--yes", "-y", action="store_true",
        help="do not ask for confirmation (needed when input is not a terminal)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON (shape below)")
    parser.add_argument(
        "--idempotency-key", metavar="KEY",
        help="reuse the key of an earlier run whose outcome you do not know: the portal "
        "answers with that payment instead of charging again",
    )
    scripting.add_portal_arguments(parser)


def parse_day(text: str | None) -> date | None:
    if text is None:
        return None
    from hcpay.flows.checks import parse_date

    parsed = parse_date(text)
    if parsed is None:
        raise CommandFailed(f"--date {text}: type the day as YYYY-MM-DD, for example 2026-03-20.")
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
            raise CommandFailed(
                f"--method {wanted} fits more than one method; use its id: {listing}."
            )
        raise CommandFailed(f"--method {wanted} is not one of your payment methods: {listing}.")
    defaults = [m for m in methods if m.is_default]
    if defaults:
        return defaults[0]
    if len(methods) == 1:
        return methods[0]
    raise CommandFailed(f"You have no default payment method; choose one with --method: {listing}.")


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
        raise CommandFailed(f"--amount {text}: {exc.message}") from exc


def review(cents: int, method: PaymentMethod, when: date | None, invoices: list[str]) -> str:
    timing = f"on {render.day(when)}" if when else "now"
    plural = "s" if len(invoices) > 1 else ""
    for_what = f" for invoice{plural} {', '.join(invoices)}" if invoices else ""
    text = f"Pay {render.money(cents)} from your {render.method_words(method)} {timing}{for_what}."
    if method.kind == "bank_account":
        text += " A bank payment takes 3 business days to settle."
    return text


def outcome_words(payment: Payment) -> list[str]:
    lines = [render.banner(payment.reference)]
    what = f"{render.money(payment.amount_cents)} from your {render.method_words(payment.method)}"
    if payment.status == "succeeded":
        lines.append(f"Paid: {what}. A receipt: `hcpay receipt {payment.reference}`.")
    elif payment.status == "processing":
        lines.append(f"Sent: {what}. Bank payments are processing until they settle.")
        if payment.expected_settlement_date:
            lines.append(
                f"Expected to settle on {render.day(payment.expected_settlement_date)} "
                "(3 business days); `hcpay history` shows when it has."
            )
    elif payment.status == "scheduled":
        lines.append(
            f"Scheduled: {what} on {render.day(payment.scheduled_for)}. You can cancel it in "
            "the app's History until it starts processing."
        )
    else:
        lines.append(f"Status: {render.STATUS_WORDS.get(payment.status, payment.status)}.")
    return lines


async def pay(ctx: scripting.Context, args: argparse.Namespace) -> int:
    from hcpay.api import PaymentDeclined, PortalUnreachable, new_idempotency_key

    when = parse_day(args.date)
    cents = await amount_cents(ctx, args.amount)
    method = choose_method(await ctx.client.payment_methods(), args.method)
    invoices = list(args.invoices or [])
    question = review(cents, method, when, invoices)
    if args.yes or not scripting.stdin_is_terminal():
        ctx.note(question)
    else:
        ctx.say(question)
    scripting.confirm("Pay now?" if when is None else "Schedule it?", yes=args.yes)

    key = args.idempotency_key or new_idempotency_key()  # one per run, kept on every retry
    try:
        payment = await ctx.client.pay(
            cents, payment_method_id=method.payment_method_id, scheduled_for=when,
            invoice_ids=invoices or None, idempotency_key=key,
        )
    except PaymentDeclined as exc:
        kept = (
            f" The attempt is in your history as failed ({exc.reference})."
            if exc.reference else ""
        )
        raise CommandFailed(
            f"Declined: {exc.detail}{kept} Nothing was charged. Try another method with "
            "--method, or call your bank."
        ) from exc
    except PortalUnreachable as exc:
        raise CommandFailed(
            f"{exc.detail}\nhcpay cannot tell whether the payment went through. Check "
            "`hcpay history` first, or run the same command again with --idempotency-key "
            f"{key}: the portal then answers with this payment instead of charging twice."
        ) from exc
    if args.json:
        data: dict[str, Any] = {"payment": render.payment_json(payment), "idempotency_key": key}
        render.write_json(ctx.out, data)
    else:
        ctx.say("\n".join(outcome_words(payment)))
    return int(scripting.Exit.OK)


def run(args: argparse.Namespace) -> int:
    return scripting.run(args, "pay", lambda ctx: pay(ctx, args))
