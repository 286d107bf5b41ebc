"""Models of the documents part of the contract (portal-api.md, Additions v1.1: Documents):
a document in the list, and the member's document preferences."""

from __future__ import annotations

from datetime import datetime

from hcpay.api.models import Model
from hcpay.domain.document_words import Delivery, DocumentKind, Language


class DocumentItem(Model):
    document_id: str
    kind: DocumentKind
    title: str
    period: str
    created_at: datetime
    formats: list[str]


class Paperless(Model):
    bill: Delivery = "email"
    notice: Delivery = "email"
    tax_form: Delivery = "email"


class DocumentPreferences(Model):
    paperless: Paperless
    language: Language = "en"
