"""SSN shape rules shared by the sign-up screen and the portal."""

from __future__ import annotations

import pytest

from hcpay.domain.ssn import is_valid_ssn, normalise_ssn, ssn_last4, ssn_problem


@pytest.mark.parametrize("text", ["212-34-5678", "212345678", "212 34 5678", " 665-99-0001 "])
def test_valid_shapes(text: str) -> None:
    assert is_valid_ssn(text)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("21-234-5678", "9-digit"),
        ("2123456789", "9-digit"),
        ("abc-de-fghi", "9-digit"),
        ("000-12-3456", "000, 666 or 9"),
        ("666-12-3456", "000, 666 or 9"),
        ("900-12-3456", "000, 666 or 9"),
        ("212-00-3456", "middle two"),
        ("212-34-0000", "last four"),
        ("078-05-1120", "published example"),
        ("123-45-6789", "published example"),
    ],
)
def test_invalid_shapes_say_why(text: str, says: str) -> None:
    problem = ssn_problem(text)
    assert problem is not None and says in problem
    assert text.strip() not in problem  # never echoes the number


def test_normalise_and_last4() -> None:
    assert normalise_ssn("212-34-5678") == "212345678"
    assert ssn_last4("212 34 5678") == "5678"
