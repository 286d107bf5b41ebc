"""``hcpay portal ...``: administration of a portal database."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: the local SQLite file)")
    sub = parser.add_subparsers(dest="portal_command", metavar="ACTION", required=True)
    sub.add_parser("run-jobs", help="run every job due up to today, once")


def run(args: argparse.Namespace) -> int:
    from hcpay.portal.app import build_portal
    from hcpay.portal.settings import PortalSettings

    overrides: dict[str, object] = {}
    if args.database_url:
        overrides["database_url"] = args.database_url
    portal = build_portal(PortalSettings(**overrides))  # type: ignore[arg-type]
    if args.portal_command == "run-jobs":
        done = portal.jobs.run_until()
        print(f"Jobs run through {portal.clock.today().isoformat()}: {done} item(s).")
    return 0
