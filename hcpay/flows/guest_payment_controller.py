"""Pay without signing in, once for every face: the portal's today read first (for the date of
birth and the card's expiry), the bill found by member id and date of birth or a pay code (a
guest token for 15 minutes), the amount checked against what may be paid, a new card or
account checked once by the processor (never saved), one Idempotency-Key per reviewed payment,
and each failure turned into the step to go back to, with what was typed kept."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hcpay.domain.i18n import N_, _
from hcpay.flows import checks, new_method, pay_checks
from hcpay.flows import guest_payment as gp
from hcpay.flows import make_payment as mp
from hcpay.flows.controller import Action, Controller, Draft, Failure, Note, fingerprint
from hcpay.flows.make_payment_controller import (
    declined_words,
    method_label_of_token,
    payment_error_fields,
    unsure_send,
)
from hcpay.flows.model import Flow, KeyHint

if TYPE_CHECKING:
    from datetime import date

    from hcpay.api import PortalClient
    from hcpay.api.models import GuestPass, Payment


@dataclass
class GuestDraft(Draft):
    """The guest payment being made: the guest token, the new method's one-time token (and
    the details it was made from) and the key of the reviewed payment."""

    guest_token: str = ""
    found_for: str = ""
    token: str | None = None
    token_label: str = ""
    token_for: str = ""
    key: str | None = None
    key_for: str = ""
    allow_duplicate: bool = False  # the payer said "pay again" to a possible duplicate

    def forget_attempt(self) -> None:
        self.token, self.token_label, self.token_for = None, "", ""
        self.key, self.key_for = None, ""


class GuestPaymentController(Controller):
    base = gp.GUEST_PAYMENT
    loading = N_("Opening the portal")

    def __init__(self, client: PortalClient | None = None,
                 draft: GuestDraft | None = None) -> None:
        self.guest: GuestDraft = draft if draft is not None else GuestDraft()
        super().__init__(client, self.guest)
        self.today: date | None = None
        self.ctx: gp.GuestContext | None = None
        self.payment: Payment | None = None
        self.last_key: str | None = None  # the Idempotency-Key the last payment was sent with

    async def load(self) -> list[Note]:
        config = await self.client.config()  # the portal's date (no sign-in needed)
        self.today = config.today
        return await super().load()

    def flow(self) -> Flow:
        if self.ctx is None:
            return self.base
        return gp.for_guest(self.ctx, self.values, self.guest.token_label)

    def check(self, name: str, value: str) -> str | None:
        if name == "date_of_birth":
            if gp.by_pay_code(self.values):
                return None
            if not value.strip():
                return _("Enter the date of birth (not needed with a pay code).")
            return checks.birth_date(value, self.values, today=self.today)
        return super().check(name, value)

    def asks(self, spec: Any) -> bool:
        return not (spec.name == "date_of_birth" and gp.by_pay_code(self.values))

    def applies(self, number: int) -> bool:
        return number != gp.DETAILS or mp.uses_new_method(self.values)

    def can_go_back(self, number: int) -> bool:
        return 1 < number < gp.CONFIRMATION

    def keys(self, number: int | None) -> tuple[KeyHint, ...]:
        return (gp.COPY,) if number == gp.CONFIRMATION and self.payment is not None else ()

    def notes(self, number: int) -> list[Note]:
        if number == gp.DETAILS and self._token_still_good():
            return [Note(_("Already checked: {method}.").format(method=self.guest.token_label))]
        return []

    # -- the calls -----------------------------------------------------------------------------

    def _found_for(self) -> str:
        return fingerprint(self.values.get("member_id", "") + "|"
                           + self.values.get("date_of_birth", ""))

    def action(self, number: int) -> Action | None:
        if number == gp.FIND and not (self.guest.guest_token
                                      and self.guest.found_for == self._found_for()):
            return self._look_up
        if number == gp.DETAILS and not self._token_still_good():
            return self._check_new_method
        if number == gp.REVIEW:
            return self._submit
        return None

    def busy(self, number: int) -> str:
        return _({gp.FIND: N_("Looking for the bill"),
                  gp.REVIEW: N_("Your payment is being sent")}.get(
            number, N_("Checking with the payment processor")))

    async def _look_up(self) -> GuestPass:
        typed = self.values.get("member_id", "")
        code = gp.pay_code_typed(typed) if gp.by_pay_code(self.values) else None
        if code is not None:
            return await self.client.guest_lookup(pay_code=code)
        born = checks.parse_date(self.values.get("date_of_birth", ""))
        return await self.client.guest_lookup(member_id=gp.member_id_typed(typed) or typed,
                                              date_of_birth=born)

    def _token_still_good(self) -> bool:
        return bool(self.guest.token) and self.guest.token_for == mp.details_fingerprint(
            self.values)

    async def _check_new_method(self) -> list[Note]:
        token = await new_method.tokenize(self.client, self.values)
        self.guest.token = token.token
        self.guest.token_label = method_label_of_token(
            token, self.values.get("account_type", "checking"))
        self.guest.token_for = mp.details_fingerprint(self.values)
        return [Note(_("Checked: {method}.").format(method=self.guest.token_label), "ok")]

    def amount_cents(self) -> int:
        amount = pay_checks.cents(self.values.get("amount", ""))
        if amount is None:
            raise ValueError("the amount was not checked before submitting")
        return amount

    def idempotency_key(self) -> str:
        """One key per reviewed payment (the same for a retry, a new one when it changes)."""
        digest = self._digest()
        if self.guest.key_for != digest or not self.guest.key:
            self.guest.key, self.guest.key_for = str(uuid.uuid4()), digest
        return self.guest.key

    def _digest(self) -> str:
        return fingerprint(f"{self.amount_cents()}|{self.guest.token}|"
                           f"{self.guest.allow_duplicate}")

    def use_key(self, key: str) -> None:
        """Send the payment under ``key`` (a script that reruns after an unknown outcome)."""
        self.guest.key, self.guest.key_for = key, self._digest()

    async def _submit(self) -> Payment:
        if not self.guest.token:
            raise ValueError("the new card or account was not checked before submitting")
        self.last_key = self.idempotency_key()
        return await self.client.guest_pay(
            self.guest.guest_token, self.amount_cents(), self.guest.token,
            idempotency_key=self.last_key, allow_duplicate=self.guest.allow_duplicate)

    def done(self, number: int, result: Any) -> list[Note]:
        if number == gp.FIND:
            self.guest.guest_token = result.guest_token
            self.guest.found_for = self._found_for()
            today = result.today or self.today
            assert today is not None
            self.ctx = gp.GuestContext(
                today=today, initial=result.first_name_initial,
                due_cents=result.balance_due_cents,
                next_due=result.next_due.due_date if result.next_due else None,
                cap_cents=result.max_payment_cents)
            self.values["amount"] = ""
            self.fill_defaults()
            return [Note(gp.greeting(self.ctx), "ok")]
        if number == gp.DETAILS and isinstance(result, list):
            return result
        if number == gp.REVIEW:
            self.payment = self.result = result
            self.guest.forget_attempt()
            self.draft.forget(*mp.SECRET_FIELDS)
        return []

    def finished_value(self) -> Payment | None:
        return self.payment

    # -- failures ------------------------------------------------------------------------------

    def failure(self, number: int, error: BaseException) -> Failure:
        from hcpay.api import errors

        if number == gp.FIND and isinstance(error, errors.NotFound):
            self.draft.refuse("date_of_birth", self.values.get("date_of_birth", ""))
            return Failure(gp.FIND, error.detail, {"member_id": _("Check it against your bill.")})
        if isinstance(error, errors.AccountLocked | errors.RateLimited):
            return Failure(gp.FIND, error.detail)
        if isinstance(error, errors.NotSignedIn):  # the guest token's 15 minutes are over
            self.guest.guest_token, self.guest.found_for = "", ""
            return Failure(gp.FIND, _("Your 15 minutes to pay are over; nothing was charged. "
                                      "Find the bill again (a pay code works only once: use "
                                      "the member id and date of birth, or ask for a new "
                                      "code)."))
        if isinstance(error, errors.PaymentDeclined):
            return self._declined(error)
        if isinstance(error, errors.PossibleDuplicate) and number == gp.REVIEW:
            self.guest.allow_duplicate = True  # paying now once more is the explicit yes
            return Failure(gp.REVIEW, _("{detail} Nothing was charged. To pay again anyway, pay "
                                        "now once more; otherwise go back and change "
                                        "it.").format(detail=error.detail))
        if isinstance(error, errors.Conflict) and number == gp.REVIEW:
            return Failure(gp.REVIEW, error.detail)
        found = super().failure(number, error)
        return unsure_send(gp.REVIEW, found, error) if number == gp.REVIEW else found

    def error_fields(self, error: Any) -> dict[str, str]:
        return payment_error_fields(error)

    def _declined(self, error: Any) -> Failure:
        code = str(error.code)
        target = gp.DETAILS if mp.decline_step(code, self.values) == mp.DETAILS else gp.METHOD
        self.guest.forget_attempt()
        return Failure(target, declined_words(error, self.values, self.draft))
