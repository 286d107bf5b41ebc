"""The whole way, as an agent does it: an agent account with two-step sign-in (as
`hcpay portal create-agent` makes it), signing in with password and code, then opening a
member's account with a reason that the member reads in their access log."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pyotp import TOTP

from hcpay.portal.services import agents, two_step
from tests.helpers.agent_fixtures import make_person, portal_of


def test_agent_signs_in_with_two_step_and_opens_an_account(
    portal_app: FastAPI, client: TestClient
) -> None:
    portal = portal_of(portal_app)
    password = "Quartz-Meadow-Signal-77"
    agent = agents.make_member(
        portal, username="desk.agent", password=password, email="desk.agent@example.com",
        first_name="Morgan", last_name="Desk",
    )
    secret = two_step.new_secret()
    with portal.db.write() as session:
        agents.add_agent(session, portal, agent, secret)
    member = make_person(portal_app, first_name="Callie")

    without_code = client.post(
        "/api/v1/sessions", json={"username": "desk.agent", "password": password}
    )
    assert without_code.status_code == 401 and without_code.json()["code"] == "otp_required"
    otp = TOTP(secret).at(portal.clock.now())
    signed_in = client.post(
        "/api/v1/sessions", json={"username": "desk.agent", "password": password, "otp": otp}
    )
    assert signed_in.status_code == 201, signed_in.text
    body = signed_in.json()
    assert body["member"]["role"] == "agent"
    headers = {
        "Authorization": f"Bearer {body['access_token']}",
        "X-Access-Reason": "Caller asked to update the card on autopay",
    }

    view = client.get(f"/api/v1/agent/members/{member.member_id}", headers=headers)
    assert view.status_code == 200
    log = client.get("/api/v1/me/access-log", headers=member.auth).json()["items"]
    assert log[0]["agent_name"] == "Morgan Desk"
    assert log[0]["reason"] == "Caller asked to update the card on autopay"

    # The member's own token opens nothing on the agent side.
    denied = client.get(
        f"/api/v1/agent/members/{member.member_id}",
        headers={**member.auth, "X-Access-Reason": "curious"},
    )
    assert denied.status_code == 403 and denied.json()["code"] == "agent_only"
