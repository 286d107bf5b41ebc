"""Sign in: username and password, then a two-step code when the member has turned it on."""

from __future__ import annotations

from hcpay.flows import checks
from hcpay.flows.model import Field, Flow, Step

SIGN_IN = Flow(
    name="sign_in",
    title="Sign in",
    steps=(
        Step(
            1, "Username and password",
            fields=(
                Field("username", "Username", placeholder="your username",
                      help="The username you chose when you created your account."),
                Field("password", "Password", kind="secret", placeholder="your password",
                      help="Passwords are case-sensitive. After 5 wrong tries in a row, "
                      "sign-in is paused for 15 minutes; Forgot password sets a new one."),
                Field(
                    "remember_me", "Remember me on this computer", kind="checkbox",
                    required=False,
                    help="Keeps your username, and keeps you signed in while the session "
                    "lasts. Your password is never stored.",
                ),
            ),
            submit_label="Sign in",
        ),
        Step(
            2, "Two-step code",
            fields=(
                Field(
                    "otp", "Code from your authenticator app", kind="code",
                    placeholder="6 digits", check=checks.otp_code,
                    help="The 6 digits your authenticator app shows for hcpay now (a new code "
                    "comes every 30 seconds), or one of your recovery codes.",
                ),
            ),
            help="Two-step sign-in is on for this account: type the 6-digit code your "
            "authenticator app shows now, or one of your recovery codes.",
            submit_label="Sign in",
        ),
    ),
)
