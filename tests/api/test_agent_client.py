"""The client's agent tools against the real portal's agent routes: every answer parses into its
typed model (search, member view, payment lookup, support code, note, reset link), the reason
travels as UTF-8, a read without a reason is refused, and the member reads it in the access log."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.api import (
    BadRequest,
    Forbidden,
    NotFound,
    PortalClient,
    RetryPolicy,
    TokenPair,
    new_idempotency_key,
)
from hcpay.api.models import AgentMemberView, AgentPaymentLookup
from hcpay.portal.models import Member
from hcpay.portal.services.tokens import start_login
from tests.api.conftest import PORTAL_URL
from tests.helpers.agent_fixtures import Person, make_person
from tests.helpers.members import make_member, portal_of

REASON = "Caller asked about a payment — José's card"


def _client(app: FastAPI, person: Person) -> PortalClient:
    api = PortalClient(PORTAL_URL, transport=httpx.ASGITransport(app=app),
                       retry=RetryPolicy(backoff=0.0))
    api.use_tokens(TokenPair(access_token=person.token, refresh_token=person.refresh_token,
                             expires_in=900))
    return api


@pytest.fixture
async def pair(client: TestClient, portal_app: FastAPI) -> AsyncIterator[
    tuple[PortalClient, PortalClient, Person]
]:
    """An agent's client, and a new member's client (first bill open)."""
    agent = make_person(portal_app, role="agent", first_name="Alex")
    made = make_member(client, coverage="new", phone="+1 555 010 4477")
    portal = portal_of(client)
    with portal.db.write() as session:
        row = session.get(Member, made.member_id)
        assert row is not None
        login = start_login(session, row, now=portal.clock.now(), settings=portal.settings)
    member = Person(made.member_id, made.username, made.email, "Pat", "Tester",
                    login.access_token, login.refresh_token)
    async with _client(portal_app, agent) as agent_api, _client(portal_app, member) as member_api:
        yield agent_api, member_api, member


async def _pay(member_api: PortalClient) -> str:
    token = await member_api.tokenize_card("4242424242424242", 12, 2039, "123")
    method = await member_api.add_payment_method(token.token, make_default=True)
    due = (await member_api.summary()).balance_due_cents
    paid = await member_api.pay(
        due, payment_method_id=method.payment_method_id, idempotency_key=new_idempotency_key()
    )
    return paid.reference


async def test_agent_answers_parse_into_their_models(
    pair: tuple[PortalClient, PortalClient, Person],
) -> None:
    agent_api, member_api, member = pair
    reference = await _pay(member_api)

    found = await agent_api.agent_search(member.email, REASON)
    assert found.matched_by == "email"
    assert [hit.member_id for hit in found.items] == [member.member_id]
    assert found.items[0].name == "Pat Tester"
    assert "@" in found.items[0].email_masked and member.email != found.items[0].email_masked
    by_reference = await agent_api.agent_search(reference.lower(), REASON)
    assert by_reference.matched_by == "payment_reference"
    assert [h.member_id for h in by_reference.items] == [member.member_id]

    view = await agent_api.agent_member(member.member_id, REASON)
    assert isinstance(view, AgentMemberView)
    assert view.phone_last4 == "4477" and view.coverage_status
    assert view.invoices and view.invoices[0].binder
    assert [m.last4 for m in view.payment_methods] == ["4242"]
    assert view.payments[0].reference == reference
    assert view.payments[0].attempts and view.payments[0].attempts[0].outcome

    lookup = await agent_api.agent_payment(reference, REASON)
    assert isinstance(lookup, AgentPaymentLookup)
    assert lookup.member.member_id == member.member_id
    assert lookup.payment.explanation.startswith("Paid and applied to")
    assert lookup.payment.applied_to_invoices

    code = await member_api.create_support_code("make_payment", 3, "card_declined")
    read = await agent_api.agent_support_code(code.code, REASON)
    assert (read.screen, read.step, read.last_error_code) == ("make_payment", 3, "card_declined")
    assert read.member.member_id == member.member_id

    note = await agent_api.agent_add_note(member.member_id, "Told them it settles Friday.", REASON)
    assert note.text == "Told them it settles Friday." and note.agent_name.startswith("Alex")
    assert (await agent_api.agent_member(member.member_id, REASON)).notes[0].note_id == note.note_id

    sent = await agent_api.agent_send_password_reset(member.member_id, REASON)
    assert sent.channel == "email" and sent.sent_to != member.email

    log = await member_api.access_log()
    assert log and all(entry.reason == REASON for entry in log)
    assert {"view_member", "lookup_payment", "add_note", "password_reset"} <= {
        entry.action for entry in log
    }
    assert log[0].agent_name.startswith("Alex") and log[0].description


async def test_reason_required_and_member_refused(
    pair: tuple[PortalClient, PortalClient, Person],
) -> None:
    agent_api, member_api, member = pair
    with pytest.raises(BadRequest) as no_reason:
        await agent_api.agent_member(member.member_id, "   ")
    assert no_reason.value.code == "access_reason_required"
    with pytest.raises(Forbidden):
        await member_api.agent_member(member.member_id, REASON)
    with pytest.raises(NotFound) as missing:
        await agent_api.agent_payment("HCP-0000-0000", REASON)
    assert missing.value.code == "payment_not_found"
    with pytest.raises(NotFound):  # a slash cannot walk to another route
        await agent_api.agent_member("../payments/x", REASON)
