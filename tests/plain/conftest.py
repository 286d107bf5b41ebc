from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plain.terminal import PlainTerminal, escapes_in


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[PlainTerminal]:
    """``hcpay demo --plain`` on a pseudo-terminal; after the test, no escape sequence may be
    in anything it wrote."""
    term = PlainTerminal(tmp_path)
    try:
        yield term
    finally:
        term.close()
    found = escapes_in(term.output())
    assert not found, "plain mode wrote escape sequences:\n" + "\n".join(found[:10])
