"""Cursor paging for the portal's lists (payment history, invoices): ``limit`` at a time, and a
``next_cursor`` that names the last item of the page, opaque to clients (base64 of JSON)."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from hcpay.domain.i18n import _
from hcpay.portal.problems import Problem
from hcpay.portal.routes.fields import MAX_STORED_INT


def check_limit(limit: int) -> None:
    if not 1 <= limit <= 200:
        raise Problem(422, "validation_error", _("limit must be between 1 and 200."),
                      errors=[{"field": "limit", "message": _("Choose 1 to 200.")}])


def encode_cursor(*values: Any) -> str:
    raw = json.dumps(list(values)).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def bad_cursor() -> Problem:
    return Problem(
        400, "invalid_cursor",
        _("That page link is not valid. Ask for the first page again (without a cursor) and "
        "follow next_cursor from there."),
        errors=[{"field": "cursor", "message": _("Use the next_cursor of the page before.")}],
    )


def decode_cursor(cursor: str, length: int) -> list[Any]:
    """The values ``encode_cursor`` was given (``length`` of them), or the 400 problem."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError) as exc:
        raise bad_cursor() from exc
    if not isinstance(values, list) or len(values) != length:
        raise bad_cursor()
    return values


def cursor_id(value: Any) -> int:
    """A row id read from a cursor: an integer an id column can hold, or the 400 problem."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_STORED_INT:
        raise bad_cursor()
    return value


def cursor_instant(value: Any) -> datetime:
    """An instant read from a cursor: ISO 8601 with its offset, or the 400 problem."""
    try:
        at = datetime.fromisoformat(value)
    except (ValueError, TypeError) as exc:
        raise bad_cursor() from exc
    if at.tzinfo is None:
        raise bad_cursor()
    return at
