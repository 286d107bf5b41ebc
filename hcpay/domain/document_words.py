"""The words for documents, one wording for the portal and every face of the client: the kinds a
member is sent, the titles of coverage notices, and how each kind can reach them."""

from __future__ import annotations

from typing import Literal

DocumentKind = Literal["bill", "notice", "tax_form", "receipt"]
DeliveryKind = Literal["bill", "notice", "tax_form"]  # what can come by mail
Delivery = Literal["email", "mail"]
Language = Literal["en", "es"]

KINDS: tuple[DocumentKind, ...] = ("bill", "notice", "tax_form", "receipt")
DELIVERY_KINDS: tuple[DeliveryKind, ...] = ("bill", "notice", "tax_form")
DELIVERIES: tuple[Delivery, ...] = ("email", "mail")
LANGUAGES: tuple[Language, ...] = ("en", "es")
FORMATS: tuple[str, ...] = ("pdf", "txt")

# One kind, as a list's heading says it
KIND_NAMES: dict[str, str] = {
    "bill": "Bills",
    "notice": "Coverage notices",
    "tax_form": "Tax forms (Form 1095-A)",
    "receipt": "Payment receipts",
}
# One document of that kind, in a sentence ("Your bill is ready")
KIND_SINGULAR: dict[str, str] = {
    "bill": "bill",
    "notice": "coverage notice",
    "tax_form": "tax form",
    "receipt": "receipt",
}
DELIVERY_WORDS: dict[str, str] = {
    "email": "Paperless (by email)",
    "mail": "Paper (by mail)",
}
LANGUAGE_WORDS: dict[str, str] = {"en": "English", "es": "Spanish (Español)"}

# Coverage notices: the event -> the notice's title
NOTICE_TITLES: dict[str, str] = {
    "past_due_warning": "Past due warning",
    "past_due_notice": "Past-due notice",
    "termination_warning": "Termination warning",
    "coverage_terminated": "Termination of coverage",
    "coverage_reinstated": "Reinstatement of coverage",
}

TAX_FORM_NAME = "Form 1095-A, Health Insurance Marketplace Statement"


def bill_title(month_words: str, policy_kind: str) -> str:
    """``Bill for December 2026 (health plan)``."""
    return f"Bill for {month_words} ({policy_kind} plan)"


def tax_form_title(year: int) -> str:
    """``Form 1095-A for 2025``."""
    return f"Form 1095-A for {year}"


def ready_subject(kind: str, title: str) -> str:
    """The subject of the email that says a document is ready."""
    return f"Your {KIND_SINGULAR.get(kind, 'document')} is ready: {title}"


def file_name(document_id: str, title: str, fmt: str) -> str:
    """A file name a member recognises: ``form-1095-a-for-2025-DOC-7K2M-9QX4.pdf``."""
    slug = "".join(ch.lower() if ch.isalnum() else "-" for ch in title)
    slug = "-".join(part for part in slug.split("-") if part)[:48]
    return f"{slug}-{document_id}.{fmt}"
