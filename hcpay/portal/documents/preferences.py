"""A member's document preferences: paperless (email) or mail per kind, and the language the
portal writes in. No row: every kind by email, in English."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from hcpay.domain.document_words import DELIVERY_KINDS
from hcpay.portal.models import MemberPreference

DEFAULT_DELIVERY = "email"
DEFAULT_LANGUAGE = "en"


def delivery_for(session: Session, member_id: str, kind: str) -> str:
    row = session.get(MemberPreference, member_id)
    if row is None or kind not in DELIVERY_KINDS:
        return DEFAULT_DELIVERY
    value: str = getattr(row, f"{kind}_delivery")
    return value


def language_of(session: Session, member_id: str) -> str:
    row = session.get(MemberPreference, member_id)
    return row.language if row is not None else DEFAULT_LANGUAGE


def view(session: Session, member_id: str) -> dict[str, Any]:
    row = session.get(MemberPreference, member_id)
    return {
        "paperless": {
            kind: getattr(row, f"{kind}_delivery") if row else DEFAULT_DELIVERY
            for kind in DELIVERY_KINDS
        },
        "language": row.language if row else DEFAULT_LANGUAGE,
    }


def update(
    session: Session, member_id: str, *, paperless: dict[str, str], language: str | None
) -> dict[str, Any]:
    """Change what is given (values already checked); the rest stays."""
    row = session.get(MemberPreference, member_id, with_for_update=True)
    if row is None:
        row = MemberPreference(
            member_id=member_id, bill_delivery=DEFAULT_DELIVERY,
            notice_delivery=DEFAULT_DELIVERY, tax_form_delivery=DEFAULT_DELIVERY,
            language=DEFAULT_LANGUAGE,
        )
        session.add(row)
    for kind, delivery in paperless.items():
        setattr(row, f"{kind}_delivery", delivery)
    if language is not None:
        row.language = language
    session.flush()
    return view(session, member_id)
