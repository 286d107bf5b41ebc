"""The ``hcpay`` command. Each sub-command lives in ``hcpay/commands/<name>.py`` and is imported
only when used, so starting the app never pays for the portal's imports."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from hcpay import __version__
from hcpay.commands.exits import ERROR_SHAPE, SHORT_HELP, Exit, table
from hcpay.domain import i18n
from hcpay.domain.i18n import LANGUAGES, N_, _

NEEDS_TERMINAL = (
    "hcpay needs a terminal; try `hcpay --help`, `hcpay --plain` or a command"
)

PASSWORD_REFUSED = (
    "a password is never taken on the command line, where other users and logs can see it. "
    "Pipe it in with --password-stdin, or set HCPAY_PASSWORD; at a terminal, leave both out "
    "and hcpay asks for it."
)

# sub-command -> module in hcpay.commands that defines add_arguments(parser) and run(args) -> int
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("serve", N_("run the portal over HTTP (sandbox unless --live)")),
    "portal": ("portal_admin", N_("portal administration: create-agent, run-jobs")),
    "demo": ("demo", N_("the app on a fresh sandbox portal with the demo accounts")),
    "config": ("config_cmd", N_("settings: `hcpay config path` prints where they are kept")),
    "logout": ("logout", N_("sign out and remove every trace of the login from this computer")),
    "login": ("login", N_("sign in once for the scripted commands below")),
    "status": ("status", N_("what you owe, when it is due, coverage and alerts (--json)")),
    "bills": ("bills", N_("your open bills and their invoice ids (for `hcpay pay --invoice`)")),
    "history": ("history", N_("your payments (--json, --csv)")),
    "pay": ("pay", N_("pay or schedule a payment: --amount 123.45 [--method ID] [--yes]; "
            "`hcpay pay cancel REF` cancels a scheduled one")),
    "autopay": ("autopay", N_("automatic payments: show, set, off")),
    "methods": ("methods", N_("saved cards and bank accounts: list, add, default, remove")),
    "receipt": ("receipt", N_("a payment's receipt, printed or saved (--pdf FILE, --txt FILE)")),
    "documents": ("documents", N_("bills, coverage notices, tax forms and receipts: list, get "
                  "ID [--format pdf -o FILE], paperless")),
    "guide": ("guide", N_("the numbered steps of a task, as the screens number them")),
    "version": ("version", N_("print hcpay's version")),
}

_TAKES_VALUE = {"--portal", "--theme", "--lang"}

# `hcpay` on its own, the usual start, is the terminal app with every option at its default:
# main() hands it these instead of first building a parser for each sub-command (about 1% of
# the time to the sign-in screen). tests/cli checks that they are the parser's own defaults.
NO_ARGUMENTS: dict[str, object] = {
    "portal": None, "theme": None, "insecure_storage": False, "plain": False, "command": None,
    "lang": None,
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


class UsageError(Exception):
    """A command line argparse could not read, with the parser whose usage fits it."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and epilogs keep their lines (JSON shapes, the exit-code table) but a line
    too long for the terminal is wrapped, its continuation indented under it."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        lines = []
        for line in text.splitlines():
            lead = indent + " " * (len(line) - len(line.lstrip()))
            lines.extend(textwrap.wrap(
                line.strip(), width, initial_indent=lead, subsequent_indent=lead + "  ",
                break_on_hyphens=False,
            ) or [""])
        return "\n".join(lines)


