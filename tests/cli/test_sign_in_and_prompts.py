"""Signing in for the scripted commands, exit code 4, and what happens at a terminal versus in
a pipe: real processes (a pipe for stdin; a pseudo-terminal through pexpect)."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

import pexpect
import pytest

from hcpay import embedded
from hcpay.commands.tui import connector
from hcpay.credentials import INSECURE_FILE
from hcpay.portal.demo import DEMO_PASSWORD
from tests.cli.helpers import hcpay, hcpay_process, login_demo, spawn


def test_commands_before_login_exit_4_and_say_run_hcpay_login(
    cli_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HCPAY_HOME", str(tmp_path))  # nobody has signed in here
    for command in (["status"], ["history", "--json"], ["pay", "--amount", "1", "--yes"],
                    ["autopay", "show"], ["receipt", "HCP-0000-0000"]):
        result = hcpay(*command)
        assert result.code == 4, (command, result.err)
        assert "Run `hcpay login`" in result.err
        if "--json" in command:  # the same failure for a program, on stdout
            assert result.json()["error"]["code"] == "not_signed_in"
            assert result.json()["error"]["exit_code"] == 4
        else:
            assert result.out == ""


def test_a_wrong_password_is_said_plainly_exit_4(cli_home: Path) -> None:
    assert hcpay("logout").code == 0
    result = hcpay("login", "--username", "demo", "--password-stdin", stdin="not-it\n")
    assert result.code == 4
    assert result.err.startswith("hcpay login: ")
    assert "Traceback" not in result.err
    assert hcpay("status").code == 4


def test_login_without_a_password_in_a_script_names_the_ways_to_give_one(cli_home: Path) -> None:
    result = hcpay("login", "--username", "demo")
    assert result.code == 2
    assert "--password-stdin" in result.err and "HCPAY_PASSWORD" in result.err


def test_password_from_the_environment(cli_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HCPAY_PASSWORD", DEMO_PASSWORD)
    result = hcpay("login", "--username", "pastdue")
    assert result.code == 0, result.err
    assert "Signed in as Paul (pastdue)" in result.out
    status = hcpay("status", "--json").json()
    assert status["member"]["username"] == "pastdue"
    assert status["grace"]["month"] == 2 and status["past_due_cents"] > 0
    words = hcpay("status").out
    assert "month 2 of 3 of a grace period" in words and "past due" in words


def test_no_keyring_login_fails_and_says_how_to_keep_the_sign_in(
    cli_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HCPAY_INSECURE_STORAGE", "0")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    result = hcpay(
        "login", "--username", "demo", "--password-stdin", stdin=DEMO_PASSWORD + "\n"
    )
    assert result.code == 1
    assert "--insecure-storage" in result.err
    assert "keyring" in result.err


def test_each_command_keeps_the_sign_in_going_and_it_ends_with_the_session(
    cli_home: Path,
) -> None:
    login_demo()
    tokens_file = cli_home / "data" / INSECURE_FILE
    first = json.loads(tokens_file.read_text())
    assert hcpay("status").code == 0
    second = json.loads(tokens_file.read_text())
    # the refresh token was rotated and the new one kept, under "<portal> <username>"
    assert first["embedded demo"] != second["embedded demo"]
    assert oct(tokens_file.stat().st_mode & 0o777) == "0o600"
    assert DEMO_PASSWORD not in tokens_file.read_text()

    async def a_day_later() -> None:
        connection = embedded.open_embedded(embedded.database_path(False))
        try:
            await connection.client.advance_sandbox_clock(1)
        finally:
            assert connection.close is not None
            await connection.close()

    asyncio.run(a_day_later())
    ended = hcpay("status")
    assert ended.code == 4
    assert "sign-in has ended" in ended.err and "hcpay login" in ended.err
    # the dead token is gone (and the file with it when it held no other)
    assert not tokens_file.exists() or "embedded demo" not in tokens_file.read_text()


def test_demo_portal_is_its_own_sign_in(cli_home: Path) -> None:
    assert hcpay("status", "--demo").code == 4
    assert "hcpay login --demo" in hcpay("status", "--demo").err
    result = hcpay("login", "--demo", "--username", "demo", "--password-stdin",
                   stdin=DEMO_PASSWORD + "\n")
    assert result.code == 0, result.err
    assert "demo portal" in result.out
    assert hcpay("status", "--demo", "--json").json()["member"]["first_name"] == "Dana"
    assert (cli_home / "data" / "demo.db").exists()


def test_pay_in_a_pipe_never_prompts(cli_home: Path) -> None:
    login_demo()
    before = hcpay("history", "--json", "--limit", "0").json()["payments"]
    result = hcpay_process("pay", "--amount", "2.00", home=cli_home, stdin="y\n", timeout=60)
    assert result.code == 6
    assert "--yes" in result.err
    assert "[y/N]" not in result.out + result.err
    assert hcpay("history", "--json", "--limit", "0").json()["payments"] == before


def test_at_a_terminal_login_asks_and_pay_asks_before_paying(cli_home: Path) -> None:
    login_demo()  # remembers the username "demo"
    child = spawn(cli_home, "login")
    child.expect(r"Username \[demo\]: ")  # the remembered username is offered
    child.sendline("")
    child.expect("Password: ")
    child.sendline(DEMO_PASSWORD)
    child.expect("Signed in as Dana")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    before = hcpay("history", "--json", "--limit", "0").json()["payments"]
    child = spawn(cli_home, "pay", "--amount", "8.00")
    child.expect(r"Pay \$8\.00 from your Visa ending 4242 now\.")
    child.expect(r"Pay now\? \[y/N\] ")
    child.sendline("n")
    child.expect("Cancelled; nothing was changed.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 6
    assert hcpay("history", "--json", "--limit", "0").json()["payments"] == before

    child = spawn(cli_home, "pay", "--amount", "8.00")
    child.expect(r"Pay now\? \[y/N\] ")
    child.sendline("y")
    child.expect(r"HCP-[0-9A-Z]{4}-[0-9A-Z]{4}")
    reference = child.after
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert hcpay("history", "--json").json()["payments"][0]["reference"] == reference


def test_the_apps_remember_me_signs_the_commands_in_too(cli_home: Path) -> None:
    """What the terminal app does when "Remember me" is ticked (username in config.toml, the
    refresh token in the credential store) is all `hcpay status` needs: no `hcpay login`."""
    assert hcpay("logout").code == 0
    assert hcpay("status").code == 4

    async def sign_in_like_the_app() -> None:
        connection = connector(argparse.Namespace(), demo=False)()
        try:
            remembered = connection.remembered
            assert remembered is not None
            pair = await connection.client.login("demo", DEMO_PASSWORD)
            await remembered.keep("demo", pair)
            await remembered.remember_username("demo")
        finally:
            assert connection.close is not None
            await connection.close()

    asyncio.run(sign_in_like_the_app())
    result = hcpay("status", "--json")
    assert result.code == 0, result.err
    assert result.json()["member"]["username"] == "demo"
