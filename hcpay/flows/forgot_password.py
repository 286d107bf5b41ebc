"""Forgot password: ask for a reset, read the code from the email, choose a new password."""

from __future__ import annotations

from hcpay.flows import checks
from hcpay.flows.model import Field, Flow, KeyHint, Step

INBOX = KeyHint("inbox", "f4", "inbox", "read the sandbox inbox, where the reset code is")

FORGOT_PASSWORD = Flow(
    name="forgot_password",
    title="Reset your password",
    steps=(
        Step(
            1, "Find your account",
            fields=(Field("username_or_email", "Username or email address"),),
            help="We send a reset code to the email address on your account. For your safety "
            "we say the same thing whether or not the account exists.",
            submit_label="Send reset code",
        ),
        Step(
            2, "Reset code",
            fields=(
                Field(
                    "token", "Reset code or link", placeholder="from the email we sent",
                    check=checks.reset_code,
                    help="Paste the code, or the whole link, from the email. It works for "
                    "30 minutes and only once.",
                ),
            ),
            help="Open the email we sent and copy the reset code or link into the field.",
            keys=(INBOX,),
        ),
        Step(
            3, "New password",
            fields=(
                Field(
                    "new_password", "New password", kind="new_password",
                    check=checks.new_password,
                ),
                Field(
                    "confirm_password", "Type the new password again", kind="confirm_password",
                    check=checks.confirm_password,
                ),
            ),
            help="Every place you were signed in is signed out when the password changes.",
            submit_label="Change password",
        ),
        Step(4, "Done", help="Your password is changed. Sign in with the new one.",
             submit_label="Back to sign in"),
    ),
)