class Parser(argparse.ArgumentParser):
    """Every parser of hcpay: no prefix matching (``--pass`` is never ``--password-stdin``),
    and a usage error reported with the usage of the (sub-)command it happened in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)
        self.set_defaults(_parser=self)  # the deepest sub-command's parser wins

    def error(self, message: str) -> NoReturn:
        raise UsageError(self, message)


def password_look_alike(argv: Sequence[str]) -> bool:
    """``--password``, ``--password=...``, ``--pass``, ``--pw``, ``-p``: anything that looks
    like a password on the command line (only ``--password-stdin`` is a real option)."""
    for arg in argv:
        if arg == "--":
            return False
        name = arg.split("=", 1)[0].lower()
        if not name.startswith("-") or arg.lower() == "--password-stdin":
            continue
        if name.startswith(("--pass", "--pw")) or "password" in name or (
            name.startswith("-p") and not name.startswith("--") and name != "-"
        ):
            return True
    return False


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = Parser(
        prog="hcpay", description=_("Pay your health-insurance premium from a terminal."),
        epilog=ERROR_SHAPE + "\n" + table(),
    )
    parser.add_argument(
        "--version", "-V", action="version", version=f"hcpay {__version__}",
        help=_("print hcpay's version and exit"),
    )
    parser.add_argument(
        "--portal", metavar="URL",
        help=_("talk to a running `hcpay serve` at URL (default: the embedded portal)"),
    )
    parser.add_argument(
        "--theme",
        choices=("default", "textual-dark", "textual-light", "ansi-dark", "ansi-light",
                 "high-contrast"), metavar="NAME",
        help=_("colours: default, textual-dark, textual-light, ansi-dark, ansi-light or "
               "high-contrast; ansi-dark and ansi-light follow your terminal's own palette; "
               "high-contrast is white on black with yellow focus (NO_COLOR is honoured too)"),
    )
    parser.add_argument(
        "--lang", metavar="LANG", choices=tuple(LANGUAGES),
        help=_("the language hcpay speaks: en (English) or es (Spanish); also HCPAY_LANG, "
               "language = \"es\" in config.toml, then LANG"),
    )
    parser.add_argument(
        "--insecure-storage", action="store_true",
        help=_("with no usable OS keyring, keep the sign-in token in a file only you can read"),
    )
    parser.add_argument(
        "--plain", action="store_true",
        help=_("plain mode for screen readers: one question a line, numbered menus, no redraw "
               "(also ACCESSIBLE=1, HCPAY_ACCESSIBLE=1 or accessible = true in config.toml)"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = _sub_command(argv)
    for name, (module_name, help_text) in COMMANDS.items():
        said = _(help_text)
        sub_parser = sub.add_parser(name, help=said, description=said)
        sub_parser.epilog = SHORT_HELP
        if name == wanted:
            module = importlib.import_module(f"hcpay.commands.{module_name}")
            module.add_arguments(sub_parser)
            if sub_parser.formatter_class is argparse.RawDescriptionHelpFormatter:
                sub_parser.formatter_class = HelpFormatter  # the same, wrapped to fit
            sub_parser.set_defaults(run=module.run)
    return parser


def parse(argv: Sequence[str]) -> tuple[argparse.Namespace, argparse.ArgumentParser]:
    """The command line read, and the parser of the sub-command it names (for its usage)."""
    parser = build_parser(argv)
    args, extra = parser.parse_known_args(argv)
    used: argparse.ArgumentParser = getattr(args, "_parser", parser)
    if extra:
        if used.prog.endswith(" login"):  # never echo what may be a password
            raise UsageError(used, "takes no other arguments; " + PASSWORD_REFUSED)
        raise UsageError(used, f"unrecognized arguments: {' '.join(extra)}")
    return args, used


def _usage_error(argv: Sequence[str], parser: argparse.ArgumentParser, message: str) -> int:
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: {message}", file=sys.stderr)
    if "--json" in argv:
        from hcpay.commands.render import error_json, write_json

        write_json(sys.stdout, error_json(
            "usage", f"{parser.prog}: {message}", exit_code=int(Exit.USAGE)
        ))
    return int(Exit.USAGE)


def _needs_terminal(args: argparse.Namespace) -> bool:
    """The full-screen app draws on a terminal and reads keys from one; plain mode (which a
    screen reader or a pipe can follow) needs neither."""
    if sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty():
        return False
    from hcpay import plain

    return not plain.wanted(bool(getattr(args, "plain", False)))


def main(argv: Sequence[str] | None = None) -> int:
    """``hcpay ARGS``; with ``argv`` None (the real program, not a test calling it) the process
    ends right after, so what it made is frozen out of the collector's sight: Python's last
    collection at exit would otherwise walk the portal's objects for seconds (Ctrl+C at a
    question is to end the command at once)."""
    code = _main(argv)
    if argv is None:
        import gc

        gc.freeze()
    return code


def take_language(argv: list[str]) -> str | None:
    """Take ``--lang X`` (or ``--lang=X``) out of ``argv``, wherever it is (``hcpay status
    --lang es`` as well as ``hcpay --lang es status``), and answer X."""
    found: str | None = None
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            found = argv[index + 1]
            del argv[index:index + 2]
            continue
        if arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
            del argv[index]
            continue
        index += 1
    return found


def choose_language(flag: str | None) -> str:
    """The language for this run: ``--lang``, ``HCPAY_LANG``, ``language`` in config.toml,
    then ``LC_ALL``/``LANG``; English otherwise (see hcpay.domain.i18n.resolve_language)."""
    import os

    configured: str | None = None
    if not flag and not os.environ.get("HCPAY_LANG"):
        from hcpay.config import configured_language

        configured = configured_language()
    return i18n.set_language(i18n.resolve_language(flag, configured))


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    flag = take_language(args_list)
    if flag is not None and i18n.normalise(flag) is None:
        print(_("hcpay: --lang takes one of: {languages}.").format(
            languages=", ".join(LANGUAGES)), file=sys.stderr)
        return int(Exit.USAGE)
    choose_language(flag)
    if password_look_alike(args_list):
        command = _sub_command(args_list)  # named only when it is one: never echo a value
        known = f" {command}" if command in COMMANDS else ""
        print(f"hcpay{known}: {PASSWORD_REFUSED}", file=sys.stderr)
        return int(Exit.USAGE)
    if args_list:
        try:
            args, _used = parse(args_list)
        except UsageError as exc:
            return _usage_error(args_list, exc.parser, str(exc))
        except SystemExit as exc:  # --help and --version
            return int(exc.code or 0)
    else:
        args = argparse.Namespace(**NO_ARGUMENTS)
    run = getattr(args, "run", None)
    if (run is None or args.command == "demo") and _needs_terminal(args):  # the terminal app
        print(NEEDS_TERMINAL, file=sys.stderr)
        return int(Exit.USAGE)
    if run is None:
        from hcpay.commands import tui

        run = tui.run
    try:
        result: int = run(args)
    except BrokenPipeError:  # `hcpay history | head`: the reader has gone; nothing to say
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return int(Exit.ERROR)
    except KeyboardInterrupt:  # Ctrl+C anywhere a command did not catch it itself
        print("\nhcpay: interrupted.", file=sys.stderr)
        return int(Exit.INTERRUPTED)
    return result
