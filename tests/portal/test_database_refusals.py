"""A value the database refuses is the sender's mistake: a 422 that says so, never a 500."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import DataError


def test_database_refusal_is_a_clear_422(portal_app: FastAPI) -> None:
    def refuse() -> None:
        raise DataError("INSERT ...", {}, Exception("invalid byte sequence"))

    portal_app.add_api_route("/_test/refuse", refuse, methods=["POST"])
    with TestClient(portal_app, raise_server_exceptions=False) as client:
        res = client.post("/_test/refuse")
    assert res.status_code == 422
    assert res.headers["content-type"] == "application/problem+json"
    body = res.json()
    assert body["code"] == "invalid_value"
    assert "Check what you entered" in body["detail"]
