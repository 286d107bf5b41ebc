"""One test per exit code (hcpay.commands.exits), against the real embedded portal, and with
--json the failure as one error object on stdout. 130 (Ctrl+C) is in test_terminal.py, where a
real terminal can send it; a possible duplicate's 6 is in test_duplicate_payments.py."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hcpay.commands.exits import Exit
from hcpay.portal.demo import DEMO_PASSWORD
from tests.cli.helpers import REPO, Result, add_card, hcpay, intercept_payments
from tests.helpers.serve import wait_until_up


def references() -> list[str]:
    result = hcpay("history", "--json", "--limit", "0")
    assert result.code == 0, result.err
    return [p["reference"] for p in result.json()["payments"]]


def error_of(result: Result, code: Exit) -> dict[str, Any]:
    """The --json error object, checked to be the only thing on stdout."""
    assert result.code == code, result.err
    data = result.json()
    assert set(data) == {"version", "error"} and data["version"] == 1
    error: dict[str, Any] = data["error"]
    assert error["exit_code"] == code
    assert error["message"] and error["message"] in result.err  # said for a person too
    return error


def test_exit_0_prints_only_the_data_on_stdout(signed_in: Path) -> None:
    result = hcpay("pay", "--amount", "11.11", "--yes", "--json")
    assert result.code == Exit.OK, result.err
    assert result.json()["payment"]["amount_cents"] == 1111
    assert "Pay $11.11 from your Visa ending 4242 now." in result.err  # the review: not data


def test_exit_1_when_the_settings_file_is_broken(
    signed_in: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HCPAY_HOME", str(tmp_path))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text("portal_url = [unclosed\n")
    result = hcpay("status", "--json")
    error = error_of(result, Exit.ERROR)
    assert "config.toml" in error["message"]


def test_exit_2_for_what_hcpay_can_tell_is_wrong_and_nothing_is_paid(signed_in: Path) -> None:
    before = references()
    for argv, said in [
        (["--amount", "12.345"], "Cents have two digits"),
        (["--amount", "5", "--method", "1111"], "not one of your payment methods"),
        (["--amount", "5", "--date", "next week"], "YYYY-MM-DD"),
        (["--amount", "5", "--invoice", "INV-NOPE-0000"], "hcpay bills"),
        (["--amount", "5", "--bogus"], "unrecognized arguments: --bogus"),
    ]:
        result = hcpay("pay", *argv, "--yes", "--json")
        error = error_of(result, Exit.USAGE)
        assert error["code"] == "usage" and said in error["message"], argv
    assert references() == before


def test_exit_3_a_declined_card_as_a_json_error_with_the_kept_reference(
    signed_in: Path,
) -> None:
    add_card("4000000000009995")  # declines: insufficient_funds
    result = hcpay("pay", "--amount", "6.66", "--method", "9995", "--yes", "--json")
    error = error_of(result, Exit.REFUSED)
    assert error["code"] == "card_declined"
    assert error["message"].startswith("Declined: ")
    assert error["idempotency_key"]
    failed = hcpay("history", "--json", "--status", "failed").json()["payments"]
    assert failed[0]["reference"] == error["reference"]
    assert failed[0]["amount_cents"] == 666


def test_exit_3_when_the_portal_refuses(signed_in: Path) -> None:
    too_much = hcpay("pay", "--amount", "5000", "--yes", "--json")
    error = error_of(too_much, Exit.REFUSED)
    assert "or less" in error["message"]
    paid = references()[0]
    cancel = hcpay("pay", "cancel", paid, "--yes", "--json")
    assert error_of(cancel, Exit.REFUSED)["code"] == "payment_not_cancelable"
    missing = hcpay("receipt", "HCP-0000-0000")
    assert missing.code == Exit.REFUSED and "hcpay history" in missing.err


def test_exit_4_not_signed_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HCPAY_HOME", str(tmp_path))
    error = error_of(hcpay("bills", "--json"), Exit.NOT_SIGNED_IN)
    assert error["code"] == "not_signed_in"
    assert "hcpay login" in error["message"]


def test_exit_5_when_the_payment_request_gets_no_answer(
    signed_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every try of the payment request is lost on the way: the key to send again is given."""
    async def no_answer(request: httpx.Request) -> None:
        raise httpx.ConnectError("connection refused", request=request)

    before = references()
    intercept_payments(monkeypatch, no_answer)
    result = hcpay("pay", "--amount", "7.77", "--yes", "--json")
    monkeypatch.undo()
    error = error_of(result, Exit.UNREACHABLE)
    assert error["code"] == "portal_unreachable"
    assert f"--idempotency-key {error['idempotency_key']}" in error["message"]
    assert references() == before


def test_exit_130_ctrl_c_while_the_payment_is_on_its_way_gives_the_key(
    signed_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def interrupted(request: httpx.Request) -> None:
        signal.raise_signal(signal.SIGINT)  # Ctrl+C, as the answer is awaited
        await asyncio.sleep(30)

    before = references()
    intercept_payments(monkeypatch, interrupted)
    started = time.monotonic()
    result = hcpay("pay", "--amount", "7.78", "--yes", "--json")
    assert time.monotonic() - started < 10  # not the 30 s the answer would have taken
    monkeypatch.undo()
    error = error_of(result, Exit.INTERRUPTED)
    assert f"--idempotency-key {error['idempotency_key']}" in error["message"]
    assert references() == before


def free_port_in_range() -> int:
    """A free port among ours (8600-8699)."""
    for port in range(8640, 8700):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8640-8699")


@pytest.fixture
def served(signed_in: Path, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port_in_range()
    env = {**os.environ, "HCPAY_HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "hcpay", "serve", "--demo", "--port", str(port),
         "--database-url", f"sqlite:///{tmp_path / 'served.db'}"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/health", process, timeout=90)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_exit_5_portal_unreachable_as_a_json_error(
    served: tuple[str, subprocess.Popen[bytes]],
) -> None:
    url, process = served
    login = hcpay("login", "--portal", url, "--username", "demo", "--password-stdin",
                  stdin=DEMO_PASSWORD + "\n")
    assert login.code == Exit.OK, login.err
    assert hcpay("status", "--portal", url, "--json").code == Exit.OK
    process.terminate()
    process.wait(timeout=20)
    for argv in (["status", "--json"], ["pay", "--amount", "1", "--yes", "--json"]):
        error = error_of(hcpay(*argv, "--portal", url), Exit.UNREACHABLE)
        assert error["code"] in {"portal_unreachable", "portal_timeout"}
        assert "cannot be reached" in error["message"]


def test_exit_6_not_confirmed_when_no_one_can_say_yes(signed_in: Path, tmp_path: Path) -> None:
    before = references()
    error = error_of(hcpay("pay", "--amount", "8.88", "--json", stdin="y\n"), Exit.NOT_CONFIRMED)
    assert error["code"] == "not_confirmed" and "--yes" in error["message"]
    assert references() == before

    kept = tmp_path / "receipt.txt"
    kept.write_text("mine")
    refused = hcpay("receipt", before[0], "--txt", str(kept))
    assert refused.code == Exit.NOT_CONFIRMED and "--force" in refused.err
    assert kept.read_text() == "mine"
