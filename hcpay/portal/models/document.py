"""Documents a member is sent (bills, coverage notices, tax forms) and how they want them.

A document is written once, when it is made, and never changes: ``content`` holds what the page
says (``hcpay.documents.Document`` as JSON), so a bill reads the same in a year as the day it was
issued. The UNIQUE (member, kind, subject) key makes each one once, also when two job runners or
two requests make the same one at the same moment. Receipts are not stored here: they are
rendered from their payment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class StoredDocument(Base):
    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("member_id", "kind", "subject", name="uq_documents_subject"),
        Index("ix_documents_member_created", "member_id", "created_at"),
    )

    document_id: Mapped[str] = mapped_column(String(16), primary_key=True)  # DOC-XXXX-XXXX
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"))
    kind: Mapped[str] = mapped_column(String(16))  # bill | notice | tax_form
    # what it is about, one document each: an invoice id, a coverage event, a tax year
    subject: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(16))  # YYYY-MM (bill, notice) or YYYY (tax form)
    content: Mapped[str] = mapped_column(Text)  # JSON of hcpay.documents.Document
    delivery: Mapped[str] = mapped_column(String(8))  # email | mail, as preferred when made
    created_at: Mapped[datetime]
    mailed_at: Mapped[datetime | None] = mapped_column(nullable=True)


class MemberPreference(Base):
    """Paperless or mail per kind of document, and the language the portal writes in."""

    __tablename__ = "member_preferences"

    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), primary_key=True)
    bill_delivery: Mapped[str] = mapped_column(String(8), default="email")
    notice_delivery: Mapped[str] = mapped_column(String(8), default="email")
    tax_form_delivery: Mapped[str] = mapped_column(String(8), default="email")
    language: Mapped[str] = mapped_column(String(8), default="en")
