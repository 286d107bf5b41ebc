"""Documents, line by line: choose a kind (or all), hear the list one a line, choose one to hear
it read out (without underlines or rules), then save it as a PDF or as text under a name the
member types (the documents folder unless they say otherwise). Paperless or paper by mail for
each kind is chosen here too."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from hcpay.domain.document_words import DocumentKind
from hcpay.domain.i18n import _, ngettext
from hcpay.facts import documents as facts
from hcpay.plain.session import PlainSession

if TYPE_CHECKING:
    from hcpay.api.document_models import DocumentItem


def run(session: PlainSession) -> Any:
    p = session.p
    choices = facts.kind_choices()
    while True:
        p.say("")
        p.say(_("Documents."))
        options = [name for _kind, name in choices] + [_("Paperless or paper by mail"),
                                                       _("Back to the main menu")]
        choice = p.choose(_("Which documents?"), options, default=0)
        if choice == len(options) - 1:
            return None
        if choice == len(options) - 2:
            paperless(session)
            continue
        kind = choices[choice][0]
        _list(session, kind)


def _list(session: PlainSession, kind: DocumentKind | None) -> None:
    p = session.p
    items = session.call(partial(session.client.all_documents, kind),
                         working=_("Reading your documents. Working..."))
    if not items:
        p.say(facts.none_of_kind(kind))
        return
    while True:
        p.say(ngettext("{n} document:", "{n} documents, newest first:", len(items)).format(
            n=len(items)))
        labels = [_("{kind}: {document}").format(kind=facts.kind_name(i.kind),
                                                 document=facts.item_line(i)) for i in items]
        choice = p.choose(_("Which one should be read out?"), [*labels, _("Back")],
                          default=len(labels))
        if choice == len(labels):
            return
        _read(session, items[choice])


def _read(session: PlainSession, item: DocumentItem) -> None:
    p = session.p
    text = session.call(partial(session.client.document, item.document_id, "txt"),
                        working=_("Opening {title}. Working...").format(title=item.title))
    p.say("")
    p.lines(facts.spoken_lines(text.decode("utf-8", "replace")))
    p.say(_("End of the document."))
    while True:
        choice = p.choose(_("What should be done with {title}?").format(title=item.title),
                          [_("Save it as a PDF"), _("Save it as text"), _("Back to the list")],
                          default=2)
        if choice == 2:
            return
        _save(session, item, "pdf" if choice == 0 else "txt")


def _save(session: PlainSession, item: DocumentItem, fmt: Literal["pdf", "txt"]) -> None:
    from hcpay import paths

    p = session.p
    folder = paths.documents_dir()
    name = p.ask(_("File name, in your documents folder unless you give a whole path"),
                 default=facts.file_name(item, fmt))
    target = Path(name).expanduser()
    if not target.is_absolute():
        target = folder / target
    if target.is_dir() or not target.parent.is_dir():
        p.error(_("Cannot save to {target}: the folder is missing, or it is a folder. Nothing "
                  "was saved.").format(target=target))
        return
    data = session.call(partial(session.client.document, item.document_id, fmt),
                        working=_("Saving. Working..."))
    try:
        paths.write_private(target, data)
    except OSError as exc:
        p.error(_("Could not save to {target}: {reason}. Nothing was saved.").format(
            target=target, reason=exc.strerror or exc))
        return
    p.say(facts.saved_words(item.title, str(target)))


def paperless(session: PlainSession) -> None:
    """Email or mail for each kind of document, one question each."""
    p = session.p
    current = session.call(session.client.document_preferences,
                           working=_("Reading your choices. Working..."))
    p.lines([facts.delivery_line(current, kind) + "." for kind in facts.DELIVERY_KINDS])
    changes: dict[str, str] = {}
    words = [facts.delivery_words(d) for d in facts.DELIVERIES]
    for kind in facts.DELIVERY_KINDS:
        now = facts.DELIVERIES.index(facts.delivery_of(current, kind))
        choice = p.choose(_("How should {kind} reach you?").format(
            kind=facts.kind_name(kind).lower()), words,
                          default=now)
        if choice != now:
            changes[kind] = facts.DELIVERIES[choice]
    if not changes:
        p.say(_("Nothing changed."))
        return
    saved = session.call(partial(session.client.set_document_preferences, paperless=changes),
                         working=_("Saving. Working..."))
    p.say(_("Saved."))
    p.lines([facts.delivery_line(saved, kind) + "." for kind in facts.DELIVERY_KINDS])
