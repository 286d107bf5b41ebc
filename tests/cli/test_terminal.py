"""What a person at a terminal and a script each see, in real processes: questions go to the
terminal (stdin and stderr on a pseudo-terminal through pexpect) while stdout, piped, carries
only the data; no terminal means no question and no full-screen app; Ctrl+C at a question ends
the command at once with 130."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from hcpay.cli import NEEDS_TERMINAL
from hcpay.portal.demo import DEMO_PASSWORD
from tests.cli.helpers import REPO, hcpay, login_demo, spawn


def payments() -> list[str]:
    result = hcpay("history", "--json", "--limit", "0")
    assert result.code == 0, result.err
    return [p["reference"] for p in result.json()["payments"]]


@pytest.mark.parametrize("argv", [[], ["demo"]])
def test_the_app_without_a_terminal_exits_2_within_a_second(
    argv: list[str], tmp_path: Path
) -> None:
    env = {**os.environ, "HCPAY_HOME": str(tmp_path), "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    for name in ("ACCESSIBLE", "HCPAY_ACCESSIBLE"):
        env.pop(name, None)
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], env=env, check=True, timeout=30)
    python_alone = time.monotonic() - started  # a loaded machine slows Python's own start
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "hcpay", *argv], stdin=subprocess.DEVNULL, capture_output=True,
        env=env, cwd=REPO, timeout=30, check=False,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 2
    assert done.stdout == b""  # not one escape code
    assert done.stderr.decode() == NEEDS_TERMINAL + "\n"
    assert elapsed < 1.0 + python_alone, f"took {elapsed:.2f} s ({python_alone:.2f} s idle)"


def test_pay_asks_on_the_terminal_while_stdout_pipes_only_json(
    signed_in: Path, tmp_path: Path
) -> None:
    out = tmp_path / "payment.json"
    before = payments()
    # `hcpay pay ... --json | python -m json.tool`: json.tool fails on anything but JSON
    child = spawn(signed_in, shell=f"HCPAY pay --amount 9.10 --json | {sys.executable} -m "
                                   f"json.tool > {out}")
    child.expect_exact("Pay $9.10 from your Visa ending 4242 now.")
    child.expect_exact("Pay now? [y/N] ")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    data = json.loads(out.read_text())
    assert data["payment"]["amount_cents"] == 910
    assert "Pay now" not in out.read_text()
    assert payments() == [data["payment"]["reference"], *before]


def test_login_asks_on_the_terminal_while_stdout_is_piped(
    signed_in: Path, tmp_path: Path
) -> None:
    out = tmp_path / "login.txt"
    child = spawn(signed_in, shell=f"HCPAY login | cat > {out}")
    child.expect_exact("Username [demo]: ")
    child.sendline("")
    child.expect_exact("Password: ")
    child.sendline(DEMO_PASSWORD)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    said = out.read_text()
    assert said.startswith("Signed in as Dana (demo)")
    assert "Username" not in said and "Password" not in said


def interrupt(child: pexpect.spawn) -> float:
    """Ctrl+C, and how long the command took to end after it."""
    started = time.monotonic()
    child.sendintr()
    child.expect(pexpect.EOF, timeout=10)
    elapsed = time.monotonic() - started
    child.close()
    return elapsed


def test_ctrl_c_at_pay_now_ends_at_once_with_130(signed_in: Path) -> None:
    before = payments()
    child = spawn(signed_in, "pay", "--amount", "9.20")
    child.expect_exact("Pay now? [y/N] ")
    elapsed = interrupt(child)
    assert child.exitstatus == 130
    assert "interrupted" in (child.before or "").lower()
    assert elapsed < 1.5, f"took {elapsed:.2f} s"  # the first Ctrl+C, not the second
    assert payments() == before


def test_ctrl_c_at_the_username_question_ends_with_130(signed_in: Path) -> None:
    child = spawn(signed_in, "login")
    child.expect_exact("Username [demo]: ")
    assert interrupt(child) < 1.5
    assert child.exitstatus == 130
    login_demo()  # still usable afterwards


def test_a_pdf_is_not_poured_onto_the_terminal(signed_in: Path) -> None:
    reference = payments()[0]
    child = spawn(signed_in, "receipt", reference, "--pdf", "-")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "%PDF" not in (child.before or "")
    assert "standard output is a terminal" in (child.before or "")
