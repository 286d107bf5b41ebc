"""Make a Payment: the seven steps of ``hcpay.flows.make_payment``, with this member's amount
due, today's date and default method as the defaults, so Enter at each question pays what is
due. A saved method skips step 4 (new card or bank account details); a new card or account goes
to the gateway only. The payment is sent with one Idempotency-Key per review, so sending again
after a lost answer never charges twice. The reference number is read out in groups."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from hcpay.flows import make_payment as mp
from hcpay.flows.model import Flow
from hcpay.plain import problems
from hcpay.plain import words as w
from hcpay.plain.flow_runner import DONE, FlowRunner
from hcpay.plain.session import PlainSession

if TYPE_CHECKING:
    from hcpay.api.models import GatewayToken, Payment

PORTAL_TZ = ZoneInfo("America/New_York")  # the portal's billing calendar (portal settings)


class MakePaymentRunner(FlowRunner):
    def __init__(self, session: PlainSession, ctx: mp.PayContext) -> None:
        super().__init__(session, mp.MAKE_PAYMENT, {})
        self.ctx = ctx
        self.values.clear()  # the member's own defaults come from the member's flow
        self.values[mp.TODAY] = ctx.today.isoformat()
        for name, default in mp.for_member(ctx, self.values).defaults().items():
            self.values.setdefault(name, default)
        self.payment: Payment | None = None

    def current_flow(self) -> Flow:
        return mp.for_member(self.ctx, self.values)

    def show(self, number: int) -> None:
        if number == mp.CONFIRMATION and self.payment is not None:
            self.p.say("")
            self.p.say(self.current_flow().heading(number) + ".")
            self.confirmation(self.payment)
            return
        super().show(number)
        if number == mp.DETAILS and self._token_still_good():
            self.p.say(f"Already checked: {self.values[mp.TOKEN_LABEL]}.")

    def before_action(self, number: int) -> None:
        if number == mp.SUBMIT:
            mp.idempotency_key(self.values)

    def ask_step(self, number: int) -> None:
        if number == mp.CONFIRMATION:
            self.p.pause("go back to the main menu")
            return
        super().ask_step(number)

    async def _act(self, step: Any) -> Any:
        if step.number == mp.DETAILS and self._token_still_good():
            return None  # the details were checked before and have not changed
        return await super()._act(step)

    def _token_still_good(self) -> bool:
        return bool(self.values.get(mp.TOKEN)) and (
            self.values.get(mp.TOKEN_FOR) == mp.details_fingerprint(self.values)
        )

    def after_step(self, number: int, result: Any) -> int:
        if number == mp.AMOUNT:
            self._say_amount()
        if number == mp.METHOD and not mp.uses_new_method(self.values):
            return mp.REVIEW
        if number == mp.DETAILS and result is not None:
            self._keep_token(result)
        if number == mp.SUBMIT:
            self.payment = result
            mp.forget_attempt(self.values)
            mp.forget_numbers(self.values)
            self.history.clear()  # paid: nothing before can be changed now
            return mp.CONFIRMATION
        if number == mp.CONFIRMATION:
            return DONE
        return super().after_step(number, result)

    def _say_amount(self) -> None:
        amount_field = self.current_flow().step(mp.AMOUNT).field("amount")
        if amount_field.live is not None:
            said = amount_field.live(self.values.get("amount", ""), self.values)
            if said:
                self.p.say(said)

    def _keep_token(self, token: GatewayToken) -> None:
        if token.kind == "card":
            label = w.method("card", token.brand, token.last4) + " (new card)"
        else:
            kind = self.values.get("account_type", "checking")
            label = w.method("bank_account", None, token.last4, kind) + " (new account)"
        self.values[mp.TOKEN] = token.token
        self.values[mp.TOKEN_LABEL] = label
        self.values[mp.TOKEN_FOR] = mp.details_fingerprint(self.values)
        self.p.say(f"Checked: {label}.")

    def failed(self, number: int, error: BaseException) -> int:
        from hcpay.api import errors

        if isinstance(error, errors.PaymentDeclined):
            code = str(error.code)
            target = mp.decline_step(code, self.values)
            mp.forget_attempt(self.values)  # a one-time token is used up; the next try is new
            self.p.error(f"Declined. {error.detail} {mp.decline_advice(code, error.decline_code)}"
                         " Everything you typed is kept.")
            return target
        if isinstance(error, errors.PortalError) and error.errors:
            fields: dict[str, str] = {}
            for item in error.errors:
                fields.setdefault(mp.ERROR_FIELDS.get(item.field, item.field), item.message)
            known = [s for s in map(self.current_flow().step_of_field, fields) if s]
            if known:
                self.p.error(error.detail)
                self._say_fields(fields)
                return min(known)
        if number == mp.SUBMIT:
            self.p.error(f"{problems.describe(error)} Your payment may or may not have reached "
                         "us. Press Enter to send it again: it is the same payment, so it is "
                         "never charged twice.")
            return mp.SUBMIT
        return super().failed(number, error)

    def confirmation(self, payment: Payment) -> None:
        self.p.lines(mp.confirmation_lines(payment))
        self.p.say(f"Your reference number is {payment.reference}.")
        self.p.say(f"Read out in groups: {w.grouped(payment.reference)}.")
        self.p.say(f"Spelled with words: {mp.spoken(payment.reference)}.")
        self.p.say("Quote it if you call us. History has it too.")


def load(session: PlainSession) -> mp.PayContext:
    client = session.client

    async def read() -> mp.PayContext:
        from hcpay.api.pages import every_invoice

        summary = await client.summary()
        invoices = await every_invoice(client, "open")
        methods = await client.payment_methods()
        today: date = summary.as_of.astimezone(PORTAL_TZ).date()
        return mp.PayContext(
            today=today, due_cents=summary.balance_due_cents, invoices=tuple(invoices),
            methods=tuple(methods),
            next_due=summary.next_due.due_date if summary.next_due else None,
        )

    return session.call(read, working="Reading what you owe and your payment methods. "
                        "Working...")


def run(session: PlainSession) -> Payment | None:
    runner = MakePaymentRunner(session, load(session))
    runner.run()
    return runner.payment
