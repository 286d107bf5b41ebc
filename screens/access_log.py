"""Who opened my account: each time a support agent looked at the member's account, when, what
they did and the reason they gave (GET /api/v1/me/access-log)."""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from hcpay.domain.i18n import N_, _
from screens import fmt
from screens.base import BaseScreen
from screens.footer import KeyFooter


class AccessLogScreen(BaseScreen):
    SIGNED_IN = True
    DEFAULT_CSS = """
    AccessLogScreen #log { padding: 0 1; border-left: blank; }
    AccessLogScreen #log:focus { border-left: outer $accent; }
    """
    HELP = N_(
        "Every time a support agent opened your account: when, who, what they did and the "
        "reason they gave. Agents cannot open an account without giving a reason. If you do "
        "not recognise a visit, call Member Services. r reads the list again; Esc goes back."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", N_("Reload"), id="access_log_reload"),
        Binding("escape", "back", N_("Back"), id="access_log_back", tooltip=N_("Back to settings")),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="log", can_focus=True):
            yield Static("Reading…", id="log-text")
        yield Static("", id="status", classes="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Who opened my account")
        self.query_one("#log").focus()
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(exclusive=True, exit_on_error=False, name="access_log")
    async def load(self) -> None:
        client = await self.hc.portal()
        entries = await client.access_log()
        if not entries:
            text = _("No support agent has opened your account.")
        else:
            lines = []
            for entry in entries:
                when = entry.accessed_at
                lines += [
                    _("[b]{date} {when:%H:%M} UTC[/b]  {agent_name}").format(
                        date=fmt.day(when), when=when, agent_name=escape(entry.agent_name)),
                    f"  {entry.description}.",
                    _("  Reason given: {reason}").format(reason=escape(entry.reason)),
                    "",
                ]
            text = "\n".join(lines).rstrip()
        self.query_one("#log-text", Static).update(text)

    def action_back(self) -> None:
        self.dismiss(None)
