"""The sandbox inbox: what the portal "sent" (verification codes, reset codes, reminders),
newest first, updated as messages arrive. Sandbox mode only: no real email or text is sent."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, ListItem, ListView, Static

from hcpay.domain.i18n import N_, _, ngettext
from screens.base import BaseScreen
from screens.footer import KeyFooter
from screens.messages import InboxChanged, PortalReady

if TYPE_CHECKING:
    from hcpay.api.models import OutboxMessage

_TOKEN = re.compile(r"(?:token|code)\b[^:\n]{0,20}:\s*([A-Za-z0-9_-]{6,})", re.IGNORECASE)
_DIGITS = re.compile(r"\b(\d{6})\b")


def find_code(body: str) -> str | None:
    """The verification code or reset code in a message, as the member would copy it."""
    match = _TOKEN.search(body) or _DIGITS.search(body)
    return match.group(1) if match else None


class SandboxInboxScreen(BaseScreen):
    CSS_PATH = "inbox.tcss"
    HELP = N_(
        "In sandbox mode the portal sends no real email or text: every message it 'sent' is "
        "listed here, newest first. Up and Down choose a message; its text shows on the right. "
        "Esc or F4 goes back to where you were."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="inbox_back",
                tooltip=N_("Back to where you were")),
        Binding("c", "copy_code", N_("Copy code"), id="copy_code",
                tooltip=N_("Copy the verification or reset code of this message; Ctrl+V pastes "
                           "it")),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="inbox-summary")
        with Horizontal(id="inbox-body"):
            yield ListView(id="inbox-list")
            yield Static(_("No message chosen."), id="inbox-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Sandbox inbox")
        self._render_all()

    def on_screen_resume(self) -> None:
        self.query_one("#inbox-list").focus()

    def _render_all(self) -> None:
        listing = self.query_one("#inbox-list", ListView)
        listing.clear()
        messages = list(reversed(self.hc.inbox))
        for message in messages:
            subject = message.subject or message.body.splitlines()[0][:40]
            listing.append(ListItem(Static(f"{message.to}\n  {subject}"), name=str(message.id)))
        count = len(messages)
        if self.hc.connection is not None and not self.hc.sandbox:
            text = _("This portal is live: messages go to real email and phones, not here.")
        elif count:
            text = ngettext("{count} message, newest first.",
                            "{count} messages, newest first.", count).format(count=count)
        else:
            text = _("No messages yet. Codes and reset emails appear here within seconds.")
        self.query_one("#inbox-summary", Static).update(text)
        if messages:
            listing.index = 0
            self._show(0)

    def on_inbox_changed(self, message: InboxChanged) -> None:
        self._render_all()

    def on_portal_ready(self, message: PortalReady) -> None:
        self._render_all()

    def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        listing = self.query_one("#inbox-list", ListView)
        if listing.index is not None:
            self._show(listing.index)

    def _show(self, index: int) -> None:
        messages = list(reversed(self.hc.inbox))
        if not 0 <= index < len(messages):
            return
        m = messages[index]
        when = m.created_at.strftime("%Y-%m-%d %H:%M")
        text = _("To: {to} ({channel})\nSent: {when}\nSubject: {subject}\n\n{body}").format(
            to=m.to, channel=m.channel, when=when, subject=m.subject or '-', body=m.body)
        self.query_one("#inbox-message", Static).update(text)

    def selected(self) -> OutboxMessage | None:
        index = self.query_one("#inbox-list", ListView).index
        messages = list(reversed(self.hc.inbox))
        return messages[index] if index is not None and 0 <= index < len(messages) else None

    def action_copy_code(self) -> None:
        message = self.selected()
        code = find_code(message.body) if message else None
        if code is None:
            self.notify(_("This message has no code to copy."), severity="warning")
            return
        self.app.copy_to_clipboard(code)
        self.notify(_("Copied. Press Esc to go back, then Ctrl+V in the code field."),
                    title=_("Code copied"), timeout=6)

    async def action_back(self) -> None:
        await self.hc.go_back()
