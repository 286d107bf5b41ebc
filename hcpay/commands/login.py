"""``hcpay login``: sign in once for the scripted commands (status, history, pay, autopay,
receipt). The refresh token goes to the system keyring (or, with --insecure-storage, a file
only you can read), exactly where the app's "remember me" keeps it; never the password."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from typing import TYPE_CHECKING

from hcpay.commands import scripting
from hcpay.commands.scripting import CommandFailed, Exit
from hcpay.domain.i18n import _

if TYPE_CHECKING:
    from hcpay.connection import Connection
    from hcpay.credentials import CredentialStore

EPILOG = (
    "The password is read from the terminal, from HCPAY_PASSWORD, or with --password-stdin "
    "from the first line of standard input (never from the command line, where other users "
    "could see it); a --password option is refused. " + scripting.EXIT_CODES_HELP
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.add_argument("--username", help=_("your portal username (asked for on a terminal)"))
    parser.add_argument(
        "--password-stdin", action="store_true",
        help=_("read the password from the first line of standard input"),
    )
    parser.add_argument(
        "--otp", metavar="CODE",
        help=_("the two-step code, when two-step sign-in is on (asked for on a terminal)"),
    )
    parser.add_argument(
        "--insecure-storage", action="store_true", default=argparse.SUPPRESS,
        help=_("no system keyring here: keep the sign-in token in a file only you can read "
        "(remembered in the settings; `hcpay logout` removes the file)"),
    )
    scripting.add_portal_arguments(parser)


def _username(args: argparse.Namespace, choice: scripting.PortalChoice) -> str:
    if args.username:
        return str(args.username).strip()
    remembered = choice.username
    if not scripting.can_ask() or args.password_stdin:
        if remembered:
            return remembered
        raise scripting.usage("Which member? Add --username NAME.")
    hint = f" [{remembered}]" if remembered else ""
    try:
        typed = scripting.ask(f"Username{hint}: ").strip()
    except EOFError as exc:
        raise CommandFailed("Cancelled; not signed in.", Exit.NOT_SIGNED_IN) from exc
    if not typed and not remembered:
        raise scripting.usage("No username given; not signed in. Add --username NAME.")
    return typed or str(remembered)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise scripting.usage("--password-stdin: standard input was empty; no password read.")
        return line
    from_env = os.environ.get("HCPAY_PASSWORD")
    if from_env:
        return from_env
    if not scripting.can_ask():
        raise scripting.usage(
            "No password: input is not a terminal, so hcpay cannot ask. Pipe it in with "
            "--password-stdin, or set HCPAY_PASSWORD."
        )
    try:
        return getpass.getpass("Password: ")  # on the terminal itself, not echoed
    except EOFError as exc:
        raise CommandFailed("Cancelled; not signed in.", Exit.NOT_SIGNED_IN) from exc


def _ask_otp(args: argparse.Namespace, detail: str) -> str:
    if args.otp:  # the code given did not work: asking again would loop
        raise CommandFailed(detail, Exit.NOT_SIGNED_IN, error="otp_invalid")
    if not scripting.can_ask() or args.password_stdin:
        raise CommandFailed(
            "Two-step sign-in is on for this account: add --otp CODE with the 6-digit code "
            "from your authenticator app (or a recovery code).",
            Exit.NOT_SIGNED_IN, error="otp_required",
        )
    try:
        return scripting.ask(_("Code from your authenticator app: ")).strip()
    except EOFError as exc:
        raise CommandFailed("Cancelled; not signed in.", Exit.NOT_SIGNED_IN) from exc


def run(args: argparse.Namespace) -> int:
    try:
        choice = scripting.portal_choice(args)
        if getattr(args, "insecure_storage", False):
            from hcpay.config import update_config

            update_config(insecure_storage=True)
        username = _username(args, choice)
        password = _password(args)
        connection = scripting.open_connection(args, choice)
        store = scripting.credential_store(connection)
        name = asyncio.run(_sign_in(args, connection, choice, store, username, password))
    except CommandFailed as exc:
        return scripting.fail(args, "login", exc, sys.stdout, sys.stderr)
    except KeyboardInterrupt:
        return scripting.fail(
            args, "login", CommandFailed("Interrupted; not signed in.", Exit.INTERRUPTED),
            sys.stdout, sys.stderr,
        )
    from hcpay.config import update_config

    update_config(username=username)
    if store.warning:
        print(store.warning, file=sys.stderr)
    print(
        _("Signed in as {name} ({username}) on {words}. The other hcpay commands use "
        "this sign-in until you run `hcpay logout`, or until it ends after 30 minutes "
        "without use.").format(name=name, username=username, words=choice.words)
    )
    if getattr(args, "portal", None) and not _configured_url():
        print(
            _("Each command needs --portal {portal} too; to make it the default, set "
            "HCPAY_PORTAL_URL or portal_url in the settings file (`hcpay config path`).").format(
                portal=args.portal)
        )
    return int(Exit.OK)


def _configured_url() -> str | None:
    from hcpay.config import startup_settings

    return startup_settings().portal_url


async def _sign_in(
    args: argparse.Namespace,
    connection: Connection,
    choice: scripting.PortalChoice,
    store: CredentialStore,
    username: str,
    password: str,
) -> str:
    from hcpay.api import NotSignedIn, OtpInvalid, OtpRequired
    from hcpay.credentials import TokenKeeper
    from hcpay.flows.actions import sign_in

    client = connection.client
    keeper = TokenKeeper(store, username, remember=True)
    client.on_tokens_changed = keeper
    values = {"username": username, "password": password, "otp": args.otp or ""}
    try:
        while True:
            try:
                pair = await sign_in(client, values)
                break
            except (OtpRequired, OtpInvalid) as exc:
                values["otp"] = _ask_otp(args, exc.detail)
            except NotSignedIn as exc:
                raise CommandFailed(exc.detail, Exit.NOT_SIGNED_IN, error=exc.code) from exc
        await keeper.flush()
        if keeper.problem is not None:
            await client.logout()  # nothing may stay signed in that hcpay cannot find again
            await keeper.flush()
            raise CommandFailed(
                "Signed out again: "
                + scripting.keyring_words(keeper.problem, choice.login_command)
            )
        return pair.member.first_name if pair.member else username
    except Exception as exc:
        raise scripting.translate(exc, choice) from exc
    finally:
        await keeper.flush()
        if connection.close is not None:
            await connection.close()
