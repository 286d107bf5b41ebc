"""Run `hcpay ...` as a member would: in-process through hcpay.cli.main (fast), or as a real
process (to prove what a script or a terminal sees)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hcpay import embedded
from hcpay.cli import main
from hcpay.portal.demo import DEMO_PASSWORD

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def hcpay(*args: str, stdin: str = "") -> Result:
    """`hcpay ARGS` in this process, stdin not a terminal (as in a script or a pipe)."""
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        sys.stdin = old_stdin
    return Result(code, out.getvalue(), err.getvalue())


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


def login_demo(*extra: str, username: str = "demo") -> Result:
    result = hcpay("login", "--username", username, "--password-stdin", *extra,
                   stdin=DEMO_PASSWORD + "\n")
    assert result.code == 0, result.err
    return result
