"""The embedded default: the sandbox portal on a SQLite file in the user data dir, in this
process (httpx.ASGITransport: the scripted commands, the tests) or in a process of its own
(``hcpay.embedded_process``: the app). Imported only by the commands, in a worker after the
first paint."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hcpay import paths
from hcpay.connection import Connection, DemoLogin
from hcpay.domain.i18n import N_, _

if TYPE_CHECKING:
    from hcpay.api import PortalClient

EMBEDDED_URL = "http://embedded.hcpay"

DEMO_LOGINS = (
    DemoLogin("demo", "Demo-Pass-2026!", N_("a year of bills, all paid on time")),
    DemoLogin("pastdue", "Demo-Pass-2026!", N_("in a grace period")),
    DemoLogin("agent", "Agent-Pass-2026!",
              N_("support agent; two-step code from the secret JBSWY3DPEHPK3PXP")),
)


def database_path(demo: bool) -> Path:
    return paths.data_dir() / ("demo.db" if demo else "portal.db")


def fresh(path: Path) -> None:
    """Remove a database file and what SQLite and the portal keep beside it."""
    for suffix in ("", "-wal", "-shm", "-journal", ".key"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def open_embedded(path: Path, *, demo: bool = False) -> Connection:
    import httpx

    from hcpay.api import PortalClient
    from hcpay.portal.embedded_server import build_app

    app = build_app(path, demo=demo, public_url=EMBEDDED_URL)
    client = PortalClient(EMBEDDED_URL, transport=httpx.ASGITransport(app=app))

    async def close() -> None:
        await client.aclose()
        app.state.portal.db.dispose()

    return connection(client, path, demo=demo, close=close)


def connection(client: PortalClient, path: Path, *, demo: bool,
               close: Callable[[], Awaitable[None]]) -> Connection:
    """The app's connection to the embedded portal on ``path``, in this process or its own."""
    return Connection(
        client=client, label=_("embedded sandbox portal"), sandbox=True,
        demo_logins=DEMO_LOGINS if demo else (), close=close, portal_key=f"embedded:{path}",
    )
