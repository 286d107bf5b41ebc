"""The member's documents (portal-api.md, Additions v1.1: Documents): bills, coverage notices and
tax forms as they were made, and receipts rendered from their payments, in one list, newest
first, paged like payments; one document as PDF or text, to its owner only (another member's
answers as if it did not exist)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Response
from sqlalchemy import and_, or_, select

from hcpay.documents import Document
from hcpay.domain.document_words import FORMATS, DocumentKind, file_name
from hcpay.domain.i18n import _
from hcpay.portal.deps import CurrentMember, PortalDep
from hcpay.portal.models import Allocation, Payment, StoredDocument
from hcpay.portal.payments.receipts import receipt_document, receipt_invoices
from hcpay.portal.problems import Problem
from hcpay.portal.routes.paging import check_limit, cursor_instant, decode_cursor, encode_cursor

router = APIRouter(prefix="/api/v1/me/documents", tags=["documents"])

RECEIPT_STATUSES = ("succeeded", "processing")  # a payment that counts has a receipt


def _item(document_id: str, kind: str, title: str, period: str, at: datetime) -> dict[str, Any]:
    return {"document_id": document_id, "kind": kind, "title": title, "period": period,
            "created_at": at.isoformat(), "formats": list(FORMATS)}


def _cursor(cursor: str) -> tuple[datetime, str]:
    at, key = decode_cursor(cursor, 2)
    if not isinstance(key, str) or len(key) > 64:
        from hcpay.portal.routes.paging import bad_cursor

        raise bad_cursor()
    return cursor_instant(at), key


@router.get("")
def list_documents(
    member: CurrentMember, portal: PortalDep, kind: DocumentKind | None = None,
    limit: int = 50, cursor: str | None = None,
) -> dict[str, Any]:
    check_limit(limit)
    after = _cursor(cursor) if cursor else None
    found: list[tuple[datetime, str, dict[str, Any]]] = []
    with portal.db.read() as session:
        if kind != "receipt":
            query = select(StoredDocument).where(StoredDocument.member_id == member.member_id)
            if kind is not None:
                query = query.where(StoredDocument.kind == kind)
            if after:
                query = query.where(or_(
                    StoredDocument.created_at < after[0],
                    and_(StoredDocument.created_at == after[0],
                         StoredDocument.document_id < after[1]),
                ))
            rows = session.execute(query.order_by(
                StoredDocument.created_at.desc(), StoredDocument.document_id.desc()
            ).limit(limit + 1)).scalars().all()
            found += [(d.created_at, d.document_id,
                       _item(d.document_id, d.kind, d.title, d.period, d.created_at))
                      for d in rows]
        if kind in (None, "receipt"):
            pay_query = select(Payment).where(
                Payment.member_id == member.member_id, Payment.status.in_(RECEIPT_STATUSES)
            )
            if after:
                pay_query = pay_query.where(or_(
                    Payment.created_at < after[0],
                    and_(Payment.created_at == after[0], Payment.reference < after[1]),
                ))
            payments = session.execute(pay_query.order_by(
                Payment.created_at.desc(), Payment.reference.desc()
            ).limit(limit + 1)).scalars().all()
            found += [(p.created_at, p.reference,
                       _item(p.reference, "receipt",
                             _("Payment receipt {reference}").format(reference=p.reference),
                             f"{portal.clock.local(p.created_at):%Y-%m}", p.created_at))
                      for p in payments]
    found.sort(key=lambda row: (row[0], row[1]), reverse=True)
    page = found[:limit]
    more = len(found) > limit
    next_cursor = encode_cursor(page[-1][0].isoformat(), page[-1][1]) if more else None
    return {"items": [item for _at, _key, item in page], "next_cursor": next_cursor}


def _not_found() -> Problem:
    return Problem(404, "document_not_found",
                   _("There is no document with that id on your account. List your documents "
                     "to see their ids."))


def _document(session: Any, member: Any, document_id: str, portal: Any) -> Document:
    key = document_id.strip().upper()
    if key.startswith("HCP-"):
        payment = session.execute(
            select(Payment).where(Payment.reference == key)
        ).scalar_one_or_none()
        if (payment is None or payment.member_id != member.member_id
                or payment.status not in RECEIPT_STATUSES):
            raise _not_found()
        paid = list(session.execute(
            select(Allocation.invoice_id).where(Allocation.payment_id == payment.id)
            .order_by(Allocation.id)
        ).scalars())
        return receipt_document(payment, member, receipt_invoices(session, payment, paid),
                                portal)
    stored = session.get(StoredDocument, key)
    if stored is None or stored.member_id != member.member_id:
        raise _not_found()
    return Document.from_json(stored.content)


@router.get("/{document_id}")
def get_document(
    document_id: str, member: CurrentMember, portal: PortalDep,
    format: Literal["pdf", "txt"] = "txt",
) -> Response:
    if len(document_id) > 32:
        raise _not_found()
    with portal.db.read() as session:
        document = _document(session, member, document_id, portal)
    name = file_name(document_id.strip().upper(), document.title, format)
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if format == "pdf":
        return Response(document.as_pdf(), media_type="application/pdf", headers=disposition)
    return Response(document.as_text(), media_type="text/plain; charset=utf-8",
                    headers=disposition)
