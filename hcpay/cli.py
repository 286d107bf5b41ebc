"""The ``hcpay`` command. Each sub-command lives in ``hcpay/commands/<name>.py`` and is imported
only when used, so starting the app never pays for the portal's imports."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# sub-command -> module in hcpay.commands that defines add_arguments(parser) and run(args) -> int
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("serve", "run the portal over HTTP (sandbox unless --live)"),
    "portal": ("portal_admin", "portal administration: create-agent, run-jobs"),
    "config": ("config_cmd", "settings: `hcpay config path` prints where they are kept"),
    "logout": ("logout", "sign out and remove every trace of the login from this computer"),
}


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hcpay", description="Pay your health-insurance premium from a terminal."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = next((a for a in argv if not a.startswith("-")), None)
    for name, (module_name, help_text) in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name == wanted:
            module = importlib.import_module(f"hcpay.commands.{module_name}")
            module.add_arguments(sub_parser)
            sub_parser.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(args_list)
    args = parser.parse_args(args_list)
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return 0
    result: int = run(args)
    return result
