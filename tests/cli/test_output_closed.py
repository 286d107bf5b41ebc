"""`hcpay pay --json | head -c 0`: the program reading hcpay's output stops reading. What was
done stays done and is not called an internal error ("Something went wrong inside hcpay ...
please report this"); hcpay says nothing more and exits 1 (clig.dev: a closed pipe is not a
crash)."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

from hcpay.cli import main
from hcpay.commands.exits import Exit
from tests.cli.helpers import hcpay


class ClosedPipe(io.TextIOBase):
    """A stdout whose reader has gone: every write fails as a closed pipe's does."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        return self.fd


def test_a_payment_whose_output_nobody_reads_is_made_and_not_called_a_crash(
    signed_in: Path, tmp_path: Path
) -> None:
    err = io.StringIO()
    # a real file descriptor for the closed pipe's place (hcpay points it at /dev/null)
    with open(tmp_path / "stdout", "w") as stand_in, contextlib.redirect_stderr(err):
        old_stdout, sys.stdout = sys.stdout, ClosedPipe(stand_in.fileno())
        try:
            code = main(["pay", "--amount", "17.01", "--yes", "--json"])
        finally:
            sys.stdout = old_stdout
    assert code == Exit.ERROR
    assert "Something went wrong" not in err.getvalue()
    assert "report this" not in err.getvalue()
    history = hcpay("history", "--json").json()
    assert any(p["amount_cents"] == 1701 for p in history["payments"])  # the payment was made
