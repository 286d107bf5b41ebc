"""Paying without signing in (portal-api.md v1.1, "Pay without signing in").

A guest lookup trades a member id and date of birth (or an agent's pay link code) for a guest
token that lives ``guest_token_minutes`` (15) and reads one member's balance and pays it; it is
kept in ``guest_tokens``, a table no other route reads, so every other route refuses it.

A mismatch answers the same whether the member id exists or not: the same statements run (the
member row is read by its key either way) and the same digest comparison (against a dummy
when there is no such member), so neither the body nor the time tells. Guessing is braked in the
database (``attempt_limits``: one conditional UPDATE per counter, so requests at the same
moment, in any number of portal processes, never get past a full count): per member id, every
lookup is reserved before it is checked and given back when it matched, so
``guest_lookup_failures`` (5) mismatches in ``guest_lookup_window_minutes`` lock guest lookup for
that id (423); per client address, ``guest_lookups_per_address`` lookups in the window (429).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hcpay.domain.counting import counted
from hcpay.domain.i18n import _
from hcpay.portal.billing import ledger
from hcpay.portal.context import Portal
from hcpay.portal.models import GuestToken, Member
from hcpay.portal.payments import together
from hcpay.portal.problems import Problem
from hcpay.portal.services import attempt_limits, audit, pay_links
from hcpay.portal.services.agent_view import normalise_member_id
from hcpay.portal.services.signed_in import unauthorized
from hcpay.portal.services.tokens import hash_token, new_secret

ADDRESS_SCOPE = "guest_address"
MEMBER_SCOPE = "guest_member"
_NO_SUCH = "M-0000-0000"  # read when the member id typed is not even shaped like one
_DUMMY_BIRTH = "0001-01-01"  # compared with when there is no such member


def no_match() -> Problem:
    """One answer for a wrong date of birth, an unknown member id and a code that does not
    work (used, expired or never made)."""
    return Problem(
        404, "no_match",
        _("We could not find a bill for those details. Check the member id on your bill (like "
          "M-7K2M-9QX4) and your date of birth, or the pay code an agent gave you, and try "
          "again."),
    )


def _locked(wait: int) -> Problem:
    minutes = counted((wait + 59) // 60, "minute")
    return Problem(
        423, "guest_lookup_locked",
        _("Too many tries for this member id. Guest payment for it is locked: wait {minutes}, "
          "then try again, sign in, or call Member Services.").format(minutes=minutes),
        headers={"Retry-After": str(wait)},
    )


def _digest(member_key: str, birth: str) -> bytes:
    return hashlib.sha256(f"guest:{member_key}:{birth}".encode()).digest()


@dataclass(frozen=True)
class GuestPass:
    """A guest token, and whose balance it reads."""

    token: str
    member_id: str
    first_name: str
    pay_link: str | None
    expires_in: int


@dataclass(frozen=True)
class Looked:
    """A lookup's outcome: the pass, or the refusal to answer once its counts are kept."""

    found: GuestPass | None = None
    refusal: Problem | None = None
    balance: dict[str, Any] | None = None


def _window(portal: Portal) -> timedelta:
    return timedelta(minutes=portal.settings.guest_lookup_window_minutes)


def _address_refusal(session: Session, portal: Portal, address: str) -> Problem | None:
    wait = attempt_limits.take(
        session, ADDRESS_SCOPE, address, limit=portal.settings.guest_lookups_per_address,
        window=_window(portal), now=portal.clock.now(),
    )
    if wait is None:
        return None
    return attempt_limits.too_many(wait, _("Too many guest lookups from here."),
                                   _("try again."))


def _issue(session: Session, portal: Portal, member_id: str, first_name: str,
           pay_link: str | None) -> GuestPass:
    now = portal.clock.now()
    life = timedelta(minutes=portal.settings.guest_token_minutes)
    token = new_secret()
    session.add(GuestToken(token_hash=hash_token(token), member_id=member_id, created_at=now,
                           expires_at=now + life, pay_link=pay_link))
    return GuestPass(token, member_id, first_name, pay_link, int(life.total_seconds()))


