"""Troubleshooting: "I can't sign in" (seed case 1): check the username, wait out a lock, reset
the password with a link sent by email, recovery codes for two-step sign-in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from hcpay.domain.i18n import N_, _
from hcpay.flows.model import Flow, Step
from hcpay.flows.troubleshoot import Finding, Guide

if TYPE_CHECKING:
    from hcpay.api import PortalClient

FLOW = Flow(
    name="troubleshoot_login",
    title=N_("Can't sign in"),
    steps=(
        Step(1, N_("Check the username"),
             help=N_("Usernames are not case sensitive but must be spelled exactly; it is not "
             "your email address unless you chose it as your username.")),
        Step(2, N_("Check the password"),
             help=N_("Passwords are case sensitive: check Caps Lock. Ctrl+T shows what you "
                     "typed.")),
        Step(3, N_("Wait if the account is locked"),
             help=N_("After 5 wrong passwords in a row sign-in is locked for 15 minutes; the "
             "message says how long is left. A reset code works at once.")),
        Step(4, N_("Reset the password"),
             help=N_("Forgot password, where you sign in, or Send a reset code in this guide, "
             "emails a reset code that works once, for 15 minutes. Every device is signed "
             "out when the password changes.")),
        Step(5, N_("Lost your two-step phone"),
             help=N_("Sign in with one of your recovery codes instead of the 6-digit code, then "
             "turn two-step sign-in off and on again in Settings (in the full-screen app).")),
    ),
    help=N_("For a member who cannot sign in, or who helps someone who cannot."),
)


def _mask(email: str) -> str:
    name, _unused, domain = email.partition("@")
    return f"{name[:1]}***@{domain}" if domain else "***"


async def look(client: PortalClient, values: Mapping[str, str]) -> Finding:
    me = await client.me()
    return Finding((
        f"You are signed in now, so this account works: its username is the one you used "
        f"here, and reset codes go to {_mask(me.email)}.",
        _("If you cannot sign in on another computer, follow the steps below; Send a reset "
        "code, in this guide, sends one now (step 4)."),
    ), step=4)


async def send_reset(client: PortalClient, values: Mapping[str, str]) -> Finding:
    me = await client.me()
    await client.request_password_reset(me.email)
    return Finding((
        f"✓ A reset code was sent to {_mask(me.email)}. It works once, for 15 minutes.",
        _("In the sandbox the email is in the sandbox inbox."),
    ), step=4)


GUIDE = Guide("login", FLOW, look, act=send_reset, act_label="Send a reset code",
              act_key="r")
