"""One payment's receipt, as the portal writes it: read it here, save it as PDF (d) or as text
(s) in the documents folder; the screen says where the file went. A payment that did not go
through has a payment attempt record instead, and the screen calls it that."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from hcpay.domain.i18n import N_, _
from screens.base import BaseScreen
from screens.footer import KeyFooter

if TYPE_CHECKING:
    from hcpay.api.models import Payment


# the portal's titles for documents that are not receipts (hcpay.portal.payments.receipts)
NOT_RECEIPTS = {
    "failed": "payment attempt record", "returned": "returned payment record",
    "canceled": "canceled payment record",
}


class ReceiptScreen(BaseScreen):
    SIGNED_IN = True
    DEFAULT_CSS = """
    ReceiptScreen #receipt-body { padding: 0 2; height: 1fr; }
    ReceiptScreen #status { padding: 0 2; }
    """
    HELP = N_(
        "The receipt for one payment, as the portal keeps it: who it was paid to, your member "
        "id, the bills it paid, the amount, the method, what became of it and its reference. "
        "A payment that did not go through has a payment attempt record instead. Press d to "
        "save it as a PDF or s to save it as text; the file goes to your documents folder and "
        "the line at the bottom says exactly where. Esc goes back to History."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "save('pdf')", N_("Save as PDF"), id="receipt_pdf"),
        Binding("s", "save('txt')", N_("Save as text"), id="receipt_txt"),
        Binding("escape", "back", N_("Back to History"), id="receipt_back"),
    ]

    def __init__(self, payment: Payment) -> None:
        super().__init__()
        self.payment = payment
        self.saved: dict[str, str] = {}
        # what the portal's document is: a receipt only for money that was (or will be) paid
        self.kind = NOT_RECEIPTS.get(payment.status, "receipt")

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="receipt-body"):
            yield Static(_("Reading the receipt…"), id="receipt-text", markup=False)
        yield Static("", id="status", classes="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = f"{self.kind.capitalize()} {self.payment.reference}"
        self.query_one("#receipt-body").focus()
        self.load()

    @work(exclusive=True, exit_on_error=False, name="receipt")
    async def load(self) -> None:
        client = await self.hc.portal()
        text = (await client.receipt(self.payment.reference, "txt")).decode("utf-8", "replace")
        self.query_one("#receipt-text", Static).update(text)
        self.say(_("Press d to save this {kind} as PDF, s to save it as text.").format(
            kind=self.kind))

    @work(exclusive=True, exit_on_error=False, name="save_receipt", group="save")
    async def action_save(self, kind: str) -> None:
        from hcpay import documents

        client = await self.hc.portal()
        fmt: Literal["pdf", "txt"] = "pdf" if kind == "pdf" else "txt"
        self.say(_("Saving the {kind} as {value}…").format(
            kind=self.kind, value=fmt.upper()), kind="busy")
        data = await client.receipt(self.payment.reference, fmt)
        path = documents.save(f"receipt-{self.payment.reference}.{fmt}", data, folder="receipts")
        self.saved[fmt] = str(path)
        self.say(_("{kind} saved as {value}: "
                 "{path}").format(
                     kind=self.kind.capitalize(), value='PDF' if fmt == 'pdf' else 'text',
                     path=path), kind="ok")

    def action_back(self) -> None:
        self.dismiss(None)
