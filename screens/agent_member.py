"""One member on one screen, as the agent sees it (masked): balance, coverage, methods by last
4, invoices, payments with their attempts, autopay and notes. n adds a note, r sends a
password reset code (after a yes), f refunds a payment, c adds a credit, w waives a fee (each
with its own reason, shown to the member), p makes a one-use pay code for a guest payment (after
a yes) to read to the caller, F5 reads it again; every call carries the call's reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from hcpay.domain.i18n import N_, _
from screens.agent_text import member_text
from screens.base import BaseScreen
from screens.footer import KeyFooter

if TYPE_CHECKING:
    from hcpay.api.models import AgentAdjustment, AgentMemberView


class AgentMemberScreen(BaseScreen):
    SIGNED_IN = True
    DEFAULT_CSS = """
    AgentMemberScreen #reason-line { padding: 0 1; color: $text-muted; }
    AgentMemberScreen #member { padding: 0 1; border-left: blank; }
    AgentMemberScreen #member:focus { border-left: outer $accent; }
    AgentMemberScreen #status { padding: 0 1; }
    """
    HELP = N_(
        "One member's account as you may see it: email masked; phone, SSN and payment methods "
        "by their last 4. Arrow keys and Page Up/Down scroll. n adds a note, r sends the member "
        "a password reset code (you are asked first), f refunds a payment, c adds a credit, w "
        "waives a fee (each asks for a reason the member reads), p makes a one-use pay code "
        "the caller types into Pay without signing in (you are asked first; the call's reason "
        "goes with it), F2 shows a flow's numbered steps, Esc goes back to the console."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "note", "Add note", id="agent_note", tooltip="Write a note on the account"),
        Binding("r", "reset", "Send reset code", id="agent_reset",
                tooltip="Email the member a single-use password reset code (asks first)"),
        Binding("f", "money('refund')", "Refund", id="agent_refund",
                tooltip="Refund part or all of a payment, with a reason"),
        Binding("c", "money('credit')", "Credit", id="agent_credit",
                tooltip="Add a credit to the account, with a reason"),
        Binding("w", "money('fee_waiver')", "Waive fee", id="agent_fee_waiver",
                tooltip="Waive a fee, with a reason"),
        Binding("p", "pay_link", N_("Pay link"), id="agent_pay_link",
                tooltip=N_("Make a one-use pay code (24 hours) for a guest payment")),
        Binding("f2", "guide", "Guide", id="agent_member_guide"),
        Binding("f5", "reload", "Reload", id="agent_reload", tooltip="Read the account again"),
        Binding("escape", "back", "Back", id="agent_member_back",
                tooltip="Back to the console"),
    ]

    def __init__(self, member_id: str, reason: str) -> None:
        super().__init__()
        self.member_id = member_id
        self.reason = reason
        self.view: AgentMemberView | None = None
        self.pay_code = ""  # the last pay code made here, to read to the caller

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Call reason: {self.reason}", id="reason-line", markup=False)
        with VerticalScroll(id="member", can_focus=True):
            yield Static("Reading the account…", id="member-text")
        yield Static("", id="status", classes="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = f"Member {self.member_id}"
        self.query_one("#member").focus()
        self.load()

    @work(exclusive=True, exit_on_error=False, group="agent-member", name="view")
    async def load(self) -> None:
        client = await self.hc.portal()
        view = await client.agent_member(self.member_id, self.reason)
        self.view = view
        self.title = f"{view.name} ({view.member_id})"
        self.query_one("#member-text", Static).update(member_text(view))

    def action_reload(self) -> None:
        self.load()

    def action_note(self) -> None:
        from screens.agent_modals import NoteScreen

        def save(text: str | None) -> None:
            if text:
                self.add_note(text)

        name = self.view.name if self.view else self.member_id
        self.app.push_screen(NoteScreen(name), save)

    @work(exclusive=True, exit_on_error=False, group="agent-member", name="note")
    async def add_note(self, text: str) -> None:
        client = await self.hc.portal()
        await client.agent_add_note(self.member_id, text, self.reason)
        self.say("Note saved on the account.", kind="ok")
        self.load()

    def action_reset(self) -> None:
        from screens.agent_modals import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.send_reset()
            else:
                self.say("No reset code sent.", kind="info")

        where = self.view.email_masked if self.view else "the member's email"
        self.app.push_screen(ConfirmScreen(
            f"Send a password reset code to {where}? It works once, for 15 minutes."
        ), answer)

    @work(exclusive=True, exit_on_error=False, group="agent-member", name="reset")
    async def send_reset(self) -> None:
        client = await self.hc.portal()
        sent = await client.agent_send_password_reset(self.member_id, self.reason)
        self.say(f"Reset link sent by {sent.channel} to {sent.sent_to}. It works once, for 30 "
                 "minutes.", kind="ok")

    def action_money(self, kind: str) -> None:
        from screens.agent_money import MoneyActionScreen, done_words

        def finished(done: AgentAdjustment | None) -> None:
            if done is None:
                self.say("Nothing was changed.", kind="info")
                return
            self.say(done_words(done), kind="ok")
            self.load()

        view = self.view
        paid = [p.reference for p in view.payments if p.status == "succeeded"] if view else []
        self.app.push_screen(MoneyActionScreen(
            kind, self.member_id, view.name if view else self.member_id,
            payment_reference=paid[0] if paid else "",
            credit_cents=view.credit_cents if view else None,
        ), finished)

    def action_pay_link(self) -> None:
        from screens.agent_modals import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.make_pay_link()
            else:
                self.say(_("No pay code made."), kind="info")

        name = self.view.name if self.view else self.member_id
        self.app.push_screen(ConfirmScreen(
            _("Make a one-use pay code for {name}? The caller types it into Pay without signing "
              "in instead of the member id and date of birth; it works once, for 24 hours, and "
              "the member is told.").format(name=name)
        ), answer)

    @work(exclusive=True, exit_on_error=False, group="agent-member", name="pay_link")
    async def make_pay_link(self) -> None:
        from hcpay.flows.guest_payment import pay_code_words

        client = await self.hc.portal()
        link = await client.agent_pay_link(self.member_id, self.reason)
        self.pay_code = link.url_code
        said = pay_code_words(link.url_code, link.expires_at.date())
        self.say(_("{said} Reference {reference}.").format(said=said, reference=link.reference)
                 if link.reference else said, kind="ok")
        self.load()

    def action_guide(self) -> None:
        from screens.agent_guide import AgentGuideScreen

        self.app.push_screen(AgentGuideScreen(None))

    def action_back(self) -> None:
        self.dismiss(None)
