"""``ACCESSIBLE=1 hcpay demo`` (no --plain) starts plain mode too, on a pseudo-terminal; the
end of input quits it cleanly."""

from __future__ import annotations

from pathlib import Path

from tests.plain.terminal import START_TIMEOUT, PlainTerminal, escapes_in


def test_accessible_in_the_environment_starts_plain_mode(tmp_path: Path) -> None:
    term = PlainTerminal(tmp_path, "demo", env={"ACCESSIBLE": "1"})
    try:
        term.expect(r"hcpay, plain mode", timeout=START_TIMEOUT)
        term.expect(r"First menu\.", timeout=START_TIMEOUT)
        term.answer("Enter a number between 1 and 5, or press Enter for 1: ", "3")
        term.expect(r"Step 1 of 4: Find your account\.")
        term.child.sendeof()
        term.expect(r"Goodbye\.")
        assert term.finish() == 0
    finally:
        term.close()
    assert escapes_in(term.output()) == []
    assert "Traceback" not in term.output()
