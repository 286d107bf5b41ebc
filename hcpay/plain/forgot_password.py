"""Forgot password: the four steps of ``hcpay.flows.forgot_password``. After step 1 the
sandbox inbox is read out with the reset code in it (type inbox at step 2 to hear it again)."""

from __future__ import annotations

from typing import Any

from hcpay.flows import FORGOT_PASSWORD
from hcpay.plain import inbox
from hcpay.plain.flow_runner import FlowRunner
from hcpay.plain.session import PlainSession

FIND, CODE, NEW_PASSWORD, DONE_STEP = range(1, 5)


class ForgotPasswordRunner(FlowRunner):
    def before_action(self, number: int) -> None:
        if number == FIND:
            inbox.mark_read(self.s)

    def after_step(self, number: int, result: Any) -> int:
        if number == FIND:
            self.p.say("If that account exists, a reset code is on its way to its email.")
            if self.s.sandbox:
                inbox.read_new(self.s)
        if number == NEW_PASSWORD:
            self.history.clear()
        return super().after_step(number, result)

    def extra_commands(self, number: int) -> dict[str, Any]:
        return {"inbox": lambda: inbox.read_new(self.s, again=True)} if number == CODE else {}

    def show(self, number: int) -> None:
        super().show(number)
        if number == CODE and self.s.sandbox:
            self.p.say("Type inbox to hear the sandbox inbox again.")


def run(session: PlainSession) -> None:
    values: dict[str, str] = {}
    ForgotPasswordRunner(session, FORGOT_PASSWORD, values).run()
    for name in ("token", "new_password", "confirm_password"):
        values[name] = ""
