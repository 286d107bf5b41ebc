"""Two-step sign-in with an authenticator app (TOTP, RFC 6238, via pyotp) and recovery codes.

The secret is encrypted at rest with the portal's box. A code is checked against the portal's
clock (so moving the sandbox clock ages it like everything else) and against real time (so an
authenticator app on a phone keeps working while the sandbox clock runs ahead). The last step
used is remembered and only a later one is accepted, so a code works once. Recovery codes (10,
60 random bits each) are stored as SHA-256 hashes and each works once.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import UTC, datetime

import pyotp

from hcpay.portal.models import Member
from hcpay.portal.security.secrets_box import SecretBox

ISSUER = "hcpay"
RECOVERY_CODE_COUNT = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to read and type
_WINDOW = 1  # one 30-second step either side


class TOTP(pyotp.TOTP):
    """pyotp's TOTP, also accepting the 80-bit secrets that many authenticator apps and the
    sandbox demo agent (product-rules.md) use; new secrets are 160 bits."""

    min_secret_length_bits = 80


def new_secret() -> str:
    return pyotp.random_base32()


def otpauth_uri(secret: str, account_name: str) -> str:
    return TOTP(secret).provisioning_uri(name=account_name, issuer_name=ISSUER)


def _step(moment: datetime, interval: int = 30) -> int:
    return int(moment.timestamp()) // interval


def _matching_step(totp: TOTP, code: str, moment: datetime) -> int | None:
    base = _step(moment)
    for step in range(base - _WINDOW, base + _WINDOW + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _clean_otp(code: str) -> str:
    return "".join(code.split())


def check_totp(member: Member, secret: str, code: str, *, now: datetime) -> bool:
    """True when ``code`` is a fresh TOTP for ``secret``; records the step so it works once."""
    code = _clean_otp(code)
    if not (len(code) == 6 and code.isdigit()):
        return False
    totp = TOTP(secret)
    last = member.totp_last_step if member.totp_last_step is not None else -1
    for moment in (now, datetime.now(UTC)):
        step = _matching_step(totp, code, moment)
        if step is not None and step > last:
            member.totp_last_step = step
            return True
    return False


def member_secret(member: Member, box: SecretBox) -> str | None:
    if member.totp_secret_encrypted is None:
        return None
    return box.decrypt(member.totp_secret_encrypted)


def _hash_recovery(code: str) -> str:
    normal = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


def new_recovery_codes() -> tuple[list[str], str]:
    """Fresh codes to show once, and the JSON list of their hashes to store."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    return codes, json.dumps([_hash_recovery(c) for c in codes])


def use_recovery_code(member: Member, code: str) -> bool:
    """True when ``code`` is one of the member's unused recovery codes; it is used up."""
    if not member.recovery_code_hashes:
        return False
    hashes: list[str] = json.loads(member.recovery_code_hashes)
    wanted = _hash_recovery(code)
    for stored in hashes:
        if secrets.compare_digest(stored, wanted):
            hashes.remove(stored)
            member.recovery_code_hashes = json.dumps(hashes)
            return True
    return False


def check_second_factor(member: Member, box: SecretBox, otp: str, *, now: datetime) -> bool:
    """A TOTP code or a recovery code, for a member with two-step sign-in on."""
    secret = member_secret(member, box)
    if secret is None or not member.totp_enabled:
        return False
    if check_totp(member, secret, otp, now=now):
        return True
    return use_recovery_code(member, otp)


def enable(member: Member, box: SecretBox, secret: str) -> list[str]:
    """Turn two-step on with ``secret``; return the recovery codes to show once."""
    member.totp_secret_encrypted = box.encrypt(secret)
    member.totp_enabled = True
    codes, hashes = new_recovery_codes()
    member.recovery_code_hashes = hashes
    return codes


def disable(member: Member) -> None:
    member.totp_enabled = False
    member.totp_secret_encrypted = None
    member.recovery_code_hashes = None
    member.totp_last_step = None
