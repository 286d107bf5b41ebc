"""What a portal checks before it serves anything (issue 11, items 10-12).

- One encryption key per database: PostgreSQL (several processes share it) and live mode take the
  key from ``HCPAY_PORTAL_SSN_KEY``, never a file of one process; and a key that cannot read what
  is already stored is refused at start, not on the first agent sign-in.
- Live mode needs a real gateway URL (https) and refuses a database that holds the sandbox demo
  accounts, whose passwords and two-step secret are published.

Each refusal is a ``StartupRefused`` whose message says what to do; ``hcpay serve`` prints it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from hcpay.portal.db import Database
from hcpay.portal.demo import AGENT_PASSWORD, DEMO_PASSWORD
from hcpay.portal.models import Member
from hcpay.portal.security.secrets_box import SecretBox
from hcpay.portal.services import passwords
from hcpay.portal.settings import PortalSettings

MAKE_KEY = (
    "make one with `python -c 'from cryptography.fernet import Fernet; "
    "print(Fernet.generate_key().decode())'` and give every portal process on this database "
    "the same one"
)


class StartupRefused(RuntimeError):
    """The portal will not start with these settings; the message says why and what to do."""


def key_from_environment_needed(settings: PortalSettings) -> str | None:
    """Why this portal must be given ``HCPAY_PORTAL_SSN_KEY`` (None: a key file may do)."""
    if settings.ssn_key:
        return None
    if not settings.sandbox:
        return "Live mode needs an encryption key for SSNs"
    if not settings.is_sqlite:
        return "A PostgreSQL database is shared by several portal processes, so they need one key"
    return None


def check_key(settings: PortalSettings) -> None:
    reason = key_from_environment_needed(settings)
    if reason:
        raise StartupRefused(f"{reason}: set HCPAY_PORTAL_SSN_KEY ({MAKE_KEY}).")


def check_key_reads_data(db: Database, box: SecretBox) -> None:
    """Refuse a key that cannot read the SSNs already stored (another process's key)."""
    with db.read() as session:
        stored = session.execute(
            select(Member.ssn_encrypted).where(Member.ssn_encrypted.is_not(None)).limit(1)
        ).scalar()
    if stored is None:
        return
    try:
        box.decrypt(stored)
    except RuntimeError as exc:
        raise StartupRefused(
            "HCPAY_PORTAL_SSN_KEY is not the key this database's SSNs were written with. Give "
            "this process the key the other portal processes on this database use."
        ) from exc


def check_live(settings: PortalSettings) -> None:
    if settings.sandbox:
        return
    url = settings.gateway_url
    if not url:
        raise StartupRefused(
            "Live mode needs the payment processor's tokenization address: set "
            "HCPAY_PORTAL_GATEWAY_URL (an https:// URL). The sandbox gateway is never served "
            "in live mode."
        )
    if urlsplit(url).scheme != "https" or not urlsplit(url).hostname:
        raise StartupRefused(
            "HCPAY_PORTAL_GATEWAY_URL must be an https:// address: card numbers go there."
        )


# The demo accounts' published sign-ins (product-rules.md)
_PUBLISHED = {"demo": DEMO_PASSWORD, "pastdue": DEMO_PASSWORD, "agent": AGENT_PASSWORD}


def check_no_demo_accounts(db: Database, settings: PortalSettings) -> None:
    """Live mode on a sandbox demo database would let anyone sign in with the README's
    passwords: refuse it while any demo account still signs in with its published password."""
    if settings.sandbox:
        return
    with db.read() as session:
        rows = session.execute(
            select(Member.username, Member.password_hash).where(
                Member.username.in_(list(_PUBLISHED))
            )
        ).all()
    for username, stored in rows:
        if stored and passwords.verify_password(stored, _PUBLISHED[username], settings):
            raise StartupRefused(
                "This database holds the sandbox demo accounts (their passwords are published), "
                "so it cannot be used in live mode. Start live mode on a new database."
            )
