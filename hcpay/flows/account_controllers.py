"""The account flows' behaviour, once for every face: create an account (the SSN refused as
soon as it is typed, the code step after the account exists, a new code on request), reset a
forgotten password (the reset code's shape checked when it is pasted) and sign in (the
two-step code asked only when the account has it on)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from hcpay.domain.i18n import _
from hcpay.flows import checks
from hcpay.flows.actions import resend_verification, sign_in
from hcpay.flows.controller import Action, Controller, Draft, Failure, Note
from hcpay.flows.create_account import CREATE_ACCOUNT, RESEND
from hcpay.flows.forgot_password import FORGOT_PASSWORD
from hcpay.flows.model import Field
from hcpay.flows.sign_in import SIGN_IN

if TYPE_CHECKING:
    from hcpay.api import PortalClient

DETAILS, CONTACT, CREDENTIALS, VERIFY, READY = range(1, 6)
FIND, CODE, NEW_PASSWORD, RESET_DONE = range(1, 5)
PASSWORD_STEP, TWO_STEP = 1, 2


class CreateAccountController(Controller):
    base = CREATE_ACCOUNT

    def __init__(self, client: PortalClient | None = None, draft: Draft | None = None,
                 start: int = DETAILS) -> None:
        super().__init__(client, draft)
        self.start = start
        self.username = ""
        self.today: date | None = None

    async def load(self) -> list[Note]:
        config = await self.client.config()  # the portal's date, for the date of birth
        self.today = config.today
        return await super().load()

    def check(self, name: str, value: str) -> str | None:
        if name == "date_of_birth" and value.strip():
            return checks.birth_date(value, self.values, today=self.today)
        return super().check(name, value)

    def first_step(self) -> int:
        return self.start

    def can_go_back(self, number: int) -> bool:
        return 1 < number < VERIFY  # once the account exists its details cannot change

    def action(self, number: int) -> Action | None:
        return {CREDENTIALS: self._create, VERIFY: self._verify, READY: self._sign_in}.get(number)

    def busy(self, number: int) -> str:
        return {CREDENTIALS: _("Creating your account"), VERIFY: _("Checking the code"),
                READY: _("Signing you in")}.get(number, super().busy(number))

    async def _create(self) -> Any:
        v = self.values
        return await self.client.create_account(
            first_name=v["first_name"].strip(), last_name=v["last_name"].strip(),
            date_of_birth=checks.normalise_date(v["date_of_birth"]),
            ssn=checks.digits(v["ssn"]), email=v["email"].strip(),
            phone=checks.digits(v.get("phone", "")) or None,
            username=v["username"].strip(), password=v["password"],
        )

    async def _verify(self) -> Any:
        return await self.client.verify_account(self.values["username"].strip(),
                                                checks.digits(self.values["code"]))

    async def _sign_in(self) -> Any:
        return await self.client.login(self.values["username"].strip(),
                                       self.values["password"])

    def done(self, number: int, result: Any) -> list[Note]:
        if number == CREDENTIALS:
            self.draft.forget("ssn", "confirm_password")
            return [Note(_("Your account is made. We sent a 6-digit code to "
                         "{sent_to}.").format(sent_to=result.verification.sent_to), "ok")]
        if number == VERIFY:
            return [Note(_("Your account is verified."), "ok")]
        if number == READY:
            self.username = self.values.get("username", "").strip()
            self.result = result
            self.draft.forget("password", "confirm_password", "code")
        return []

    async def command(self, name: str, answer: str = "") -> list[Note]:
        if name == RESEND.name:
            await resend_verification(self.client, self.values)
            return [Note(_("A new code is on its way; the old one no longer works."), "ok")]
        return await super().command(name)


class ForgotPasswordController(Controller):
    base = FORGOT_PASSWORD

    def can_go_back(self, number: int) -> bool:
        return 1 < number < RESET_DONE

    def action(self, number: int) -> Action | None:
        return {FIND: self._request, CODE: self._check, NEW_PASSWORD: self._confirm}.get(number)

    async def _request(self) -> Any:
        return await self.client.request_password_reset(
            self.values["username_or_email"].strip())

    async def _check(self) -> Any:
        return await self.client.check_password_reset(
            self.values["username_or_email"].strip(), checks.reset_code_typed(self.values["code"]))

    async def _confirm(self) -> Any:
        return await self.client.confirm_password_reset(
            self.values["username_or_email"].strip(), checks.reset_code_typed(self.values["code"]),
            self.values["new_password"])

    def done(self, number: int, result: Any) -> list[Note]:
        if number == FIND:
            return [Note(_("If that account exists, a reset code is on its way to its email."),
                         "ok")]
        if number == NEW_PASSWORD:
            self.draft.forget("code", "new_password", "confirm_password")
            return [Note(_("Your password is changed. Sign in with the new one."), "ok")]
        return []

    def finished_value(self) -> str | None:
        username = self.values.get("username_or_email", "").strip()
        return username if username and "@" not in username else None


class SignInController(Controller):
    base = SIGN_IN

    def __init__(self, client: PortalClient | None = None, draft: Draft | None = None) -> None:
        super().__init__(client, draft)
        self.needs_code = False
        self.needs_verification = False
        self.tried = False  # a sign-in was refused: "Remember me?" was answered already

    def asks(self, spec: Field) -> bool:
        return not (self.tried and spec.name == "remember_me")

    def applies(self, number: int) -> bool:
        return number != TWO_STEP or self.needs_code

    def action(self, number: int) -> Action | None:
        async def call() -> Any:
            return await sign_in(self.client, self.values)

        return call

    def busy(self, number: int) -> str:
        return _("Signing in")

    def done(self, number: int, result: Any) -> list[Note]:
        self.result = result
        self.needs_code = False  # signed in: nothing more to ask
        return []

    def next_step(self, number: int) -> int:
        return TWO_STEP if self.needs_code and number == PASSWORD_STEP else 0

    def failure(self, number: int, error: BaseException) -> Failure:
        from hcpay.api import errors

        if isinstance(error, errors.OtpRequired):
            self.needs_code = True
            return Failure(TWO_STEP, _("Two-step sign-in is on for this account."))
        if isinstance(error, errors.NotVerified):
            self.needs_verification = True
            return Failure(number, _("This account is not verified yet. Type the verification "
                           "code from your email to finish it."), leave=True)
        if isinstance(error, errors.OtpInvalid):
            self.draft.refuse("otp", self.values.get("otp", ""))
            return Failure(TWO_STEP, error.detail, {"otp": error.detail})
        if isinstance(error, errors.NotSignedIn | errors.AccountLocked):
            self.tried = True
            self.draft.forget("password", "otp")
            self.needs_code = False
            return Failure(PASSWORD_STEP, error.detail)
        return super().failure(number, error)
