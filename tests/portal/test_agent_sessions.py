"""Agent sign-ins end after 15 idle minutes; members' after 30 (on the sandbox clock)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from hcpay.portal.models import Login, Member, Token
from hcpay.portal.services.tokens import hash_token, issue_pair
from tests.helpers.agent_fixtures import Person, make_person, move_clock, portal_of


def fresh_access_token(app: FastAPI, person: Person) -> str:
    """What a refresh does: a new access token on the same login, if that login is alive."""
    portal = portal_of(app)
    now = portal.clock.now()
    with portal.db.write() as session:
        token = session.get(Token, hash_token(person.token))
        assert token is not None
        login = session.get(Login, token.login_id)
        member = session.get(Member, person.member_id)
        assert login is not None and member is not None
        return issue_pair(session, login, member, now=now, settings=portal.settings).access_token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "X-Access-Reason": "checking my session"}


def test_agent_idle_timeout_is_15_minutes_and_members_30(
    portal_app: FastAPI, client: TestClient
) -> None:
    member = make_person(portal_app, first_name="Idle")
    agent = make_person(portal_app, role="agent", first_name="Idle", last_name="Agent")
    search = f"/api/v1/agent/members?q={member.member_id}"
    assert client.get(search, headers=agent.agent_headers()).status_code == 200
    assert client.get("/api/v1/me/access-log", headers=member.auth).status_code == 200

    move_clock(portal_app, 16)
    agent_token = fresh_access_token(portal_app, agent)
    member_token = fresh_access_token(portal_app, member)
    ended = client.get(search, headers=bearer(agent_token))
    assert ended.status_code == 401
    assert ended.json()["code"] == "session_expired"
    still = client.get("/api/v1/me/access-log", headers=bearer(member_token))
    assert still.status_code == 200  # 16 idle minutes is within a member's 30

    move_clock(portal_app, 31)
    member_token = fresh_access_token(portal_app, member)
    gone = client.get("/api/v1/me/access-log", headers=bearer(member_token))
    assert gone.status_code == 401
    assert gone.json()["code"] == "session_expired"


def test_an_active_agent_stays_signed_in(portal_app: FastAPI, client: TestClient) -> None:
    member = make_person(portal_app, first_name="Busy")
    agent = make_person(portal_app, role="agent", first_name="Busy", last_name="Agent")
    token = agent.token
    for _ in range(4):  # 4 x 10 minutes, never 15 idle
        move_clock(portal_app, 10)
        token = fresh_access_token(portal_app, Person(**{**agent.__dict__, "token": token}))
        res = client.get(f"/api/v1/agent/members/{member.member_id}", headers=bearer(token))
        assert res.status_code == 200, res.text
    with portal_of(portal_app).db.read() as session:
        logins = session.execute(
            select(Login).where(Login.member_id == agent.member_id)
        ).scalars().all()
        assert len(logins) == 1 and logins[0].ended_at is None


def test_refresh_ends_an_idle_agent_login_but_not_a_members(
    portal_app: FastAPI, client: TestClient
) -> None:
    member = make_person(portal_app, first_name="Refresh")
    agent = make_person(portal_app, role="agent", first_name="Refresh", last_name="Agent")
    move_clock(portal_app, 16)
    ended = client.post("/api/v1/sessions/refresh", json={"refresh_token": agent.refresh_token})
    assert ended.status_code == 401
    assert ended.json()["code"] == "session_expired"
    renewed = client.post(
        "/api/v1/sessions/refresh", json={"refresh_token": member.refresh_token}
    )
    assert renewed.status_code == 201, renewed.text
    token = renewed.json()["access_token"]
    assert client.get("/api/v1/me/access-log", headers=bearer(token)).status_code == 200
