"""The rules a new payment is held to with every other payment of the member, also those made
at the same moment (portal-api.md v1.1, "Limits the portal enforces"):

- the cap: one-time payments, counted with the member's payments still on their way (charged
  now and not yet recorded, or scheduled), may not exceed the open balance minus credit plus one
  month's premium (422 ``amount_too_high``); a terminated member within the reinstatement window
  may pay what reinstatement costs;
- the duplicate guard: the same amount from the same method as a payment made in the last 24
  hours is stopped (409 ``possible_duplicate`` with the earlier reference) unless the body says
  ``allow_duplicate: true``.

``payments.create`` checks both when it reads (a quick answer for a lone request), and again in
the write transaction that stores the new payments, with the members' rows locked (PostgreSQL;
SQLite writers take turns): payments of one member in one batch, in concurrent batches or in
another portal process are checked one after the other, never side by side."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from hcpay.domain.date_words import long_date
from hcpay.domain.i18n import _
from hcpay.domain.methods import method_words
from hcpay.domain.money import format_cents
from hcpay.portal.billing import coverage
from hcpay.portal.context import Portal
from hcpay.portal.models import Coverage, Credit, Invoice, Member, Payment, Policy
from hcpay.portal.problems import Problem

DUPLICATE_WINDOW = timedelta(hours=24)
# Payments still on their way: they count toward the cap until their outcome is recorded (then
# the balance and credit say what they paid).
ON_THEIR_WAY = ("pending", "scheduled")
# What a duplicate is compared with: payments that went through or may still.
LIVE = ("pending", "scheduled", "processing", "succeeded")


def limit_columns(member: Any) -> list[Any]:
    """The cap's parts for ``member`` (a bound parameter or a correlated column), as labelled
    scalar subqueries: owed, credit, premium, on_the_way, coverage, terminated_at."""
    inv, cred, pol, cov, pay = Invoice, Credit, Policy, Coverage, Payment
    remaining = inv.amount_cents + inv.late_fee_cents - inv.paid_cents
    return [
        select(func.coalesce(func.sum(case((remaining > 0, remaining), else_=0)), 0))
        .where(inv.member_id == member, inv.status == "open").scalar_subquery().label("owed"),
        select(func.coalesce(func.sum(cred.amount_cents), 0))
        .where(cred.member_id == member).scalar_subquery().label("credit"),
        select(func.coalesce(func.sum(pol.premium_cents), 0))
        .where(pol.member_id == member, pol.status != "terminated").scalar_subquery()
        .label("premium"),
        select(func.coalesce(func.sum(pay.amount_cents), 0))
        .where(pay.member_id == member, pay.status.in_(ON_THEIR_WAY)).scalar_subquery()
        .label("on_the_way"),
        select(cov.status).where(cov.member_id == member).scalar_subquery().label("coverage"),
        select(cov.terminated_at).where(cov.member_id == member).scalar_subquery()
        .label("terminated_at"),
    ]


def limit_from(
    portal: Portal, session: Session, member_id: str, row: Any, today: date
) -> int:
    """What the member may still pay now (may be 0 or less), from ``limit_columns``' row."""
    limit = int(row.owed) - int(row.credit) + int(row.premium)
    terminated_at = row.terminated_at
    if isinstance(terminated_at, str):  # SQLite: a date from a scalar subquery is text
        terminated_at = date.fromisoformat(terminated_at[:10])
    if row.coverage == "terminated" and terminated_at is not None and (
        (today - terminated_at).days <= portal.settings.reinstatement_days
    ):
        limit = max(limit, coverage.reinstatement_cents(session, member_id, today))
    return limit - int(row.on_the_way)


def too_high(limit: int) -> tuple[str, str]:
    """The amount field's error for a payment above ``limit``."""
    if limit <= 0:
        return ("amount_cents",
                _("Nothing more can be paid now: your credit and the payments on their way "
                "already cover your balance and next month's premium."))
    return ("amount_cents",
            _("Enter {amount} or less: your balance less any credit, plus one "
            "month's premium, less payments still on their way.").format(
                amount=format_cents(limit)))


@dataclass(frozen=True)
class Earlier:
    """A payment a new one may duplicate."""

    amount_cents: int
    kind: str
    brand: str | None
    last4: str
    reference: str
    created_at: datetime

    def same(self, amount_cents: int, kind: str, brand: str | None, last4: str) -> bool:
        return (self.amount_cents, self.kind, self.brand, self.last4) == (
            amount_cents, kind, brand, last4)


def recent_payments(
    session: Session, member_ids: Iterable[str], *, now: datetime
) -> dict[str, list[Earlier]]:
    """Each member's payments of the last 24 hours that went through or still may."""
    p = Payment
    found: dict[str, list[Earlier]] = {}
    for row in session.execute(
        select(p.member_id, p.amount_cents, p.method_kind, p.method_brand, p.method_last4,
               p.reference, p.created_at)
        .where(p.member_id.in_(sorted(set(member_ids))), p.created_at > now - DUPLICATE_WINDOW,
               p.status.in_(LIVE))
        .order_by(p.created_at.desc())
    ):
        found.setdefault(row.member_id, []).append(Earlier(
            row.amount_cents, row.method_kind, row.method_brand, row.method_last4,
            row.reference, row.created_at))
    return found


def possible_duplicate(portal: Portal, earlier: Earlier) -> Problem:
    at = earlier.created_at
    local = portal.clock.local(at if at.tzinfo else at.replace(tzinfo=UTC))
    method = method_words(earlier.kind, earlier.brand, earlier.last4)
    return Problem(
        409, "possible_duplicate",
        _("You paid {amount} from {method} on {date} "
        "at {local:%H:%M} ({reference}). To pay the same again, confirm it: send "
        "allow_duplicate: true.").format(
            amount=format_cents(earlier.amount_cents), method=method, date=long_date(local),
            local=local, reference=earlier.reference),
        extra={"reference": earlier.reference},
    )


def lock_members(session: Session, member_ids: Sequence[str]) -> None:
    """Lock the members' rows (in one order, so two batches never wait on each other in a
    circle) until the transaction ends. FOR NO KEY UPDATE: rows that only refer to a member
    (notifications, allocations) are still written meanwhile."""
    if session.get_bind().dialect.name == "sqlite":
        return  # one writer at a time already
    session.execute(
        select(Member.member_id).where(Member.member_id.in_(sorted(set(member_ids))))
        .order_by(Member.member_id).with_for_update(key_share=True)
    )


def limits_now(
    portal: Portal, session: Session, member_ids: Iterable[str], today: date
) -> dict[str, int]:
    """``limit_from`` for each member, read after ``lock_members`` (a fresh snapshot: what
    a batch that held the lock before has committed is counted)."""
    member: Any = Member.member_id
    rows = session.execute(
        select(Member.member_id, *limit_columns(member))
        .where(Member.member_id.in_(sorted(set(member_ids))))
    ).all()
    return {row.member_id: limit_from(portal, session, row.member_id, row, today)
            for row in rows}
