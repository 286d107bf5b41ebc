"""The member's bills come a page at a time (portal-api.md, lists): ``limit`` (default 50, at
most 200), an opaque ``next_cursor``, newest coverage month first, the status filter too; a
page link that is not one gets a problem that says to start again."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hcpay.portal.billing.periods import next_month_key
from tests.helpers.bills import FIRST_MONTH, member_with_bills
from tests.helpers.members import TestMember

MONTHS = 30  # two policies: 60 bills, more than the default page of 50


@pytest.fixture(scope="module")
def member(client: TestClient) -> TestMember:
    return member_with_bills(client, MONTHS)


def _page(client: TestClient, member: TestMember, **params: Any) -> dict[str, Any]:
    res = client.get("/api/v1/me/invoices", params=params, headers=member.headers)
    assert res.status_code == 200, res.text
    body: dict[str, Any] = res.json()
    return body


def _walk(client: TestClient, member: TestMember, **params: Any) -> list[list[dict[str, Any]]]:
    """Every page, following next_cursor from the first."""
    pages: list[list[dict[str, Any]]] = []
    cursor: str | None = None
    while True:
        body = _page(client, member, **params, **({"cursor": cursor} if cursor else {}))
        pages.append(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 100, "the cursors never end"


def _newest_first(items: list[dict[str, Any]]) -> bool:
    keys = [(i["coverage_month"], i["policy"]) for i in items]
    # newest month first; within a month, dental before health (name order), as before paging
    return keys == sorted(keys, key=lambda k: (-int(k[0].replace("-", "")), k[1]))


def test_cursors_walk_every_bill_once_newest_first(
    client: TestClient, member: TestMember
) -> None:
    pages = _walk(client, member, status="all", limit=7)
    items = [item for page in pages for item in page]
    ids = [i["invoice_id"] for i in items]
    assert len(ids) == 2 * MONTHS and len(set(ids)) == len(ids)
    assert [len(p) for p in pages] == [7] * 8 + [4]
    assert _newest_first(items)
    assert items[0]["coverage_month"] == next_month_key(FIRST_MONTH, MONTHS - 1)
    assert items[-1]["coverage_month"] == FIRST_MONTH
    # the same bills, in the same order, as one big page
    whole = _page(client, member, status="all", limit=200)
    assert [i["invoice_id"] for i in whole["items"]] == ids
    assert whole["next_cursor"] is None


def test_the_default_page_is_50_and_a_full_last_page_says_there_is_no_more(
    client: TestClient, member: TestMember
) -> None:
    first = _page(client, member)
    assert len(first["items"]) == 50 and first["next_cursor"]
    rest = _page(client, member, cursor=first["next_cursor"])
    assert len(rest["items"]) == 2 * MONTHS - 50 and rest["next_cursor"] is None
    exact = _page(client, member, limit=2 * MONTHS)
    assert len(exact["items"]) == 2 * MONTHS and exact["next_cursor"] is None


@pytest.mark.parametrize("status", ["open", "paid"])
def test_the_status_filter_pages_too(
    client: TestClient, member: TestMember, status: str
) -> None:
    everything = _page(client, member, status="all", limit=200)["items"]
    wanted = [i["invoice_id"] for i in everything
              if (i["status"] in ("open", "past_due")) == (status == "open")]
    pages = _walk(client, member, status=status, limit=6)
    items = [item for page in pages for item in page]
    assert len(pages) > 1
    assert [i["invoice_id"] for i in items] == wanted
    shown = {i["status"] for i in items}
    assert shown <= ({"open", "past_due"} if status == "open" else {"paid"})
    assert _newest_first(items)


def test_a_page_link_from_another_member_shows_only_your_own_bills(
    client: TestClient, member: TestMember
) -> None:
    other = member_with_bills(client, 3)
    cursor = _page(client, member, limit=3)["next_cursor"]
    theirs = _page(client, other, cursor=cursor, limit=200)["items"]
    mine = {i["invoice_id"] for i in _page(client, member, limit=200)["items"]}
    assert theirs and not mine & {i["invoice_id"] for i in theirs}


def _b64(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    "not-a-cursor",
    "%%%",
    _b64(["2026-11", "health"]),  # too short
    _b64({"month": "2026-11"}),
    _b64(["November", "health", "INV-AAAA-BBBB"]),
    _b64(["2026-11", "health\u0000", "INV-AAAA-BBBB"]),
    _b64(["2026-11-25T10:00:00+00:00", 17]),  # a payment-history cursor
])
def test_a_bad_cursor_is_a_problem_that_says_to_start_again(
    client: TestClient, member: TestMember, cursor: str
) -> None:
    res = client.get("/api/v1/me/invoices", params={"cursor": cursor}, headers=member.headers)
    assert res.status_code == 400
    assert res.headers["content-type"].startswith("application/problem+json")
    body = res.json()
    assert body["code"] == "invalid_cursor"
    assert "first page" in body["detail"] and "next_cursor" in body["detail"]
    assert body["errors"] == [{"field": "cursor", "message": "Use the next_cursor of the page "
                               "before."}]


@pytest.mark.parametrize("limit", [0, 201, -5])
def test_a_limit_outside_1_to_200_is_refused(
    client: TestClient, member: TestMember, limit: int
) -> None:
    res = client.get("/api/v1/me/invoices", params={"limit": limit}, headers=member.headers)
    assert res.status_code == 422
    assert res.json()["code"] == "validation_error"
    assert res.json()["errors"][0]["field"] == "limit"
