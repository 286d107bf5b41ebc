"""`hcpay` and `hcpay demo` run the embedded portal in a process of their own, started at
launch (hcpay.embedded_process): a member signs in and saves a card through it as in-process;
its socket is this user's alone; it ends when the app ends, killed included; and a portal that
cannot start says why instead of hanging."""

from __future__ import annotations

import argparse
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hcpay.commands import tui
from hcpay.embedded_process import EmbeddedProcess, NotStarted
from hcpay.portal.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
ARGS = argparse.Namespace(portal=None, insecure_storage=False, theme=None)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the portal's own process needs "
                                "Unix sockets; elsewhere it runs in-process (other tests)")


def _ended(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


async def test_a_member_signs_in_and_saves_a_card_through_the_portals_own_process() -> None:
    connect = tui.connector(ARGS, demo=True, early=True)
    connection = connect()
    try:
        assert connection.label == "embedded sandbox portal"
        assert [d.username for d in connection.demo_logins] == ["demo", "pastdue", "agent"]
        client = connection.client
        await client.login("demo", DEMO_PASSWORD)
        summary = await client.summary()
        assert summary.member_id == "M-DEM0-2026"
        # the card goes to the sandbox gateway mounted in that process, over the same socket
        token = await client.tokenize_card("4242424242424242", 12, 2030, "123")
        method = await client.add_payment_method(token.token)
        assert method.label.endswith("4242")
    finally:
        assert connection.close is not None
        await connection.close()


def test_its_socket_is_this_users_alone_and_goes_when_it_ends(tmp_path: Path) -> None:
    process = EmbeddedProcess.start(tmp_path / "portal.db", demo=False,
                                    public_url="http://embedded.hcpay")
    assert process is not None
    try:
        process.wait_ready()
        assert stat.S_IMODE(process.folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(process.socket.stat().st_mode) == 0o600
    finally:
        process.stop()
    assert process.process.returncode == 0  # it ended by itself once its input closed
    assert not process.folder.exists()


def test_the_portal_ends_when_the_app_is_killed(tmp_path: Path) -> None:
    """An app killed outright (no atexit, no close) still takes its portal with it."""
    code = (
        "import sys; from pathlib import Path; from hcpay.embedded_process import "
        "EmbeddedProcess; p = EmbeddedProcess.start(Path(sys.argv[1]), demo=False, "
        "public_url='http://embedded.hcpay'); p.wait_ready(); "
        "print(p.process.pid, flush=True); import time; time.sleep(60)"
    )
    app = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "portal.db")], cwd=ROOT,
                           stdout=subprocess.PIPE, text=True,
                           env={**os.environ, "HCPAY_HOME": str(tmp_path)})
    assert app.stdout is not None
    portal_pid = int(app.stdout.readline())
    app.send_signal(signal.SIGKILL)
    app.wait()
    assert _ended(portal_pid), "the portal's process outlived the app"


def test_a_portal_that_cannot_start_says_why(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the database's folder should be")
    process = EmbeddedProcess.start(blocked / "portal.db", demo=False,
                                    public_url="http://embedded.hcpay")
    assert process is not None
    with pytest.raises(NotStarted) as refused:
        process.wait_ready()
    said = str(refused.value)
    assert said and "Traceback" not in said
    assert process.process.returncode == 1
    assert not process.folder.exists()
