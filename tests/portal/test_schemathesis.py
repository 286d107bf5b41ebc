"""Property-based tests of the whole API from its own /openapi.json (schemathesis): whatever is
sent, the portal never answers 5xx, and every error is application/problem+json.

Bounded: a handful of examples per operation (a few hundred cases per database)."""

from __future__ import annotations

import zlib
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from tests.helpers.accounts import create_verified_member, sign_in

EXAMPLES_PER_OPERATION = 8


@pytest.fixture(scope="module")
def member(client: TestClient) -> tuple[str, str]:
    username, password, _ = create_verified_member(client)
    return username, password


@pytest.fixture(scope="module")
def api_schema(portal_app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", portal_app)


schema = schemathesis.pytest.from_fixture("api_schema")


# Moving the sandbox clock by years runs every daily job for each day: tested on its own.
@schema.exclude(path="/sandbox/clock", method="POST").parametrize()
@settings(
    # derandomize: the same cases on every run, so CI does not flake; they still change with
    # the schema whenever an operation changes
    max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_errors_are_problem_json(
    case: Any, client: TestClient, member: tuple[str, str]
) -> None:
    headers: dict[str, str] = {}
    needs_member = case.path.startswith("/api/v1/me") or case.path == "/api/v1/sessions/current"
    # half the time as a signed-in member, so the checks reach past authentication
    if needs_member and zlib.crc32(repr(case.body).encode()) % 2 == 0:
        tokens = sign_in(client, *member).json()
        headers["Authorization"] = f"Bearer {tokens['access_token']}"
    response = case.call(headers=headers)
    assert response.status_code < 500, f"{case.method} {case.path}: {response.text[:300]}"
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])
        if isinstance(content_type, list):
            content_type = content_type[0] if content_type else ""
        assert content_type.startswith("application/problem+json"), (
            f"{case.method} {case.path} answered {response.status_code} as {content_type}"
        )
        body = response.json()
        assert body["status"] == response.status_code and body["code"] and body["detail"]
