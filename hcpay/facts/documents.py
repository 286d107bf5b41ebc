"""A member's documents in words, one wording for every face (the Documents screen, plain mode,
``hcpay documents``): the kind, the title and the date a document was made, and how each kind
reaches the member. The words themselves are ``hcpay.domain.document_words`` (the portal's
documents say them too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcpay.domain import document_words as words
from hcpay.domain.date_words import long_date, short_date
from hcpay.domain.document_words import DocumentKind
from hcpay.domain.i18n import _

if TYPE_CHECKING:
    from hcpay.api.document_models import DocumentItem, DocumentPreferences

KINDS = words.KINDS
DELIVERY_KINDS = words.DELIVERY_KINDS
DELIVERIES = words.DELIVERIES


def kind_name(kind: str) -> str:
    """``Tax forms (Form 1095-A)``."""
    return words.KIND_NAMES.get(kind, kind)


def made_on(item: DocumentItem, *, long: bool = False) -> str:
    return long_date(item.created_at) if long else short_date(item.created_at)


def item_line(item: DocumentItem) -> str:
    """``Form 1095-A for 2025, made on January 31, 2026``: a document said in one line."""
    return _("{title}, made on {date}").format(title=item.title, date=made_on(item, long=True))


def none_of_kind(kind: str | None) -> str:
    if kind is None:
        return _("You have no documents yet.")
    return _("You have no {kind} yet.").format(kind=kind_name(kind).lower())


def delivery_words(delivery: str) -> str:
    """``Paperless (by email)`` or ``Paper (by mail)``."""
    return words.DELIVERY_WORDS.get(delivery, delivery)


def delivery_of(preferences: DocumentPreferences, kind: str) -> str:
    value: str = getattr(preferences.paperless, kind)
    return value


def delivery_line(preferences: DocumentPreferences, kind: str) -> str:
    """``Bills: Paperless (by email)``."""
    return _("{kind}: {delivery}").format(kind=kind_name(kind),
                                         delivery=delivery_words(delivery_of(preferences, kind)))


def file_name(item: DocumentItem, fmt: str) -> str:
    """The file a document is saved to unless the member names another."""
    return words.file_name(item.document_id, item.title, fmt)


def saved_words(title: str, where: str) -> str:
    return _("Saved {title} to {where}.").format(title=title, where=where)


def spoken_lines(text: str) -> list[str]:
    """A document's text as a screen reader should hear it: no underlines or rules, and the
    columns of a row said with commas between them instead of runs of spaces."""
    import re

    said = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and set(stripped) <= {"=", "-"}:
            continue
        said.append(re.sub(r"\s{2,}", ", ", stripped))
    return said


def kind_choices() -> list[tuple[DocumentKind | None, str]]:
    """The kinds a member picks from, every kind first."""
    return [(None, _("All documents")), *((kind, kind_name(kind)) for kind in KINDS)]
