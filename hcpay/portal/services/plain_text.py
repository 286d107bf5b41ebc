"""Text that people type for the agent tools: no control characters (PostgreSQL cannot even
store a NUL), and audit values cleaned before they are written."""

from __future__ import annotations

import unicodedata


def has_control(text: str, *, allow: str = "") -> bool:
    """True when ``text`` holds a control character other than those in ``allow``."""
    return any(unicodedata.category(ch) == "Cc" and ch not in allow for ch in text)


def printable(text: str) -> str:
    """``text`` with every control character dropped (for values recorded in the audit trail)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
