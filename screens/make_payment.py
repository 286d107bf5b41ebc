"""Make a Payment: the seven steps of hcpay.flows.make_payment in the shared wizard.

The member's bills and saved methods are read first; then Enter at each step, with what is
filled in, pays the amount due from the default method today. A new card or bank account goes
to the gateway only (step 4); the payment is one request with one Idempotency-Key per review,
so a second Enter, a timeout or a retry never charges twice."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo

from textual import work
from textual.binding import Binding, BindingType
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState

from hcpay.domain import cards
from hcpay.flows import make_payment as mp
from screens import problems
from screens.pay_wizard import PayWizardScreen
from screens.reference_box import ReferenceBox

if TYPE_CHECKING:
    from hcpay.api.models import GatewayToken, Payment

PORTAL_TZ = ZoneInfo("America/New_York")  # the portal's billing calendar (portal settings)


class MakePaymentScreen(PayWizardScreen):
    SIGNED_IN = True
    LOAD_WORKER = "load_payment"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy_reference", "Copy reference", id="copy_reference",
                tooltip="Copy the reference number to the clipboard"),
    ]
    HELP = (
        "Make a payment in seven steps. What is due, today's date and your default method are "
        "filled in, so Enter at each step pays what is due. Esc goes back a step; nothing you "
        "typed is lost. Your card and bank numbers go only to the payment processor."
    )

    def __init__(self, values: dict[str, str] | None = None) -> None:
        given = set(values or {})
        super().__init__(mp.MAKE_PAYMENT, values)
        for name in set(self.values) - given:  # the member's own defaults come with the bills
            if name != "_step":
                del self.values[name]
        self.ctx: mp.PayContext | None = None
        self.payment: Payment | None = None
        self.submitting = False

    def on_mount(self) -> None:
        super().on_mount()
        self.load()

    # -- the member's figures ------------------------------------------------------------------

    @work(exclusive=True, exit_on_error=False, group="payment-load", name="load_payment")
    async def load(self) -> None:
        from hcpay.api.pages import every_invoice

        self.say("Reading what you owe and your saved payment methods…", kind="busy")
        client = await self.hc.portal()
        summary, invoices, methods = await asyncio.gather(
            client.summary(), every_invoice(client, "open"), client.payment_methods()
        )
        today = summary.as_of.astimezone(PORTAL_TZ).date()
        self.ctx = mp.PayContext(
            today=today, due_cents=summary.balance_due_cents,
            invoices=tuple(invoices), methods=tuple(methods),
            next_due=summary.next_due.due_date if summary.next_due else None,
        )
        self.values[mp.TODAY] = today.isoformat()
        self.flow = mp.for_member(self.ctx, self.values)
        for name, default in self.flow.defaults().items():
            if not self.values.get(name):
                self.values[name] = default
        await self.show_step(self.number)

    def rebuild(self) -> None:
        if self.ctx is not None:
            self.flow = mp.for_member(self.ctx, self.values)

    async def show_step(self, number: int, found: dict[str, str] | None = None) -> None:
        await super().show_step(number, found)
        if number == mp.CONFIRMATION and self.payment is not None:
            host = self.query_one("#form-host")
            await host.mount(ReferenceBox(self.payment.reference))
            lines = mp.confirmation_lines(self.payment)
            await host.mount(Static("\n".join(lines), id="confirmation", markup=False))
            self.say("Press c to copy the reference; Enter goes back to the dashboard.")
            self.query_one("#continue", Button).focus()

    # -- going on and back ---------------------------------------------------------------------

    def action_continue(self) -> None:
        if self.ctx is None:
            self.say("Still reading your bills; one moment…", kind="busy")
            return
        if self.submitting:
            self.say("Your payment is being sent; please wait for the answer.", kind="busy")
            return
        if self.number == mp.DETAILS and self._token_still_good():
            self.call_later(self.step_done, None)
            return
        if self.number == mp.SUBMIT:
            mp.idempotency_key(self.values)
            self.submitting = True
            self.query_one("#continue", Button).disabled = True
        super().action_continue()

    def _token_still_good(self) -> bool:
        return bool(self.values.get(mp.TOKEN)) and (
            self.values.get(mp.TOKEN_FOR) == mp.details_fingerprint(self.values)
        )

    async def step_done(self, result: Any) -> None:
        number = self.number
        if number == mp.METHOD and not mp.uses_new_method(self.values):
            await self.show_step(mp.REVIEW)
            return
        if number == mp.DETAILS and result is not None:
            self._keep_token(result)
        if number == mp.SUBMIT:
            self.payment = result
            mp.forget_attempt(self.values)
            mp.forget_numbers(self.values)
            await self.show_step(mp.CONFIRMATION)
            return
        await super().step_done(result)

    def _keep_token(self, token: GatewayToken) -> None:
        if token.kind == "card":
            label = cards.mask_last4(token.last4, token.brand) + " (new card)"
        else:
            kind = self.values.get("account_type", "checking")
            label = f"{kind.capitalize()} account •••• {token.last4} (new account)"
        self.values[mp.TOKEN] = token.token
        self.values[mp.TOKEN_LABEL] = label
        self.values[mp.TOKEN_FOR] = mp.details_fingerprint(self.values)

    async def finished(self, result: Any) -> None:
        self.dismiss(self.payment)

    async def action_back(self) -> None:
        if self.submitting:
            self.say("Your payment is being sent; wait for the answer first.", kind="busy")
            return
        if self.number == mp.CONFIRMATION:
            self.dismiss(self.payment)
            return
        if self.number == mp.REVIEW and not mp.uses_new_method(self.values):
            await self.show_step(mp.METHOD)
            return
        await super().action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy_reference":
            return self.number == mp.CONFIRMATION and self.payment is not None
        return True

    def action_copy_reference(self) -> None:
        if self.payment is None:
            return
        self.app.copy_to_clipboard(self.payment.reference)
        self.say(f"Copied {self.payment.reference} to the clipboard.", kind="ok")

    # -- failures ------------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "wizard" and event.state in (
            WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED
        ):
            self.submitting = False
        # BaseScreen's handler runs after this one by itself (Textual calls each class's
        # handler in turn): calling it here too said every failure twice.

    def failed(self, action: str, error: BaseException) -> bool:
        from hcpay.api import errors

        if problems.is_session_over(error):
            return False  # the app asks for the password again over this screen
        if action == "load_payment":
            self.say(f"{problems.describe(error)} Press Esc to go back.", kind="error")
            return True
        if isinstance(error, errors.PaymentDeclined):
            self._declined(error)
            return True
        if isinstance(error, errors.PortalError) and error.errors:
            fields: dict[str, str] = {}
            for item in error.errors:
                name = mp.ERROR_FIELDS.get(item.field, item.field)
                fields.setdefault(name, item.message)
            steps = [self.flow.step_of_field(name) for name in fields]
            known = [s for s in steps if s is not None]
            if known:
                self.call_later(self.show_step, min(known), fields)
                self.call_later(self.say, f"{error.detail} Fix what is marked with ✗.",
                                kind="error")
                return True
        if self.number == mp.SUBMIT:
            self.say(
                f"{problems.describe(error)} Your payment may or may not have reached us: "
                "press Enter to send it again. It is the same payment, so it is never charged "
                "twice.", kind="error",
            )
            return True
        return super().failed(action, error)

    def _declined(self, error: Any) -> None:
        code = str(error.code)
        target = mp.decline_step(code, self.values)
        mp.forget_attempt(self.values)  # a one-time token is used up; the next try is new
        # The portal's words say why and what to do; ours only when it gave none.
        said = error.detail != type(error).default_detail
        advice = "" if said else " " + mp.decline_advice(code, error.decline_code)
        message = f"Declined: {error.detail}{advice} Everything you typed is kept."

        async def go_back() -> None:
            await self.show_step(target)
            self.say(message, kind="error")

        self.call_later(go_back)
