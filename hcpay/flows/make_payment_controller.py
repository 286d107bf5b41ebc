"""Make a Payment's behaviour, once for every face: the member's figures read first (what is
due, the credit, the cap, today), each answer checked as it is given (the cap at step 1), step 4
skipped for a saved method, a new card or account checked once by the processor (and saved for
next time when asked), one Idempotency-Key per reviewed payment, and each failure turned into
the step to go back to: a decline, a field the portal refused, or an answer lost on the way."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hcpay.domain.i18n import N_, _
from hcpay.facts import labels
from hcpay.flows import make_payment as mp
from hcpay.flows import new_method, pay_checks
from hcpay.flows.controller import (
    Action,
    Controller,
    Draft,
    Failure,
    Note,
    monthly_premium,
    portal_today,
)
from hcpay.flows.model import Flow, KeyHint

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import GatewayToken, Payment, PaymentMethod

COPY = KeyHint("copy_reference", "c", "reference", N_("hear the reference number again"))


@dataclass
class PayDraft(Draft):
    """The payment being made: what was typed, the new method's token (and the details it was
    made from), the method saved from it, and the key of the reviewed payment."""

    token: str | None = None
    token_label: str = ""
    token_for: str = ""
    saved: PaymentMethod | None = None
    key: str | None = None
    key_for: str = ""

    def forget_attempt(self) -> None:
        """After a definite answer (paid, or declined): the next attempt is a new payment,
        and a new card must be checked again (the processor's one-time token is used up)."""
        self.token, self.token_label, self.token_for = None, "", ""
        self.key, self.key_for = None, ""


def method_label_of_token(token: GatewayToken, account_type: str = "checking") -> str:
    if token.kind == "card":
        return _("{method} (new card)").format(
            method=labels.label("card", token.brand, token.last4))
    return _("{method} (new account)").format(
        method=labels.label("bank_account", None, token.last4, account_type))


class MakePaymentController(Controller):
    base = mp.MAKE_PAYMENT

    def __init__(self, client: PortalClient | None = None, draft: PayDraft | None = None) -> None:
        self.pay: PayDraft = draft if draft is not None else PayDraft()
        super().__init__(client, self.pay)
        self.ctx: mp.PayContext | None = None
        self.payment: Payment | None = None
        self._just_checked = False  # the new method was checked a moment ago

    async def load(self) -> list[Note]:
        from hcpay.api.pages import every_invoice

        client = self.client
        summary, open_bills, recent, methods = await asyncio.gather(
            client.summary(), every_invoice(client, "open"), client.invoices("all", limit=24),
            client.payment_methods(),
        )
        cap = summary.balance_due_cents + monthly_premium(recent.items)
        if summary.reinstatement is not None:
            cap = max(cap, summary.reinstatement.amount_cents)
        self.ctx = mp.PayContext(
            today=portal_today(summary), due_cents=summary.balance_due_cents,
            invoices=tuple(open_bills), methods=tuple(methods),
            next_due=summary.next_due.due_date if summary.next_due else None,
            credit_cents=summary.credit_cents, cap_cents=cap,
        )
        return await super().load()

    def flow(self) -> Flow:
        if self.ctx is None:
            return self.base
        return mp.for_member(self.ctx, self.values, self.pay.token_label)

    def applies(self, number: int) -> bool:
        if number == mp.DETAILS:
            return mp.uses_new_method(self.values)
        return True

    def can_go_back(self, number: int) -> bool:
        return 1 < number < mp.CONFIRMATION

    def notes(self, number: int) -> list[Note]:
        if number == mp.DATE and self.ctx is not None and self.ctx.due_cents > 0:
            day = mp.chosen_date(self.ctx, self.values)
            late = pay_checks.after_due(day, self.ctx.next_due)
            return [Note(late, "warn")] if late else []
        if number == mp.DETAILS and self._just_checked:
            self._just_checked = False  # "Checked: ..." was just said: not "Already checked"
            return []
        if number == mp.DETAILS and self._token_still_good():
            return [Note(_("Already checked: {token_label}.").format(
                token_label=self.pay.token_label))]
        return []

    def keys(self, number: int | None) -> tuple[KeyHint, ...]:
        return (COPY,) if number == mp.CONFIRMATION and self.payment is not None else ()

    # -- the calls -----------------------------------------------------------------------------

    def action(self, number: int) -> Action | None:
        if number == mp.DETAILS and not self._token_still_good():
            return self._check_new_method
        if number == mp.SUBMIT:
            return self._submit
        return None

    def busy(self, number: int) -> str:
        if number == mp.SUBMIT:
            return _("Your payment is being sent")
        return _("Checking with the payment processor")

    def _token_still_good(self) -> bool:
        return bool(self.pay.token or self.pay.saved) and (
            self.pay.token_for == mp.details_fingerprint(self.values))

    async def _check_new_method(self) -> list[Note]:
        values = self.values
        token = await new_method.tokenize(self.client, values)
        self.pay.token = token.token
        self.pay.token_label = method_label_of_token(token, values.get("account_type", "checking"))
        self.pay.token_for = mp.details_fingerprint(values)
        self.pay.saved = None
        said = [Note(_("Checked: {token_label}.").format(token_label=self.pay.token_label), "ok")]
        if values.get(mp.SAVE) == "yes":
            saved = await self.client.add_payment_method(token.token)
            self.pay.saved = saved
            self.pay.token = None  # the one-time token became the saved method
            self.pay.token_label = mp.short_method_label(saved)
            said.append(Note(_("Saved for next time: {token_label}.").format(
                token_label=self.pay.token_label), "ok"))
        return said

    def request(self) -> mp.PaymentRequest:
        assert self.ctx is not None
        saved = self.pay.saved.payment_method_id if self.pay.saved else None
        return mp.payment_request(self.ctx, self.values, token=self.pay.token, method_id=saved)

    def idempotency_key(self) -> str:
        """One key per reviewed payment: the same key for as long as what is sent stays the
        same (a second try, a retry after a timeout), a new one when anything in it changes."""
        digest = self.request().digest()
        if self.pay.key_for != digest or not self.pay.key:
            self.pay.key, self.pay.key_for = str(uuid.uuid4()), digest
        return self.pay.key

    async def _submit(self) -> Payment:
        request = self.request()
        key = self.idempotency_key()
        return await self.client.pay(
            request.amount_cents, payment_method_id=request.payment_method_id,
            token=request.token, scheduled_for=request.scheduled_for,
            invoice_ids=list(request.invoice_ids) or None, idempotency_key=key,
        )

    def done(self, number: int, result: Any) -> list[Note]:
        if number == mp.DETAILS and isinstance(result, list):
            self._just_checked = True
            return result
        if number == mp.SUBMIT:
            self.payment = self.result = result
            self.pay.forget_attempt()
            self.draft.forget(*mp.SECRET_FIELDS)  # paid: the numbers typed are dropped
        return []

    def finished_value(self) -> Payment | None:
        return self.payment

    # -- failures ------------------------------------------------------------------------------

    def failure(self, number: int, error: BaseException) -> Failure:
        from hcpay.api import errors

        if isinstance(error, errors.PaymentDeclined):
            return self._declined(error)
        if isinstance(error, errors.Conflict) and number == mp.SUBMIT:
            return Failure(mp.SUBMIT, error.detail)
        found = super().failure(number, error)
        return unsure_send(mp.SUBMIT, found, error) if number == mp.SUBMIT else found

    def error_fields(self, error: Any) -> dict[str, str]:
        return payment_error_fields(error)

    def _declined(self, error: Any) -> Failure:
        code = str(error.code)
        target = mp.decline_step(code, self.values)
        self.pay.forget_attempt()  # a one-time token is used up; the next try is new
        self.pay.saved = None
        return Failure(target, declined_words(error, self.values, self.draft))


def unsure_send(step: int, found: Failure, error: BaseException) -> Failure:
    """At the step that sends a payment, a call whose outcome is unknown (``explain``) is sent
    again with the same key: said so, at that step."""
    if found.explain is None:
        return found
    return Failure(step, _("Your payment may or may not have reached us: send it again. It is "
                           "the same payment, so it is never charged twice."), explain=error)


def payment_error_fields(error: Any) -> dict[str, str]:
    """The portal's field errors on the fields of the payment flows that hold them."""
    fields: dict[str, str] = {}
    for item in error.errors:
        fields.setdefault(mp.ERROR_FIELDS.get(item.field, item.field), item.message)
    return fields


def declined_words(error: Any, values: Mapping[str, str], draft: Draft) -> str:
    """A decline said once: the portal's words (ours only when it gave none); the refused card
    value is marked so the same one is not sent again, and everything else is kept."""
    code = str(error.code)
    refused = {"expired_card": "card_expiry", "incorrect_cvc": "card_cvc"}.get(
        code, "card_number")
    if values.get("method") == mp.NEW_CARD:
        draft.refuse(refused, values.get(refused, ""))
    said = error.detail != type(error).default_detail
    advice = "" if said else " " + mp.decline_advice(code, error.decline_code)
    return _("Declined: {detail}{advice} Everything else you typed is kept.").format(
        detail=error.detail, advice=advice)
