"""The support agent's console: the reason for the call in progress (sent with every lookup as
X-Access-Reason, and read by the member in their access log), one lookup field that takes a
member id, name, email, payment reference or support code, and the answers. Enter on a member
opens the one-screen member view; F2 opens the guide to any flow's numbered steps."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from hcpay.domain.i18n import N_
from screens.agent_text import hit_line, payment_text, support_code_text
from screens.base import BaseScreen
from screens.footer import KeyFooter

if TYPE_CHECKING:
    from hcpay.api.models import AgentMemberHit

SUPPORT_CODE = re.compile(r"\d{3}[\s-]?\d{3}")
REFERENCE = re.compile(r"hcp[\s-]?[0-9a-z]{4}[\s-]?[0-9a-z]{4}", re.IGNORECASE)
NEED_REASON = (
    "Type the reason for this call first (for example: Caller asked about a payment). "
    "It is sent with every lookup and the member can read it."
)


def lookup_kind(text: str) -> str:
    """What the agent typed: "support_code", "reference" or "search"."""
    text = text.strip()
    if SUPPORT_CODE.fullmatch(text):
        return "support_code"
    if REFERENCE.fullmatch(text):
        return "reference"
    return "search"


class AgentConsoleScreen(BaseScreen):
    SIGNED_IN = True
    DEFAULT_CSS = """
    AgentConsoleScreen #console { padding: 0 1; height: auto; }
    AgentConsoleScreen .field-row { height: 1; margin-top: 1; border-left: blank; }
    AgentConsoleScreen .field-row:focus-within { border-left: outer $accent; }
    AgentConsoleScreen .field-row:focus-within Label { text-style: bold; }
    AgentConsoleScreen .field-label { width: 9; }
    AgentConsoleScreen Input { width: 1fr; background: $boost; }
    AgentConsoleScreen #hits { height: auto; max-height: 6; margin-top: 1; display: none; }
    AgentConsoleScreen #hits.-shown { display: block; }
    AgentConsoleScreen #answer { height: 1fr; margin-top: 1; padding: 0 1; border-left: blank;
                                 display: none; }
    AgentConsoleScreen #answer.-shown { display: block; }
    AgentConsoleScreen #answer:focus { border-left: outer $accent; }
    AgentConsoleScreen #result { height: auto; }
    AgentConsoleScreen .hint { color: $text-muted; }
    """
    HELP = N_(
        "The support agent's console. First type the reason for this call: every lookup sends "
        "it, and the member sees who opened their account and why. Then type a member id, a "
        "name, an email, a payment reference (HCP-XXXX-XXXX) or the 6-digit support code the "
        "caller reads you, and press Enter. Enter on a member opens their account. F2 shows the "
        "numbered steps of any flow as the member sees them; F3 starts a new call."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "guide", "Guide", id="agent_guide",
                tooltip="The numbered steps of any flow, as the member sees them"),
        Binding("f3", "new_call", "New call", id="agent_new_call",
                tooltip="Clear the reason and the answers for the next caller"),
        Binding("f1", "app.help", "Help", id="agent_help"),
        Binding("f10", "sign_out", "Sign out", id="agent_sign_out", tooltip="Sign out"),
        Binding("escape", "back", "Clear", id="agent_clear",
                tooltip="Clear the answers (the reason for the call stays)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[AgentMemberHit] = []
        self.last_flow: str | None = None  # the flow a support code named, for the guide

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="console"):
            yield Static("Reason for this call (sent with each lookup; the member can read it):",
                         classes="hint")
            with Horizontal(classes="field-row"):
                yield Label("Reason", classes="field-label")
                yield Input(placeholder="e.g. Caller asked about a payment", id="reason",
                            compact=True, max_length=500)
            with Horizontal(classes="field-row"):
                yield Label("Look up", classes="field-label")
                yield Input(placeholder="member id, name, email, HCP-… or support code",
                            id="query", compact=True, max_length=200)
            yield Static("", id="status", classes="status")
            yield OptionList(id="hits")
        with VerticalScroll(id="answer", can_focus=True):
            yield Static("", id="result")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Agent console"
        self.sub_title = f"Signed in as {self.hc.username}"
        self.query_one("#reason", Input).focus()

    @property
    def reason(self) -> str:
        return self.query_one("#reason", Input).value.strip()

    # -- looking up --------------------------------------------------------------------------

    @on(Input.Submitted, "#reason")
    def _reason_given(self) -> None:
        query = self.query_one("#query", Input)
        query.focus()
        if query.value.strip():
            self.lookup()

    @on(Input.Submitted, "#query")
    def _query_given(self) -> None:
        self.lookup()

    def lookup(self) -> None:
        text = self.query_one("#query", Input).value.strip()
        if not self.reason:
            self.say(NEED_REASON, kind="error")
            self.query_one("#reason", Input).focus()
            return
        if len(text) < 2:
            self.say("Type at least 2 characters to look up: a member id, name, email, payment "
                     "reference or support code.", kind="error")
            self.query_one("#query", Input).focus()
            return
        self.run_lookup(self.reason, text)

    @work(exclusive=True, exit_on_error=False, group="agent", name="lookup")
    async def run_lookup(self, reason: str, text: str) -> None:
        client = await self.hc.portal()
        self.say("Looking up…", kind="busy")
        kind = lookup_kind(text)
        self.last_flow = None
        if kind == "support_code":
            code = await client.agent_support_code(text, reason)
            self.last_flow = code.screen
            self.show([code.member], support_code_text(code))
            self.say(f"Support code {code.code} belongs to {code.member.name}.", kind="ok")
        elif kind == "reference":
            found = await client.agent_payment(text, reason)
            self.show([found.member], payment_text(found))
            self.say(f"Payment {found.payment.reference}: {found.payment.explanation}", kind="ok")
        else:
            search = await client.agent_search(text, reason)
            self.show(search.items, "")
            how = search.matched_by.replace("_", " ")
            if not search.items:
                self.say(f"No member matches that {how}. Check the spelling with the caller, "
                         "or try their email or a payment reference.", kind="warn")
            else:
                count = len(search.items)
                more = " (more: narrow the search)" if search.next_cursor else ""
                self.say(f"{count} member{'s' if count != 1 else ''} found by {how}{more}. "
                         "Enter on a member opens their account.", kind="ok")

    def show(self, hits: list[AgentMemberHit], result: str) -> None:
        self.hits = hits
        options = self.query_one("#hits", OptionList)
        options.clear_options()
        options.add_options([Option(hit_line(h), id=h.member_id) for h in hits])
        options.set_class(bool(hits), "-shown")
        self.query_one("#result", Static).update(result)
        self.query_one("#answer").set_class(bool(result), "-shown")
        if hits:
            options.highlighted = 0
            options.focus()

    def failed(self, action: str, error: BaseException) -> bool:
        from hcpay.api import errors

        if action != "lookup" or not isinstance(error, errors.PortalError):
            return False
        if error.code == "access_reason_required":
            self.query_one("#reason", Input).focus()
        self.show([], "")
        self.say(error.detail, kind="error")
        self.query_one("#query", Input).focus()
        return True

    @on(OptionList.OptionSelected, "#hits")
    def _open(self, event: OptionList.OptionSelected) -> None:
        from screens.agent_member import AgentMemberScreen

        if event.option.id is None:
            return
        if not self.reason:  # cleared since the lookup
            self.say(NEED_REASON, kind="error")
            self.query_one("#reason", Input).focus()
            return
        self.app.push_screen(AgentMemberScreen(event.option.id, self.reason))

    # -- keys --------------------------------------------------------------------------------

    def action_guide(self) -> None:
        from screens.agent_guide import AgentGuideScreen

        self.app.push_screen(AgentGuideScreen(self.last_flow))

    def action_new_call(self) -> None:
        self.query_one("#reason", Input).value = ""
        self.query_one("#query", Input).value = ""
        self.show([], "")
        self.last_flow = None
        self.say("New call: type the reason for it first.", kind="info")
        self.query_one("#reason", Input).focus()

    def action_back(self) -> None:
        self.show([], "")
        self.say("")
        query = self.query_one("#query", Input)
        query.value = ""
        query.focus()

    async def action_sign_out(self) -> None:
        await self.hc.sign_out()
