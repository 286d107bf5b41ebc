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
import threading
import time
from pathlib import Path

import pytest

from hcpay import embedded_process
from hcpay.commands import tui
from hcpay.embedded_process import EmbeddedProcess, NotStarted
from hcpay.portal.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
ARGS = argparse.Namespace(portal=None, insecure_storage=False, theme=None)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the portal's own process needs "
                                "Unix sockets; elsewhere it runs in-process (other tests)")


def _ended(pid: int, within: float = 10.0) -> bool:
    """The process is gone, or a zombie (ended; where nobody reaps orphans it stays one)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def _start(database: Path) -> EmbeddedProcess:
    process = EmbeddedProcess.start(database, demo=False, public_url="http://embedded.hcpay")
    assert process is not None
    return process


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
    process = _start(tmp_path / "portal.db")
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
        "print(p.process.pid, p.folder, flush=True); import time; time.sleep(60)"
    )
    app = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "portal.db")], cwd=ROOT,
                           stdout=subprocess.PIPE, text=True,
                           env={**os.environ, "HCPAY_HOME": str(tmp_path)})
    assert app.stdout is not None
    with app.stdout:
        pid, folder = app.stdout.readline().split()
    assert (Path(folder) / "portal.sock").exists()
    app.send_signal(signal.SIGKILL)
    app.wait()
    assert _ended(int(pid)), "the portal's process outlived the app"
    assert not Path(folder).exists()  # it took its socket and their folder with it


def test_a_portal_that_cannot_start_says_why(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the database's folder should be")
    process = _start(blocked / "portal.db")
    with pytest.raises(NotStarted) as refused:
        process.wait_ready()
    said = str(refused.value)
    # the reason, as the database or its key file met it (whichever is opened first)
    assert any(why in said for why in ("Not a directory", "unable to open database file"))
    assert "Traceback" not in said
    assert process.process.wait(10) == 1
    assert not process.folder.exists()


def test_quitting_while_the_portal_starts_ends_it_at_once(tmp_path: Path) -> None:
    """The app ends before the portal is ready (q on the sign-in screen at once): the wait for
    it stops, and the portal's process is ended rather than left to finish starting."""
    process = _start(tmp_path / "portal.db")
    waited: list[BaseException] = []

    def wait() -> None:
        try:
            process.wait_ready()
        except NotStarted as error:
            waited.append(error)

    waiter = threading.Thread(target=wait)
    waiter.start()
    started = time.monotonic()
    process.cancel()
    waiter.join(5)
    assert not waiter.is_alive() and waited, "the wait for the portal did not stop"
    assert time.monotonic() - started < 2
    assert _ended(process.process.pid, within=3)


def test_files_in_the_members_current_folder_are_not_imported(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    """hcpay started inside a downloaded folder does not run that folder's Python files."""
    marker = tmp_path / "imported"
    (tmp_path / "h11.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    monkeypatch.chdir(tmp_path)
    process = _start(tmp_path / "portal.db")
    try:
        process.wait_ready()
    finally:
        process.stop()
    assert not marker.exists()


async def test_a_portal_that_fails_in_its_own_process_starts_in_this_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its own process fails for a reason of its own (here: it ends at once): the member still
    gets the portal, started in the app's process."""
    monkeypatch.setattr(embedded_process, "SERVER", "hcpay.no_such_module")
    connect = tui.connector(ARGS, demo=True, early=True)
    process = getattr(connect, "process", None)
    assert isinstance(process, EmbeddedProcess)
    connection = connect()
    assert not process.folder.exists()  # the failed process's socket folder is gone
    try:
        await connection.client.login("demo", DEMO_PASSWORD)
        assert (await connection.client.summary()).member_id == "M-DEM0-2026"
    finally:
        assert connection.close is not None
        await connection.close()


async def test_an_app_ended_at_once_ends_the_portal_still_starting() -> None:
    """The app ends (Ctrl+Q, or a terminal closed) while its portal is still loading: the app
    does not wait for it, and its process ends."""
    from hcpay.app import HcpayApp

    connect = tui.connector(ARGS, demo=True, early=True)
    process = getattr(connect, "process", None)
    assert isinstance(process, EmbeddedProcess)
    started = time.monotonic()
    app = HcpayApp(connect)
    async with app.run_test(size=(80, 24)):
        assert app.connection is None  # the portal is still starting
    assert time.monotonic() - started < 5  # the app did not wait for the portal to start
    assert _ended(process.process.pid, within=5)
