"""Forgot password: the four steps of ``hcpay.flows.forgot_password``, walked by its controller.
The sandbox inbox is read out after step 1 (type inbox at step 2 to hear it again)."""

from __future__ import annotations

from hcpay.flows.account_controllers import ForgotPasswordController
from hcpay.plain.flow_runner import FlowRunner
from hcpay.plain.session import PlainSession


def run(session: PlainSession) -> None:
    FlowRunner(session, ForgotPasswordController(session.client)).run()
