"""The prompter's words, on text streams: what each question says and what Enter, a wrong
answer, a command word or the end of input do."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hcpay.plain import wanted
from hcpay.plain.flow_runner import plain_help
from hcpay.plain.prompter import Back, Cancel, Prompter, Quit, words


def prompter(typed: str) -> tuple[Prompter, io.StringIO]:
    out = io.StringIO()
    return Prompter(io.StringIO(typed), out, read_secret=lambda prompt: "s3cret"), out


def test_a_menu_is_numbered_and_says_which_numbers_work() -> None:
    p, out = prompter("5\nx\n2\n")
    assert p.choose("Pay with:", ["Visa", "Bank", "New card"], default=0) == 1
    text = out.getvalue()
    assert "1. Visa\n2. Bank\n3. New card\n" in text
    assert text.count("Enter a number between 1 and 3, or press Enter for 1: ") == 3
    assert text.count("Error: Enter a number between 1 and 3.\n") == 2


def test_enter_takes_the_default_named_in_the_prompt() -> None:
    p, out = prompter("\n\n")
    assert p.ask("Amount to pay ($)", default="98.00") == "98.00"
    assert p.choose("Pay with:", ["Visa", "Bank"], default=1) == 1
    assert "Amount to pay ($) (press Enter for 98.00): " in out.getvalue()


def test_command_words_help_back_cancel_and_end_of_input() -> None:
    p, out = prompter("help\nback\n")
    with pytest.raises(Back):
        p.ask("Email", help_text="Your code is sent here.", allow_back=True)
    assert "Your code is sent here.\n" in out.getvalue()
    p, out = prompter("back\ncancel\n")
    with pytest.raises(Cancel):
        p.ask("First name")  # no step before: back is explained, not taken as a name
    assert "This is the first step; there is none before it. Type cancel to leave." in (
        out.getvalue()
    )


def test_back_in_a_submenu_goes_to_the_menu_above_and_a_top_menu_says_where_it_is() -> None:
    p, _ = prompter("back\n")
    with pytest.raises(Cancel):  # the section's menu ends: the main menu is asked again
        p.choose("Automatic payments. What would you like to do?", ["Pause", "Back"])
    p, out = prompter("back\n2\n")
    assert p.choose("Main menu.", ["Account summary", "Quit"], place="top") == 1
    assert "This is the top menu; there is nothing before it. Type a number." in out.getvalue()
    p, out = prompter("back\n1\n")
    assert p.choose("Pay with:", ["Visa", "Bank"], place="step") == 0
    assert "first step" in out.getvalue()
    p, _ = prompter("")
    with pytest.raises(Quit):
        p.confirm("Sure?")


def test_nothing_written_carries_an_escape_or_a_symbol_a_reader_would_garble() -> None:
    p, out = prompter("")
    p.say("Name: \x1b[2J\x1b[HMallory\x07 ✓ paid, Visa •••• 4242")
    assert out.getvalue() == "Name: [2J[HMallory paid, Visa ending in 4242\n"
    assert "\x1b" not in words("\x1b7\x1b8\x9b31m")


def test_help_written_for_the_tui_keys_is_left_out() -> None:
    text = ("Type the 6-digit code. In the sandbox: F4 opens the inbox, c copies the code, "
            "Esc comes back here and Ctrl+V pastes it.\nAmount:   $98.00")
    assert plain_help(text) == "Type the 6-digit code.\nAmount:   $98.00"


def test_plain_mode_is_asked_for_by_flag_environment_or_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HCPAY_HOME", str(tmp_path))
    for name in ("ACCESSIBLE", "HCPAY_ACCESSIBLE"):
        monkeypatch.delenv(name, raising=False)
    assert not wanted(False)
    assert wanted(True)
    monkeypatch.setenv("ACCESSIBLE", "1")
    assert wanted(False)
    monkeypatch.delenv("ACCESSIBLE")
    monkeypatch.setenv("HCPAY_ACCESSIBLE", "true")
    assert wanted(False)
    monkeypatch.delenv("HCPAY_ACCESSIBLE")
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "config.toml").write_text("accessible = true\n")
    assert wanted(False)
