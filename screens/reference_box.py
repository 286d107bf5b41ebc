"""A payment reference shown large enough to read aloud: spaced out in a box, with the words to
say it (digits as words, letters in the phonetic alphabet)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from hcpay.domain.i18n import _
from hcpay.flows.make_payment import spoken


class ReferenceBox(Vertical):
    DEFAULT_CSS = """
    ReferenceBox { height: auto; border: round $accent; padding: 0 2; margin-top: 1; }
    ReferenceBox #reference { text-style: bold; content-align: center middle; width: 1fr; }
    ReferenceBox #reference-spoken { color: $text-muted; width: 1fr; }
    """

    def __init__(self, reference: str) -> None:
        super().__init__(id="reference-box")
        self.reference = reference
        self.border_title = _("Your reference number")

    def compose(self) -> ComposeResult:
        yield Static(" ".join(self.reference), id="reference", markup=False)
        yield Static(_("Say: {reference}").format(
            reference=spoken(self.reference)), id="reference-spoken", markup=False)
