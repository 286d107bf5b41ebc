"""Sign in: username and password, then a two-step code when the member has turned it on."""

from __future__ import annotations

from hcpay.domain.i18n import N_
from hcpay.flows import checks
from hcpay.flows.model import Field, Flow, Step

SIGN_IN = Flow(
    name="sign_in",
    title=N_("Sign in"),
    steps=(
        Step(
            1, N_("Username and password"),
            fields=(
                Field("username", N_("Username"), placeholder=N_("your username"),
                      help=N_("The username you chose when you created your account.")),
                Field("password", N_("Password"), kind="secret", placeholder=N_("your password"),
                      help=N_("Passwords are case-sensitive. After 5 wrong tries in a row, "
                      "sign-in is paused for 15 minutes; Forgot password sets a new one.")),
                Field(
                    "remember_me", N_("Remember me on this computer"), kind="checkbox",
                    required=False,
                    help=N_("Keeps your username, and keeps you signed in while the session "
                    "lasts. Your password is never stored."),
                ),
            ),
            submit_label=N_("Sign in"),
        ),
        Step(
            2, N_("Two-step code"),
            fields=(
                Field(
                    "otp", N_("Code from your authenticator app"), kind="code",
                    placeholder=N_("6 digits"), check=checks.otp_code,
                    help=N_("The 6 digits your authenticator app shows for hcpay now (a new "
                    "code comes every 30 seconds), or one of your recovery codes."),
                ),
            ),
            help=N_("Two-step sign-in is on for this account: type the 6-digit code your "
            "authenticator app shows now, or one of your recovery codes."),
            submit_label=N_("Sign in"),
        ),
    ),
)
