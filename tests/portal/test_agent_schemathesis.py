"""Property-based tests of the agent and support routes from /openapi.json (schemathesis),
signed in as an agent (agent routes) or a member (support routes), so the generated input
reaches past authentication: whatever is sent, no 5xx, and every error is problem+json."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from tests.helpers.agent_fixtures import Person, make_person

EXAMPLES_PER_OPERATION = 25
SUPPORT_PATHS = ("/api/v1/me/support-codes", "/api/v1/me/access-log")


@pytest.fixture(scope="module")
def people(portal_app: FastAPI) -> dict[str, Person]:
    return {
        "agent": make_person(portal_app, role="agent", first_name="Fuzz"),
        "member": make_person(portal_app, first_name="Fuzzy"),
    }


@pytest.fixture(scope="module")
def api_schema(portal_app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", portal_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.include(path_regex=r"^/api/v1/(agent/|me/(support-codes|access-log))").parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_agent_and_support_routes_never_fail_on_odd_input(
    case: Any, client: TestClient, people: dict[str, Person]
) -> None:
    who = people["member"] if case.path in SUPPORT_PATHS else people["agent"]
    response = case.call(headers=who.auth)
    assert response.status_code < 500, f"{case.method} {case.path}: {response.text[:300]}"
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", "")
        if isinstance(content_type, list):
            content_type = content_type[0] if content_type else ""
        assert content_type.startswith("application/problem+json"), (
            f"{case.method} {case.path} answered {response.status_code} as {content_type}"
        )
        body = response.json()
        assert body["status"] == response.status_code and body["code"] and body["detail"]
