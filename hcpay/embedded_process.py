"""The embedded portal in a process of its own, started the moment the app starts (see
``hcpay.portal.embedded_server`` for why). Only this module knows the process: the app gets a
``Connection`` like any other, over a Unix socket.

Nothing of the portal is imported here. Where no such process can be started (not a POSIX
system), ``start`` answers None and the portal runs in the app's process as before.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING

from hcpay import paths
from hcpay.domain.i18n import _

if TYPE_CHECKING:
    from hcpay.connection import Connection

SERVER = "hcpay.portal.embedded_server"
# A slow machine loading the portal for the first time (writing its byte code) takes seconds.
READY_WITHIN_SECONDS = 60.0
STOP_WITHIN_SECONDS = 3.0


class NotStarted(Exception):
    """The portal's process said why it could not start, or ended without a word."""


# A Unix socket's path holds about 104 bytes at most (108 on Linux, 104 on macOS).
SOCKET_PATH_BYTES = 100
SOCKET_NAME = "portal.sock"


def _socket_folder() -> Path | None:
    """A new folder only this user can enter (mkdtemp makes it 0700), whose socket path is
    short enough; in /tmp when the temporary folder's own path is too long."""
    for where in (None, "/tmp"):  # noqa: S108 (mkdtemp: a new, random, 0700 folder)
        folder = Path(tempfile.mkdtemp(prefix="hcpay-", dir=where))
        if len(os.fsencode(folder / SOCKET_NAME)) <= SOCKET_PATH_BYTES:
            return folder
        folder.rmdir()
    return None


class EmbeddedProcess:
    def __init__(self, process: subprocess.Popen[bytes], folder: Path, database: Path,
                 demo: bool) -> None:
        self.process = process
        self.folder = folder
        self.socket = folder / SOCKET_NAME
        self.database = database
        self.demo = demo
        self.cancelled = threading.Event()
        self.ready = False
        # however the app ends, the portal ends with it (killed, its input closes all the same)
        atexit.register(self._at_exit)

    @classmethod
    def start(cls, database: Path, *, demo: bool, public_url: str) -> EmbeddedProcess | None:
        """None where no such process can be started (the portal then runs in-process)."""
        if os.name != "posix":
            return None
        try:
            folder = _socket_folder()
            if folder is None:
                return None
            log = paths.log_dir() / "portal.log"
            paths.make_private(log)  # the portal's own log: the member's alone, as it makes it
        except OSError:  # said in words by the in-process start that follows
            return None
        # -P: the member's current folder is not on the path (its files are not imported)
        command = [sys.executable, "-P", "-m", SERVER, "--database", str(database),
                   "--socket", str(folder / SOCKET_NAME), "--public-url", public_url]
        if demo:
            command.append("--demo")
        try:
            with open(log, "ab") as errors:
                process = subprocess.Popen(  # noqa: S603 (this Python, this module)
                    command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                    # its own session: the terminal's Ctrl+C and hang-up go to the app, which
                    # ends the portal by closing its standard input
                    start_new_session=True,
                )
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            return None
        return cls(process, folder, database, demo)

    def wait_ready(self, timeout: float = READY_WITHIN_SECONDS) -> None:
        """Until the portal answers on its socket; NotStarted with its reason otherwise (also
        when ``cancel`` is called meanwhile, from another thread)."""
        out: IO[bytes] | None = self.process.stdout
        assert out is not None
        deadline = time.monotonic() + timeout
        said = ""
        while not self.cancelled.is_set() and time.monotonic() < deadline:
            readable, _w, _x = select.select([out], [], [], 0.2)
            if not readable:
                continue
            line = out.readline()
            if not line:  # its output ended: it stopped
                break
            said = line.decode(errors="replace").strip()
            if said == "ready":
                self.ready = True
                return
            if said.startswith("error: "):
                break
        # not ready: it ends (at once, unless it is ending by itself after saying why)
        self.stop(wait=False, kill=not said.startswith("error: "))
        log = paths.log_dir() / "portal.log"
        if self.cancelled.is_set():
            raise NotStarted(_("the app is ending"))
        if said.startswith("error: "):
            raise NotStarted(said.removeprefix("error: "))
        if time.monotonic() >= deadline:
            raise NotStarted(_("it did not start within {seconds:.0f} seconds (see {log})")
                             .format(seconds=timeout, log=log))
        raise NotStarted(_("it stopped while starting (see {log})").format(log=log))

    def _at_exit(self) -> None:
        # one that serves finishes what it answers; one still starting serves nobody yet
        self.stop(wait=False, kill=not self.ready)

    def cancel(self) -> None:
        """The app ends before the portal is ready: end it now (it serves nobody yet)."""
        self.cancelled.set()
        self.stop(wait=False, kill=True)

    def prepare(self) -> None:
        """Load the client's side of the connection (while the portal loads)."""
        import hcpay.api
        import hcpay.api.unix_socket  # noqa: F401

    def connection(self) -> Connection:
        from hcpay import embedded
        from hcpay.api import PortalClient
        from hcpay.api.unix_socket import UnixSocketTransport

        client = PortalClient(embedded.EMBEDDED_URL,
                              transport=UnixSocketTransport(str(self.socket)))

        async def close() -> None:
            await client.aclose()
            self.stop(wait=False)  # quitting does not wait for the portal to finish ending

        return embedded.connection(client, self.database, demo=self.demo, close=close)

    def stop(self, *, wait: bool = True, kill: bool = False) -> None:
        """End the portal: its standard input closes, it finishes what it answers and ends
        (``wait``: until it has; one that does not is ended; ``kill``: at once). The socket's
        folder goes with it. Safe to call again, from any thread."""
        process = self.process
        atexit.unregister(self._at_exit)  # ended here already
        if process.stdin is not None and not process.stdin.closed:
            with contextlib.suppress(OSError, ValueError):
                process.stdin.close()
        if kill and process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)
        if not wait:  # reaped in the background, so that no zombie is left in a long process
            threading.Thread(target=process.wait, name="portal-reaper", daemon=True).start()
            return
        try:
            process.wait(STOP_WITHIN_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
