"""What every scripted command shares: the portal it talks to (the same choice as the terminal
app: ``--portal URL``, HCPAY_PORTAL_URL, config.toml, else the embedded portal), the remembered
sign-in (``hcpay login``), asking before money moves, and turning every failure into a sentence
on stderr and an exit code (hcpay.commands.exits), and with ``--json`` also one error object on
stdout: never a traceback.

Questions go to the terminal (stderr), never to stdout, so ``hcpay pay --json | jq`` asks on the
screen and pipes only JSON; with no terminal to ask on, nothing is asked and the flag that would
have answered is named.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from hcpay.commands.exits import SHORT_HELP, Exit
from hcpay.domain.i18n import _

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.connection import Connection
    from hcpay.credentials import CredentialStore

EXIT_CODES_HELP = SHORT_HELP
__all__ = ["EXIT_CODES_HELP", "CommandFailed", "Exit"]

# The ``error.code`` of --json for each exit code, when the portal gave no code of its own.
ERROR_CODES = {
    Exit.ERROR: "error", Exit.USAGE: "usage", Exit.REFUSED: "refused",
    Exit.NOT_SIGNED_IN: "not_signed_in", Exit.UNREACHABLE: "portal_unreachable",
    Exit.NOT_CONFIRMED: "not_confirmed", Exit.INTERRUPTED: "interrupted",
}


class CommandFailed(Exception):
    """Stop the command: ``str()`` is said on stderr, ``code`` is the exit code, and with
    --json ``error`` (a stable word), ``reference`` and ``idempotency_key`` go in the error
    object on stdout."""

    def __init__(
        self,
        message: str,
        code: Exit = Exit.ERROR,
        *,
        error: str | None = None,
        reference: str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.error = error or ERROR_CODES.get(code, "error")
        self.reference = reference
        self.idempotency_key = idempotency_key

    def json(self) -> dict[str, Any]:
        from hcpay.commands.render import error_json

        return error_json(
            self.error, str(self), reference=self.reference,
            idempotency_key=self.idempotency_key, exit_code=int(self.code),
        )


def usage(message: str) -> CommandFailed:
    """Something on the command line hcpay itself can tell is wrong (exit 2)."""
    return CommandFailed(message, Exit.USAGE)


def add_portal_arguments(parser: argparse.ArgumentParser) -> None:
    """--portal URL and --demo, accepted after the command name too (``hcpay status --demo``)."""
    group = parser.add_argument_group("portal")
    group.add_argument(
        "--portal", metavar="URL", default=argparse.SUPPRESS,
        help=_("a running `hcpay serve` (default: HCPAY_PORTAL_URL, config.toml, else the "
        "portal built into hcpay)"),
    )
    group.add_argument(
        "--demo", action="store_true", default=argparse.SUPPRESS,
        help=_("the demo portal that `hcpay demo` runs (members demo and pastdue)"),
    )


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def can_ask() -> bool:
    """A person can be asked: input comes from a terminal and the question (on stderr) is
    shown on one. stdout may be a pipe or a file: it only ever gets the data."""
    return stdin_is_terminal() and sys.stderr is not None and sys.stderr.isatty()


def ask(question: str) -> str:
    """``question`` on stderr, the answer from stdin (never ``input()``, which writes its
    prompt to stdout). Ctrl+C raises KeyboardInterrupt at once, also inside ``asyncio.run``,
    whose own handler would hold the first Ctrl+C until the waiting read returned. End of
    input raises EOFError."""
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGINT) if main_thread else None
    if main_thread:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        sys.stderr.write(question)
        sys.stderr.flush()
        line = sys.stdin.readline()
    finally:
        if main_thread:
            signal.signal(signal.SIGINT, previous)
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def confirm(
    question: str, *, yes: bool, flag: str = "--yes", why: str = "", nothing: str = ""
) -> None:
    """Go on when ``yes`` was given or the person at the terminal says so; never ask when no
    one can answer (a script): fail with exit 6 and name the flag instead."""
    if yes:
        return
    done = nothing or _("nothing was changed.")
    if not can_ask():
        raise CommandFailed(
            f"{why + ' ' if why else ''}Not confirmed: input is not a terminal, so hcpay "
            f"cannot ask; {done} Add {flag} to go ahead without asking.",
            Exit.NOT_CONFIRMED,
        )
    try:
        answer = ask(f"{question} [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in {"y", "yes"}:
        raise CommandFailed(f"Cancelled; {done}", Exit.NOT_CONFIRMED, error="cancelled")


# -- which portal --------------------------------------------------------------------------


@dataclass(frozen=True)
class PortalChoice:
    url: str | None  # None: the embedded portal
    demo: bool
    username: str | None  # the remembered one (config.toml), whose token the keyring holds

    @property
    def words(self) -> str:
        if self.url:
            return _("the portal at {url}").format(url=self.url)
        return _("the demo portal") if self.demo else _("the portal built into hcpay")

    @property
    def login_command(self) -> str:
        if self.demo:
            return _("hcpay login --demo")
        if self.url:
            return _("hcpay login --portal {url}").format(url=self.url)
        return _("hcpay login")


def portal_choice(args: argparse.Namespace) -> PortalChoice:
    """The portal as the terminal app picks it (--portal, HCPAY_PORTAL_URL, config.toml, else
    the embedded one); checks the settings first so a broken file is said plainly."""
    from hcpay.config import ConfigError, load_settings

    demo = bool(getattr(args, "demo", False))
    if demo and getattr(args, "portal", None):
        raise CommandFailed("--demo is the portal built into hcpay; leave out --portal.")
    overrides = {"portal_url": args.portal} if getattr(args, "portal", None) else {}
    try:
        settings = load_settings(**overrides)
    except ConfigError as exc:
        raise CommandFailed(str(exc)) from exc
    return PortalChoice(
        url=None if demo else settings.portal_url, demo=demo, username=settings.username
    )


def open_connection(args: argparse.Namespace, choice: PortalChoice) -> Connection:
    """The same connector the terminal app uses (hcpay.commands.tui), with the client, the
    embedded portal when no URL is set, and the keyring store for this portal."""
    from hcpay.commands.tui import connector

    try:
        return connector(args, demo=choice.demo, fresh=False)()
    except Exception as exc:  # the embedded portal could not open its database
        raise CommandFailed(
            f"The portal could not be started: {exc}. Check that the data folder is writable, "
            "or use --portal URL with a running `hcpay serve`."
        ) from exc


def credential_store(connection: Connection) -> CredentialStore:
    """Where the app's "remember me" keeps this portal's refresh tokens."""
    remembered = connection.remembered
    if remembered is None or remembered.store is None:
        raise CommandFailed("This portal connection has no place to keep a sign-in.")
    return remembered.store


# -- running a command ---------------------------------------------------------------------


@dataclass
class Context:
    """What a command's body gets: the signed-in client and where to write."""

    client: PortalClient
    choice: PortalChoice
    username: str
    out: TextIO
    err: TextIO

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def note(self, text: str) -> None:
        """A remark for the person, on stderr, so it never mixes into --json or --csv."""
        print(text, file=self.err)


