"""Reading the command line the way scripts and CI logs need: --version, no prefix matching, a
password on the command line refused without echoing it, and each usage error shown with the
usage of the (sub-)command it happened in. None of these needs a portal."""

from __future__ import annotations

import pytest

from hcpay import __version__
from tests.cli.helpers import hcpay

SECRET = "Demo-Pass-2026!"


@pytest.mark.parametrize("argv", [["--version"], ["-V"], ["version"]])
def test_version_three_ways(argv: list[str]) -> None:
    result = hcpay(*argv)
    assert result.code == 0
    assert result.out == f"hcpay {__version__}\n"
    assert result.err == ""


def test_version_json() -> None:
    assert hcpay("version", "--json").json() == {"version": 1, "hcpay": __version__}


@pytest.mark.parametrize("argv", [
    ["login", "--username", "demo", "--password", SECRET],
    ["login", "--username", "demo", f"--password={SECRET}"],
    ["login", "--username", "demo", "--pass", SECRET],
    ["login", "--username", "demo", "--passwd", SECRET],
    ["login", "--username", "demo", "--pw", SECRET],
    ["login", "--username", "demo", "-p", SECRET],
    ["login", "--username", "demo", f"--password-stdin={SECRET}"],
    ["status", "--password", SECRET],
    ["--password", SECRET, "login"],
])
def test_a_password_on_the_command_line_is_refused_and_never_echoed(argv: list[str]) -> None:
    result = hcpay(*argv)
    assert result.code == 2
    assert SECRET not in result.out + result.err
    assert "--password-stdin" in result.err and "HCPAY_PASSWORD" in result.err


def test_a_stray_word_after_login_is_not_echoed_either() -> None:
    result = hcpay("login", "--username", "demo", SECRET)
    assert result.code == 2
    assert SECRET not in result.out + result.err
    assert "usage: hcpay login" in result.err
    assert "--password-stdin" in result.err


def test_the_password_guide_topic_is_not_a_password() -> None:
    assert hcpay("guide", "password").code == 0


@pytest.mark.parametrize(("argv", "unknown"), [
    (["pay", "--am", "5", "--yes"], "--am"),  # prefix of --amount
    (["pay", "--amount", "5", "--allow", "--yes"], "--allow"),  # prefix of --allow-duplicate
    (["history", "--js"], "--js"),
    (["receipt", "HCP-0000-0000", "--forc"], "--forc"),
])
def test_prefixes_of_options_are_not_taken_for_them(argv: list[str], unknown: str) -> None:
    result = hcpay(*argv)
    assert result.code == 2
    assert f"unrecognized arguments: {unknown}" in result.err
    assert f"usage: hcpay {argv[0]}" in result.err


@pytest.mark.parametrize(("argv", "usage", "said"), [
    (["autopay", "--portal", "http://127.0.0.1:8601"], "usage: hcpay autopay ",
     "required: ACTION"),
    (["logout", "--bogus"], "usage: hcpay logout ", "unrecognized arguments: --bogus"),
    (["autopay", "set", "--day", "31"], "usage: hcpay autopay set ", "1 to 28"),
    (["pay", "cancel"], "usage: hcpay pay ", "takes one reference"),
    (["pay", "--amount", "5", "now"], "usage: hcpay pay ", "unexpected 'now'"),
    (["history", "--status", "sideways"], "usage: hcpay history ", "not a payment status"),
    (["nonsense"], "usage: hcpay ", "invalid choice: 'nonsense'"),
])
def test_a_usage_error_shows_the_usage_of_its_own_command(
    argv: list[str], usage: str, said: str
) -> None:
    result = hcpay(*argv)
    assert result.code == 2
    assert result.err.startswith(usage)
    assert said in result.err
    assert "invalid choice: 'http" not in result.err


def test_a_usage_error_with_json_is_an_error_object_on_stdout_too() -> None:
    result = hcpay("history", "--json", "--limit", "lots")
    assert result.code == 2
    assert result.json()["version"] == 1
    error = result.json()["error"]
    assert error["code"] == "usage" and error["exit_code"] == 2
    assert "--limit" in error["message"]
    assert "usage: hcpay history" in result.err


def test_logout_of_the_demo_portal_is_an_option_of_logout() -> None:
    result = hcpay("logout", "--demo")
    assert result.code == 0, result.err
    assert "usage:" not in result.err
