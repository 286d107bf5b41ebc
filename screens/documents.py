"""Documents: the member's bills, coverage notices, tax forms (Form 1095-A) and receipts, as
the portal keeps them. k changes the kind shown; Enter opens the chosen one to read; d saves it
as a PDF and s as text, to a file the member names (the documents folder unless they say
otherwise); p prints it to text (a text file in the documents folder, no question asked)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Input, ListItem, ListView, Static

from hcpay.api.document_models import DocumentItem
from hcpay.domain.document_words import DocumentKind
from hcpay.domain.i18n import N_, _, ngettext
from hcpay.facts import documents as facts
from screens.base import BaseScreen
from screens.footer import KeyFooter

# what k goes through: every kind, then each one
KIND_CYCLE: tuple[DocumentKind | None, ...] = (None, *facts.KINDS)


class DocumentsScreen(BaseScreen):
    SIGNED_IN = True
    DEFAULT_CSS = """
    DocumentsScreen #documents-body { padding: 0 2; height: 1fr; }
    DocumentsScreen #documents { height: auto; max-height: 9; border: round $foreground 40%; }
    DocumentsScreen #documents > ListItem.-highlight { text-style: bold reverse; }
    DocumentsScreen #document-text { margin-top: 1; }
    DocumentsScreen #save-as { display: none; margin: 0 2; }
    DocumentsScreen #save-as.-asking { display: block; }
    DocumentsScreen #status { padding: 0 2; }
    """
    HELP = N_(
        "Your bills, coverage notices, tax forms (Form 1095-A) and payment receipts. k changes "
        "the kind shown. Up and Down choose a document and Enter opens it to read: the arrows and "
        "Page Down then scroll it, and Tab goes back to the list. d saves it "
        "as a PDF and s as text: type the file's name (or keep the one offered, in your "
        "documents folder) and press Enter. p prints it to text: a text file in your documents "
        "folder, at once. Esc goes back."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "next_kind", N_("Kind"), id="documents_kind"),
        Binding("d", "save('pdf')", N_("Save as PDF"), id="documents_pdf"),
        Binding("s", "save('txt')", N_("Save as text"), id="documents_txt"),
        Binding("p", "print_text", N_("Print to text"), id="documents_print"),
        Binding("escape", "back", N_("Back"), id="documents_back",
                tooltip=N_("Back to the dashboard")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kind: DocumentKind | None = None
        self.items: list[DocumentItem] = []
        self.opened: DocumentItem | None = None
        self.saving: Literal["pdf", "txt"] | None = None
        self.saved: dict[str, str] = {}  # format -> the last path saved to

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="documents-body"):
            yield Static("", id="documents-kind", markup=False)
            yield ListView(id="documents")
            yield Static("", id="document-text", markup=False)
        yield Input(id="save-as", placeholder=_("File name"))
        yield Static("", id="status", classes="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Documents")
        self.query_one("#documents", ListView).focus()
        self.load()

    # -- the list -----------------------------------------------------------------------------

    @work(exclusive=True, exit_on_error=False, name="documents", group="documents")
    async def load(self) -> None:
        shown = facts.kind_name(self.kind) if self.kind else _("All documents")
        self.query_one("#documents-kind", Static).update(
            _("Showing: {kind}. Press k for another kind.").format(kind=shown)
        )
        self.say(_("Reading your documents…"), kind="busy")
        client = await self.hc.portal()
        self.items = await client.all_documents(self.kind)
        listing = self.query_one("#documents", ListView)
        await listing.clear()
        await listing.extend(
            ListItem(Static(_("{kind}: {document}").format(
                kind=facts.kind_name(i.kind), document=facts.item_line(i)), markup=False))
            for i in self.items
        )
        listing.focus()
        self.opened = None
        if self.items:
            listing.index = 0
            self.say(ngettext("{n} document. Enter opens the chosen one.",
                              "{n} documents. Enter opens the chosen one.",
                              len(self.items)).format(n=len(self.items)))
        else:
            self.say(facts.none_of_kind(self.kind))

    def action_next_kind(self) -> None:
        self.kind = KIND_CYCLE[(KIND_CYCLE.index(self.kind) + 1) % len(KIND_CYCLE)]
        self.load()

    def chosen(self) -> DocumentItem | None:
        index = self.query_one("#documents", ListView).index
        if index is None or not 0 <= index < len(self.items):
            return None
        return self.items[index]

    @on(ListView.Selected, "#documents")
    def open_chosen(self) -> None:
        item = self.chosen()
        if item is not None:
            self.read(item)

    @work(exclusive=True, exit_on_error=False, name="document", group="document")
    async def read(self, item: DocumentItem) -> None:
        self.say(_("Opening {title}…").format(title=item.title), kind="busy")
        client = await self.hc.portal()
        text = (await client.document(item.document_id, "txt")).decode("utf-8", "replace")
        self.opened = item
        self.query_one("#document-text", Static).update(text)
        body = self.query_one("#documents-body", VerticalScroll)
        body.focus()  # Up, Down and Page Down read on; Tab goes back to the list
        body.scroll_to_widget(self.query_one("#document-text", Static), animate=False)
        self.say(_("{title}. Arrows scroll it; d saves it as PDF, s as text, p prints it to "
                   "text; Tab goes back to the list.").format(title=item.title))

    # -- saving -------------------------------------------------------------------------------

    def action_save(self, fmt: str) -> None:
        item = self.opened or self.chosen()
        if item is None:
            self.say(_("Choose a document first."), kind="warn")
            return
        self.opened = item
        self.saving = "pdf" if fmt == "pdf" else "txt"
        box = self.query_one("#save-as", Input)
        box.value = str(self.default_path(item, self.saving))
        box.add_class("-asking")
        box.focus()
        box.cursor_position = len(box.value)
        said = (_("Save {title} as PDF: type the file's name and press Enter, or Esc to "
                  "cancel.") if fmt == "pdf" else
                _("Save {title} as text: type the file's name and press Enter, or Esc to "
                  "cancel."))
        self.say(said.format(title=item.title))

    @staticmethod
    def default_path(item: DocumentItem, fmt: str) -> Path:
        from hcpay import paths

        return paths.documents_dir() / facts.file_name(item, fmt)

    @on(Input.Submitted, "#save-as")
    def save_as_named(self, event: Input.Submitted) -> None:
        if self.opened is None or self.saving is None:
            return
        target = self.where(event.value)
        if target is None:
            return
        fmt = self.saving
        self.close_question()
        self.write(self.opened, fmt, target)

    def where(self, typed: str) -> Path | None:
        """The file the member named: a bare name goes to the documents folder."""
        from hcpay import paths

        name = typed.strip()
        if not name:
            self.say(_("Type a file name, or press Esc to cancel."), kind="warn")
            return None
        target = Path(name).expanduser()
        if not target.is_absolute():
            target = paths.documents_dir() / target
        if target.is_dir():
            self.say(_("{target} is a folder: add a file name to it.").format(target=target),
                     kind="error")
            return None
        if not target.parent.is_dir():
            self.say(_("The folder {folder} does not exist: choose another.").format(
                folder=target.parent), kind="error")
            return None
        return target

    def close_question(self) -> None:
        box = self.query_one("#save-as", Input)
        box.remove_class("-asking")
        self.saving = None
        self.query_one("#documents", ListView).focus()

    def action_print_text(self) -> None:
        item = self.opened or self.chosen()
        if item is None:
            self.say(_("Choose a document first."), kind="warn")
            return
        self.write(item, "txt", self.default_path(item, "txt"))

    @work(exclusive=True, exit_on_error=False, name="save_document", group="save")
    async def write(self, item: DocumentItem, fmt: Literal["pdf", "txt"], target: Path) -> None:
        import asyncio

        from hcpay import paths

        self.say(_("Saving {title}…").format(title=item.title), kind="busy")
        client = await self.hc.portal()
        data = await client.document(item.document_id, fmt)
        try:
            await asyncio.to_thread(paths.write_private, target, data)
        except OSError as exc:
            self.say(_("Could not save to {target}: {reason}. Choose another place.").format(
                target=target, reason=exc.strerror or exc), kind="error")
            return
        self.saved[fmt] = str(target)
        self.say(facts.saved_words(item.title, str(target)), kind="ok")

    def action_back(self) -> None:
        if self.saving is not None:
            self.close_question()
            self.say(_("Not saved."))
            return
        self.dismiss(None)
