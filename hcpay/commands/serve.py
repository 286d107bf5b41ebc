"""``hcpay serve``: the portal under uvicorn, sandbox unless --live."""

from __future__ import annotations

import argparse
import gc
import ipaddress
import sys

from hcpay import paths


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument(
        "--database-url",
        help="SQLAlchemy URL (default: a SQLite file in the user data dir; "
        "postgresql://user@host/db for PostgreSQL)",
    )
    parser.add_argument("--demo", action="store_true", help="seed the demo accounts when empty")
    parser.add_argument("--live", action="store_true", help="live mode: no sandbox controls")
    parser.add_argument(
        "--trusted-proxy", metavar="ADDR",
        help="the address of a reverse proxy in front of the portal whose X-Forwarded-For "
        "names the client (default: none; client addresses come from the socket)",
    )
    parser.add_argument(
        "--gateway-url", metavar="URL",
        help="live mode: the processor's https tokenization address (HCPAY_PORTAL_GATEWAY_URL)",
    )


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from hcpay.portal import logs
    from hcpay.portal.app import create_app
    from hcpay.portal.demo import seed_demo
    from hcpay.portal.security.startup_checks import StartupRefused
    from hcpay.portal.settings import PortalSettings

    overrides: dict[str, object] = {"public_url": f"http://{args.host}:{args.port}"}
    if args.database_url:
        overrides["database_url"] = args.database_url
    if args.live:
        overrides["sandbox"] = False
    if args.gateway_url:
        overrides["gateway_url"] = args.gateway_url
    if args.demo and args.live:
        print("hcpay serve: --demo only works in sandbox mode; drop --live.", file=sys.stderr)
        return 1
    if not args.live and not is_loopback(args.host):
        # the sandbox's controls (outbox with reset links, clock) are open to whoever connects
        print(
            f"hcpay serve: sandbox mode only listens on this computer (127.0.0.1), not on "
            f"{args.host}: its outbox and clock are open to anyone who reaches the port. Use "
            "--host 127.0.0.1, or --live for a real deployment.",
            file=sys.stderr,
        )
        return 1
    settings = PortalSettings(**overrides)  # type: ignore[arg-type]
    logs.configure(paths.log_dir() / "portal.log")
    try:
        app = create_app(settings, run_jobs=True)
    except StartupRefused as refused:
        print(f"hcpay serve: {refused}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bad URL or an unreachable database: say so, no traceback
        print(f"hcpay serve: cannot open the database: {exc}", file=sys.stderr)
        return 1
    if args.demo:
        seed_demo(app.state.portal)
    # What start-up made (the app, its routes, the ORM's mappers: ~170,000 objects) lives as long
    # as the server. Out of the collector's sight, a full collection under load walks only what
    # requests made, not all of it: a pause of milliseconds, not a tenth of a second.
    gc.collect()
    gc.freeze()
    # Client addresses (rate limits, logs) come from the socket: uvicorn's default would take
    # X-Forwarded-For from any local process. Only a named proxy is believed.
    uvicorn.run(
        app, host=args.host, port=args.port, log_config=None, access_log=False,
        proxy_headers=bool(args.trusted_proxy), forwarded_allow_ips=args.trusted_proxy or "",
        server_header=False,
    )
    return 0
