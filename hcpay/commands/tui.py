"""``hcpay`` with no sub-command: the terminal app, on the embedded portal unless --portal URL
(or the config file, or HCPAY_PORTAL_URL) names a running ``hcpay serve``.

Everything slow (reading settings with pydantic, the keyring, the portal itself) happens in the
connector, which the app runs in a thread after its first frame is on the screen."""

from __future__ import annotations

import argparse
import contextlib
import gc
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # made after the first frame (two dataclasses: not worth building before)
    from hcpay.connection import Connection, Connector
    from hcpay.embedded_process import EmbeddedProcess


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``hcpay`` itself takes --portal, --theme and --insecure-storage (see hcpay.cli)."""


def _health(url: str) -> bool | None:
    """Ask /health whether this portal is a sandbox (its inbox is then shown); None when it
    does not answer."""
    import httpx

    try:
        return bool(httpx.get(f"{url.rstrip('/')}/health", timeout=5).json().get("sandbox"))
    except (httpx.HTTPError, ValueError):
        return None


def _open(url: str | None, demo: bool, fresh: bool,
          process: EmbeddedProcess | None = None) -> Connection:
    from hcpay.connection import Connection

    if url:
        from hcpay.api import PortalClient

        client = PortalClient(url)
        sandbox = _health(url)
        return Connection(client=client, label=f"portal at {url}", sandbox=bool(sandbox),
                          reachable=sandbox is not None, close=client.aclose,
                          portal_key=url.rstrip("/"))
    from hcpay import embedded

    if process is not None:
        from hcpay.embedded_process import NotStarted

        process.prepare()  # the client's side is loaded while the portal loads
        try:
            process.wait_ready()
            return process.connection()
        except NotStarted:
            if process.cancelled.is_set():
                raise
            # Something of its own process failed (its socket, say): the portal starts in
            # this process instead, which says in words what is wrong if the portal itself
            # cannot start. A demo database that process began is made afresh.
            fresh = demo
    path = embedded.database_path(demo)
    if fresh:
        embedded.fresh(path)
    return embedded.open_embedded(path, demo=demo)


def _start_early(args: argparse.Namespace, demo: bool, fresh: bool) -> EmbeddedProcess | None:
    """The embedded portal's own process, started before anything else is loaded, so that it
    loads on another core while the app draws; None where the portal is a URL, or where no
    such process can be started (then it runs in this process, in the connector)."""
    from hcpay.config import ConfigError, startup_settings

    if not demo:
        if getattr(args, "portal", None):
            return None
        try:
            if startup_settings().portal_url:  # fast (replayed); checked again by the connector
                return None
        except ConfigError:  # said by the connector, after the first frame
            return None
    from hcpay import embedded
    from hcpay.embedded_process import EmbeddedProcess

    try:
        path = embedded.database_path(demo)
        if fresh:
            embedded.fresh(path)
    except OSError:  # a data folder that cannot be made: said in words after the first frame
        return None
    return EmbeddedProcess.start(path, demo=demo, public_url=embedded.EMBEDDED_URL)


def connector(
    args: argparse.Namespace, *, demo: bool = False, fresh: bool | None = None,
    early: bool = False,
) -> Connector:
    """The portal to talk to. ``demo``: the embedded demo database, made afresh unless
    ``fresh`` is False (the scripted commands keep what ``hcpay demo`` left there).
    ``early``: an embedded portal starts now, in a process of its own (the app and plain
    mode); otherwise it loads in this process when the connector is called."""
    fresh = demo if fresh is None else fresh
    return _Connect(args, demo, fresh, _start_early(args, demo, fresh) if early else None)


class _Connect:
    """Called once, in a thread after the first paint: the connection. ``cancel``: the app
    ends before that (an embedded portal still starting is ended at once)."""

    def __init__(self, args: argparse.Namespace, demo: bool, fresh: bool,
                 process: EmbeddedProcess | None) -> None:
        self.args, self.demo, self.fresh, self.process = args, demo, fresh, process

    def cancel(self) -> None:
        if self.process is not None:
            self.process.cancel()

    def __call__(self) -> Connection:
        # What the app made before (its screens, widgets, modules) lives as long as it does,
        # and so does what the portal is about to import: frozen, the garbage collector no
        # longer walks them at every collection while the portal loads and afterwards.
        gc.freeze()
        try:
            return self._connect()
        finally:
            gc.freeze()

    def _connect(self) -> Connection:
        from hcpay.client_settings import EMBEDDED_PORTAL
        from hcpay.config import load_settings
        from hcpay.credentials import CredentialStore
        from hcpay.remember import Remembered

        args, demo, process = self.args, self.demo, self.process
        overrides: dict[str, Any] = {}
        if getattr(args, "portal", None):
            overrides["portal_url"] = args.portal
        if getattr(args, "insecure_storage", False):
            overrides["insecure_storage"] = True
        try:
            settings = load_settings(**overrides)
        except Exception:
            if process is not None:
                process.stop(wait=False, kill=True)
            raise
        url = None if demo else settings.portal_url
        if url and process is not None:  # the replayed settings were older than the file
            process.stop(wait=False, kill=True)
        portal = f"{EMBEDDED_PORTAL}-demo" if demo else settings.credentials_portal
        store = CredentialStore(portal, insecure_storage=settings.insecure_storage)
        # a process that ended already is read to its end in _open (its folder goes with it)
        connection = _open(url, demo, self.fresh, None if url else process)
        connection.remembered = Remembered(
            store, "" if demo else (settings.username or ""), client=connection.client
        )
        connection.theme = settings.theme
        connection.warnings = tuple(w for w in (store.warning,) if w)
        return connection


@contextlib.contextmanager
def keys_typed_ahead_unseen() -> Iterator[None]:
    """From now until the app takes the terminal, keys typed are not echoed (a password typed
    ahead never shows in the terminal, nor stays in its scrollback) and each is passed on as
    typed, Enter included; the terminal is as it was once hcpay ends."""
    import sys

    try:
        import termios

        fd = sys.stdin.fileno()
        before = termios.tcgetattr(fd)
    except (ImportError, OSError, ValueError):  # not a terminal (a pipe, Windows): nothing to do
        yield
        return
    quiet = termios.tcgetattr(fd)
    quiet[0] &= ~termios.ICRNL  # iflag: Enter stays Enter, not a line feed
    quiet[3] &= ~(termios.ECHO | termios.ICANON)  # lflag: no echo, no line editing
    termios.tcsetattr(fd, termios.TCSANOW, quiet)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, before)


def run_app(connect: Connector, args: argparse.Namespace, *, demo: bool = False) -> int:
    """The app (or plain mode); ``demo``: on the demo portal, which remembers no one."""
    from hcpay import plain

    if plain.wanted(bool(getattr(args, "plain", False))):
        from hcpay.plain import app as plain_app

        return plain_app.run(connect)
    with keys_typed_ahead_unseen():
        return _run_tui(connect, args, demo)


def _run_tui(connect: Connector, args: argparse.Namespace, demo: bool) -> int:
    # Nearly every object made before the first frame (modules, classes, widgets) lives as
    # long as the app, and Python's cyclic garbage collector would walk them again and again
    # while they are made (~4% of the time to the sign-in screen). It is off until the screen
    # is painted; the app turns it back on then (gc_paused).
    gc.disable()
    from hcpay.app import HcpayApp
    from hcpay.config import ConfigError, startup_settings

    try:  # fast (replayed); a broken file is said by the connector after the first frame
        settings = startup_settings()
    except ConfigError:
        from hcpay.client_settings import ClientSettings

        settings = ClientSettings.model_construct()  # the defaults
    app = HcpayApp(
        connect, theme=getattr(args, "theme", None) or settings.theme,
        # known at the first frame, so that a password typed ahead goes into the password
        username=None if demo else settings.username, key_map=settings.key_map,
        cursor_blink=settings.cursor_blink, terminal_cursor=settings.terminal_cursor,
        gc_paused=True,
    )
    try:
        app.run()
    finally:
        gc.enable()
    return 0


def run(args: argparse.Namespace) -> int:
    return run_app(connector(args, early=True), args)
