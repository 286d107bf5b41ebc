"""Structured logs (one JSON object a line) to the log dir and stderr, with secrets redacted.

Redaction is a last line of defence: code never passes secrets to a logger on purpose. Anything
that looks like a card number, an SSN, a bearer token or a password field is masked.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hcpay import paths

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


def private_file_handler(log_file: Path) -> logging.FileHandler:
    """A log file only its owner can read (0600): sign-in lines name users and addresses."""
    paths.make_private(log_file)  # also a file an older hcpay made 0644
    return logging.FileHandler(log_file, encoding="utf-8")


def configure(log_file: Path | None, *, level: int = logging.INFO, stderr: bool = True) -> None:
    """Send hcpay's and uvicorn's logs through the redacting formatter."""
    formatter = JsonFormatter()
    handlers: list[logging.Handler] = []
    if stderr:
        handlers.append(logging.StreamHandler(sys.stderr))
    if log_file is not None:
        handlers.append(private_file_handler(log_file))
    for handler in handlers:
        handler.setFormatter(formatter)
    for name in ("hcpay", "uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers = list(handlers)
        logger.setLevel(level)
        logger.propagate = False


access_log = logging.getLogger("hcpay.access")


class AccessLog:
    """The HTTP access log: one line a request with the client's address (the socket's, or the
    trusted proxy's X-Forwarded-For), method, route, status and time taken.

    The route is the template (``/api/v1/agent/support-codes/{code}``), not the address asked
    for, and never the query string: support codes, references and search words stay out.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = scope.get("route")
            path = getattr(route, "path_format", None) or _unmatched(scope)
            client = scope.get("client")
            address, method = client[0] if client else "-", scope.get("method", "-")
            access_log.info(
                "%s %s %s %d %.1fms", address, method, path, status,
                (time.perf_counter() - started) * 1000,
            )
            if path.startswith("/api/v1/agent") and 400 <= status < 500:
                from hcpay.portal.services import audit  # the portal's, not needed by the CLI

                audit.refused_agent_call(method, path, status, address)


def _unmatched(scope: Any) -> str:
    """An address no route matched: only its first part (what was probed, not what it held)."""
    parts = [p for p in str(scope.get("path", "")).split("/") if p][:2]
    return "/" + "/".join(p[:40] for p in parts) + ("/..." if parts else "")
