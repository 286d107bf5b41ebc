"""The member id a guest payment needs is where a member finds it: `hcpay bills` (text and
--json) and every receipt, the same words as the dashboard (hcpay.facts.words)."""

from __future__ import annotations

from pathlib import Path

from hcpay.portal.demo import DEMO_MEMBER_ID
from tests.cli.helpers import hcpay


def test_bills_and_receipts_show_the_member_id(signed_in: Path) -> None:
    text = hcpay("bills")
    assert text.code == 0, text.err
    assert text.out.startswith(f"Member ID {DEMO_MEMBER_ID}")
    data = hcpay("bills", "--json").json()
    assert data["member_id"] == DEMO_MEMBER_ID
    history = hcpay("history", "--json").json()
    reference = history["payments"][0]["reference"]
    receipt = hcpay("receipt", reference)
    assert receipt.code == 0, receipt.err
    assert DEMO_MEMBER_ID in receipt.out
