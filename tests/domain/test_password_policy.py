"""The password policy the portal enforces and the client shows while typing."""

from __future__ import annotations

from hcpay.domain.password_policy import (
    MAX_LENGTH,
    MIN_LENGTH,
    check_password,
    common_passwords,
    is_common,
    strength_hint,
)


def _rules(password: str, **who: str) -> set[str]:
    return {p.rule for p in check_password(password, **who)}


def test_blocklist_ships_at_least_10000_passwords() -> None:
    listed = common_passwords()
    assert len(listed) >= 10_000
    assert {"123456", "password", "qwerty", "iloveyou"} <= listed


def test_good_passphrase_passes_every_rule() -> None:
    assert check_password("violet harbor lantern 9", username="jdoe", first_name="Jane",
                          last_name="Doe", email="jane.doe@example.com") == []


def test_length_bounds_without_composition_rules() -> None:
    assert "too_short" in _rules("a" * (MIN_LENGTH - 1))
    assert "too_short" not in _rules("lowercaseonlywords")  # no letters+digits rule
    assert "too_long" in _rules("xq7-" * (MAX_LENGTH // 4 + 1))
    assert _rules("hazel " * 10 + "quill") == set()  # 64+ characters are fine


def test_common_and_lightly_decorated_common_passwords_are_refused() -> None:
    assert is_common("PASSWORD")
    assert is_common("Password123456!")
    assert is_common("!!qwertyuiop2024")
    assert not is_common("Demo-Pass-2026!")
    assert "predictable" in _rules("zzzzzzzzzzzzzz")
    assert "predictable" in _rules("123456789012")
    assert "predictable" in _rules("abcabcabcabc")


def test_personal_data_is_refused_and_every_failure_listed() -> None:
    rules = _rules("Kim", username="kimlee", first_name="Kim", last_name="Lee",
                   email="kimlee@example.com")
    assert {"too_short", "contains_name"} <= rules
    assert "contains_username" in _rules("xx-KimLee-2026-yy", username="kimlee")
    assert "contains_email" in _rules("x-parrotfish-22", email="parrotfish@example.com")


def test_strength_hint_gives_advice_not_rules() -> None:
    weak = strength_hint("abc")
    strong = strength_hint("Violet-Harbor-Lantern-9")
    assert weak.score == 0 and weak.suggestions
    assert strong.score == 4 and strong.label == "strong"
    mono = strength_hint("violetharborlantern")
    assert any("Mixing" in s for s in mono.suggestions)
    assert check_password("violetharborlantern") == []
