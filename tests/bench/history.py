"""History's time to first rows: from pressing h on the dashboard to the first payments
shown in History's table, for a member with 10,000 payments against one with 100, in the
same run and the same portal (real app, real portal in-process on SQLite, payments written
straight into its database). Median of several openings each, alternating. Also memory: the
Python heap's peak while opening History (tracemalloc), and with --to-end the process's resident
memory after the 10,000-payment member's History has paged to its end.

    python tests/bench/history.py            # target: 10,000 / 100 <= 1.5
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HCPAY_HOME", tempfile.mkdtemp(prefix="hcpay-bench-history-"))

RUNS = 5
BIG, SMALL = 10_000, 100


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def _open_history(app_factory: object, username: str, password: str,
                        *, to_end: bool = False, trace: bool = False) -> tuple[float, int, int]:
    """Seconds from pressing h on the dashboard to rows shown, rows shown, and heap peak (bytes)."""
    from textual.widgets import DataTable

    from hcpay.app import HcpayApp
    from screens.history import HistoryScreen
    from tests.tui.helpers import settle

    app = app_factory(inbox_poll_seconds=3600)  # type: ignore[operator]
    assert isinstance(app, HcpayApp)
    async with app.run_test(size=(80, 24)) as pilot:
        client = await app.portal()
        pair = await client.login(username, password)
        app.signed_in(username, pair)
        await app.go("dashboard")  # where the member presses h
        await settle(pilot)
        if trace:
            tracemalloc.start()
        start = time.perf_counter()
        await pilot.press("h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table: DataTable[str] = screen.query_one("#rows", DataTable)
        while table.row_count == 0:  # noqa: ASYNC110 (polled: no event says "rows shown")
            await asyncio.sleep(0.001)
        await pilot.pause()  # painted
        elapsed = time.perf_counter() - start
        peak = 0
        if trace:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        rows = table.row_count
        if to_end:
            table.focus()
            while screen.next_cursor is not None or screen.loading_more:
                await pilot.press("pagedown", "pagedown", "pagedown", "pagedown")
                await asyncio.sleep(0.01)
            rows = table.row_count
    return elapsed, rows, peak


async def main(to_end: bool) -> None:
    from hcpay.portal.app import create_app
    from hcpay.portal.settings import PortalSettings
    from tests.helpers.many_payments import PASSWORD, member_with_payments
    from tests.tui.conftest import AppFactory

    folder = Path(tempfile.mkdtemp(prefix="hcpay-bench-portal-"))
    settings = PortalSettings(database_url=f"sqlite:///{folder / 'portal.db'}", sandbox=True,
                              argon2_time_cost=1, argon2_memory_kib=8192)
    portal_app = create_app(settings)
    portal = portal_app.state.portal
    seeded = time.perf_counter()
    member_with_payments(portal, "big", BIG)
    member_with_payments(portal, "small", SMALL)
    print(f"seeded {BIG:,} + {SMALL:,} payments in {time.perf_counter() - seeded:.2f} s")
    factory = AppFactory(portal_app)
    await _open_history(factory, "small", PASSWORD)  # warm-up: imports, first queries

    times: dict[str, list[float]] = {"big": [], "small": []}
    peaks: dict[str, list[int]] = {"big": [], "small": []}
    for _ in range(RUNS):
        for name in ("big", "small"):
            elapsed, rows, _ = await _open_history(factory, name, PASSWORD)
            assert rows == 50, rows
            times[name].append(elapsed)
    for name in ("big", "small"):  # tracing slows everything: measured apart
        peaks[name].append((await _open_history(factory, name, PASSWORD, trace=True))[2])
    big, small = statistics.median(times["big"]), statistics.median(times["small"])
    print(f"time to first rows, median of {RUNS}: {BIG:,} payments {big * 1000:.1f} ms, "
          f"{SMALL:,} payments {small * 1000:.1f} ms, ratio {big / small:.2f} (target <= 1.5)")
    print(f"heap peak while opening History (tracemalloc): {BIG:,}: "
          f"{max(peaks['big']) / 1e6:.2f} MB, {SMALL:,}: {max(peaks['small']) / 1e6:.2f} MB")
    before = _rss_kib()
    start = time.perf_counter()
    _elapsed, rows, _peak = await _open_history(factory, "big", PASSWORD, to_end=to_end)
    print(f"paging to the end: {rows:,} rows in {time.perf_counter() - start:.1f} s; resident "
          f"memory {before / 1024:.0f} MiB before, {_rss_kib() / 1024:.0f} MiB after")
    portal.db.dispose()
    if big / small > 1.5:
        raise SystemExit("time to first rows grows with the number of payments")


if __name__ == "__main__":
    asyncio.run(main(to_end='--to-end' in sys.argv))
