"""Plain mode on a pseudo-terminal: ``python -m hcpay demo --plain`` in a temporary HCPAY_HOME,
driven with pexpect as a person types, with every byte it wrote kept to check for escapes.

Plain mode writes no escape sequence at all, colour included (by design: see hcpay.plain), so
any ESC byte fails the test; the names of the sequences found make the failure readable."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60  # a fresh demo portal: migrations, argon2 hashes, a year of billing
STEP_TIMEOUT = 8  # each later answer (a sign-in hashes a password)

_SEQUENCES = [
    (re.compile(r"\x1b\[\d*(?:;\d*)*[ABCDEFGHf]"), "cursor movement (CSI A/B/C/D/E/F/G/H)"),
    (re.compile(r"\x1b\[\d*[JK]"), "screen or line clearing (CSI J/K)"),
    (re.compile(r"\x1b\[\?1049[hl]|\x1b\[\?47[hl]"), "alternate screen (?1049h)"),
    (re.compile(r"\x1b[78]"), "cursor save/restore (ESC 7/8)"),
    (re.compile(r"\x1b\[[\d;]*m"), "colour or style (SGR)"),
    (re.compile(r"\x1b\[\?\d+[hl]"), "terminal mode change (CSI ? h/l)"),
    (re.compile(r"\x1b"), "an escape sequence of any kind"),
]


def escapes_in(raw: str) -> list[str]:
    """What escape sequences ``raw`` holds, by name (empty when there are none)."""
    return [f"{name}: {m.group(0)!r}" for pattern, name in _SEQUENCES
            for m in pattern.finditer(raw)]


class PlainTerminal:
    def __init__(self, home: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.raw = io.StringIO()
        environment = {k: v for k, v in os.environ.items()
                       if k not in ("NO_COLOR", "ACCESSIBLE", "HCPAY_ACCESSIBLE")}
        environment.update(HCPAY_HOME=str(home), PYTHONPATH=str(ROOT), TERM="xterm-256color",
                           COLORTERM="truecolor", PYTHONWARNINGS="ignore", COLUMNS="80",
                           LINES="24")
        environment.update(env or {})
        self.child = pexpect.spawn(
            sys.executable, ["-m", "hcpay", *(args or ("demo", "--plain"))], cwd=str(ROOT),
            env=environment, encoding="utf-8", codec_errors="replace",
            dimensions=(24, 80), timeout=STEP_TIMEOUT,
        )
        self.child.logfile_read = self.raw
        self.typed: tuple[str, ...] = ()  # the lines typed, echoed back by the terminal

    def expect(self, pattern: str, timeout: float = STEP_TIMEOUT) -> str:
        """Wait for ``pattern`` (a regular expression); answers what matched."""
        self.child.expect(pattern, timeout=timeout)
        return str(self.child.after)

    def answer(self, prompt: str, text: str, timeout: float = STEP_TIMEOUT) -> None:
        """Wait for the prompt (plain text, not a pattern), then type a line."""
        self.child.expect_exact(prompt, timeout=timeout)
        self.child.sendline(text)
        self.typed += (text.strip(),)

    def before(self) -> str:
        return str(self.child.before)

    def output(self) -> str:
        return self.raw.getvalue()

    def finish(self) -> int:
        """Wait for the program to end; answers its exit status."""
        self.child.expect(pexpect.EOF, timeout=STEP_TIMEOUT)
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)
