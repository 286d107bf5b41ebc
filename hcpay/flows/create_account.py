"""Create an account: the five steps a new member goes through (and an agent reads out)."""

from __future__ import annotations

from hcpay.domain.i18n import N_
from hcpay.flows import checks
from hcpay.flows.model import Field, Flow, KeyHint, Step

INBOX = KeyHint("inbox", "f4", "inbox", N_("read the sandbox inbox, where the code is"))
RESEND = KeyHint("resend", "f6", "resend", N_("send a new code (the old one stops working)"))

CREATE_ACCOUNT = Flow(
    name="create_account",
    title=N_("Create an account"),
    help=N_("You need your date of birth, your Social Security number and an email address."),
    steps=(
        Step(
            1, N_("Personal details"),
            fields=(
                Field("first_name", N_("First name"),
                      placeholder=N_("as on your insurance card"),
                      help=N_("Your first name as it is on your insurance card.")),
                Field("last_name", N_("Last name"),
                      help=N_("Your last name as it is on your insurance card.")),
                Field(
                    "date_of_birth", N_("Date of birth"), kind="date", placeholder="YYYY-MM-DD",
                    check=checks.birth_date, help=N_("For example 1980-04-30 or 04/30/1980."),
                ),
                Field(
                    "ssn", N_("Social Security number"), kind="ssn", placeholder="123-45-6789",
                    check=checks.ssn,
                    help=N_("Used once to match you to your coverage; stored encrypted, and only "
                    "the last 4 digits are ever shown."),
                ),
            ),
            help=N_("Type your name as it appears on your insurance card."),
        ),
        Step(
            2, N_("Contact details"),
            fields=(
                Field(
                    "email", N_("Email address"), kind="email", placeholder="name@example.com",
                    check=checks.email, help=N_("Your verification code is sent here."),
                ),
                Field(
                    "phone", N_("Mobile phone (optional)"), kind="phone", required=False,
                    placeholder="617-555-0100", check=checks.phone,
                    help=N_("Optional: a mobile number such as 617-555-0100. Leave it empty "
                            "and we write to your email only."),
                ),
            ),
            help=N_("We send your verification code and payment receipts to this address."),
        ),
        Step(
            3, N_("Username and password"),
            fields=(
                Field("username", N_("Username"), kind="username", check=checks.username,
                      help=N_("The name you sign in with: 3 to 32 letters, digits, dots, "
                      "dashes or underscores.")),
                Field(
                    "password", N_("Password"), kind="new_password", check=checks.new_password,
                    help=N_("The list under the field shows which rules are met as you type."),
                ),
                Field(
                    "confirm_password", N_("Type the password again"), kind="confirm_password",
                    check=checks.confirm_password,
                    help=N_("The same password once more, so that a typing slip cannot lock "
                            "you out."),
                ),
            ),
            help=N_("Choose a long password you use nowhere else; a phrase of several words "
                    "works."),
            submit_label=N_("Create account"),
        ),
        Step(
            4, N_("Verify your identity"),
            fields=(
                Field(
                    "code", N_("Verification code"), kind="code", placeholder=N_("6 digits"),
                    check=checks.six_digit_code,
                    help=N_("We sent a 6-digit code to your email; it works for 15 minutes."),
                ),
            ),
            help=N_("Type the 6-digit code we sent to your email. It expires in 15 minutes; "
            "after 5 wrong tries ask for a new one."),
            keys=(INBOX, RESEND),
            submit_label=N_("Verify"),
        ),
        Step(
            5, N_("Done"),
            help=N_("Your account is ready. Continue to see what you owe and when it is due."),
            submit_label=N_("Go to my dashboard"),
        ),
    ),
)
