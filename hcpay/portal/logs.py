"""Structured logs (one JSON object a line) to the log dir and stderr, with secrets redacted.

Redaction is a last line of defence: code never passes secrets to a logger on purpose. Anything
that looks like a card number, an SSN, a bearer token or a password field is masked.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

_PATTERNS = [
    (re.compile(r"\b(?:\d[ -]?){12,18}\d\b"), "[REDACTED-NUMBER]"),
    (re.compile(r"\b\d{3}-?\d{2}-?\d{4}\b"), "[REDACTED-SSN]"),
    (re.compile(r"(?i)bearer\s+[A-Za-z0-9._~+/=-]+"), "Bearer [REDACTED]"),
    (
        re.compile(
            r"(?i)(\"?(?:password|new_password|cvc|ssn|token|refresh_token|access_token|otp|code)"
            r"\"?\s*[:=]\s*)(\"[^\"]*\"|'[^']*'|\S+)"
        ),
        r"\1[REDACTED]",
    ),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        return json.dumps(entry)


def configure(log_file: Path | None, *, level: int = logging.INFO, stderr: bool = True) -> None:
    """Send hcpay's and uvicorn's logs through the redacting formatter."""
    formatter = JsonFormatter()
    handlers: list[logging.Handler] = []
    if stderr:
        handlers.append(logging.StreamHandler(sys.stderr))
    if log_file is not None:
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(formatter)
    for name in ("hcpay", "uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers = list(handlers)
        logger.setLevel(level)
        logger.propagate = False
