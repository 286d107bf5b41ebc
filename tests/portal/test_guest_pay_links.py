"""An agent's pay link (portal-api.md v1.1, "Agent money actions"): a one-use 8-character code,
24 hours, that the caller types into guest payment instead of the member id and date of birth;
audited, in the member's access log with its ADJ- reference, and a notice to the member."""

from __future__ import annotations

import re
import secrets

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.agent_fixtures import make_person
from tests.helpers.gateway import card_token
from tests.helpers.guests import guest_pay, member_with_bill
from tests.helpers.members import TestMember

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
ADJ = re.compile(r"^ADJ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
REASON = "Caller forgot the password and wants to pay"


def make_link(client: TestClient, portal_app: FastAPI, member: TestMember) -> dict[str, str]:
    agent = make_person(portal_app, role="agent", first_name="Sam")
    res = client.post(f"/api/v1/agent/members/{member.member_id}/pay-links",
                      headers=agent.agent_headers(REASON))
    assert res.status_code == 201, res.text
    body: dict[str, str] = res.json()
    return body


def test_an_agent_link_pays_once(portal_app: FastAPI, client: TestClient) -> None:
    member = member_with_bill(client)
    link = make_link(client, portal_app, member)
    assert CODE.match(link["url_code"]) and ADJ.match(link["reference"])
    assert link["expires_at"]

    typed = link["url_code"].lower().replace("-", " ")
    res = client.post("/api/v1/guest/lookup", json={"pay_code": typed})
    assert res.status_code == 201, res.text
    token, due = res.json()["guest_token"], res.json()["balance_due_cents"]
    paid = guest_pay(client, token, {"amount_cents": due, "token": card_token(client)})
    assert paid.status_code == 201 and paid.json()["source"] == "guest"

    again = client.post("/api/v1/guest/lookup", json={"pay_code": link["url_code"]})
    assert again.status_code == 404 and again.json()["code"] == "no_match"
    never = client.post("/api/v1/guest/lookup", json={"pay_code": "ZZZZ-ZZZZ"})
    assert never.json() == again.json()

    log = client.get("/api/v1/me/access-log", headers=member.headers)
    assert log.status_code == 200, log.text
    lines = [item for item in log.json()["items"] if link["reference"] in str(item)]
    assert lines and REASON in str(lines[0])
    notes = client.get("/api/v1/me/notifications", headers=member.headers).json()["items"]
    assert any(link["reference"] in n["body"] for n in notes)


def test_a_link_expires_after_24_hours(portal_app: FastAPI, client: TestClient) -> None:
    from tests.helpers.accounts import advance_clock

    member = member_with_bill(client)
    link = make_link(client, portal_app, member)
    advance_clock(portal_app, hours=24, seconds=1)
    res = client.post("/api/v1/guest/lookup", json={"pay_code": link["url_code"]})
    assert res.status_code == 404


def test_a_link_needs_an_agent_and_a_reason(portal_app: FastAPI, client: TestClient) -> None:
    member = member_with_bill(client)
    agent = make_person(portal_app, role="agent")
    res = client.post(f"/api/v1/agent/members/{member.member_id}/pay-links",
                      headers=agent.agent_headers("short"))
    assert res.status_code == 422
    res = client.post(f"/api/v1/agent/members/{member.member_id}/pay-links",
                      headers=member.headers)
    assert res.status_code == 403
    res = client.post(f"/api/v1/agent/members/M-{secrets.token_hex(2)}/pay-links",
                      headers=agent.agent_headers(REASON))
    assert res.status_code == 404
