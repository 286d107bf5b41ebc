"""An agent finds a caller by member id, name, email or payment reference; results are masked."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.agent_fixtures import Person, make_person


@pytest.fixture(scope="module")
def people(portal_app: FastAPI) -> dict[str, Person]:
    return {
        "ada": make_person(
            portal_app, first_name="Adaeze", last_name="Quillfeather", phone="(555) 010-2233",
            email="Ada.Q@Example.org",
        ),
        "ade": make_person(portal_app, first_name="Adebayo", last_name="Quillfeather"),
        "bo": make_person(portal_app, first_name="Bo", last_name="Zanzibarian"),
        # An agent who shares the surname must never show up as a member.
        "agent": make_person(
            portal_app, role="agent", first_name="Quinn", last_name="Quillfeather"
        ),
    }


def search(client: TestClient, agent: Person, q: str, **params: Any) -> Any:
    res = client.get(
        "/api/v1/agent/members", params={"q": q, **params}, headers=agent.agent_headers()
    )
    assert res.status_code == 200, res.text
    return res.json()


def ids(body: Any) -> set[str]:
    return {item["member_id"] for item in body["items"]}


def test_search_by_member_id_as_typed(client: TestClient, people: dict[str, Person]) -> None:
    ada, agent = people["ada"], people["agent"]
    for typed in (ada.member_id, ada.member_id.lower(), ada.member_id.replace("-", "")):
        body = search(client, agent, typed)
        assert body["matched_by"] == "member_id"
        assert ids(body) == {ada.member_id}


def test_search_by_email_any_case(client: TestClient, people: dict[str, Person]) -> None:
    body = search(client, people["agent"], "ada.q@EXAMPLE.org")
    assert body["matched_by"] == "email"
    assert ids(body) == {people["ada"].member_id}
    assert search(client, people["agent"], "ada.q@example.com")["items"] == []


def test_search_by_name(client: TestClient, people: dict[str, Person]) -> None:
    agent = people["agent"]
    both = {people["ada"].member_id, people["ade"].member_id}
    assert ids(search(client, agent, "quillfeather")) == both  # the agent is not listed
    assert ids(search(client, agent, "ad")) == both  # a first-name prefix
    assert ids(search(client, agent, "Adeb")) == {people["ade"].member_id}
    assert ids(search(client, agent, "adae quill")) == {people["ada"].member_id}
    assert ids(search(client, agent, "Zanzibarian")) == {people["bo"].member_id}
    assert search(client, agent, "Nobodyhasthisname")["items"] == []
    assert search(client, agent, "%%")["items"] == []  # wildcards are taken literally


def test_search_by_username(client: TestClient, people: dict[str, Person]) -> None:
    body = search(client, people["agent"], people["bo"].username)
    assert ids(body) == {people["bo"].member_id}


def test_search_by_unknown_payment_reference(
    client: TestClient, people: dict[str, Person]
) -> None:
    body = search(client, people["agent"], "hcp 7k2m 9qx4")
    assert body["matched_by"] == "payment_reference"
    assert body["items"] == []


def test_results_are_masked(client: TestClient, people: dict[str, Person]) -> None:
    body = search(client, people["agent"], people["ada"].member_id)
    (item,) = body["items"]
    assert item == {
        "member_id": people["ada"].member_id,
        "name": "Adaeze Quillfeather",
        "email_masked": "a***@example.org",
        "phone_last4": "2233",
        "status": "active",
    }


def test_search_pages(client: TestClient, people: dict[str, Person]) -> None:
    agent = people["agent"]
    first = search(client, agent, "Quillfeather", limit=1)
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = search(client, agent, "Quillfeather", limit=1, cursor=first["next_cursor"])
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    assert ids(first) | ids(second) == {people["ada"].member_id, people["ade"].member_id}


def test_search_needs_a_query(client: TestClient, people: dict[str, Person]) -> None:
    agent = people["agent"]
    for params in ({}, {"q": "a"}):
        res = client.get("/api/v1/agent/members", params=params, headers=agent.agent_headers())
        assert res.status_code == 422
        assert res.json()["errors"][0]["field"] == "q"


def test_search_hits_show_in_each_found_members_log(
    client: TestClient, people: dict[str, Person]
) -> None:
    agent = people["agent"]
    client.get(
        "/api/v1/agent/members", params={"q": "Zanzibarian"},
        headers=agent.agent_headers("Caller gave only a surname"),
    )
    log = client.get("/api/v1/me/access-log", headers=people["bo"].auth).json()["items"]
    assert log[0]["reason"] == "Caller gave only a surname"
    assert log[0]["description"] == "Found your account in a search"
