"""Create an account: the five steps of ``hcpay.flows.create_account``. After step 3 the
sandbox inbox is read out, so the verification code for step 4 is heard right there (type
inbox at step 4 to hear it again, or resend for a new code); step 5 signs the new member in."""

from __future__ import annotations

from typing import Any

from hcpay.flows import CREATE_ACCOUNT
from hcpay.plain import inbox
from hcpay.plain.flow_runner import FlowRunner
from hcpay.plain.session import PlainSession

DETAILS, CONTACT, CREDENTIALS, VERIFY, DONE_STEP = range(1, 6)


class CreateAccountRunner(FlowRunner):
    def before_action(self, number: int) -> None:
        if number in (CREDENTIALS, VERIFY):
            inbox.mark_read(self.s)

    def after_step(self, number: int, result: Any) -> int:
        if number == CREDENTIALS:
            self.p.say(f"Your account is made. We sent a 6-digit code to "
                       f"{result.verification.sent_to}.")
            inbox.read_new(self.s)
            self.history.clear()  # the account exists: its details cannot be typed again
        if number == VERIFY:
            self.p.say("Your account is verified.")
            self.history.clear()
        return super().after_step(number, result)

    def extra_commands(self, number: int) -> dict[str, Any]:
        if number != VERIFY:
            return {}
        return {"inbox": self._inbox, "resend": self._resend}

    def _inbox(self) -> None:
        inbox.read_new(self.s, again=True)

    def _resend(self) -> None:
        from hcpay.api import PortalError

        inbox.mark_read(self.s)
        try:
            self.s.call(lambda: self.s.client.resend_verification(self.values["username"]))
        except PortalError as error:
            self.p.error(error.detail)
            return
        self.p.say("A new code is on its way.")
        inbox.read_new(self.s)

    def show(self, number: int) -> None:
        super().show(number)
        if number == VERIFY:
            self.p.say("Type inbox to hear the sandbox inbox again, or resend for a new code.")


def run(session: PlainSession) -> bool:
    """Create an account; True when the new member is signed in at the end."""
    values: dict[str, str] = {}
    CreateAccountRunner(session, CREATE_ACCOUNT, values).run()
    return _signed_in(session, values)


def verify(session: PlainSession, username: str, password: str) -> bool:
    """Step 4 and 5 for an account made earlier (its sign-in said it is not verified)."""
    values = {"username": username, "password": password}
    runner = CreateAccountRunner(session, CREATE_ACCOUNT, values)
    runner.p.say("Type resend for a new code, or inbox to hear the sandbox inbox.")
    runner.run(start=VERIFY)
    return _signed_in(session, values)


def _signed_in(session: PlainSession, values: dict[str, str]) -> bool:
    username = values.get("username", "").strip()
    for name in ("password", "confirm_password"):
        values[name] = ""
    if not session.client.signed_in:
        return False
    session.signed_in(username)
    session.p.say(f"Signed in as {username}.")
    return True
