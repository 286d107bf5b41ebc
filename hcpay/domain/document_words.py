"""The words for documents, one wording for the portal and every face of the client: the kinds a
member is sent, the titles of coverage notices, and how each kind can reach them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from hcpay.domain.i18n import N_, Said, _

DocumentKind = Literal["bill", "notice", "tax_form", "receipt"]
DeliveryKind = Literal["bill", "notice", "tax_form"]  # what can come by mail
Delivery = Literal["email", "mail"]
Language = Literal["en", "es"]

KINDS: tuple[DocumentKind, ...] = ("bill", "notice", "tax_form", "receipt")
DELIVERY_KINDS: tuple[DeliveryKind, ...] = ("bill", "notice", "tax_form")
DELIVERIES: tuple[Delivery, ...] = ("email", "mail")
LANGUAGES: tuple[Language, ...] = ("en", "es")
FORMATS: tuple[str, ...] = ("pdf", "txt")

# One kind, as a list's heading says it (message ids: each read says it in the language of the
# moment, so the portal's documents and every face say them in the member's language)
_KIND_NAMES = {
    "bill": N_("Bills"),
    "notice": N_("Coverage notices"),
    "tax_form": N_("Tax forms (Form 1095-A)"),
    "receipt": N_("Payment receipts"),
}
KIND_NAMES: Mapping[str, str] = Said(_KIND_NAMES, lambda key: _(_KIND_NAMES[key]))
# One document of that kind, in a sentence ("Your bill is ready")
_KIND_SINGULAR = {
    "bill": N_("bill"),
    "notice": N_("coverage notice"),
    "tax_form": N_("tax form"),
    "receipt": N_("receipt"),
}
KIND_SINGULAR: Mapping[str, str] = Said(_KIND_SINGULAR, lambda key: _(_KIND_SINGULAR[key]))
_DELIVERY_WORDS = {
    "email": N_("Paperless (by email)"),
    "mail": N_("Paper (by mail)"),
}
DELIVERY_WORDS: Mapping[str, str] = Said(_DELIVERY_WORDS, lambda key: _(_DELIVERY_WORDS[key]))
_LANGUAGE_WORDS = {"en": N_("English"), "es": N_("Spanish (Español)")}
LANGUAGE_WORDS: Mapping[str, str] = Said(_LANGUAGE_WORDS, lambda key: _(_LANGUAGE_WORDS[key]))

# Coverage notices: the event -> the notice's title
_NOTICE_TITLES = {
    "past_due_warning": N_("Past due warning"),
    "past_due_notice": N_("Past-due notice"),
    "termination_warning": N_("Termination warning"),
    "coverage_terminated": N_("Termination of coverage"),
    "coverage_reinstated": N_("Reinstatement of coverage"),
}
NOTICE_TITLES: Mapping[str, str] = Said(_NOTICE_TITLES, lambda key: _(_NOTICE_TITLES[key]))

TAX_FORM_NAME = N_("Form 1095-A, Health Insurance Marketplace Statement")  # said with _()

_PLANS = {"health": N_("health plan"), "dental": N_("dental plan")}


def tax_form_name() -> str:
    """``Form 1095-A, Health Insurance Marketplace Statement``, in the language of the moment."""
    return _(TAX_FORM_NAME)


def plan_words(policy_kind: str) -> str:
    """``health plan``, ``dental plan``."""
    return _(_PLANS[policy_kind]) if policy_kind in _PLANS else f"{policy_kind} plan"


def bill_title(month_words: str, policy_kind: str) -> str:
    """``Bill for December 2026 (health plan)``."""
    return _("Bill for {month} ({plan})").format(month=month_words,
                                                 plan=plan_words(policy_kind))


def tax_form_title(year: int) -> str:
    """``Form 1095-A for 2025``."""
    return _("Form 1095-A for {year}").format(year=year)


def ready_subject(kind: str, title: str) -> str:
    """The subject of the email that says a document is ready."""
    return _("Your {kind} is ready: {title}").format(
        kind=KIND_SINGULAR.get(kind, _("document")), title=title)


def file_name(document_id: str, title: str, fmt: str) -> str:
    """A file name a member recognises: ``form-1095-a-for-2025-DOC-7K2M-9QX4.pdf``."""
    slug = "".join(ch.lower() if ch.isalnum() else "-" for ch in title)
    slug = "-".join(part for part in slug.split("-") if part)[:48]
    return f"{slug}-{document_id}.{fmt}"
