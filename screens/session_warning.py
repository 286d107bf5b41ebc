"""The warning before the portal ends an idle login (WCAG 2.2.1): one key to stay signed in."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from hcpay.domain.i18n import N_, _
from screens.services import services


class SessionWarningScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    SessionWarningScreen { align: center middle; }
    #warning { width: 64; height: auto; border: heavy $warning; padding: 1 2; background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,e", "extend", N_("Stay signed in"), id="extend_session"),
        Binding("escape", "dismiss_warning", N_("Dismiss"), id="dismiss_warning"),
    ]

    def __init__(self, seconds_left: int) -> None:
        super().__init__()
        self.seconds_left = seconds_left

    def compose(self) -> ComposeResult:
        if services(self).absolute_limit_near():
            text = (
                _("⚠ Your session reaches its 12-hour limit in about {seconds_left} seconds. "
                "After that you will be asked for your password again; what you typed is kept."
                "\n\nPress Esc to go on.").format(seconds_left=self.seconds_left)
            )
        else:
            text = (
                _("⚠ You will be signed out in about {seconds_left} seconds because nothing "
                "has happened for a while.\n\nPress Enter (or e) to stay signed in. "
                "Esc dismisses this warning.").format(seconds_left=self.seconds_left)
            )
        with Vertical(id="warning"):
            yield Static(text, id="warning-text")

    def action_extend(self) -> None:
        services(self).extend_session()
        self.dismiss(True)

    def action_dismiss_warning(self) -> None:
        self.dismiss(False)