Body = Callable[[Context], Awaitable[int]]


def keyring_words(problem: object, login_command: str) -> str:
    """A keyring that cannot be used, in the words of a command line (the app's message
    speaks of staying signed in until hcpay closes, which a one-shot command never does)."""
    reason = getattr(problem, "reason", "error")
    first = {
        "missing": _("No system keyring was found on this computer"),
        "locked": _("The system keyring is locked"),
        "timeout": _("The system keyring did not answer in time"),
    }.get(reason, _("The system keyring could not be used ({problem})").format(problem=problem))
    return (
        _("{first}, so hcpay cannot keep your sign-in between commands. Unlock or install "
          "one, or run `{login_command} --insecure-storage` to keep it in a file only you can "
          "read.").format(first=first, login_command=login_command)
    )


def not_signed_in(choice: PortalChoice, why: str = "") -> CommandFailed:
    reason = f"{why} " if why else ""
    demo_hint = ""
    if choice.url is None and not choice.demo:
        from hcpay import embedded

        if embedded.database_path(True).exists():
            demo_hint = _(" For the demo portal that `hcpay demo` runs, add --demo.")
    return CommandFailed(
        f"Not signed in to {choice.words}. {reason}Run `{choice.login_command}` first, "
        f"then try again.{demo_hint}",
        Exit.NOT_SIGNED_IN,
    )


async def _sign_in_from_keyring(
    client: PortalClient, choice: PortalChoice, store: CredentialStore, username: str | None
) -> tuple[str, Callable[[], Awaitable[None]]]:
    """Use the refresh token `hcpay login` (or the app's "remember me") left in the keyring;
    each new token goes back there, so the next command can sign in the same way. The app and
    other commands may be using the same login right now: every refresh takes its turn and
    starts from the newest stored token (``SharedLogin``), so none sends a used one again."""
    from hcpay.api import NotSignedIn
    from hcpay.credentials import TokenKeeper

    if not username:
        raise not_signed_in(choice)
    keeper = TokenKeeper(store, username, remember=True)
    token = await keeper.restore()
    if token is None:
        if keeper.problem is not None:
            raise CommandFailed(
                f"Not signed in: {keyring_words(keeper.problem, choice.login_command)}",
                Exit.NOT_SIGNED_IN,
            )
        raise not_signed_in(choice)
    client.on_tokens_changed = keeper
    client.shared_refresh = store.shared(username)
    try:
        await client.refresh(token)
    except NotSignedIn as exc:
        # the dead token is already gone from the keyring (unless a newer one replaced it)
        raise not_signed_in(
            choice, _("Your sign-in has ended (30 minutes without use, 12 hours in all, or you "
            "signed out elsewhere).") if exc.code != "not_signed_in" else ""
        ) from exc
    return username, keeper.flush


