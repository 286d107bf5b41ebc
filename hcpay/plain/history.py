"""History: payments ten at a time, newest first ("Enter n for the next 10"), any of them read
out in full as its receipt, and the last 12 months of bills against payments in sentences."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from hcpay.domain.i18n import _
from hcpay.facts.clock import local_day
from hcpay.plain import problems
from hcpay.plain import words as w
from hcpay.plain.prompter import Cancel
from hcpay.plain.session import PlainSession

if TYPE_CHECKING:
    from hcpay.api.models import Payment

PAGE = 10


def payment_sentence(number: int, payment: Payment, time_zone: str | None = None) -> str:
    """One payment; its day is the portal's (``time_zone``, the billing time zone)."""
    when = payment.scheduled_for or local_day(payment.created_at, time_zone)
    status = w.PAYMENT_STATUS.get(payment.status, payment.status)
    how = ""
    if payment.method is not None:
        m = payment.method
        how = _(" by {last4}").format(last4=w.method(m.kind, m.brand, m.last4))
    source = _(", automatic payment") if payment.source == "autopay" else ""
    return (_("{number}. {date}: {amount}{how}, {status}"
            "{source}. Reference {reference}.").format(
                number=number, date=w.short_day(when), amount=w.money(payment.amount_cents),
                how=how, status=status, source=source, reference=payment.reference))


def payments(session: PlainSession) -> None:
    from hcpay.facts.clock import portal_today

    p = session.p
    cursor: str | None = None
    shown: list[Payment] = []
    _today, time_zone = session.call(lambda: portal_today(session.client), working="")
    while True:
        page = session.call(partial(session.client.payments, cursor=cursor, limit=PAGE),
                            working=_("Reading your payments. Working..."))
        if not page.items and not shown:
            p.say(_("You have made no payments yet."))
            return
        first = len(shown) + 1
        shown.extend(page.items)
        p.say(_("Payments {first} to {shown}, newest first:").format(first=first, shown=len(shown)))
        p.lines([payment_sentence(i, pay, time_zone)
                 for i, pay in enumerate(page.items, start=first)])
        cursor = page.next_cursor
        if not _choose_more(session, shown, more=cursor is not None):
            return


def _choose_more(session: PlainSession, shown: list[Payment], *, more: bool) -> bool:
    """Ask what next; True for the next page."""
    p = session.p
    if not more:
        p.say(_("That is every payment."))
    ask = (_("Enter n for the next {PAGE}, ").format(PAGE=PAGE) if more else _("Enter ")) + (
        f"a number from 1 to {len(shown)} to hear that payment's receipt, or press Enter to "
        "go back")
    while True:
        text = p.ask(ask, help_text=_("Receipts are read out line by line.")).lower()
        if not text:
            return False
        if text == "n" and more:
            return True
        if text.isdigit() and 1 <= int(text) <= len(shown):
            receipt(session, shown[int(text) - 1])
            continue
        p.error(_("That is not one of the choices."))


def receipt(session: PlainSession, payment: Payment) -> None:
    from hcpay.api import PortalError

    try:
        text = session.call(lambda: session.client.receipt(payment.reference, "txt"),
                            working=_("Reading the receipt. Working..."))
    except PortalError as error:
        session.p.error(problems.describe(error))
        return
    session.p.say(_("Receipt for {reference}:").format(reference=payment.reference))
    session.p.lines([line.strip() for line in text.decode().splitlines() if line.strip()])
    session.p.say(_("End of the receipt."))


def months(session: PlainSession) -> None:
    from hcpay.flows import history_months

    async def read() -> tuple[list[history_months.Month], str]:
        from hcpay.api.pages import every_invoice

        invoices = await every_invoice(session.client, "all")
        summary = await session.client.summary()
        from hcpay.facts.clock import today_of

        found = history_months.last_months(invoices, today_of(summary))
        return found, history_months.summary_sentence(found)

    found, sentence = session.call(read, working=_("Reading your bills. Working..."))
    session.p.say(_("The last 12 months, billed against paid."))
    session.p.say(sentence)
    session.p.lines([f"{month.sentence()}." for month in found])


def run(session: PlainSession) -> None:
    while True:
        try:
            choice = session.p.choose(
                _("History. What would you like to hear?"),
                [_("Payments, 10 at a time"), _("The last 12 months, billed against paid"),
                 _("Back to the main menu")],
                default=0,
            )
        except Cancel:
            return
        if choice == 0:
            payments(session)
        elif choice == 1:
            months(session)
        else:
            return
