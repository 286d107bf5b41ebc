"""What every scripted command shares: the portal it talks to (the same choice as the terminal
app: ``--portal URL``, HCPAY_PORTAL_URL, config.toml, else the embedded portal), the remembered
sign-in (``hcpay login``), the exit codes, asking before money moves, and turning every failure
into a sentence on stderr: never a traceback.

Exit codes: 0 ok, 1 error, 2 cancelled, 4 not signed in.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.connection import Connection
    from hcpay.credentials import CredentialStore

EXIT_CODES_HELP = "Exit codes: 0 ok, 1 error, 2 cancelled, 4 not signed in (run `hcpay login`)."


class Exit(IntEnum):
    OK = 0
    ERROR = 1
    CANCELLED = 2
    NOT_SIGNED_IN = 4


class CommandFailed(Exception):
    """Stop the command: ``str()`` is said on stderr and ``code`` is the exit code."""

    def __init__(self, message: str, code: Exit = Exit.ERROR) -> None:
        super().__init__(message)
        self.code = code


def add_portal_arguments(parser: argparse.ArgumentParser) -> None:
    """--portal URL and --demo, accepted after the command name too (``hcpay status --demo``)."""
    group = parser.add_argument_group("portal")
    group.add_argument(
        "--portal", metavar="URL", default=argparse.SUPPRESS,
        help="a running `hcpay serve` (default: HCPAY_PORTAL_URL, config.toml, else the "
        "portal built into hcpay)",
    )
    group.add_argument(
        "--demo", action="store_true", default=argparse.SUPPRESS,
        help="the demo portal that `hcpay demo` runs (members demo and pastdue)",
    )


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def confirm(question: str, *, yes: bool, flag: str = "--yes") -> None:
    """Go on when ``yes`` was given or the person at the terminal says so; never prompt when
    stdin is not a terminal (a script): fail and name the flag instead."""
    if yes:
        return
    if not stdin_is_terminal():
        raise CommandFailed(
            f"Not confirmed: input is not a terminal, so hcpay cannot ask. Add {flag} to go "
            "ahead without asking."
        )
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in {"y", "yes"}:
        raise CommandFailed("Cancelled; nothing was changed.", Exit.CANCELLED)


# -- which portal --------------------------------------------------------------------------


@dataclass(frozen=True)
class PortalChoice:
    url: str | None  # None: the embedded portal
    demo: bool
    username: str | None  # the remembered one (config.toml), whose token the keyring holds

    @property
    def words(self) -> str:
        if self.url:
            return f"the portal at {self.url}"
        return "the demo portal" if self.demo else "the portal built into hcpay"

    @property
    def login_command(self) -> str:
        if self.demo:
            return "hcpay login --demo"
        if self.url:
            return f"hcpay login --portal {self.url}"
        return "hcpay login"


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
        "missing": "No system keyring was found on this computer",
        "locked": "The system keyring is locked",
        "timeout": "The system keyring did not answer in time",
    }.get(reason, f"The system keyring could not be used ({problem})")
    return (
        f"{first}, so hcpay cannot keep your sign-in between commands. Unlock or install one, "
        f"or run `{login_command} --insecure-storage` to keep it in a file only you can read."
    )


def not_signed_in(choice: PortalChoice, why: str = "") -> CommandFailed:
    reason = f"{why} " if why else ""
    demo_hint = ""
    if choice.url is None and not choice.demo:
        from hcpay import embedded

        if embedded.database_path(True).exists():
            demo_hint = " For the demo portal that `hcpay demo` runs, add --demo."
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
            choice, "Your sign-in has ended (30 minutes without use, 12 hours in all, or you "
            "signed out elsewhere)." if exc.code != "not_signed_in" else ""
        ) from exc
    return username, keeper.flush


def run(
    args: argparse.Namespace,
    command: str,
    body: Body,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Open the portal, sign in from the keyring, run ``body``; every failure becomes one
    plain sentence on stderr and an exit code. The one place errors are handled."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        choice = portal_choice(args)
        connection = open_connection(args, choice)
        return asyncio.run(_run(connection, choice, body, out, err))
    except CommandFailed as exc:
        print(f"hcpay {command}: {exc}", file=err)
        return int(exc.code)
    except KeyboardInterrupt:
        print(f"hcpay {command}: interrupted.", file=err)
        return int(Exit.CANCELLED)


async def _run(
    connection: Connection, choice: PortalChoice, body: Body, out: TextIO, err: TextIO
) -> int:
    flush: Callable[[], Awaitable[None]] | None = None
    try:
        try:
            signed_in_as, flush = await _sign_in_from_keyring(
                connection.client, choice, credential_store(connection), choice.username
            )
            return await body(Context(connection.client, choice, signed_in_as, out, err))
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
        return CommandFailed(exc.detail)
    if isinstance(exc, PortalError):
        return CommandFailed(describe_error(exc))
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
