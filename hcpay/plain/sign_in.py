"""Sign in: Step 1 of 2, username and password (and whether to be remembered); Step 2 of 2,
the two-step code, asked only when the account has two-step sign-in on."""

from __future__ import annotations

from typing import Any

from hcpay.flows import SIGN_IN
from hcpay.plain import create_account
from hcpay.plain.flow_runner import DONE, FlowRunner
from hcpay.plain.session import PlainSession

TWO_STEP = 2


class NeedsVerification(Exception):
    """The account exists but was never verified."""


class SignInRunner(FlowRunner):
    def after_step(self, number: int, result: Any) -> int:
        return DONE  # signed in, after step 1 or after the code of step 2

    def failed(self, number: int, error: BaseException) -> int:
        from hcpay.api import errors

        if isinstance(error, errors.OtpRequired):
            self.p.say("Two-step sign-in is on for this account.")
            self.history.append(number)
            return TWO_STEP
        if isinstance(error, errors.NotVerified):
            raise NeedsVerification from error
        if isinstance(error, errors.OtpInvalid):
            self.p.error(error.detail)
            return TWO_STEP
        if isinstance(error, errors.NotSignedIn | errors.AccountLocked):
            self.values["password"] = ""
            self.values["otp"] = ""
            self.history.clear()
            super().failed(1, error)
            return 1
        return super().failed(number, error)

    def intro(self) -> None:
        self.p.say("")
        self.p.say("Sign in. Step 2, the two-step code, is asked only when your account has "
                   "two-step sign-in on.")


def run(session: PlainSession) -> bool:
    """Sign in; True when signed in."""
    values: dict[str, str] = {}
    remembered = session.connection.remembered
    if remembered is not None and remembered.username:
        values.update(username=remembered.username, remember_me="yes")
    runner = SignInRunner(session, SIGN_IN, values)
    try:
        runner.run()
    except NeedsVerification:
        session.p.error("This account is not verified yet. Type the verification code from "
                        "your email to finish it.")
        return create_account.verify(session, values["username"], values["password"])
    username = values.get("username", "").strip()
    values["password"] = ""
    values["otp"] = ""
    session.signed_in(username, remember=values.get("remember_me") == "yes")
    session.p.say(f"Signed in as {username}.")
    return True
