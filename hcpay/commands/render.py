"""How the scripted commands write what they found: words for a person, ``--json`` for a
program (stable shapes: money as ``*_cents`` plus a formatted ``*`` string, dates ISO), and
``--csv`` with a header row. Money is formatted by hcpay.domain.money, the one place for it."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TextIO

from hcpay.commands import exits
from hcpay.domain.date_words import short_date
from hcpay.domain.money import format_cents

if TYPE_CHECKING:
    from hcpay.api.models import MethodBrief, Payment, PaymentMethod

JSON_VERSION = 1  # bumped only when a field changes meaning or goes away

STATUS_WORDS = {
    "scheduled": "scheduled",
    "processing": "processing (bank payment, not settled yet)",
    "succeeded": "paid",
    "failed": "failed",
    "returned": "returned by the bank",
    "canceled": "canceled",
}

MONEY_HELP = "money is integer *_cents plus the same amount formatted as text (\"$1,234.50\")"


def money(cents: int | None) -> str:
    return format_cents(cents) if cents is not None else ""


def day(value: date | datetime | None) -> str:
    """``Mar 5, 2026`` for people (``--json`` keeps ISO dates)."""
    return short_date(value) if value is not None else ""


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


BRANDS = {"visa": "Visa", "mastercard": "Mastercard", "amex": "American Express",
          "discover": "Discover"}


SHORT_BRANDS = {"amex": "Amex"}


def method_words(method: MethodBrief | PaymentMethod | None, *, short: bool = False) -> str:
    """``Visa ending 4242``; ``short`` (for a table's column): ``Amex`` for American Express."""
    if method is None:
        return ""
    if method.kind == "bank_account":
        return f"bank account ending {method.last4}"
    key = (method.brand or "").lower()
    brand = (SHORT_BRANDS.get(key) if short else None) or BRANDS.get(key, method.brand or "card")
    return f"{brand} ending {method.last4}"


def payment_json(payment: Payment) -> dict[str, Any]:
    """One payment in ``--json`` (the same shape for history, pay and receipt)."""
    return {
        "reference": payment.reference,
        "status": payment.status,
        "amount_cents": payment.amount_cents,
        "amount": money(payment.amount_cents),
        "method": method_words(payment.method) or None,
        "payment_method_id": payment.payment_method_id,
        "created_at": iso(payment.created_at),
        "scheduled_for": iso(payment.scheduled_for),
        "expected_settlement_date": iso(payment.expected_settlement_date),
        "settled_on": iso(payment.settled_on),
        "failure_code": payment.decline_code or payment.return_code or payment.code,
        "failure_message": payment.failure_message,
        "invoice_ids": list(payment.invoice_ids),
        "source": payment.source,
    }


PAYMENT_CSV_FIELDS = (
    "reference", "status", "amount_cents", "amount", "method", "created_at", "scheduled_for",
    "expected_settlement_date", "settled_on", "failure_code", "failure_message", "invoice_ids",
    "source",
)


def payment_csv_row(payment: Payment) -> dict[str, Any]:
    row = payment_json(payment)
    row["invoice_ids"] = " ".join(row["invoice_ids"])
    return {k: ("" if row[k] is None else row[k]) for k in PAYMENT_CSV_FIELDS}


def write_json(out: TextIO, data: Mapping[str, Any]) -> None:
    out.write(json.dumps({"version": JSON_VERSION, **data}, indent=2, ensure_ascii=False))
    out.write("\n")


def error_json(
    code: str,
    message: str,
    *,
    reference: str | None = None,
    idempotency_key: str | None = None,
    exit_code: int | None = None,
) -> dict[str, Any]:
    """A failure in --json: ``{"error": {code, message, exit_code, reference?,
    idempotency_key?}}`` (``write_json`` adds ``version``)."""
    error: dict[str, Any] = {"code": code, "message": message}
    if exit_code is not None:
        error["exit_code"] = exit_code
    if reference:
        error["reference"] = reference
    if idempotency_key:
        error["idempotency_key"] = idempotency_key
    return {"error": error}


ERROR_SHAPE = exits.ERROR_SHAPE


def write_csv(out: TextIO, fields: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """A plain text table (no colour, no box drawing: it reads well in a screen reader)."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def spelled(reference: str) -> str:
    """``HCP-7K2M-9QX4`` read aloud in groups: ``H C P, 7 K 2 M, 9 Q X 4``."""
    return ", ".join(" ".join(group) for group in reference.split("-"))


def reference_lines(reference: str) -> list[str]:
    """The reference number on a line of its own (whole, so it can be copied), then spelled out
    in groups for reading aloud: plain words, nothing a screen reader reads as symbols."""
    return [f"Reference number: {reference}", f"Read aloud as: {spelled(reference)}."]
