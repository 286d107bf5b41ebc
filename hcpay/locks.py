"""A lock between processes on this computer: ``flock`` on a file, waited for without blocking
the event loop (the app keeps drawing, a script's other tasks keep running).

The operating system lets go of it when the process ends, however it ends, so a crashed hcpay
never leaves it held. ``flock`` locks belong to an open file, not to a process: two opens in one
process exclude each other too, as two processes would.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

POLL_SECONDS = 0.02


@contextlib.asynccontextmanager
async def file_lock(path: Path, *, max_wait: float) -> AsyncIterator[None]:
    """Hold the lock on ``path`` (made 0600 if missing) for the ``async with`` body; raise
    ``TimeoutError`` after ``max_wait`` seconds of waiting for another holder."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o600)
    try:
        deadline = time.monotonic() + max_wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise TimeoutError(
                        f"another process held {path} for more than {max_wait:g} s"
                    ) from None
                await asyncio.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