def by_birth_date(
    session: Session, portal: Portal, member_id: str, born: date, *, address: str
) -> Looked:
    """Look a member up by member id and date of birth (inside one write transaction; the
    caller raises ``refusal`` after it commits, so every count is kept)."""
    refusal = _address_refusal(session, portal, address)
    if refusal is not None:
        return Looked(refusal=refusal)
    key = normalise_member_id(member_id) or _NO_SUCH
    counter = key if key != _NO_SUCH else "".join(member_id.split()).upper()[:40]
    wait = attempt_limits.take(
        session, MEMBER_SCOPE, counter, limit=portal.settings.guest_lookup_failures,
        window=_window(portal), now=portal.clock.now(),
    )
    if wait is not None:
        return Looked(refusal=_locked(wait))
    row = session.execute(
        select(Member.member_id, Member.first_name, Member.date_of_birth, Member.role)
        .where(Member.member_id == key)
    ).one_or_none()
    real = row is not None and row.role == "member" and row.date_of_birth is not None
    stored = row.date_of_birth.isoformat() if real and row is not None else _DUMMY_BIRTH
    same = hmac.compare_digest(_digest(counter, stored), _digest(counter, born.isoformat()))
    if not (real and same) or row is None:
        return Looked(refusal=no_match())
    attempt_limits.give_back(session, MEMBER_SCOPE, counter)
    return Looked(found=_issue(session, portal, row.member_id, row.first_name, None))


def by_pay_code(session: Session, portal: Portal, code: str, *, address: str) -> Looked:
    """Look a member up by an agent's pay link code (used up by this lookup)."""
    refusal = _address_refusal(session, portal, address)
    if refusal is not None:
        return Looked(refusal=refusal)
    used = pay_links.use(session, code, now=portal.clock.now())
    first_name = session.execute(
        select(Member.first_name).where(Member.member_id == (used.member_id if used else _NO_SUCH))
    ).scalar_one_or_none()
    if used is None or first_name is None:
        secrets.compare_digest(code, code)
        return Looked(refusal=no_match())
    return Looked(found=_issue(session, portal, used.member_id, first_name, used.reference))


@dataclass(frozen=True)
class Guest:
    """Who a guest token pays for."""

    member_id: str
    pay_link: str | None


def guest_of(session: Session, portal: Portal, authorization: str | None) -> Guest:
    """The member a guest token pays for, or a 401 saying what to do. A member's sign-in
    token is no guest token (and a guest token signs nobody in)."""
    if authorization is None or not authorization.lower().startswith("bearer "):
        raise unauthorized("not_signed_in", _("Look up your bill first: send the guest token "
                                             "from POST /api/v1/guest/lookup."))
    token_hash = hash_token(authorization[7:].strip())
    row = session.execute(
        select(GuestToken.member_id, GuestToken.expires_at, GuestToken.pay_link)
        .where(GuestToken.token_hash == token_hash)
    ).one_or_none()
    if row is None:
        raise unauthorized("invalid_token", _("This is not a guest payment token. Look up "
                                             "your bill again with your member id and date of "
                                             "birth."))
    if row.expires_at <= portal.clock.now():
        raise unauthorized("token_expired", _("Your 15 minutes to pay without signing in are "
                                             "over. Look up your bill again; nothing was "
                                             "charged."))
    return Guest(row.member_id, row.pay_link)


def balance(session: Session, portal: Portal, member_id: str, first_name: str) -> dict[str, Any]:
    """All a guest may read: the first initial, what is due and when, and the most one
    payment may be now."""
    today = portal.clock.today()
    invoices = ledger.open_invoices(session, member_id)
    nxt = next((inv for inv in invoices if inv.remaining_cents > 0), None)
    row = session.execute(select(*together.limit_columns(member_id))).one()
    return {
        "first_name_initial": (first_name.strip()[:1] or "?").upper(),
        "balance_due_cents": ledger.balance_cents(session, member_id),
        "next_due": {"due_date": nxt.due_date.isoformat(), "amount_cents": nxt.remaining_cents}
        if nxt else None,
        "max_payment_cents": max(0, together.limit_from(portal, session, member_id, row, today)),
        "today": today.isoformat(),
    }


def first_name_of(session: Session, member_id: str) -> str:
    return str(session.execute(
        select(Member.first_name).where(Member.member_id == member_id)).scalar_one())


def audit_lookup(way: str, looked: Looked, *, address: str) -> None:
    """An audit line for every lookup (never the date of birth or the code)."""
    found = looked.found
    outcome = "ok" if found else (looked.refusal.code if looked.refusal else "no_match")
    audit.event("guest_lookup", found.member_id if found else None, way=way, outcome=outcome,
                pay_link=found.pay_link if found else None, client=address)