def run(
    args: argparse.Namespace,
    command: str,
    body: Body,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    sign_in: bool = True,
) -> int:
    """Open the portal, sign in from the keyring (unless ``sign_in`` is False: a payment
    without signing in), run ``body``; every failure becomes one plain sentence on stderr and
    an exit code. The one place errors are handled."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        choice = portal_choice(args)
        connection = open_connection(args, choice)
        return asyncio.run(_run(connection, choice, body, out, err, sign_in=sign_in))
    except CommandFailed as exc:
        return fail(args, command, exc, out, err)
    except KeyboardInterrupt:
        return fail(args, command, interrupted(), out, err)


def interrupted() -> CommandFailed:
    return CommandFailed("Interrupted; nothing more was sent.", Exit.INTERRUPTED)


def fail(
    args: argparse.Namespace, command: str, exc: CommandFailed, out: TextIO, err: TextIO
) -> int:
    """The failure said on stderr, and with --json as one error object on stdout."""
    newline = "\n" if exc.code == Exit.INTERRUPTED else ""  # after the ^C on the prompt's line
    print(_("{newline}hcpay {command}: {value}").format(
        newline=newline, command=command, value=exc), file=err)
    if getattr(args, "json", False):
        from hcpay.commands.render import write_json

        write_json(out, exc.json())
    return int(exc.code)


async def _run(
    connection: Connection, choice: PortalChoice, body: Body, out: TextIO, err: TextIO,
    *, sign_in: bool = True,
) -> int:
    flush: Callable[[], Awaitable[None]] | None = None
    try:
        try:
            signed_in_as = ""
            if sign_in:
                signed_in_as, flush = await _sign_in_from_keyring(
                    connection.client, choice, credential_store(connection), choice.username
                )
            return await body(Context(connection.client, choice, signed_in_as, out, err))
        except BrokenPipeError:  # the reader of the output went away: said by hcpay.cli
            raise
        except Exception as exc:
            raise translate(exc, choice) from exc
    finally:
        if flush is not None:
            await flush()
        if connection.close is not None:
            await connection.close()


def translate(exc: BaseException, choice: PortalChoice) -> CommandFailed:
    """Any failure as a CommandFailed with the portal's own words."""
    from hcpay.api import NotSignedIn, PortalError, PortalUnreachable

    if isinstance(exc, CommandFailed):
        return exc
    if isinstance(exc, NotSignedIn):
        return not_signed_in(choice, exc.detail)
    if isinstance(exc, PortalUnreachable):
        return CommandFailed(exc.detail, Exit.UNREACHABLE, error=exc.code)
    if isinstance(exc, PortalError):
        refused = exc.status is not None and 400 <= exc.status < 500
        reference = exc.body.get("reference")
        return CommandFailed(
            describe_error(exc), Exit.REFUSED if refused else Exit.ERROR, error=exc.code,
            reference=str(reference) if reference else None,
        )
    return CommandFailed(
        f"Something went wrong inside hcpay ({type(exc).__name__}: {exc}). Nothing more was "
        "sent to the portal; please report this."
    )


# The portal's field names, as the option a person typed them with.
FIELD_FLAGS = {
    "amount_cents": "--amount", "amount": "--amount", "scheduled_for": "--date",
    "payment_method_id": "--method", "invoice_ids": "--invoice", "draw_day": "--day",
    "frequency": "--frequency", "start_date": "--start", "end_date": "--end",
    "username": "--username", "otp": "--otp",
}


def describe_error(exc: object) -> str:
    """The portal's detail, and each field it rejected (named by its option), in one
    paragraph; a message already said in the detail is not said twice."""
    from hcpay.api import PortalError

    if not isinstance(exc, PortalError):
        return str(exc)
    detail = exc.detail.rstrip()
    extra = []
    for field_error in exc.errors:
        if field_error.message.strip() in detail:
            continue
        name = field_error.field.split(".")[-1]
        extra.append(f"{FIELD_FLAGS.get(name, name.replace('_', ' '))}: {field_error.message}")
    return detail if not extra else detail + "\n  " + "\n  ".join(extra)
