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
    "demo": ("demo", "the app on a fresh sandbox portal with the demo accounts"),
    "config": ("config_cmd", "settings: `hcpay config path` prints where they are kept"),
    "logout": ("logout", "sign out and remove every trace of the login from this computer"),
    "login": ("login", "sign in once for the scripted commands below"),
    "status": ("status", "what you owe, when it is due, coverage and alerts (--json)"),
    "history": ("history", "your payments (--json, --csv)"),
    "pay": ("pay", "pay or schedule a payment: --amount 123.45 [--method ID] [--yes]"),
    "autopay": ("autopay", "automatic payments: show, set, off"),
    "methods": ("methods", "saved cards and bank accounts: list, add, default, remove"),
    "receipt": ("receipt", "a payment's receipt, printed or saved (--pdf FILE, --txt FILE)"),
    "guide": ("guide", "the numbered steps of a task, as the screens number them"),
}

# Exit codes of the scripted commands: 2 means "cancelled", so a mistyped command line exits 1.
USAGE_ERROR = 1


_TAKES_VALUE = {"--portal", "--theme"}

# `hcpay` on its own, the usual start, is the terminal app with every option at its default:
# main() hands it these instead of first building a parser for each sub-command (about 1% of
# the time to the sign-in screen). tests/cli checks that they are the parser's own defaults.
NO_ARGUMENTS: dict[str, object] = {
    "portal": None, "theme": None, "insecure_storage": False, "plain": False, "command": None,
}


def _sub_command(argv: Sequence[str]) -> str | None:
    """The first word that is neither an option nor an option's value."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _TAKES_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hcpay", description="Pay your health-insurance premium from a terminal."
    )
    parser.add_argument(
        "--portal", metavar="URL",
        help="talk to a running `hcpay serve` at URL (default: the embedded portal)",
    )
    parser.add_argument(
        "--theme",
        choices=("default", "textual-dark", "textual-light", "ansi-dark", "ansi-light",
                 "high-contrast"),
        help="colours: ansi-dark and ansi-light follow your terminal's own palette; "
        "high-contrast is white on black with yellow focus (NO_COLOR is honoured too)",
    )
    parser.add_argument(
        "--insecure-storage", action="store_true",
        help="with no usable OS keyring, keep the sign-in token in a file only you can read",
    )
    parser.add_argument(
        "--plain", action="store_true",
        help="plain mode for screen readers: one question a line, numbered menus, no redraw "
        "(also ACCESSIBLE=1, HCPAY_ACCESSIBLE=1 or accessible = true in config.toml)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = _sub_command(argv)
    for name, (module_name, help_text) in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name == wanted:
            module = importlib.import_module(f"hcpay.commands.{module_name}")
            module.add_arguments(sub_parser)
            sub_parser.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list:
        parser = build_parser(args_list)
        try:
            args = parser.parse_args(args_list)
        except SystemExit as exc:  # argparse: --help exits 0, a usage error 2
            return USAGE_ERROR if exc.code == 2 else int(exc.code or 0)
    else:
        args = argparse.Namespace(**NO_ARGUMENTS)
    run = getattr(args, "run", None)
    if run is None:  # no sub-command: the terminal app
        from hcpay.commands import tui

        run = tui.run
    try:
        result: int = run(args)
    except BrokenPipeError:  # `hcpay history | head`: the reader has gone; nothing to say
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return result
