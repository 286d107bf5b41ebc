"""Run `hcpay ...` as a member would: in-process through hcpay.cli.main (fast), or as a real
process (to prove what a script or a terminal sees)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pexpect
import pytest

from hcpay import embedded
from hcpay.cli import main
from hcpay.portal.demo import DEMO_PASSWORD

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    code: int
    out: str
    err: str
    raw: bytes = b""  # stdout as bytes (a PDF written to `-`)

    def json(self) -> Any:
        return json.loads(self.out)


def hcpay(*args: str, stdin: str = "") -> Result:
    """`hcpay ARGS` in this process, stdin not a terminal (as in a script or a pipe); stdout
    takes bytes too, as a real one does."""
    raw, err = io.BytesIO(), io.StringIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True)
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
        out.flush()
    finally:
        sys.stdin = old_stdin
    data = raw.getvalue()
    return Result(code, data.decode("utf-8", errors="replace"), err.getvalue(), data)


def hcpay_process(
    *args: str, home: Path, stdin: str = "", timeout: float = 60, **env: str
) -> Result:
    """`python -m hcpay ARGS` as its own process, stdin a pipe (never a terminal)."""
    environment = {**os.environ, "HCPAY_HOME": str(home), "PYTHONPATH": str(REPO),
                   "HCPAY_INSECURE_STORAGE": "1", **env}
    environment.pop("HCPAY_PORTAL_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "hcpay", *args], input=stdin, capture_output=True, text=True,
        cwd=REPO, env=environment, timeout=timeout, check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def seed_embedded_demo() -> None:
    """Make the embedded portal's database (portal.db under HCPAY_HOME) with the demo members,
    as `hcpay serve --demo` would."""
    connection = embedded.open_embedded(embedded.database_path(False), demo=True)
    assert connection.close is not None
    asyncio.run(connection.close())


def intercept_payments(
    monkeypatch: pytest.MonkeyPatch, before: Callable[[httpx.Request], Awaitable[None]]
) -> None:
    """Await ``before(request)`` on each payment request (POST /me/payments) on its way to the
    in-process portal; it may raise, as a network would."""
    real = httpx.ASGITransport.handle_async_request

    async def handle(self: httpx.ASGITransport, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/me/payments"):
            await before(request)
        return await real(self, request)

    monkeypatch.setattr(httpx.ASGITransport, "handle_async_request", handle)


def add_card(number: str) -> None:
    """Save a sandbox card for the demo member (the gateway decides its outcome by number)."""
    async def add() -> None:
        connection = embedded.open_embedded(embedded.database_path(False))
        client = connection.client
        try:
            await client.login("demo", DEMO_PASSWORD)
            token = await client.tokenize_card(number, 12, 2031, "123")
            await client.add_payment_method(token.token)
            await client.logout()
        finally:
            assert connection.close is not None
            await connection.close()

    asyncio.run(add())


def spawn(home: Path, *args: str, shell: str | None = None) -> pexpect.spawn:
    """`python -m hcpay ARGS` on a pseudo-terminal (stdin, stdout and stderr all on it), or
    ``shell``, a bash command line where ``HCPAY`` stands for that command, to pipe stdout
    elsewhere while stdin and stderr stay on the terminal."""
    env = {**os.environ, "HCPAY_HOME": str(home), "PYTHONPATH": str(REPO),
           "HCPAY_INSECURE_STORAGE": "1"}
    env.pop("HCPAY_PORTAL_URL", None)
    command = f"{shlex.quote(sys.executable)} -m hcpay"
    if shell is not None:
        return pexpect.spawn("/bin/bash", ["-o", "pipefail", "-c",
                                           shell.replace("HCPAY", command)],
                             env=env, cwd=str(REPO), encoding="utf-8", timeout=60,
                             dimensions=(24, 80))
    return pexpect.spawn(sys.executable, ["-m", "hcpay", *args], env=env, cwd=str(REPO),
                         encoding="utf-8", timeout=60, dimensions=(24, 80))


def login_demo(*extra: str, username: str = "demo") -> Result:
    result = hcpay("login", "--username", username, "--password-stdin", *extra,
                   stdin=DEMO_PASSWORD + "\n")
    assert result.code == 0, result.err
    return result
