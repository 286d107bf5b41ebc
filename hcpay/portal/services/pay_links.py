"""Agents' pay links (product-rules.md, "Agent money actions"): a one-use code of 8 Crockford
base32 characters (40 random bits), valid ``pay_link_hours`` (24), that a caller types into
guest payment instead of the member id and date of birth. Only the code's hash is kept; it is
used up by one conditional UPDATE, so two lookups at the same moment cannot both use it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from hcpay.domain.i18n import _
from hcpay.domain.references import adjustment_reference, random_code
from hcpay.portal.billing.notify import notify
from hcpay.portal.language import speaking_to
from hcpay.portal.models import AgentAdjustment, Member, PayLink
from hcpay.portal.settings import PortalSettings

CODE_LENGTH = 8
_READ_AS = str.maketrans("OIL", "011")


def normalise_code(text: str) -> str:
    """A code as a person types it (any case, spaces or dashes, O for 0, I or L for 1)."""
    return "".join(ch for ch in text.upper() if ch.isalnum()).translate(_READ_AS)


def shown(code: str) -> str:
    """``7K2M9QX4`` -> ``7K2M-9QX4``: read out in two groups, like references."""
    return f"{code[:4]}-{code[4:]}"


def code_hash(code: str) -> str:
    return hashlib.sha256(f"pay-link:{normalise_code(code)}".encode()).hexdigest()


@dataclass(frozen=True)
class MadeLink:
    code: str  # the only time the code exists in the clear: the agent reads it out
    reference: str
    expires_at: datetime


def make(
    session: Session, member: Member, agent: Member, *, reason: str, now: datetime,
    settings: PortalSettings,
) -> MadeLink:
    """A new pay link for ``member``, with its ADJ- reference (an agent action like a refund,
    with no money: it shows in the member's access log) and a notice to the member."""
    code = random_code(CODE_LENGTH)
    expires = now + timedelta(hours=settings.pay_link_hours)
    reference = adjustment_reference()
    session.add(AgentAdjustment(
        reference=reference, member_id=member.member_id, agent_id=agent.member_id,
        kind="pay_link", status="succeeded", amount_cents=0, reason=reason, created_at=now,
    ))
    session.add(PayLink(
        code_hash=code_hash(code), reference=reference, member_id=member.member_id,
        agent_id=agent.member_id, created_at=now, expires_at=expires,
    ))
    with speaking_to(session, member.member_id):
        notify(
            session, member.member_id, category="payments", code="pay_link_sent",
            subject=_("A support agent made you a pay link"),
            body=_("A support agent made a one-use pay code for your account ({reference}), so you "
                   "can pay without signing in. It works once, for {hours} hours. If you did not "
                   "call us, call Member Services.").format(reference=reference,
                                                            hours=settings.pay_link_hours),
            now=now,
        )
    session.flush()
    return MadeLink(code, reference, expires)


@dataclass(frozen=True)
class UsedLink:
    member_id: str
    reference: str


def use(session: Session, code: str, *, now: datetime) -> UsedLink | None:
    """The member and reference of the live link ``code`` names, used up now; None when no
    link has it, it has expired or it was used already."""
    row = session.execute(
        update(PayLink)
        .where(PayLink.code_hash == code_hash(code), PayLink.used_at.is_(None),
               PayLink.expires_at > now)
        .values(used_at=now)
        .returning(PayLink.member_id, PayLink.reference)
        .execution_options(synchronize_session=False)
    ).one_or_none()
    return UsedLink(row.member_id, row.reference) if row is not None else None
