"""Payments made at the same moment share their write transactions (group commit), and each
still gets the answer it would have got alone: on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Sequence
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hcpay.gateway.models import GatewayCharge
from hcpay.portal.group_commit import GroupCommit, Process
from tests.helpers.gateway import DECLINE_INSUFFICIENT, card_token, save_method
from tests.helpers.members import make_member, portal_of


class HeldFirstBatch(GroupCommit[Any, Any]):
    """Holds the first batch in its worker thread until released, so the requests sent meanwhile
    queue up behind it; remembers each batch's size."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []
        self.release = threading.Event()

    async def submit(self, item: Any, process: Process[Any, Any]) -> Any:
        def held(batch: Sequence[Any]) -> Sequence[Any]:
            self.release.wait(10)
            self.sizes.append(len(batch))
            return process(batch)

        return await super().submit(item, held)


def _history(client: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(
        "/api/v1/me/payments", headers=headers).json()["items"]
    return items


async def test_payments_made_together_each_get_their_own_answer(
    client: TestClient, portal_app: FastAPI
) -> None:
    portal = portal_of(client)
    members = [make_member(client) for _ in range(6)]
    headers = [m.headers for m in members]
    methods = [save_method(client, h, card_token(client)) for h in headers[:5]]
    methods.append(save_method(client, headers[5], card_token(client, DECLINE_INSUFFICIENT)))
    prior_body = {"amount_cents": 500, "payment_method_id": methods[0]}
    prior = client.post("/api/v1/me/payments", json=prior_body,
                        headers={**headers[0], "Idempotency-Key": "k-prior"})
    assert prior.status_code == 201, prior.text

    group = HeldFirstBatch()
    saved, portal.new_charges = portal.new_charges, group
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=portal_app),
                                     base_url="http://portal") as http:
            async def pay(i: int, amount: int, key: str | None = None,
                          auth: dict[str, str] | None = None) -> httpx.Response:
                return await http.post(
                    "/api/v1/me/payments",
                    json={"amount_cents": amount, "payment_method_id": methods[i]},
                    headers={**(auth or headers[i]),
                             "Idempotency-Key": key or secrets.token_hex(8)})

            opener = asyncio.create_task(pay(1, 1100))  # runs alone, held
            await asyncio.sleep(0.1)
            together = [
                pay(0, 500, "k-prior"),  # a replay
                pay(1, 1200),
                pay(2, 1300),
                pay(3, 1400, "k-twin"), pay(3, 1400, "k-twin"),  # one key, sent twice
                pay(4, 0),  # refused, and it does not spoil the member's next one
                pay(4, 1500),
                pay(5, 1600),  # declined
                pay(2, 1700, auth={"Authorization": "Bearer not-a-token"}),
            ]
            sent = [asyncio.create_task(request) for request in together]
            await asyncio.sleep(0.3)
            group.release.set()
            first = await opener
            answers = await asyncio.gather(*sent)
    finally:
        portal.new_charges = saved

    assert first.status_code == 201 and first.json()["amount_cents"] == 1100
    replay, b, c, twin1, twin2, zero, e, declined, stranger = answers
    assert replay.status_code == 201 and replay.json() == prior.json()
    assert b.status_code == c.status_code == e.status_code == 201
    assert [b.json()["amount_cents"], c.json()["amount_cents"], e.json()["amount_cents"]] == [
        1200, 1300, 1500]
    assert all(r.json()["status"] == "succeeded" for r in (b, c, e))
    assert len({r.json()["reference"] for r in (first, b, c, e)}) == 4
    ok_twins = [t for t in (twin1, twin2) if t.status_code == 201]
    assert ok_twins and all(t.status_code in (201, 409) for t in (twin1, twin2))
    assert len({t.json()["reference"] for t in ok_twins}) == 1
    assert zero.status_code == 422 and zero.json()["errors"][0]["field"] == "amount_cents"
    assert declined.status_code == 402
    assert declined.json()["decline_code"] == "insufficient_funds"
    assert stranger.status_code == 401 and stranger.json()["code"] == "invalid_token"
    # They really were done together: the held batch, then the rest in at most a few more.
    assert group.sizes[0] == 1 and max(group.sizes[1:]) >= 2
    assert sum(group.sizes) == 1 + len(together)

    # Money: exactly what was answered, once each.
    assert [p["amount_cents"] for p in _history(client, headers[0])].count(500) == 1
    assert sorted(p["amount_cents"] for p in _history(client, headers[1])) == [1100, 1200]
    assert [p["amount_cents"] for p in _history(client, headers[3])] == [1400]
    assert [p["amount_cents"] for p in _history(client, headers[4])] == [1500]
    failed = _history(client, headers[5])
    assert [(p["amount_cents"], p["status"]) for p in failed] == [(1600, "failed")]
    twin_ref = ok_twins[0].json()["reference"]
    with portal.db.read() as session:
        charges = session.execute(
            select(func.count()).select_from(GatewayCharge)
            .where(GatewayCharge.idempotency_key == f"hcpay-{twin_ref}")
        ).scalar_one()
    assert charges == 1
