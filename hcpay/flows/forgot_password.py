"""Forgot password: ask for a reset, read the code from the email, choose a new password."""

from __future__ import annotations

from hcpay.domain.i18n import N_
from hcpay.flows import checks
from hcpay.flows.model import Field, Flow, KeyHint, Step

INBOX = KeyHint("inbox", "f4", "inbox", N_("read the sandbox inbox, where the reset code is"))

FORGOT_PASSWORD = Flow(
    name="forgot_password",
    title=N_("Reset your password"),
    steps=(
        Step(
            1, N_("Find your account"),
            fields=(Field("username_or_email", N_("Username or email address"),
                          help=N_("The username you sign in with, or the email address on "
                          "your account.")),),
            help=N_("We send a reset code to the email address on your account. For your safety "
            "we say the same thing whether or not the account exists."),
            submit_label=N_("Send reset code"),
        ),
        Step(
            2, N_("Reset code"),
            fields=(
                Field(
                    "code", N_("Reset code"), placeholder=N_("like 7K2M-9QX4"),
                    check=checks.reset_code,
                    help=N_("The 8 letters and digits in the reset message, like 7K2M-9QX4; "
                    "capitals, spaces and dashes do not matter. It works once, for 15 "
                    "minutes, and 5 wrong tries end it."),
                ),
            ),
            help=N_("Open the reset message we sent and type the reset code from it."),
            keys=(INBOX,),
        ),
        Step(
            3, N_("New password"),
            fields=(
                Field(
                    "new_password", N_("New password"), kind="new_password",
                    check=checks.new_password,
                    help=N_("At least 12 characters; not a common password; not your name, "
                            "username or email. The list under the field shows which rules "
                            "are met."),
                ),
                Field(
                    "confirm_password", N_("Type the new password again"), kind="confirm_password",
                    check=checks.confirm_password,
                    help=N_("The same new password once more, so that a typing slip cannot "
                            "lock you out."),
                ),
            ),
            help=N_("Every place you were signed in is signed out when the password changes."),
            submit_label=N_("Change password"),
        ),
        Step(4, N_("Done"), help=N_("Your password is changed. Sign in with the new one."),
             submit_label=N_("Back to sign in")),
    ),
)
