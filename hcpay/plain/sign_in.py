"""Sign in: Step 1 of 2, username and password (and whether to be remembered); Step 2 of 2,
the two-step code, asked only when the account has two-step sign-in on (the controller knows)."""

from __future__ import annotations

from hcpay.domain.i18n import _
from hcpay.flows.account_controllers import SignInController
from hcpay.flows.controller import Draft
from hcpay.plain import create_account
from hcpay.plain.flow_runner import FlowRunner, LeaveFlow
from hcpay.plain.session import PlainSession


class SignInRunner(FlowRunner):
    def intro(self) -> None:
        self.p.say("")
        self.p.say(_("Sign in. Step 2, the two-step code, is asked only when your account has "
                   "two-step sign-in on."))


def run(session: PlainSession) -> bool:
    """Sign in; True when signed in."""
    draft = Draft()
    remembered = session.connection.remembered
    if remembered is not None and remembered.username:
        draft.values.update(username=remembered.username, remember_me="yes")
    controller = SignInController(session.client, draft)
    try:
        SignInRunner(session, controller).run()
    except LeaveFlow:
        return create_account.verify(session, draft.values["username"],
                                     draft.values["password"])
    username = draft.values.get("username", "").strip()
    draft.forget("password", "otp")
    session.signed_in(username, remember=draft.values.get("remember_me") == "yes")
    session.p.say(_("Signed in as {username}.").format(username=username))
    return True
