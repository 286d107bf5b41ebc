"""The duplicate-payment guard on the command line (product-rules.md "Duplicate payments",
portal-api.md v1.1 `possible_duplicate`): the same amount from the same method within 24 hours
is stopped with "You paid $98.00 from Visa ending 4242 today at 10:14 (HCP-...). Pay again?";
only --allow-duplicate (or a yes at the terminal) pays again; --yes alone does not.

The first test checks what hcpay sends. The others need the portal's side of the rule (409
`possible_duplicate` with the earlier reference unless the body says `allow_duplicate: true`)
and pass once that is in the portal."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pexpect
import pytest

from hcpay import embedded
from hcpay.commands.exits import Exit
from tests.cli.helpers import hcpay, intercept_payments, spawn


def references() -> list[str]:
    result = hcpay("history", "--json", "--limit", "0")
    assert result.code == 0, result.err
    return [p["reference"] for p in result.json()["payments"]]


def portal_time_zone() -> ZoneInfo:
    async def ask() -> str:
        connection = embedded.open_embedded(embedded.database_path(False))
        try:
            return (await connection.client.config()).time_zone
        finally:
            assert connection.close is not None
            await connection.close()

    return ZoneInfo(asyncio.run(ask()))


def paid_at(payment: dict[str, object]) -> str:
    """The time the message names: the portal's own clock, in the portal's time zone."""
    created = datetime.fromisoformat(str(payment["created_at"]))
    return f"{created.astimezone(portal_time_zone()):%H:%M}"


def test_pay_sends_allow_duplicate_only_when_asked(
    signed_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies: list[dict[str, object]] = []

    async def record(request: httpx.Request) -> None:
        bodies.append(json.loads(request.content))

    intercept_payments(monkeypatch, record)
    assert hcpay("pay", "--amount", "13.01", "--yes").code == Exit.OK
    assert hcpay("pay", "--amount", "13.02", "--yes", "--allow-duplicate").code == Exit.OK
    assert "allow_duplicate" not in bodies[0]
    assert bodies[1]["allow_duplicate"] is True


def test_the_same_payment_again_is_stopped_until_allow_duplicate(signed_in: Path) -> None:
    first = hcpay("pay", "--amount", "14.00", "--yes", "--json")
    assert first.code == Exit.OK, first.err
    earlier = first.json()["payment"]
    before = references()

    again = hcpay("pay", "--amount", "14.00", "--yes", "--json")  # --yes is not enough
    assert again.code == Exit.NOT_CONFIRMED, again.err
    error = again.json()["error"]
    assert error["code"] == "possible_duplicate"
    assert error["reference"] == earlier["reference"]
    said = (f"You paid $14.00 from Visa ending 4242 today at {paid_at(earlier)} "
            f"({earlier['reference']}).")
    assert said in again.err
    assert "--allow-duplicate" in again.err
    assert references() == before  # nothing was charged

    other_method = hcpay("pay", "--amount", "14.00", "--method", "6789", "--yes")
    assert other_method.code == Exit.OK, other_method.err  # another method: not the same

    paid = hcpay("pay", "--amount", "14.00", "--yes", "--json", "--allow-duplicate")
    assert paid.code == Exit.OK, paid.err
    assert paid.json()["payment"]["reference"] not in before


def test_at_a_terminal_pay_again_is_asked_with_the_earlier_payment(signed_in: Path) -> None:
    first = hcpay("pay", "--amount", "15.00", "--yes", "--json")
    assert first.code == Exit.OK, first.err
    earlier = first.json()["payment"]
    child = spawn(signed_in, "pay", "--amount", "15.00", "--yes")
    child.expect_exact(
        f"You paid $15.00 from Visa ending 4242 today at {paid_at(earlier)} "
        f"({earlier['reference']}). Pay again? [y/N] "
    )
    child.sendline("y")
    child.expect(r"Reference number: (HCP-[0-9A-Z]{4}-[0-9A-Z]{4})")
    second = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == Exit.OK
    assert second != earlier["reference"]
    assert references()[:2] == [second, earlier["reference"]]
