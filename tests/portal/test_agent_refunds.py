"""Agent money actions over HTTP (portal-api.md v1.1): a refund of part or all of a succeeded
payment, never beyond what is left of it nor beyond the member's credit; credits and fee
waivers up to the settings' limit. Each has a reason, an ADJ- reference, a notice to the member
and a line in the member's access log."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hcpay.gateway.models import GatewayRefund
from hcpay.portal.models import AgentAdjustment, Member
from hcpay.portal.services import money_actions
from tests.helpers.agent_fixtures import Person, make_person
from tests.helpers.gateway import card_token
from tests.helpers.members import TestMember, advance, make_member, portal_of
from tests.money.test_payments import pay

ADJ = re.compile(r"^ADJ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def paid_98_as_credit(client: TestClient) -> tuple[TestMember, str]:
    """A paid-up member who paid $98.00 more: all of it is credit."""
    member = make_member(client, coverage="paid")
    res = pay(client, member.headers, {"amount_cents": 9_800, "token": card_token(client)})
    assert res.status_code == 201 and res.json()["status"] == "succeeded", res.text
    return member, str(res.json()["reference"])


def refund(client: TestClient, agent: Person, member_id: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/agent/members/{member_id}/refunds", json=body,
                       headers=agent.agent_headers(body.get("reason")))


def credit_of(client: TestClient, member: TestMember) -> int:
    summary = client.get("/api/v1/me/summary", headers=member.headers).json()
    return int(summary["credit_cents"])


def test_a_98_dollar_payment_refunded_in_two_parts_and_no_more(
    portal_app: FastAPI, client: TestClient
) -> None:
    member, reference = paid_98_as_credit(client)
    agent = make_person(portal_app, role="agent", first_name="Sam", last_name="Okafor")
    assert credit_of(client, member) == 9_800

    first = refund(client, agent, member.member_id, {
        "amount_cents": 5_000, "payment_reference": reference.lower(),
        "reason": "Member paid twice this month"})
    assert first.status_code == 201, first.text
    assert ADJ.match(first.json()["reference"])
    assert first.json()["unrefunded_cents"] == 4_800 and first.json()["credit_cents"] == 4_800
    second = refund(client, agent, member.member_id, {
        "amount_cents": 4_000, "payment_reference": reference,
        "reason": "Rest of the double payment"})
    assert second.status_code == 201, second.text
    assert second.json()["refunded_cents"] == 9_000 and second.json()["unrefunded_cents"] == 800
    assert second.json()["reference"] != first.json()["reference"]

    third = refund(client, agent, member.member_id, {
        "amount_cents": 2_000, "payment_reference": reference,
        "reason": "Asked for a little more back"})
    assert third.status_code == 422
    assert third.json()["code"] == "refund_too_high"
    assert "Refund $8.00 or less" in third.json()["detail"]
    assert credit_of(client, member) == 800

    # the processor sent back what the portal says, to the card the payment came from
    with portal_of(client).db.read() as session:
        sent = session.execute(select(func.sum(GatewayRefund.amount_cents))).scalar_one()
    assert sent == 9_000

    outbox = client.get("/sandbox/outbox", params={"to": member.email}).json()["items"]
    notices = [m["body"] for m in outbox if m["subject"] == "We refunded part of a payment"]
    assert len(notices) == 2
    assert f"We refunded $50.00 of payment {reference} to your Visa ending 4242" in notices[0]
    assert first.json()["reference"] in notices[0]

    log = client.get("/api/v1/me/access-log", headers=member.headers).json()["items"]
    money = [item for item in log if item["action"] == "refund"]
    assert [(i["reason"], i["reference"], i["description"]) for i in money] == [
        ("Asked for a little more back", None,
         "Refunded part of a payment (not done: refund_too_high)"),
        ("Rest of the double payment", second.json()["reference"],
         f"Refunded $40.00 of payment {reference} ({second.json()['reference']})"),
        ("Member paid twice this month", first.json()["reference"],
         f"Refunded $50.00 of payment {reference} ({first.json()['reference']})"),
    ]
    assert all(i["agent_name"] == "Sam Okafor" for i in money)

    # the agent's member view lists them, newest first, with their references and reasons
    view = client.get(f"/api/v1/agent/members/{member.member_id}",
                      headers=agent.agent_headers()).json()
    assert [(a["reference"], a["amount_cents"], a["status"], a["payment_reference"])
            for a in view["money_actions"]] == [
        (second.json()["reference"], 4_000, "succeeded", reference),
        (first.json()["reference"], 5_000, "succeeded", reference),
    ]


def test_a_refund_needs_a_reason_and_credit(portal_app: FastAPI, client: TestClient) -> None:
    member, reference = paid_98_as_credit(client)
    agent = make_person(portal_app, role="agent")
    # the refund's own reason (what the member reads) is checked as a field ...
    short = client.post(f"/api/v1/agent/members/{member.member_id}/refunds", json={
        "amount_cents": 100, "payment_reference": reference, "reason": "dup"},
        headers=agent.agent_headers())
    assert short.status_code == 422
    assert short.headers["content-type"] == "application/problem+json"
    assert short.json()["errors"][0]["field"] == "reason"
    # ... and a short access reason is refused before anything else, by its own rule
    terse = refund(client, agent, member.member_id, {
        "amount_cents": 100, "payment_reference": reference, "reason": "dup"})
    assert terse.status_code == 422
    assert terse.headers["content-type"] == "application/problem+json"
    assert terse.json()["code"] == "access_reason_required"
    unknown = refund(client, agent, member.member_id, {
        "amount_cents": 100, "payment_reference": "HCP-0000-0000",
        "reason": "Member paid twice this month"})
    assert unknown.status_code == 404 and unknown.json()["code"] == "payment_not_found"
    # another member's payment is not this member's to refund
    other = make_member(client, coverage="paid")
    theirs = refund(client, agent, other.member_id, {
        "amount_cents": 100, "payment_reference": reference,
        "reason": "Member paid twice this month"})
    assert theirs.status_code == 404


def test_credits_and_fee_waivers_up_to_the_limit(portal_app: FastAPI, client: TestClient) -> None:
    member = make_member(client, coverage="paid")
    agent = make_person(portal_app, role="agent")

    def adjust(body: dict[str, Any]) -> Any:
        return client.post(f"/api/v1/agent/members/{member.member_id}/adjustments", json=body,
                           headers=agent.agent_headers(body["reason"]))

    credit = adjust({"amount_cents": 2_500, "kind": "credit",
                     "reason": "Sorry for the long wait on the phone"})
    assert credit.status_code == 201, credit.text
    assert ADJ.match(credit.json()["reference"]) and credit.json()["credit_cents"] == 2_500
    at_limit = adjust({"amount_cents": 10_000, "kind": "fee_waiver",
                       "reason": "Late fee charged by mistake"})
    assert at_limit.status_code == 201
    above = adjust({"amount_cents": 10_001, "kind": "credit",
                    "reason": "Goodwill for the outage last week"})
    assert above.status_code == 403 and above.json()["code"] == "needs_supervisor"
    assert "up to $100.00" in above.json()["detail"]
    assert credit_of(client, member) == 12_500

    outbox = client.get("/sandbox/outbox", params={"to": member.email}).json()["items"]
    assert any(f"a fee waiver of $100.00 to your account (reference "
               f"{at_limit.json()['reference']})" in m["body"] for m in outbox)
    log = client.get("/api/v1/me/access-log", headers=member.headers).json()["items"]
    assert [(i["description"], i["reference"]) for i in log[:3]] == [
        ("Added a credit to your account (not done: needs_supervisor)", None),
        (f"Waived a fee of $100.00 ({at_limit.json()['reference']})",
         at_limit.json()["reference"]),
        (f"Added a credit of $25.00 ({credit.json()['reference']})", credit.json()["reference"]),
    ]


def test_a_refund_held_by_a_crash_is_finished_once_by_the_jobs(
    portal_app: FastAPI, client: TestClient
) -> None:
    member, reference = paid_98_as_credit(client)
    agent = make_person(portal_app, role="agent")
    portal = portal_of(client)
    with portal.db.write() as session:  # step 1 only: the process stopped before the processor
        who, by = session.get(Member, member.member_id), session.get(Member, agent.member_id)
        assert who is not None and by is not None
        reserved = money_actions.reserve_refund(
            session, who, by,
            payment_reference=reference, amount_cents=3_000, reason="Member paid twice",
            now=portal.clock.now(),
        )
    assert credit_of(client, member) == 6_800  # held while unfinished
    advance(client, 1)
    advance(client, 1)  # running again refunds nothing more
    with portal.db.read() as session:
        held = session.get(AgentAdjustment, reserved.adjustment_id)
        assert held is not None and held.status == "succeeded"
        sent = session.execute(
            select(func.count()).where(GatewayRefund.idempotency_key
                                       == f"hcpay-{reserved.reference}")
        ).scalar_one()
    assert sent == 1
    outbox = client.get("/sandbox/outbox", params={"to": member.email}).json()["items"]
    assert sum(reserved.reference in m["body"] for m in outbox) == 1
