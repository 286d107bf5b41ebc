"""The agent's money actions on a member: refund part or all of a payment, add a credit, waive a
fee. One dialog each, keyboard only: Enter moves to the next field and, on the reason, sends;
Esc cancels. The dialog makes the call itself, so a refusal ("Refund $8.00 or less ...") is
shown under the fields with everything typed kept; on success it answers the adjustment (its
reference ADJ-XXXX-XXXX is what the agent reads to the caller)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static
from textual.worker import Worker, WorkerState

from hcpay.domain.money import AmountError, parse_amount
from screens import fmt
from screens.services import services

if TYPE_CHECKING:
    from hcpay.api.models import AgentAdjustment

# The portal's field names, and the input each one is typed in.
FIELDS = {"amount_cents": "amount", "reason": "reason", "payment_reference": "payment"}
KIND_WORDS = {"refund": "Refund a payment", "credit": "Add a credit",
              "fee_waiver": "Waive a fee"}


class MoneyActionScreen(ModalScreen["AgentAdjustment | None"]):
    """``kind``: refund | credit | fee_waiver. Answers the adjustment made, or None."""

    DEFAULT_CSS = """
    MoneyActionScreen { align: center middle; }
    MoneyActionScreen #box { width: 76; max-width: 100%; height: auto; border: heavy $accent;
                             padding: 0 1; background: $panel; }
    MoneyActionScreen Label { margin-top: 1; }
    MoneyActionScreen #problem { height: auto; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="money_cancel"),
    ]

    def __init__(
        self, kind: str, member_id: str, member_name: str, *, payment_reference: str = "",
        credit_cents: int | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.member_id = member_id
        self.member_name = member_name
        self.payment_reference = payment_reference
        self.credit_cents = credit_cents

    def compose(self) -> ComposeResult:
        credit = (f" The member's credit is {fmt.money(self.credit_cents)}."
                  if self.credit_cents is not None else "")
        if self.kind == "refund":
            rule = ("Up to what is left of the payment and not more than the member's credit;"
                    " the money goes back to the card or account it came from." + credit)
        else:
            rule = "Up to $100.00 at a time; above that a supervisor adds it." + credit
        with Vertical(id="box"):
            yield Static(f"[b]{KIND_WORDS[self.kind]} for {escape(self.member_name)}[/b]\n"
                         f"{escape(rule)}\nEnter moves on; Enter on the reason sends it. "
                         "Esc cancels.")
            if self.kind == "refund":
                yield Label("Payment reference")
                yield Input(self.payment_reference, placeholder="HCP-XXXX-XXXX", id="payment",
                            max_length=40)
            yield Label("Amount in dollars")
            yield Input(placeholder="for example 50.00", id="amount", max_length=20)
            yield Label("Reason (the member reads it; at least 10 characters)")
            yield Input(placeholder="for example Paid twice on the same day", id="reason",
                        max_length=500)
            yield Static("", id="problem")

    def on_mount(self) -> None:
        self.query_one("#amount", Input).focus()

    @on(Input.Submitted, "#payment")
    def _payment_given(self) -> None:
        self.query_one("#amount", Input).focus()

    @on(Input.Submitted, "#amount")
    def _amount_given(self) -> None:
        self.query_one("#reason", Input).focus()

    def _problem(self, text: str, field: str | None = None) -> None:
        self.query_one("#problem", Static).update(f"Problem: {text}")
        if field:
            self.query_one(f"#{field}", Input).focus()

    @on(Input.Submitted, "#reason")
    def _send(self) -> None:
        try:
            cents = parse_amount(self.query_one("#amount", Input).value)
        except AmountError as exc:
            self._problem(exc.message, "amount")
            return
        reference = (self.query_one("#payment", Input).value.strip()
                     if self.kind == "refund" else "")
        if self.kind == "refund" and not reference:
            self._problem("Type the reference of the payment to refund (HCP-XXXX-XXXX).",
                          "payment")
            return
        self.query_one("#problem", Static).update("Sending…")
        self.act(cents, reference, self.query_one("#reason", Input).value)

    @work(exclusive=True, exit_on_error=False, group="agent-money", name="money")
    async def act(self, cents: int, reference: str, reason: str) -> None:
        client = await services(self).portal()
        if self.kind == "refund":
            done = await client.agent_refund(self.member_id, reference, cents, reason)
        else:
            done = await client.agent_adjust(self.member_id, cents, self.kind, reason)
        self.dismiss(done)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state != WorkerState.ERROR or error is None:
            return
        from screens import problems

        if problems.is_session_over(error):
            self.dismiss(None)
            services(self).end_session(problems.describe(error))
            return
        from hcpay.api.errors import PortalError

        fields = error.field_messages() if isinstance(error, PortalError) else {}
        if isinstance(error, PortalError) and error.code == "refund_too_high":
            fields = {"amount_cents": error.detail}
        focus = next((FIELDS[name] for name in fields if name in FIELDS), None)
        self._problem(problems.describe(error), focus)

    def action_cancel(self) -> None:
        self.dismiss(None)


def done_words(done: AgentAdjustment) -> str:
    """What the agent reads to the caller once it is done."""
    amount = fmt.money(done.amount_cents)
    if done.kind == "refund":
        left = fmt.money(done.unrefunded_cents or 0)
        return (f"Refunded {amount} of {done.payment_reference} (reference {done.reference}); "
                f"{left} of that payment is not refunded.")
    what = "Fee waiver" if done.kind == "fee_waiver" else "Credit"
    return (f"{what} of {amount} added (reference {done.reference}); the member's credit is "
            f"now {fmt.money(done.credit_cents)}.")
