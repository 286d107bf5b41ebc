"""The billing half of the agent's member view: coverage, balance, invoices, payments with
their attempts, autopay and saved methods (by last 4), and payment lookup by reference.

This is the one place the agent tools read the billing tables. Until those tables are part of
the portal, every function here answers "nothing known" and ``BILLING_AVAILABLE`` is False, so
the member view says plainly that these lists are empty because billing is not there yet, not
because the member has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hcpay.portal.models import Member

BILLING_AVAILABLE = False


@dataclass
class MoneyView:
    coverage_status: str | None = None
    balance_due_cents: int | None = None
    invoices: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    autopay: dict[str, Any] | None = None
    payment_methods: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "billing_available": BILLING_AVAILABLE,
            "coverage_status": self.coverage_status,
            "balance_due_cents": self.balance_due_cents,
            "invoices": self.invoices,
            "payments": self.payments,
            "autopay": self.autopay,
            "payment_methods": self.payment_methods,
        }


def money_view(session: Session, member: Member, *, now: datetime) -> MoneyView:
    """The member's billing, as an agent may see it (methods by brand and last 4 only)."""
    return MoneyView()


@dataclass(frozen=True)
class PaymentFound:
    member_id: str
    payment: dict[str, Any]


def find_payment(session: Session, reference: str) -> PaymentFound | None:
    """The payment with this reference (already normalised), with its attempts."""
    return None
