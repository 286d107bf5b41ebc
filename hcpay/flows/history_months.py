"""Billed against paid for each of the last 12 coverage months, from the member's invoices,
with a status word for each month and a sentence that says it ("March 2026: billed $412.00,
paid $0.00 — missed"). No I/O and no Textual: the History screen's chart, the dashboard's small
chart and ``hcpay history`` read the same figures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from hcpay.domain.date_words import day_month, month_year, short_month
from hcpay.domain.i18n import N_, _
from hcpay.domain.money import format_cents

if TYPE_CHECKING:
    from hcpay.api.models import Invoice

MonthState = Literal["paid", "missed", "short", "due", "no_bill"]

# A mark for each state, so a month's state never depends on colour alone.
MARKS: dict[MonthState, str] = {
    "paid": "✓", "missed": "✗", "short": "½", "due": "◷", "no_bill": "·",
}
WORDS: dict[MonthState, str] = {
    "paid": N_("paid in full"), "missed": N_("missed"), "short": N_("paid short"),
    "due": N_("not due yet"), "no_bill": N_("no bill"),
}


@dataclass(frozen=True)
class Month:
    key: str  # "YYYY-MM", the coverage month
    billed_cents: int
    paid_cents: int
    due_date: date | None
    state: MonthState

    @property
    def label(self) -> str:
        """Short name for the chart's axis: "Mar"."""
        first = date.fromisoformat(self.key + "-01")
        return short_month(first)

    @property
    def name(self) -> str:
        """"March 2026"."""
        return month_year(date.fromisoformat(self.key + "-01"))

    @property
    def mark(self) -> str:
        return MARKS[self.state]

    def sentence(self) -> str:
        """"March 2026: billed $412.00, paid $0.00 — missed"."""
        if self.state == "no_bill":
            return _("{name}: no bill").format(name=self.name)
        words = _(WORDS[self.state])
        if self.state == "due" and self.due_date is not None:
            words = _("due {date}").format(date=day_month(self.due_date))
        return (_("{name}: billed {amount}, "
                "paid {amount2} — {words}").format(
                    name=self.name, amount=format_cents(self.billed_cents),
                    amount2=format_cents(self.paid_cents), words=words))


def _month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _shift(key: str, months: int) -> str:
    year, month = int(key[:4]), int(key[5:7])
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def last_months(invoices: Iterable[Invoice], today: date, count: int = 12) -> list[Month]:
    """The ``count`` coverage months up to the latest one billed (at most next month), oldest
    first. Void invoices are left out."""
    by_month: dict[str, list[Invoice]] = {}
    for invoice in invoices:
        if invoice.status == "void":
            continue
        by_month.setdefault(invoice.coverage_month, []).append(invoice)
    this_month = _month_key(today)
    latest_allowed = _shift(this_month, 1)
    billed = [key for key in by_month if key <= latest_allowed]
    last = max([this_month, *billed])
    months: list[Month] = []
    for offset in range(count - 1, -1, -1):
        key = _shift(last, -offset)
        bills = by_month.get(key, [])
        billed_cents = sum(inv.amount_cents for inv in bills)
        paid_cents = sum(min(inv.paid_cents, inv.amount_cents) for inv in bills)
        due = min((inv.due_date for inv in bills), default=None)
        late = any(inv.status == "past_due" or (inv.status == "open" and inv.due_date < today)
                   for inv in bills)
        months.append(Month(key, billed_cents, paid_cents, due,
                            _state(billed_cents, paid_cents, late)))
    return months


def _state(billed: int, paid: int, late: bool) -> MonthState:
    """``late``: the portal says a bill of the month is past its due date and unpaid."""
    if billed == 0:
        return "no_bill"
    if paid >= billed:
        return "paid"
    if not late:
        return "due"
    return "missed" if paid == 0 else "short"


def summary_sentence(months: list[Month]) -> str:
    """One line for the whole year, naming each missed or short month."""
    if not months:
        return _("No bills yet.")
    billed = [m for m in months if m.state != "no_bill"]
    full = [m for m in billed if m.state == "paid"]
    problems = [m for m in months if m.state in ("missed", "short")]
    head = _("{full} of {billed} billed months paid in full.").format(
        full=len(full), billed=len(billed))
    if not problems:
        return head + " No missed or short months."
    return head + " " + "; ".join(m.sentence() for m in problems) + "."
