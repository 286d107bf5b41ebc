"""Create an account: the five steps of ``hcpay.flows.create_account``, walked by its
controller. After step 3 the sandbox inbox is read out, so the verification code for step 4 is
heard right there (type inbox at step 4 to hear it again, or resend for a new code); step 5
signs the new member in."""

from __future__ import annotations

from hcpay.domain.i18n import _
from hcpay.flows.account_controllers import VERIFY, CreateAccountController
from hcpay.flows.controller import Draft
from hcpay.plain.flow_runner import FlowRunner
from hcpay.plain.session import PlainSession


def run(session: PlainSession) -> bool:
    """Create an account; True when the new member is signed in at the end."""
    return _walk(session, CreateAccountController(session.client))


def verify(session: PlainSession, username: str, password: str) -> bool:
    """Steps 4 and 5 for an account made earlier (its sign-in said it is not verified)."""
    draft = Draft({"username": username, "password": password})
    return _walk(session, CreateAccountController(session.client, draft, start=VERIFY))


def _walk(session: PlainSession, controller: CreateAccountController) -> bool:
    FlowRunner(session, controller).run()
    if not session.client.signed_in or not controller.username:
        return False
    session.signed_in(controller.username)
    session.p.say(_("Signed in as {username}.").format(username=controller.username))
    return True
