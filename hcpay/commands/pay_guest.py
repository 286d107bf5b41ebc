"""``hcpay pay --guest``: pay a bill without signing in, walking the same flow the screen and
plain mode walk (``hcpay.flows.guest_payment``, its controller checks every answer).

The member id and date of birth (or an agent's pay code) come from flags, or are asked at a
terminal. The card or bank details are never flags (they would stay in the shell's history):
at a terminal they are asked, the numbers not shown; from a pipe, one answer a line in the
order the help says. Without a terminal nothing is asked: what is missing is a usage error."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from hcpay.commands import exits, render, scripting
from hcpay.commands.scripting import CommandFailed
from hcpay.domain.i18n import N_, _

if TYPE_CHECKING:
    from hcpay.api.models import Payment
    from hcpay.flows.guest_payment_controller import GuestPaymentController

HELP = N_("""\
pay without signing in (--guest):
  hcpay pay --guest --member-id M-7K2M-9QX4 --date-of-birth 1984-03-14 --amount due
  hcpay pay --guest --pay-code 7K2M-9QX4 --amount 50 --bank
The card (or, with --bank, bank account) details are asked at a terminal, the numbers
not shown; from a pipe, one answer a line in this order:
  card: card number, expiry (MM/YY), security code, name on card (may be empty)
  bank: routing number, account number, checking or savings, name on the account
They are used for this payment only, never saved, and never taken from flags.""")

NOTHING = N_("Nothing was charged.")  # said with _()
SEE = "hcpay pay --help"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(_("pay without signing in"))
    group.add_argument("--guest", action="store_true",
                       help=_("pay a bill without signing in (the member id on the bill and "
                              "a date of birth, or an agent's pay code)"))
    group.add_argument("--member-id", metavar="ID", help=_("the member id on the bill, like "
                       "M-7K2M-9QX4 (asked at a terminal when left out)"))
    group.add_argument("--date-of-birth", metavar="DATE", help=_("the member's date of birth, "
                       "like 1984-03-14 (asked at a terminal when left out)"))
    group.add_argument("--pay-code", metavar="CODE", help=_("an agent's one-use pay code, "
                       "like 7K2M-9QX4, instead of the member id and date of birth"))
    group.add_argument("--bank", action="store_true",
                       help=_("pay by a new bank account instead of a new card"))


def _ask(question: str) -> str:
    try:
        return scripting.ask(question)
    except EOFError as exc:
        raise CommandFailed(_("No answer was typed. {nothing}").format(nothing=_(NOTHING)),
                            exits.Exit.NOT_CONFIRMED) from exc


def _given(c: GuestPaymentController, name: str, value: str | None, flag: str,
           question: str) -> None:
    """``value`` from its flag (a wrong one is a usage mistake), else asked at the terminal
    until the flow takes it; without a terminal a missing answer is a usage mistake."""
    if value is not None:
        problem = c.answer(name, value)
        if problem is not None:
            raise scripting.usage(f"{flag} {value}: {problem}")
        return
    if not scripting.can_ask():
        raise scripting.usage(_("{flag} is needed: input is not a terminal, so hcpay cannot "
                                "ask.").format(flag=flag))
    while True:
        offered = c.offered(c.field(name))
        asked = (_("{question} (press Enter for {offered}): ").format(
            question=question, offered=offered) if offered else question + ": ")
        typed = _ask(asked)
        problem = c.answer(name, typed.strip() or offered)
        if problem is None:
            return
        print(problem, file=sys.stderr)


async def _step(c: GuestPaymentController, number: int) -> Any:
    """Run the step's call; its failure as the controller words it, with its exit code."""
    from hcpay.api import PaymentDeclined, PortalError, PortalUnreachable, PossibleDuplicate

    action = c.action(number)
    if action is None:
        return None
    try:
        result = await action()
    except PossibleDuplicate as exc:
        raise CommandFailed(
            _("{detail} {nothing} To pay again, add --allow-duplicate.").format(
                detail=exc.detail, nothing=_(NOTHING)),
            exits.Exit.NOT_CONFIRMED, error=exc.code, reference=exc.reference,
            idempotency_key=c.guest.key) from exc
    except PortalUnreachable as exc:
        key = c.guest.key
        after = (" " + _("hcpay cannot tell whether the payment went through: run the same "
                         "command again with --idempotency-key {key}; it is then never charged "
                         "twice.").format(key=key) if key else "")
        raise CommandFailed(f"{exc.detail}{after}", exits.Exit.UNREACHABLE, error=exc.code,
                            idempotency_key=key) from exc
    except PortalError as exc:
        failure = c.failure(number, exc)
        words = failure.message or scripting.describe_error(exc)
        reference = exc.reference if isinstance(exc, PaymentDeclined) else None
        nothing = _(NOTHING)
        raise CommandFailed(f"{words} {nothing}" if nothing not in words else words,
                            exits.Exit.REFUSED, error=exc.code, reference=reference) from exc
    c.done(number, result)
    return result


