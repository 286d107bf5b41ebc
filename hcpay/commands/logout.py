"""``hcpay logout``: sign out and remove every trace of the login from this computer: the
refresh token (keyring or insecure file), the cached dashboard and the remembered username."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from hcpay.domain.i18n import _

if TYPE_CHECKING:
    from hcpay.credentials import SharedLogin

END_SESSION_TIMEOUT = 5.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    place = parser.add_mutually_exclusive_group()
    place.add_argument("--portal", metavar="URL", help=_("the portal to sign out of"))
    place.add_argument(
        "--demo", action="store_true", help=_("sign out of the demo portal (`hcpay login --demo`)")
    )


async def _end_session(portal_url: str, refresh_token: str, login: SharedLogin) -> None:
    from hcpay.api import PortalClient, RetryPolicy

    # The refresh takes its turn with any other hcpay using this login (and starts from the
    # newest token), so signing out never looks like a replayed token.
    async with PortalClient(
        portal_url, timeout=END_SESSION_TIMEOUT, retry=RetryPolicy.never(), shared_refresh=login,
    ) as client:
        await client.refresh(refresh_token)
        await client.logout()


def run(args: argparse.Namespace) -> int:
    from hcpay.api import PortalError
    from hcpay.client_settings import EMBEDDED_PORTAL
    from hcpay.config import ConfigError, load_settings, update_config
    from hcpay.credentials import CredentialStore, CredentialsUnavailable

    try:
        settings = load_settings(**({"portal_url": args.portal} if args.portal else {}))
    except ConfigError as exc:
        print(_("hcpay logout: {value}").format(value=exc), file=sys.stderr)
        return 1
    portal = f"{EMBEDDED_PORTAL}-demo" if args.demo else settings.credentials_portal
    store = CredentialStore(portal, insecure_storage=settings.insecure_storage)
    username = settings.username

    # End the login on the portal too, when we can: then the token is worthless everywhere.
    if username and settings.portal_url and not args.demo:
        try:
            token = store.load(username)
        except CredentialsUnavailable:
            token = None
        if token:
            try:
                asyncio.run(_end_session(settings.portal_url, token, store.shared(username)))
                print(_("Signed out on the portal."))
            except PortalError:
                print(_("Could not reach the portal to sign out there; that sign-in ends by itself "
                      "after 30 minutes without use."))

    report = store.forget_everything([username] if username else [])
    if username:
        update_config(username=None)
        report.removed.append(_("the remembered username {username!r}").format(username=username))
    for item in report.removed:
        print(_("Removed {item}.").format(item=item))
    if report.keyring_problem is not None and report.keyring_problem.reason != "missing":
        print(_("hcpay logout: {keyring_problem}").format(
            keyring_problem=report.keyring_problem), file=sys.stderr)
        print(_("The keyring entry may still be there; run `hcpay logout` again once the keyring "
              "answers."), file=sys.stderr)
        return 1
    if not report.removed:
        print(_("Nothing to remove: hcpay keeps no sign-in on this computer."))
    return 0
