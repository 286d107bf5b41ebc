"""How an agent sees a member's contact details: enough to confirm who is calling, no more."""

from __future__ import annotations


def mask_email(email: str) -> str:
    """``jane.doe@example.com`` -> ``j***@example.com``."""
    local, at, domain = email.partition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


def last4(text: str | None) -> str | None:
    if not text:
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits[-4:] if len(digits) >= 4 else None
