"""``hcpay`` with no sub-command: the terminal app, on the embedded portal unless --portal URL
(or HCPAY_PORTAL_URL) names a running ``hcpay serve``."""

from __future__ import annotations

import argparse
import os

from hcpay.connection import Connection, Connector


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``hcpay`` itself takes --portal and --theme (see hcpay.cli)."""


def remote_connector(url: str) -> Connector:
    def connect() -> Connection:
        from hcpay.api import PortalClient

        client = PortalClient(url)

        async def close() -> None:
            await client.aclose()

        return Connection(client=client, label=f"portal at {url}", sandbox=_is_sandbox(url),
                          close=close, portal_key=url)

    return connect


def _is_sandbox(url: str) -> bool:
    """Ask /health whether this portal is a sandbox (its inbox is then shown)."""
    import httpx

    try:
        return bool(httpx.get(f"{url.rstrip('/')}/health", timeout=5).json().get("sandbox"))
    except (httpx.HTTPError, ValueError):
        return False


def embedded_connector(demo: bool, *, fresh: bool | None = None) -> Connector:
    """The in-process portal; ``demo`` uses the demo database (made afresh unless ``fresh`` is
    False: the scripted commands keep what ``hcpay demo`` left there)."""
    start_afresh = demo if fresh is None else fresh

    def connect() -> Connection:
        from hcpay import embedded

        path = embedded.database_path(demo)
        if start_afresh:
            embedded.fresh(path)
        return embedded.open_embedded(path, demo=demo)

    return connect


def configured_portal_url(args: argparse.Namespace) -> str | None:
    """--portal URL, else HCPAY_PORTAL_URL or config.toml's portal_url; None means the embedded
    portal. Raises hcpay.config.ConfigError on a broken config file."""
    from hcpay.config import startup_settings

    return getattr(args, "portal", None) or startup_settings().portal_url


def choose_connector(args: argparse.Namespace, *, demo: bool = False) -> Connector:
    """The portal a command talks to: a running `hcpay serve` when one is named, else the
    embedded one (``demo``: the demo database as `hcpay demo` left it)."""
    url = configured_portal_url(args)
    if url and not demo:
        return remote_connector(url)
    return embedded_connector(demo=demo, fresh=False)


def run_app(connector: Connector, args: argparse.Namespace) -> int:
    from hcpay.app import HcpayApp

    app = HcpayApp(connector, theme=getattr(args, "theme", None))
    app.run()
    return 0


def run(args: argparse.Namespace) -> int:
    url = getattr(args, "portal", None) or os.environ.get("HCPAY_PORTAL_URL")
    connector = remote_connector(url) if url else embedded_connector(demo=False)
    return run_app(connector, args)
