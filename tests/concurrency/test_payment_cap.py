"""Issue 11 item 3 and the duplicate guard (portal-api.md v1.1): one-time payments made at the
same moment, over two processes and through the group-commit batches, together stay within
open balance - credit + one month's premium (422 ``amount_too_high``), and a second payment of
the same amount from the same method within 24 hours is stopped (409 ``possible_duplicate``
with the earlier reference) unless the body says ``allow_duplicate: true``. The rules are
checked in the write transaction that stores the payments, with the member's row locked."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from tests.concurrency.conftest import Stack, fire, send
from tests.concurrency.people import Person, person

BILL = 41_250  # one open bill; the premium is the same
CAP = BILL + BILL  # balance - credit (none yet) + one month's premium


def _pay(stack: Stack, who: Person, headers: dict[str, str], index: int, amount: int, *,
         key: str | None = None, **extra: Any) -> tuple[str, str, dict[str, Any]]:
    body = {"amount_cents": amount, "payment_method_id": who.payment_method_id, **extra}
    return ("POST", stack.url(index) + "/api/v1/me/payments", {
        "json": body, "headers": {**headers, "Idempotency-Key": key or secrets.token_hex(8)}})


def _paid(stack: Stack, who: Person) -> list[dict[str, Any]]:
    items = httpx.get(stack.url(0) + "/api/v1/me/payments", headers=who.headers()).json()
    return [p for p in items["items"] if p["status"] in ("succeeded", "processing")]


def test_payments_at_once_stay_within_the_cap(stack: Stack) -> None:
    who = person(stack, open_months=1, card=True)
    headers = who.headers()
    answers = fire([_pay(stack, who, headers, i, 10_000, allow_duplicate=True)
                    for i in range(20)])
    statuses = [res.status_code for res in answers]
    assert statuses.count(201) == CAP // 10_000, [r.text for r in answers]
    assert statuses.count(422) == 20 - CAP // 10_000
    for res in answers:
        if res.status_code == 422:
            assert res.headers["content-type"] == "application/problem+json"
            assert res.json()["code"] == "amount_too_high"
    assert sum(p["amount_cents"] for p in _paid(stack, who)) <= CAP


def test_the_cap_counts_credit_already_held(stack: Stack) -> None:
    who = person(stack, open_months=1, card=True)
    headers = who.headers()
    first = send(_pay(stack, who, headers, 0, CAP, allow_duplicate=True))
    assert first.status_code == 201, first.text
    # That paid the bill and left a month's premium as credit: nothing more fits, not even
    # the month's premium that the balance alone (0) would allow.
    summary = httpx.get(stack.url(1) + "/api/v1/me/summary", headers=headers).json()
    assert summary["credit_cents"] == BILL
    answers = [send(_pay(stack, who, headers, i, amount, allow_duplicate=True))
               for i, amount in enumerate((BILL, BILL, 100, 1))]
    assert [res.status_code for res in answers] == [422] * 4, [r.text for r in answers]
    assert {res.json()["code"] for res in answers} == {"amount_too_high"}
    assert sum(p["amount_cents"] for p in _paid(stack, who)) == CAP


def test_same_payment_at_once_is_stopped_as_a_duplicate(stack: Stack) -> None:
    who = person(stack, open_months=1, card=True)
    headers = who.headers()
    answers = fire([_pay(stack, who, headers, i, 5_000) for i in range(12)])
    statuses = [res.status_code for res in answers]
    assert statuses.count(201) == 1, [r.text for r in answers]
    (first,) = [res for res in answers if res.status_code == 201]
    reference = first.json()["reference"]
    for res in answers:
        if res.status_code != 201:
            assert res.status_code == 409
            assert res.headers["content-type"] == "application/problem+json"
            assert res.json()["code"] == "possible_duplicate"
            assert res.json()["reference"] == reference
            assert "$50.00" in res.json()["detail"] and "Visa ending 4242" in res.json()["detail"]
    assert len(_paid(stack, who)) == 1

    # The first request's key again: its first answer, not a duplicate warning.
    key = first.request.headers["Idempotency-Key"]
    again = send(_pay(stack, who, headers, 1, 5_000, key=key))
    assert again.status_code == 201 and again.json()["reference"] == reference

    # Paying again on purpose: the same key sent at once to both processes pays once.
    key = secrets.token_hex(8)
    answers = fire([_pay(stack, who, headers, i, 5_000, key=key, allow_duplicate=True)
                    for i in range(6)])
    made = {res.json()["reference"] for res in answers if res.status_code == 201}
    assert len(made) == 1 and reference not in made, [r.text for r in answers]
    for res in answers:
        assert res.status_code in (201, 409), res.text
        if res.status_code == 409:
            assert res.json()["code"] == "idempotency_key_in_use"
    assert len(_paid(stack, who)) == 2
