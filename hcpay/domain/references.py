"""Identifiers that people read aloud: Crockford base32 (no I, L, O or U), grouped by four."""

from __future__ import annotations

import secrets

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def random_code(length: int) -> str:
    # 32 symbols: 5 random bits each, taken from one call to the system's random source.
    bits = secrets.randbits(5 * length)
    return "".join(CROCKFORD[(bits >> (5 * i)) & 31] for i in range(length))


def payment_reference() -> str:
    """A payment reference such as ``HCP-7K2M-9QX4`` (40 random bits)."""
    return f"HCP-{random_code(4)}-{random_code(4)}"


def adjustment_reference() -> str:
    """An agent money action's reference such as ``ADJ-7K2M-9QX4`` (40 random bits)."""
    return f"ADJ-{random_code(4)}-{random_code(4)}"


def member_id() -> str:
    """A member id such as ``M-7K2M-9QX4``."""
    return f"M-{random_code(4)}-{random_code(4)}"


def normalise_reference(text: str) -> str:
    """Read a reference as a person types it: any case, spaces or dashes, O for 0, I/L for 1."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    if cleaned.startswith("HCP"):
        body = cleaned[3:]
        if len(body) == 8:
            return f"HCP-{body[:4]}-{body[4:]}"
    return text.strip().upper()
