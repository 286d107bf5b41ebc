"""Issue 11 item 1: one active payment plan per member, decided by the database (a partial
unique index), so 12 requests at the same moment over two processes make one plan, and the
job runner charges that one plan's first installment only."""

from __future__ import annotations

import httpx

from tests.concurrency.conftest import Stack, fire
from tests.concurrency.people import person

AT_ONCE = 12


def test_twelve_plans_at_once_make_one(stack: Stack) -> None:
    who = person(stack, open_months=2, past_due=True, card=True)
    headers = who.headers()
    body = {"installments": 2, "payment_method_id": who.payment_method_id}
    answers = fire([
        ("POST", stack.url(i) + "/api/v1/me/payment-plans", {"json": body, "headers": headers})
        for i in range(AT_ONCE)
    ])
    statuses = sorted(res.status_code for res in answers)
    assert statuses == [201] + [409] * (AT_ONCE - 1), [r.text for r in answers]
    for res in answers:
        if res.status_code == 409:
            assert res.headers["content-type"] == "application/problem+json"
            assert res.json()["code"] == "plan_exists"

    plans = httpx.get(stack.url(1) + "/api/v1/me/payment-plans", headers=headers).json()
    assert [p["status"] for p in plans["items"]] == ["active"]

    # Both processes run the jobs at once: the first installment (due today) is charged once.
    for res in fire([("POST", stack.url(i) + "/sandbox/clock", {"json": {"advance_days": 0}})
                     for i in range(2)]):
        assert res.status_code == 200, res.text
    history = httpx.get(stack.url(0) + "/api/v1/me/payments", headers=who.headers()).json()
    charged = [p for p in history["items"] if p["status"] in ("succeeded", "processing")]
    assert len(charged) == 1
    assert charged[0]["amount_cents"] == 41_250
