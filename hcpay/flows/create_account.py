"""Create an account: the five steps a new member goes through (and an agent reads out)."""

from __future__ import annotations

from hcpay.flows import checks
from hcpay.flows.model import Field, Flow, KeyHint, Step

INBOX = KeyHint("inbox", "f4", "inbox", "read the sandbox inbox, where the code is")
RESEND = KeyHint("resend", "f6", "resend", "send a new code (the old one stops working)")

CREATE_ACCOUNT = Flow(
    name="create_account",
    title="Create an account",
    help="You need your date of birth, your Social Security number and an email address.",
    steps=(
        Step(
            1, "Personal details",
            fields=(
                Field("first_name", "First name", placeholder="as on your insurance card",
                      help="Your first name as it is on your insurance card."),
                Field("last_name", "Last name",
                      help="Your last name as it is on your insurance card."),
                Field(
                    "date_of_birth", "Date of birth", kind="date", placeholder="YYYY-MM-DD",
                    check=checks.birth_date, help="For example 1980-04-30 or 04/30/1980.",
                ),
                Field(
                    "ssn", "Social Security number", kind="ssn", placeholder="123-45-6789",
                    check=checks.ssn,
                    help="Used once to match you to your coverage; stored encrypted, and only "
                    "the last 4 digits are ever shown.",
                ),
            ),
            help="Type your name as it appears on your insurance card.",
        ),
        Step(
            2, "Contact details",
            fields=(
                Field(
                    "email", "Email address", kind="email", placeholder="name@example.com",
                    check=checks.email, help="Your verification code is sent here.",
                ),
                Field(
                    "phone", "Mobile phone (optional)", kind="phone", required=False,
                    placeholder="617-555-0100", check=checks.phone,
                    help="Optional: a mobile number such as 617-555-0100. Leave it empty "
                    "and we write to your email only.",
                ),
            ),
            help="We send your verification code and payment receipts to this address.",
        ),
        Step(
            3, "Username and password",
            fields=(
                Field("username", "Username", kind="username", check=checks.username,
                      help="The name you sign in with: 3 to 32 letters, digits, dots, dashes "
                      "or underscores."),
                Field(
                    "password", "Password", kind="new_password", check=checks.new_password,
                    help="The list under the field shows which rules are met as you type.",
                ),
                Field(
                    "confirm_password", "Type the password again", kind="confirm_password",
                    check=checks.confirm_password,
                    help="The same password once more, so that a typing slip cannot lock "
                    "you out.",
                ),
            ),
            help="Choose a long password you use nowhere else; a phrase of several words works.",
            submit_label="Create account",
        ),
        Step(
            4, "Verify your identity",
            fields=(
                Field(
                    "code", "Verification code", kind="code", placeholder="6 digits",
                    check=checks.six_digit_code,
                    help="We sent a 6-digit code to your email; it works for 15 minutes.",
                ),
            ),
            help="Type the 6-digit code we sent to your email. It expires in 15 minutes; "
            "after 5 wrong tries ask for a new one.",
            keys=(INBOX, RESEND),
            submit_label="Verify",
        ),
        Step(
            5, "Done",
            help="Your account is ready. Continue to see what you owe and when it is due.",
            submit_label="Go to my dashboard",
        ),
    ),
)
