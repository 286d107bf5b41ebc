"""The demo member's documents over HTTP (SQLite and PostgreSQL): listed per kind, read as PDF
and text, the 2025 Form 1095-A with its twelve months, and no one else's."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.portal.demo import DEMO_PASSWORD, seed_demo
from tests.helpers.accounts import bearer, sign_in

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@pytest.fixture(scope="module")
def demo(client: TestClient, portal_app: FastAPI) -> dict[str, str]:
    made = seed_demo(portal_app.state.portal)
    assert made
    return made


def _headers(client: TestClient, username: str) -> dict[str, str]:
    res = sign_in(client, username, DEMO_PASSWORD)
    assert res.status_code == 201, res.text
    return bearer(res.json())


def _list(client: TestClient, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    res = client.get("/api/v1/me/documents", headers=headers, params=params)
    assert res.status_code == 200, res.text
    items: list[dict[str, Any]] = res.json()["items"]
    return items


def test_documents_are_listed_per_kind(client: TestClient, demo: dict[str, str]) -> None:
    headers = _headers(client, "demo")
    bills = _list(client, headers, kind="bill")
    assert len(bills) == 26  # 13 months of health and dental bills
    assert {b["kind"] for b in bills} == {"bill"}
    assert all(b["formats"] == ["pdf", "txt"] and b["document_id"].startswith("DOC-")
               for b in bills)
    assert bills[0]["title"].startswith("Bill for ")
    forms = _list(client, headers, kind="tax_form")
    assert [(f["title"], f["period"]) for f in forms] == [("Form 1095-A for 2025", "2025")]
    receipts = _list(client, headers, kind="receipt")
    assert receipts and all(r["document_id"].startswith("HCP-") for r in receipts)
    assert _list(client, headers, kind="notice") == []
    everything = _list(client, headers, limit=200)
    assert len(everything) == len(bills) + len(forms) + len(receipts)
    created = [item["created_at"] for item in everything]
    assert created == sorted(created, reverse=True)
    assert client.get("/api/v1/me/documents", headers=headers,
                      params={"kind": "letter"}).status_code == 422


def test_pages_follow_next_cursor_without_gaps(client: TestClient, demo: dict[str, str]) -> None:
    headers = _headers(client, "demo")
    whole = [item["document_id"] for item in _list(client, headers, limit=200)]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 7}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/api/v1/me/documents", headers=headers, params=params).json()
        seen += [item["document_id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == whole
    bad = client.get("/api/v1/me/documents", headers=headers, params={"cursor": "nope"})
    assert bad.status_code == 400


def test_the_2025_form_has_the_twelve_months_and_only_the_ssns_last_four(
    client: TestClient, demo: dict[str, str]
) -> None:
    headers = _headers(client, "demo")
    (form,) = _list(client, headers, kind="tax_form")
    res = client.get(f"/api/v1/me/documents/{form['document_id']}", headers=headers,
                     params={"format": "txt"})
    assert res.status_code == 200
    text = res.text
    assert "Form 1095-A for 2025" in text and "Dana Rivera" in text and demo["demo"] in text
    for month in MONTHS:
        assert month in text
    assert "A. Monthly enrollment premium" in text
    assert "second lowest cost silver plan (SLCSP)" in text
    assert "advance payment of premium tax credit" in text
    # enrolled all year: $98.00 + $412.00 credit = $510.00 a month; SLCSP $535.00
    (totals,) = [line.split() for line in text.splitlines() if line.startswith("Annual")]
    assert totals[2:] == ["$6,120.00", "$6,420.00", "$4,944.00"]
    assert "XXX-XX-4242" in text and "555-12-4242" not in text and "555124242" not in text
    pdf = client.get(f"/api/v1/me/documents/{form['document_id']}", headers=headers,
                     params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "form-1095-a-for-2025" in pdf.headers["content-disposition"]


def test_a_bill_names_the_member_the_month_the_amount_and_the_due_date(
    client: TestClient, demo: dict[str, str]
) -> None:
    headers = _headers(client, "demo")
    bill = _list(client, headers, kind="bill")[0]
    text = client.get(f"/api/v1/me/documents/{bill['document_id']}", headers=headers).text
    for label in ("Member  ", "Member ID", "Coverage month", "Amount due", "Due date"):
        assert label in text
    assert "Dana Rivera" in text and demo["demo"] in text
    assert "$98.00" in text or "$39.00" in text


def test_only_the_owner_reads_a_document(client: TestClient, demo: dict[str, str]) -> None:
    mine = _headers(client, "demo")
    other = _headers(client, "pastdue")
    for kind in ("bill", "tax_form", "receipt"):
        document_id = _list(client, mine, kind=kind)[0]["document_id"]
        assert client.get(f"/api/v1/me/documents/{document_id}", headers=mine).status_code == 200
        for fmt in ("pdf", "txt"):
            res = client.get(f"/api/v1/me/documents/{document_id}", headers=other,
                             params={"format": fmt})
            assert res.status_code == 404, kind
            assert res.json()["code"] == "document_not_found"
        assert document_id not in {d["document_id"] for d in _list(client, other, limit=200)}
    assert client.get("/api/v1/me/documents/DOC-0000-0000", headers=mine).status_code == 404
    assert client.get("/api/v1/me/documents").status_code == 401
