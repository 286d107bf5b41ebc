"""The portal's money rules, stated once: how a payment is split over open bills (the named
ones first, then the oldest), what is left over as credit, when a bank payment settles, and
the words of the payment notices. The single path (``engine``, ``billing.ledger``) and the
batch path (``bulk_outcomes``) both call these, so they cannot disagree.

Money is integer cents; every amount a member reads is formatted by ``hcpay.domain.money``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from hcpay.domain import methods
from hcpay.domain.date_words import long_date
from hcpay.domain.dates import add_business_days
from hcpay.domain.i18n import _
from hcpay.domain.money import format_cents


@dataclass(frozen=True)
class OpenBill:
    """An open invoice as allocation sees it (in the ledger's order: oldest first)."""

    invoice_id: str
    remaining_cents: int


@dataclass(frozen=True)
class Split:
    """Where a payment goes: ``(invoice_id, cents)`` in the order paid, and the credit left."""

    allocations: tuple[tuple[str, int], ...]
    credit_cents: int


def split_payment(
    amount_cents: int, open_bills: Sequence[OpenBill], named: Sequence[str] = ()
) -> Split:
    """Apply ``amount_cents`` to the named bills first (in the order named), then to the other
    open bills oldest first; what is left over becomes credit."""
    chosen = [bill for wanted in named for bill in open_bills if bill.invoice_id == wanted]
    ordered = chosen + [bill for bill in open_bills if bill not in chosen]
    left = amount_cents
    allocations: list[tuple[str, int]] = []
    for bill in ordered:
        if left <= 0:
            break
        take = min(left, max(0, bill.remaining_cents))
        if take <= 0:
            continue
        allocations.append((bill.invoice_id, take))
        left -= take
    return Split(tuple(allocations), max(0, left))


def settlement_date(today: date, business_days: int) -> date:
    """When a bank payment made ``today`` settles: ``business_days`` business days later,
    skipping weekends and US federal holidays (the one calendar, ``hcpay.domain.dates``)."""
    return add_business_days(today, business_days)


def method_words(kind: str, brand: str | None, last4: str) -> str:
    """``Visa ending 4242``, ``Bank account ending 6789``: the one wording (hcpay.domain)."""
    return methods.method_words(kind, brand, last4)


def received_notice(
    reference: str, amount_cents: int, method: str, settle_by: date | None,
    source: str = "member",
) -> tuple[str, str]:
    """The subject and body of the notice for a payment that went through (or, for a bank
    payment, that is processing until ``settle_by``); a guest payment says it was paid
    without signing in."""
    if settle_by is not None:
        subject = _("We received your bank payment")
        tail = _("It is processing and should settle by {date}.").format(date=long_date(settle_by))
    else:
        subject, tail = _("Payment receipt"), _("Thank you.")
    said = _("Payment {reference}: {amount} from {method}. {tail}").format(
        reference=reference, amount=format_cents(amount_cents), method=method, tail=tail)
    if source == "guest":
        said += " " + _("It was paid without signing in (guest payment); the card or account "
                        "was not saved. If you did not make it, call Member Services.")
    return subject, said


def failed_notice(reference: str, amount_cents: int, message: str) -> tuple[str, str]:
    return _("Your payment did not go through"), (
        f"Your payment {reference} of {format_cents(amount_cents)} did not go through: "
        f"{message} Nothing was charged. If you need help, call Member Services."
    )


def returned_notice(
    reference: str, amount_cents: int, return_code: str, message: str, reopened: Sequence[str]
) -> tuple[str, str]:
    return _("Your bank returned a payment"), (
        f"Your bank returned payment {reference} of {format_cents(amount_cents)} "
        f"({return_code}: {message}). The bill it paid is open again "
        f"({', '.join(reopened) or 'no bill'}). Please pay it another way, or call us."
    )


ADJUSTMENT_WORDS = {"credit": "a credit", "fee_waiver": "a fee waiver"}


def refund_notice(
    reference: str, amount_cents: int, payment_reference: str, method: str
) -> tuple[str, str]:
    """The notice for a refund an agent made (``reference`` is the ADJ- one)."""
    return _("We refunded part of a payment"), (
        f"We refunded {format_cents(amount_cents)} of payment {payment_reference} to your "
        f"{method} (reference {reference}). Depending on your bank it shows in 5 to 10 "
        "business days."
    )


def adjustment_notice(reference: str, amount_cents: int, kind: str) -> tuple[str, str]:
    """The notice for a credit or fee waiver an agent added to the account."""
    return _("We added a credit to your account"), (
        f"We added {ADJUSTMENT_WORDS.get(kind, 'a credit')} of {format_cents(amount_cents)} to "
        f"your account (reference {reference}). It counts toward what you owe."
    )


def refund_limit_message(unrefunded_cents: int, credit_cents: int) -> str:
    """What an agent may refund instead: no more than is left of the payment, nor than the
    member's credit."""
    most = min(unrefunded_cents, credit_cents)
    if most <= 0:
        if unrefunded_cents <= 0:
            return _("This payment is already refunded in full: nothing is left to refund.")
        return _("The member has no credit on the account, so nothing can be refunded.")
    return (
        _("Refund {amount} or less: {amount2} of this "
        "payment is not refunded yet and the member's credit is {amount3}.").format(
            amount=format_cents(most), amount2=format_cents(unrefunded_cents),
            amount3=format_cents(credit_cents))
    )
