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
from hcpay.domain.i18n import Said, _
from hcpay.domain.money import format_cents
from hcpay.facts import payments_csv
from hcpay.facts.labels import method_label
from hcpay.facts.words import STATUS_WORDS as _STATUSES
from hcpay.facts.words import spelled_out, status_meaning

if TYPE_CHECKING:
    from hcpay.api.models import MethodBrief, Payment, PaymentMethod

JSON_VERSION = 1  # bumped only when a field changes meaning or goes away

# A payment's status with what it means ("processing at the bank, not settled yet").
STATUS_WORDS = Said(_STATUSES, status_meaning)

MONEY_HELP = "money is integer *_cents plus the same amount formatted as text (\"$1,234.50\")"


def money(cents: int | None) -> str:
    return format_cents(cents) if cents is not None else ""


def money_fields(name: str, cents: int) -> dict[str, Any]:
    """``{"<name>_cents": 9800, "<name>": "$98.00"}``: an amount as ``--json`` gives it."""
    return {f"{name}_cents": cents, name: format_cents(cents)}


def day(value: date | datetime | None) -> str:
    """``Mar 5, 2026`` for people (``--json`` keeps ISO dates)."""
    return short_date(value) if value is not None else ""


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def method_words(method: MethodBrief | PaymentMethod | None, *, short: bool = False) -> str:
    """``Visa ending 4242``: the one wording (hcpay.facts.labels); ``short`` for a table's
    column (``Amex ending 1005``)."""
    words = method_label(method)
    return words.replace("American Express", _("Amex")) if short else words


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


PAYMENT_CSV_FIELDS = payments_csv.FIELDS  # the one payments CSV (hcpay.facts.payments_csv)
payment_csv_row = payments_csv.row


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
    return spelled_out(reference)


def reference_lines(reference: str) -> list[str]:
    """The reference number on a line of its own (whole, so it can be copied), then spelled out
    in groups for reading aloud: plain words, nothing a screen reader reads as symbols."""
    return [_("Reference number: {reference}").format(reference=reference),
            _("Read aloud as: {reference}.").format(reference=spelled(reference))]
