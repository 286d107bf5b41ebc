"""Start a real `python -m hcpay serve` on 127.0.0.1 for end-to-end tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early with status {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@contextlib.contextmanager
def running_portal(
    home: Path, *extra_args: str, env: dict[str, str] | None = None,
    startup_timeout: float = 30.0,
) -> Iterator[str]:
    """Run `hcpay serve` with its files under ``home``; yields the base URL."""
    port = free_port()
    database = home / "portal.db"
    environment = {**os.environ, "HCPAY_HOME": str(home), "PYTHONPATH": str(REPO)}
    environment.update(env or {})
    log = (home / "serve.stderr").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "hcpay", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--database-url", f"sqlite:///{database}", *extra_args],
        cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/health", process, timeout=startup_timeout)
        yield base
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask a server to stop (SIGTERM), and kill it when it has not within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
