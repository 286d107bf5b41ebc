"""The embedded sandbox portal: built here for both ways the app runs it.

- In the app's own process (``hcpay.embedded.open_embedded``, through ``httpx.ASGITransport``):
  the scripted commands and the tests.
- In a process of its own (``python -m hcpay.portal.embedded_server``), started by
  ``hcpay.embedded_process`` the moment ``hcpay`` or ``hcpay demo`` starts. Loading the portal
  (FastAPI, SQLAlchemy, the routes and their models) is most of a second of work; in a process
  of its own it runs on another core while the app draws its sign-in screen, instead of taking
  turns with it for one interpreter. It answers on a Unix socket in a folder that only this user
  can open (no TCP port that another local user could reach), says ``ready`` (or ``error: ...``)
  on one line of its standard output, and ends when its standard input closes, which happens
  when the app ends in any way, killed included.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import socket
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI

READY = "ready"
ERROR = "error: "


def build_app(database: Path, *, demo: bool, public_url: str) -> FastAPI:
    """The sandbox portal on the SQLite file ``database``; ``demo``: with the demo accounts
    (on a new database)."""
    from hcpay import paths
    from hcpay.portal import logs
    from hcpay.portal.app import create_app
    from hcpay.portal.demo import seed_demo
    from hcpay.portal.settings import PortalSettings

    # The portal's logs go to a file: nothing may write to the terminal under the TUI.
    logs.configure(paths.log_dir() / "portal.log", stderr=False)
    settings = PortalSettings(database_url=f"sqlite:///{database}", sandbox=True,
                              public_url=public_url)
    app = create_app(settings)
    if demo:
        seed_demo(app.state.portal)
    return app


def _listen(path: str) -> socket.socket:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o600)  # its folder is the user's alone already; the socket too
    listener.listen(128)  # connections made before the server's loop runs wait here
    return listener


def _end_with_parent(server: uvicorn.Server) -> None:
    """Standard input is a pipe from the app: it reaches its end when the app ends."""
    while sys.stdin.buffer.read(4096):
        pass
    server.should_exit = True


def _say(line: str) -> bool:
    """One line to the app; False when the app is gone already."""
    try:
        sys.stdout.write(line.replace("\n", " ") + "\n")
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        return False
    return True


def _remove(socket_path: str) -> None:
    """The socket and its folder (made for this process alone by the app)."""
    with contextlib.suppress(OSError):
        os.unlink(socket_path)
    with contextlib.suppress(OSError):
        os.rmdir(os.path.dirname(socket_path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hcpay.portal.embedded_server")
    parser.add_argument("--database", type=Path, required=True)
    parser.add_argument("--socket", required=True)
    parser.add_argument("--public-url", required=True)
    parser.add_argument("--demo", action="store_true")
    args = parser.parse_args(argv)
    gc.disable()  # what is loaded now lives as long as the process: no collector walks meanwhile
    try:
        app = build_app(args.database, demo=args.demo, public_url=args.public_url)
        import uvicorn

        listener = _listen(args.socket)
    except Exception as error:  # said by the app in words ("The portal could not be started")
        _say(f"{ERROR}{error}")
        _remove(args.socket)
        return 1
    finally:
        gc.enable()
        gc.freeze()
    try:
        server = uvicorn.Server(uvicorn.Config(
            app, log_config=None, access_log=False, lifespan="on", loop="asyncio", http="h11",
            timeout_graceful_shutdown=2,
        ))
        threading.Thread(target=_end_with_parent, args=(server,), daemon=True).start()
        if not _say(READY):
            return 0  # the app ended while this one started
        # Nobody reads the pipe after "ready": anything written to standard output from now
        # on goes to the log (standard error) instead of filling the pipe until writes block.
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
        server.run(sockets=[listener])
    finally:
        _remove(args.socket)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
