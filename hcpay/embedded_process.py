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


class EmbeddedProcess:
    def __init__(self, process: subprocess.Popen[bytes], folder: Path, database: Path,
                 demo: bool) -> None:
        self.process = process
        self.folder = folder
        self.socket = folder / "portal.sock"
        self.database = database
        self.demo = demo
        # however the app ends, the portal ends with it (killed, its input closes all the same)
        atexit.register(self.stop, wait=False)

    @classmethod
    def start(cls, database: Path, *, demo: bool, public_url: str) -> EmbeddedProcess | None:
        if os.name != "posix":
            return None
        # mkdtemp makes a folder only this user can enter (0700), with a name short enough
        # for a socket's path (about 100 bytes at most)
        folder = Path(tempfile.mkdtemp(prefix="hcpay-"))
        command = [sys.executable, "-m", SERVER, "--database", str(database),
                   "--socket", str(folder / "portal.sock"), "--public-url", public_url]
        if demo:
            command.append("--demo")
        try:
            with open(paths.log_dir() / "portal.log", "ab") as log:
                process = subprocess.Popen(  # noqa: S603 (this Python, this module)
                    command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                    # its own session: the terminal's Ctrl+C and hang-up go to the app, which
                    # ends the portal by closing its standard input
                    start_new_session=True,
                )
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            return None
        return cls(process, folder, database, demo)

    def wait_ready(self, timeout: float = READY_WITHIN_SECONDS) -> None:
        """Until the portal answers on its socket; NotStarted with its reason otherwise."""
        out: IO[bytes] | None = self.process.stdout
        assert out is not None
        readable, _w, _x = select.select([out], [], [], timeout)
        line = out.readline().decode(errors="replace").strip() if readable else ""
        if line == "ready":
            return
        self.stop()
        if line.startswith("error: "):
            raise NotStarted(line.removeprefix("error: "))
        log = paths.log_dir() / "portal.log"
        if not readable:
            raise NotStarted(_("it did not start within {seconds:.0f} seconds (see {log})")
                             .format(seconds=timeout, log=log))
        raise NotStarted(_("it stopped while starting (see {log})").format(log=log))

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

    def stop(self, *, wait: bool = True) -> None:
        """End the portal: its standard input closes, it finishes what it answers and ends
        (``wait``: until it has; one that does not is ended). The socket's folder goes with it.
        Safe to call again."""
        process = self.process
        if process.stdin is not None and not process.stdin.closed:
            with contextlib.suppress(OSError):
                process.stdin.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        if not wait:
            return
        try:
            process.wait(STOP_WITHIN_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
