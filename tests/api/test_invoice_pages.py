"""The client reads every bill when it needs them all (the bills a payment can go to, History's
list of bills), however many pages the portal answers in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.api import PortalClient, RetryPolicy, TokenPair, UnexpectedAnswer, pages
from hcpay.portal.models import Member
from hcpay.portal.services.tokens import start_login
from tests.api.conftest import PORTAL_URL
from tests.helpers.bills import member_with_bills
from tests.helpers.members import TestMember, portal_of

MONTHS = 25  # 50 bills: seven pages of 7 and one more


async def _signed_in(portal_app: FastAPI, client: TestClient, made: TestMember) -> PortalClient:
    portal = portal_of(client)
    with portal.db.write() as session:
        member = session.get(Member, made.member_id)
        assert member is not None
        pair = start_login(session, member, now=portal.clock.now(), settings=portal.settings)
    api = PortalClient(PORTAL_URL, transport=httpx.ASGITransport(app=portal_app),
                       retry=RetryPolicy(backoff=0.0))
    api.use_tokens(TokenPair(access_token=pair.access_token, refresh_token=pair.refresh_token,
                             expires_in=pair.expires_in))
    return api


@pytest.fixture
async def many_bills(client: TestClient, portal_app: FastAPI,
                     monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[PortalClient]:
    monkeypatch.setattr(pages, "PAGE", 7)  # many pages without making hundreds of bills
    api = await _signed_in(portal_app, client, member_with_bills(client, MONTHS, paid=False))
    async with api:
        yield api


async def test_every_open_bill_comes_back_not_just_the_first_page(
    many_bills: PortalClient,
) -> None:
    first = await many_bills.invoices("open", limit=7)
    assert len(first.items) == 7 and first.next_cursor  # the portal pages this list

    bills = await pages.every_invoice(many_bills, "open")

    assert len(bills) == 2 * MONTHS
    assert len({b.invoice_id for b in bills}) == 2 * MONTHS
    summary = await many_bills.summary()
    assert sum(b.remaining_cents for b in bills) == summary.balance_due_cents
    months = [b.coverage_month for b in bills]
    assert months == sorted(months, reverse=True)  # newest first, as the portal gives them


async def test_a_cursor_that_leads_back_is_an_error_not_an_endless_loop() -> None:
    """A portal that keeps answering the same next_cursor (one a real portal cannot be made to
    give) must not hang the screen that waits for the bills."""
    calls = 0

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        body: dict[str, Any] = {"items": [], "next_cursor": "same"}
        return httpx.Response(200, json=body)

    async with PortalClient(PORTAL_URL, transport=httpx.MockTransport(answer),
                            retry=RetryPolicy.never()) as api:
        api.use_tokens(TokenPair(access_token="a", refresh_token="r", expires_in=900))
        with pytest.raises(UnexpectedAnswer):
            await pages.every_invoice(api, "all")
    assert calls == 1
