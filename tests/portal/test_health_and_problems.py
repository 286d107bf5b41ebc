"""The portal answers health checks, and every error is problem+json that says what to do."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_health_says_sandbox(client: TestClient) -> None:
    res = client.get("/health")
    assert res.status_code == 200
    body = res.json()
    assert body["status"] == "ok"
    assert body["sandbox"] is True
    assert body["version"]


def test_config_names_gateway_and_support(client: TestClient) -> None:
    body = client.get("/api/v1/config").json()
    assert body["gateway_url"] == "/gateway"
    assert body["support"]["phone"]
    assert body["billing"] == {"due_day": 23, "grace_months_subsidized": 3}


def test_unknown_path_is_problem_json(client: TestClient) -> None:
    res = client.get("/api/v1/nothing-here")
    assert res.status_code == 404
    assert res.headers["content-type"] == "application/problem+json"
    body = res.json()
    assert body["status"] == 404
    assert body["code"] == "not_found"
    assert body["title"] and body["detail"]


def test_wrong_method_is_problem_json(client: TestClient) -> None:
    res = client.delete("/health")
    assert res.status_code == 405
    assert res.headers["content-type"] == "application/problem+json"
    assert res.json()["code"] == "method_not_allowed"


def test_malformed_json_is_problem_json(client: TestClient) -> None:
    res = client.post(
        "/sandbox/clock", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert res.status_code == 400
    assert res.headers["content-type"] == "application/problem+json"
    assert res.json()["code"] == "malformed_json"


def test_validation_names_the_field(client: TestClient) -> None:
    res = client.post("/sandbox/clock", json={"advance_days": -1})
    assert res.status_code == 422
    body = res.json()
    assert body["code"] == "validation_error"
    assert body["errors"][0]["field"] == "advance_days"
