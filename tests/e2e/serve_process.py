"""`hcpay serve` as a process the test can look at (its pid, its exit, what it printed), on a
port from a range the caller names, with any arguments and database."""

from __future__ import annotations

import contextlib
import os
import random
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.serve import REPO, stop, wait_until_up

# Ports this suite's servers use (one range per engineer on a shared machine)
PORTS = range(8200, 8300)
# Cheap hashing: the tests here sign in many times; the rate limit stays the default
FAST_HASHING = {
    "HCPAY_PORTAL_ARGON2_TIME_COST": "1", "HCPAY_PORTAL_ARGON2_MEMORY_KIB": "1024",
}


def port_in_range() -> int:
    """A free port of the range, picked at random (test processes running side by side)."""
    for port in random.sample(PORTS, len(PORTS)):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


@dataclass
class Served:
    url: str
    pid: int
    log: Path

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")


@contextlib.contextmanager
def served(home: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """`hcpay serve --port P ARGS` with its files under ``home`` (SQLite there unless ARGS
    name a --database-url)."""
    home.mkdir(parents=True, exist_ok=True)
    database = ["--database-url", f"sqlite:///{home / 'portal.db'}"]
    if "--database-url" in args:
        database = []
    environment = {**os.environ, "HCPAY_HOME": str(home), "PYTHONPATH": str(REPO),
                   **FAST_HASHING, **(env or {})}
    log = home / "serve.stderr"
    for _attempt in range(5):  # another test process may take the port first: try another
        port = port_in_range()
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "hcpay", "serve", "--port", str(port), *database, *args],
                cwd=REPO, env=environment, stdout=out, stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        try:
            try:
                wait_until_up(url + "/health", process, timeout=120)
            except RuntimeError:
                if process.poll() is not None and "address already in use" in log.read_text():
                    continue
                raise
            # the answer came from this process, not another one on the port
            assert process.poll() is None, log.read_text()[-2000:]
            yield Served(url, process.pid, log)
            return
        finally:
            stop(process)
    raise RuntimeError(f"no port of {PORTS} could be listened on")