async def _amount(c: GuestPaymentController, text: str | None) -> None:
    assert c.ctx is not None
    if text is not None and text.strip().lower() in {"due", "balance", "all"}:
        if c.ctx.due_cents <= 0:
            raise CommandFailed(_("Nothing is due on this bill now, so there is nothing to "
                                  "pay."),
                                exits.Exit.REFUSED)
        text = c.offered(c.field("amount"))
    _given(c, "amount", text, "--amount", _("Amount to pay ($)"))


async def pay(ctx: scripting.Context, args: argparse.Namespace) -> int:
    from hcpay.flows import guest_payment as gp
    from hcpay.flows import make_payment as mp
    from hcpay.flows.guest_payment_controller import GuestPaymentController

    c = GuestPaymentController(ctx.client)
    await c.load()
    if args.pay_code is not None:
        _given(c, "member_id", args.pay_code, "--pay-code", _("Pay code"))
        if not gp.by_pay_code(c.values):
            raise scripting.usage(_("--pay-code {code}: a pay code has 8 letters and digits, "
                                    "like 7K2M-9QX4.").format(code=args.pay_code))
    else:
        _given(c, "member_id", args.member_id, "--member-id",
               _("Member id (on your bill, like M-7K2M-9QX4)"))
        _given(c, "date_of_birth", args.date_of_birth, "--date-of-birth",
               _("Date of birth (like April 30, 1980)"))
    await _step(c, gp.FIND)
    assert c.ctx is not None
    ctx.note(gp.greeting(c.ctx))
    await _amount(c, args.amount)
    c.answer("method", mp.NEW_BANK if args.bank else mp.NEW_CARD)
    from hcpay.commands.methods import answer_field

    terminal = scripting.can_ask()
    for spec in c.step(gp.DETAILS).fields:
        c.values[spec.name] = answer_field(c.field(spec.name), c.values, terminal,
                                           nothing=_(NOTHING), see=SEE)
        problem = c.answer(spec.name, c.values[spec.name])
        if problem is not None:
            raise CommandFailed(f"{spec.label}: {problem} {_(NOTHING)}", exits.Exit.USAGE)
    await _step(c, gp.DETAILS)
    c.guest.allow_duplicate = bool(args.allow_duplicate)
    if args.idempotency_key:
        c.use_key(args.idempotency_key)
    ctx.note("\n".join(gp.review_lines(c.ctx, c.values, c.guest.token_label)))
    scripting.confirm(_("Pay now?"), yes=args.yes, nothing=_("nothing was charged."))
    payment: Payment = await _step(c, gp.REVIEW)
    if args.json:
        render.write_json(ctx.out, {"payment": render.payment_json(payment),
                                    "idempotency_key": c.last_key})
    else:
        ctx.say("\n".join(outcome(payment)))
    return int(exits.Exit.OK)


def outcome(payment: Payment) -> list[str]:
    lines = render.reference_lines(payment.reference)
    what = _("{amount} from {method}").format(amount=render.money(payment.amount_cents),
                                              method=render.method_words(payment.method))
    if payment.status == "processing":
        lines.append(_("Sent: {payment}. Bank payments are processing until they settle.").format(
            payment=what))
    else:
        lines.append(_("Paid: {payment}.").format(payment=what))
    lines.append(_("The receipt is in the member's account; the card or account was not "
                   "saved."))
    return lines
