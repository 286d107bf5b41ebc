"""A member with many payments, written straight into the portal's database (the API would
take minutes for 10,000): for History's paging test and its benchmark."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import insert

from hcpay.domain.references import payment_reference
from hcpay.portal.context import Portal
from hcpay.portal.models import Payment
from hcpay.portal.services.agents import make_member

PASSWORD = "Many-Pays-2026!"


def member_with_payments(portal: Portal, username: str, count: int) -> str:
    """Make member ``username`` (password ``PASSWORD``) with ``count`` settled card payments,
    one an hour going back from now, newest first in History; the member id."""
    member = make_member(
        portal, username=username, password=PASSWORD, email=f"{username}@example.com",
        first_name="Morgan", last_name="Payer",
    )
    now = portal.clock.now()
    with portal.db.write() as session:
        session.add(member)
        session.flush()
        member_id = member.member_id
        rows: list[dict[str, Any]] = []
        for i in range(count):
            at = now - timedelta(hours=i + 1)
            rows.append({
                "reference": payment_reference(), "member_id": member_id, "source": "member",
                "status": "succeeded",
                "amount_cents": 1000 + i, "method_kind": "card", "method_brand": "visa",
                "method_last4": "4242", "created_at": at, "charged_at": at,
            })
            if len(rows) == 2000:
                session.execute(insert(Payment), rows)
                rows = []
        if rows:
            session.execute(insert(Payment), rows)
    return member_id
