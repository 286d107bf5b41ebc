"""The agent side on the demo database `hcpay demo` makes: the agent (password and two-step
code from product-rules.md) finds demo and pastdue, sees their billing, and looks up one of
demo's payments by the reference it printed. Also a member who signed up through the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.portal.demo import AGENT_PASSWORD, AGENT_TOTP_SECRET, DEMO_PASSWORD, seed_demo
from tests.helpers.accounts import bearer, create_verified_member, sign_in, totp_now
from tests.helpers.members import a_day_with_the_demos_open_bill


@pytest.fixture(scope="module")
def made(portal_app: FastAPI) -> dict[str, str]:
    """The demo as made on a day when demo has its open bill (the sandbox clock moves there)."""
    clock = portal_app.state.portal.clock
    day = a_day_with_the_demos_open_bill(clock.today())
    clock.move_to(clock.start_of_day(day) + timedelta(hours=9))
    return seed_demo(portal_app.state.portal)


@pytest.fixture(scope="module")
def agent_token(portal_app: FastAPI, client: TestClient, made: dict[str, str]) -> str:
    """One sign-in for the module: a two-step code is accepted once."""
    res = sign_in(client, "agent", AGENT_PASSWORD, otp=totp_now(portal_app, AGENT_TOTP_SECRET))
    assert res.status_code == 201, res.text
    token: str = res.json()["access_token"]
    return token


def with_reason(token: str, reason: str) -> dict[str, str]:
    return {**bearer(token), "X-Access-Reason": reason}


def only(body: dict[str, Any]) -> dict[str, Any]:
    (item,) = body["items"]
    return item


def test_agent_on_the_demo_data(
    client: TestClient, made: dict[str, str], agent_token: str
) -> None:
    headers = with_reason(agent_token, "Demo: caller says a payment is missing")

    demo = only(client.get("/api/v1/agent/members", params={"q": "demo"}, headers=headers).json())
    assert demo["member_id"] == made["demo"] and demo["name"] == "Dana Rivera"
    assert demo["phone_last4"] == "0142" and demo["email_masked"] == "d***@example.com"

    view = client.get(f"/api/v1/agent/members/{made['demo']}", headers=headers).json()
    assert view["ssn_last4"] == "4242"
    assert view["coverage_status"] == "active"
    assert {(m["kind"], m["last4"]) for m in view["payment_methods"]} == {
        ("card", "4242"), ("bank_account", "6789"),
    }
    assert len(view["payments"]) >= 10  # a paid year
    assert [i for i in view["invoices"] if i["status"] in ("open", "past_due")]

    # The member reads the reference from their history; the agent types it back.
    signed_in = sign_in(client, "demo", DEMO_PASSWORD).json()
    history = client.get("/api/v1/me/payments", headers=bearer(signed_in)).json()["items"]
    reference = history[0]["reference"]
    lookup = client.get(f"/api/v1/agent/payments/{reference.lower()}", headers=headers)
    assert lookup.status_code == 200
    assert lookup.json()["payment"]["reference"] == reference
    assert lookup.json()["member"]["member_id"] == made["demo"]

    pastdue = client.get(f"/api/v1/agent/members/{made['pastdue']}", headers=headers).json()
    assert pastdue["coverage_status"] == "termination_pending"  # grace month 2 of 3
    assert pastdue["grace"]["month"] == 2
    assert pastdue["past_due_cents"] > 0

    log = client.get("/api/v1/me/access-log", headers=bearer(signed_in)).json()["items"]
    assert {i["agent_name"] for i in log} == {"Alex Morgan"}
    assert {i["action"] for i in log} == {"search", "view_member", "lookup_payment"}


def test_agent_finds_a_member_who_signed_up(client: TestClient, agent_token: str) -> None:
    username, _password, _tokens = create_verified_member(client, first_name="Harriet")
    headers = with_reason(agent_token, "New member calling about the first bill")
    me = client.get("/api/v1/me", headers=bearer(_tokens)).json()
    found = only(
        client.get(
            "/api/v1/agent/members", params={"q": me["email"].upper()}, headers=headers
        ).json()
    )
    assert found["member_id"] == me["member_id"]
    view = client.get(f"/api/v1/agent/members/{me['member_id']}", headers=headers).json()
    assert view["ssn_last4"] == me["ssn_last4"]
    assert view["first_name"] == "Harriet"
    assert username not in str(view.get("email_masked"))
