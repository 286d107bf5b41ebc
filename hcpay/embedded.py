"""The embedded default: the portal in this process (httpx.ASGITransport) on a SQLite file in
the user data dir. Imported only by the commands, in a worker after the first paint: the portal
(FastAPI, SQLAlchemy, migrations) takes about half a second to load."""

from __future__ import annotations

from pathlib import Path

from hcpay import paths
from hcpay.connection import Connection, DemoLogin
from hcpay.domain.i18n import N_, _

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
    from hcpay.portal import logs
    from hcpay.portal.app import create_app
    from hcpay.portal.demo import seed_demo
    from hcpay.portal.settings import PortalSettings

    # The portal's logs go to a file: nothing may write to the terminal under the TUI.
    logs.configure(paths.log_dir() / "portal.log", stderr=False)
    settings = PortalSettings(database_url=f"sqlite:///{path}", sandbox=True,
                              public_url=EMBEDDED_URL)
    app = create_app(settings)
    if demo:
        seed_demo(app.state.portal)
    client = PortalClient(EMBEDDED_URL, transport=httpx.ASGITransport(app=app))

    async def close() -> None:
        await client.aclose()
        app.state.portal.db.dispose()

    return Connection(
        client=client, label=_("embedded sandbox portal"), sandbox=True,
        demo_logins=DEMO_LOGINS if demo else (), close=close, portal_key=f"embedded:{path}",
    )
