from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.helpers.members import a_day_with_the_demos_open_bill
from tests.plain.noise import assert_no_noise
from tests.plain.terminal import PlainTerminal, escapes_in

# The demo is made for a day when demo owes its one open bill (HCPAY_PORTAL_DEMO_DATE moves the
# sandbox clock there): the visits below pay it. The portal's time zone decides the day.
DEMO_DATE = a_day_with_the_demos_open_bill(datetime.now(ZoneInfo("America/New_York")).date())


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[PlainTerminal]:
    """``hcpay demo --plain`` on a pseudo-terminal; after the test, no escape sequence may be
    in anything it wrote."""
    term = PlainTerminal(tmp_path, env={"HCPAY_PORTAL_DEMO_DATE": DEMO_DATE.isoformat()})
    try:
        yield term
    finally:
        term.close()
    found = escapes_in(term.output())
    assert not found, "plain mode wrote escape sequences:\n" + "\n".join(found[:10])
    assert_no_noise(term.output(), term.typed)
