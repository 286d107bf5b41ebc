"""How a payment plan spreads what is past due (product-rules.md): equal monthly installments,
the first drawn on the day the plan starts, any odd cents on the first ones. The portal makes
the plan with this, and every face shows the member the same terms before asking to agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hcpay.domain.dates import add_months

MIN_INSTALLMENTS = 2
MAX_INSTALLMENTS = 6


@dataclass(frozen=True)
class Installment:
    number: int
    due_date: date
    amount_cents: int


def split(total_cents: int, count: int, first_day: date) -> list[Installment]:
    """``split(10_000, 3, day)``: $33.34 on ``day``, then $33.33 and $33.33 a month apart."""
    base, extra = divmod(total_cents, count)
    return [Installment(n + 1, add_months(first_day, n), base + (1 if n < extra else 0))
            for n in range(count)]
