"""The sandbox clock moves forward for the whole portal and never goes back."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient


def test_clock_advances_and_never_goes_back(client: TestClient) -> None:
    before = date.fromisoformat(client.get("/sandbox/clock").json()["today"])
    moved = client.post("/sandbox/clock", json={"advance_days": 3})
    assert moved.status_code == 200
    body = moved.json()
    assert date.fromisoformat(body["today"]) == before + timedelta(days=3)
    assert "jobs_run" in body

    target = before + timedelta(days=10)
    res = client.post("/sandbox/clock", json={"set": target.isoformat()})
    assert res.status_code == 200
    assert res.json()["today"] == target.isoformat()

    back = client.post("/sandbox/clock", json={"set": before.isoformat()})
    assert back.status_code == 422
    assert back.json()["code"] == "clock_backwards"
    assert client.get("/sandbox/clock").json()["today"] == target.isoformat()


def test_clock_needs_exactly_one_instruction(client: TestClient) -> None:
    res = client.post("/sandbox/clock", json={})
    assert res.status_code == 422
    res = client.post("/sandbox/clock", json={"advance_days": 1, "set": "2030-01-01"})
    assert res.status_code == 422
