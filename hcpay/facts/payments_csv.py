"""The one payments CSV: the columns and the rows of ``hcpay history --csv`` and of the file the
History screen saves (e), a header row first. Money as cents and as text, dates ISO."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from hcpay.domain.money import format_cents
from hcpay.facts.labels import method_label

if TYPE_CHECKING:
    from hcpay.api.models import Payment

FIELDS = (
    "reference", "status", "amount_cents", "amount", "method", "created_at", "scheduled_for",
    "expected_settlement_date", "settled_on", "failure_code", "failure_message", "invoice_ids",
    "source",
)


def row(payment: Payment) -> dict[str, str | int]:
    """One payment as a CSV row (``invoice_ids`` separated by spaces, empty for none)."""
    p = payment
    values: dict[str, object] = {
        "reference": p.reference, "status": p.status, "amount_cents": p.amount_cents,
        "amount": format_cents(p.amount_cents), "method": method_label(p.method),
        "created_at": p.created_at.isoformat(),
        "scheduled_for": p.scheduled_for, "expected_settlement_date": p.expected_settlement_date,
        "settled_on": p.settled_on,
        "failure_code": p.decline_code or p.return_code or p.code,
        "failure_message": p.failure_message, "invoice_ids": " ".join(p.invoice_ids),
        "source": p.source,
    }
    return {k: v if isinstance(v, int) else ("" if v is None else str(v))
            for k, v in values.items()}


def header() -> str:
    return _write([], with_header=True)


def rows(payments: Iterable[Payment]) -> str:
    """The rows, without the header (for a file written a page at a time)."""
    return _write(payments, with_header=False)


def _write(payments: Iterable[Payment], *, with_header: bool) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FIELDS), lineterminator="\n")
    if with_header:
        writer.writeheader()
    writer.writerows(row(p) for p in payments)
    return out.getvalue()
