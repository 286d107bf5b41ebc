"""POST /gateway/v1/tokens as the terminal client uses it, on SQLite and PostgreSQL: sandbox
cards and accounts get tokens; mistakes get field errors that never echo the number."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.gateway.sandbox_numbers import ACCOUNTS, CARDS, EXP_YEAR, ROUTING, bank_body, card_body

URL = "/gateway/v1/tokens"


def _problem(res: Any, status: int = 422) -> dict[str, Any]:
    assert res.status_code == status, res.text
    assert res.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = res.json()
    assert body["status"] == status and body["code"] and body["detail"]
    return body


def _fields(body: dict[str, Any]) -> dict[str, str]:
    return {e["field"]: e["message"] for e in body["errors"]}


@pytest.mark.parametrize(("number", "expected"), CARDS.items())
def test_every_sandbox_card_gets_a_token(
    client: TestClient, number: str, expected: tuple[str, str]
) -> None:
    res = client.post(URL, json=card_body(number))
    assert res.status_code == 201, res.text
    body = res.json()
    assert body == {
        "token": body["token"], "kind": "card", "brand": expected[0], "last4": number[-4:],
        "exp_month": 12, "exp_year": EXP_YEAR,
    }
    assert body["token"].startswith("tok_")
    assert number not in res.text
    assert res.headers["cache-control"] == "no-store"


def test_number_may_be_typed_with_spaces_and_two_digit_year(client: TestClient) -> None:
    res = client.post(
        URL, json=card_body("4242 4242 4242 4242", exp_year=EXP_YEAR % 100, exp_month="03")
    )
    assert res.status_code == 201, res.text
    assert (res.json()["exp_month"], res.json()["exp_year"]) == (3, EXP_YEAR)


def test_unknown_number_that_passes_luhn_succeeds_like_4242(client: TestClient) -> None:
    res = client.post(URL, json=card_body("4111111111111111"))
    assert res.status_code == 201
    assert res.json()["brand"] == "visa"
    token = res.json()["token"]
    gateway = client.app.state.portal.gateway  # type: ignore[attr-defined]
    assert gateway.charge(token, 1000, idempotency_key="http-4111").status == "succeeded"


def test_typo_in_number_is_a_field_error_without_the_number(client: TestClient) -> None:
    res = client.post(URL, json=card_body("4242424242424241"))
    body = _problem(res)
    assert body["code"] == "validation_error"
    assert _fields(body) == {"card.number": "The card number has a typo: check the digits."}
    assert "4242424242424241" not in res.text
    assert "731" not in res.text


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"number": "9111111111111111"}, "card.number", "We take Visa, Mastercard"),
        ({"number": "42424242424242"}, "card.number", "has 13, 16 or 19 digits"),
        ({"exp_month": 13}, "card.exp_month", "from 1 to 12"),
        ({"exp_year": 2020}, "card.exp_year", "expired"),
        ({"cvc": "12"}, "card.cvc", "3 digits"),
        ({"number": "378282246310005", "cvc": "123"}, "card.cvc", "4 digits"),
        ({"number": "", "cvc": "123"}, "card.number", "Enter the card number"),
    ],
)
def test_card_mistakes_name_the_field(
    client: TestClient, overrides: dict[str, Any], field: str, says: str
) -> None:
    body = card_body("4242424242424242")
    body["card"].update(overrides)
    res = client.post(URL, json=body)
    problem = _problem(res)
    assert says in _fields(problem)[field]
    number = body["card"]["number"]
    if number:
        assert number not in res.text


def test_card_expiring_this_month_is_still_good(client: TestClient) -> None:
    today = date.fromisoformat(client.get("/sandbox/clock").json()["today"])
    res = client.post(
        URL, json=card_body("5555555555554444", exp_month=today.month, exp_year=today.year)
    )
    assert res.status_code == 201, res.text


def test_wrong_types_are_named_and_not_echoed(client: TestClient) -> None:
    res = client.post(
        URL, json={"card": {"number": 4242424242424242, "exp_month": "May", "cvc": 731}}
    )
    problem = _problem(res)
    fields = _fields(problem)
    assert {"card.number", "card.exp_month", "card.exp_year", "card.cvc"} <= set(fields)
    assert "4242424242424242" not in res.text
    assert "731" not in res.text


@pytest.mark.parametrize("account", ACCOUNTS)
def test_every_sandbox_account_gets_a_token(client: TestClient, account: str) -> None:
    res = client.post(URL, json=bank_body(account))
    assert res.status_code == 201, res.text
    body = res.json()
    assert body == {"token": body["token"], "kind": "bank_account", "last4": account[-4:]}
    assert account not in res.text


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"routing_number": "110000001"}, "bank_account.routing_number", "typo"),
        ({"routing_number": "11000000"}, "bank_account.routing_number", "9 digits"),
        ({"account_number": "123"}, "bank_account.account_number", "4 to 17 digits"),
        ({"account_number": "1" * 18}, "bank_account.account_number", "4 to 17 digits"),
        ({"account_type": "brokerage"}, "bank_account.account_type", "checking or savings"),
        ({"holder_name": " "}, "bank_account.holder_name", "name on the account"),
    ],
)
def test_bank_mistakes_name_the_field(
    client: TestClient, overrides: dict[str, Any], field: str, says: str
) -> None:
    body = bank_body("000123456789", **overrides)
    res = client.post(URL, json=body)
    problem = _problem(res)
    assert says in _fields(problem)[field]
    assert "000123456789" not in res.text
    if "routing_number" in overrides:
        assert overrides["routing_number"] not in res.text
    assert ROUTING not in res.text


@pytest.mark.parametrize(
    "body",
    [{}, {**card_body("4242424242424242"), **bank_body("000123456789")}],
)
def test_exactly_one_of_card_or_bank_account(client: TestClient, body: dict[str, Any]) -> None:
    problem = _problem(client.post(URL, json=body))
    assert "either a card or a bank_account" in problem["detail"]


def test_malformed_json_is_problem_json(client: TestClient) -> None:
    res = client.post(URL, content=b"{not json", headers={"content-type": "application/json"})
    assert _problem(res, 400)["code"] == "malformed_json"


def test_only_post_on_tokens(client: TestClient) -> None:
    assert _problem(client.get(URL), 405)["code"] == "method_not_allowed"
    assert _problem(client.get("/gateway/v1/nothing"), 404)["code"] == "not_found"
