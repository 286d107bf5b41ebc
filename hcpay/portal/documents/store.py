"""Make a document once and send it the way the member asked: the notice that it is ready goes
through the outbox (paperless, "email"), or it is recorded as mailed ("mail", no email).

Once means once: the INSERT ... ON CONFLICT DO NOTHING on the unique (member, kind, subject)
key lets exactly one caller make it, in any process, and only that caller sends it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hcpay.documents import Document
from hcpay.domain.document_words import KIND_SINGULAR, ready_subject
from hcpay.domain.i18n import _
from hcpay.domain.references import random_code
from hcpay.portal.documents.preferences import delivery_for
from hcpay.portal.models import Member, StoredDocument
from hcpay.portal.services import outbox
from hcpay.portal.settings import PortalSettings


def letterhead(settings: PortalSettings) -> tuple[str, str]:
    """(issuer, contact): the top of every document, receipts included."""
    issuer = settings.portal_name + (" " + _("(sandbox: no real money moves)")
                                     if settings.sandbox else "")
    return issuer, _("Member Services {support_phone}, {support_hours}").format(
        support_phone=settings.support_phone, support_hours=settings.support_hours)


def new_document_id() -> str:
    return f"DOC-{random_code(4)}-{random_code(4)}"


def make(
    session: Session, member: Member, *, kind: str, subject: str, period: str,
    document: Document, now: datetime, announce: bool = True, ready_email: bool = True,
) -> str | None:
    """Store ``document`` unless this member already has the ``kind`` for ``subject``; the new
    document id, or None when it existed. ``announce=False`` (history the demo makes): stored
    without an email or a mailing. ``ready_email=False``: the caller's own message says it is
    ready (the monthly bill's notification), so none is sent here."""
    delivery = delivery_for(session, member.member_id, kind)
    document_id = new_document_id()
    values = {
        "document_id": document_id, "member_id": member.member_id, "kind": kind,
        "subject": subject[:64], "title": document.title[:200], "period": period,
        "content": document.to_json(), "delivery": delivery, "created_at": now,
        "mailed_at": now if announce and delivery == "mail" else None,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(StoredDocument).values(**values).on_conflict_do_nothing()
        .returning(StoredDocument.document_id)
    )
    if session.execute(statement).first() is None:
        return None
    if announce and ready_email and delivery == "email":
        noun = KIND_SINGULAR.get(kind, _("document"))
        outbox.send(
            session, now=now, to=member.email, subject=ready_subject(kind, document.title),
            body=_(
                "Your {kind} \"{title}\" is ready. Sign in and open Documents to read it or "
                "save it as a PDF. You chose paperless delivery for this kind of document; you "
                "can ask for paper by mail in Settings."
            ).format(kind=noun, title=document.title),
            category="documents", member_id=member.member_id,
        )
    return document_id
