"""Automatic payments: what is set up, said in sentences; set up or change (method, amount,
draw day), or turn off, each asked as numbered choices and confirmed before it is sent.

The shared autopay flow (``hcpay/flows/autopay.py``) is not written yet; until it is, these are
plain questions without step numbers, on the same API calls the TUI will use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcpay.domain.money import AmountError, parse_amount
from hcpay.plain import problems
from hcpay.plain import words as w
from hcpay.plain.prompter import Cancel
from hcpay.plain.session import PlainSession

if TYPE_CHECKING:
    from hcpay.api.models import Autopay, PaymentMethod


def method_words(methods: list[PaymentMethod], method_id: str) -> str:
    for m in methods:
        if m.payment_method_id == method_id:
            return w.method(m.kind, m.brand, m.last4, m.account_type)
    return "a payment method that is no longer saved"


def sentences(autopay: Autopay | None, methods: list[PaymentMethod]) -> list[str]:
    if autopay is None or not autopay.enabled:
        return ["Automatic payments are off."]
    amount = ("the full balance" if autopay.amount.type == "full_balance"
              else w.money(autopay.amount.amount_cents or 0))
    day = ("on each bill's due date" if autopay.draw_day == "due_date"
           else f"on day {autopay.draw_day} of the month")
    lines = [f"Automatic payments are on: {amount}, {autopay.frequency}, {day}, from "
             f"{method_words(methods, autopay.payment_method_id)}."]
    if autopay.next_draw_date is not None:
        lines.append(f"The next draw is on {w.day(autopay.next_draw_date)}.")
    if autopay.end_date is not None:
        lines.append(f"They end on {w.day(autopay.end_date)}.")
    return lines


def set_up(session: PlainSession, methods: list[PaymentMethod], current: Autopay | None) -> None:
    from hcpay.api.models import AutopayAmount, AutopaySettings

    p = session.p
    if not methods:
        p.say("Automatic payments draw from a saved card or bank account, and you have none. "
              "Make a payment with a new card or bank account first.")
        return
    labels = [w.method(m.kind, m.brand, m.last4, m.account_type)
              + (", your default" if m.is_default else "") for m in methods]
    ids = [m.payment_method_id for m in methods]
    now = current.payment_method_id if current else next(
        (m.payment_method_id for m in methods if m.is_default), ids[0])
    method = ids[p.choose("Pay from which method?", labels,
                          default=ids.index(now) if now in ids else 0)]
    kind = p.choose("How much each time?", ["The full balance due", "A fixed amount"],
                    default=1 if current and current.amount.type == "fixed" else 0)
    amount = AutopayAmount(type="full_balance")
    if kind == 1:
        while True:
            try:
                cents = parse_amount(p.ask("The amount in dollars, like 98.00"))
                break
            except AmountError as error:
                p.error(error.message)
        amount = AutopayAmount(type="fixed", amount_cents=cents)
    when = p.choose("Which day?", ["Each bill's due date", "A day of the month from 1 to 28"],
                    default=0)
    draw_day: int | str = "due_date"
    while when == 1:
        text = p.ask("Day of the month, from 1 to 28")
        if text.isdigit() and 1 <= int(text) <= 28:
            draw_day = int(text)
            break
        p.error("Enter a day from 1 to 28.")
    settings = AutopaySettings(payment_method_id=method, amount=amount,
                               draw_day=draw_day)
    what = "the full balance" if kind == 0 else w.money(amount.amount_cents or 0)
    day = "on each due date" if draw_day == "due_date" else f"on day {draw_day}"
    if not p.confirm(f"Pay {what} every month {day} from {labels[ids.index(method)]}?",
                     default=True):
        p.say("Nothing was changed.")
        return
    try:
        saved = session.call(lambda: session.client.set_autopay(settings))
    except Exception as error:
        if problems.is_session_over(error):
            raise
        p.error(problems.describe(error))
        for field_error in getattr(error, "errors", ()):
            p.say(f"{field_error.field}: {field_error.message}")
        return
    p.say("Saved." if saved.enabled else "Saved, but they are not on.")


def turn_off(session: PlainSession) -> None:
    if not session.p.confirm("Turn automatic payments off?", default=False):
        session.p.say("Nothing was changed.")
        return
    session.call(session.client.delete_autopay)
    session.p.say("Automatic payments are off. Nothing more will be drawn automatically.")


def run(session: PlainSession) -> None:
    p = session.p
    while True:
        async def read() -> tuple[Autopay | None, list[PaymentMethod]]:
            return await session.client.autopay(), await session.client.payment_methods()

        current, methods = session.call(read, working="Reading your automatic payments. "
                                        "Working...")
        p.lines(sentences(current, methods))
        on = current is not None and current.enabled
        options = ["Change them" if on else "Set them up"]
        if on:
            options.append("Turn them off")
        options.append("Back to the main menu")
        try:
            choice = options[p.choose("Automatic payments. What would you like to do?",
                                      options, default=len(options) - 1)]
            if choice.startswith("Back"):
                return
            if choice == "Turn them off":
                turn_off(session)
            else:
                set_up(session, methods, current if on else None)
        except Cancel:
            p.say("Nothing was changed.")
            return
