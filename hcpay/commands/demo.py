"""``hcpay demo``: the app on a fresh embedded sandbox portal with the demo accounts, whose
sign-ins are shown on the login screen."""

from __future__ import annotations

import argparse

from hcpay.commands import tui


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # --theme is an option of `hcpay` itself; --plain works before or after `demo`.
    parser.add_argument("--plain", action="store_true", default=argparse.SUPPRESS,
                        help="plain mode for screen readers (see `hcpay --help`)")


def run(args: argparse.Namespace) -> int:
    return tui.run_app(tui.connector(args, demo=True, early=True), args, demo=True)
