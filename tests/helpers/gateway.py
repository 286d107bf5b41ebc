"""Tokens from the sandbox gateway, through its HTTP face (as the client does)."""

from __future__ import annotations

from fastapi.testclient import TestClient

VISA = "4242424242424242"
DECLINE_INSUFFICIENT = "4000000000009995"
DECLINE_GENERIC = "4000000000000002"
ROUTING = "110000000"
BANK_OK = "000123456789"
BANK_R01 = "000222222227"


def card_token(
    client: TestClient, number: str = VISA, *, exp_year: int = 2039, exp_month: int = 12
) -> str:
    res = client.post(
        "/gateway/v1/tokens",
        json={"card": {"number": number, "exp_month": exp_month, "exp_year": exp_year,
                       "cvc": "123"}},
    )
    assert res.status_code == 201, res.text
    token: str = res.json()["token"]
    return token


def bank_token(client: TestClient, account: str = BANK_OK) -> str:
    res = client.post(
        "/gateway/v1/tokens",
        json={"bank_account": {"routing_number": ROUTING, "account_number": account,
                               "account_type": "checking", "holder_name": "Pat Tester"}},
    )
    assert res.status_code == 201, res.text
    token: str = res.json()["token"]
    return token


def save_method(client: TestClient, headers: dict[str, str], token: str,
                *, make_default: bool = False) -> str:
    res = client.post("/api/v1/me/payment-methods", headers=headers,
                      json={"token": token, "make_default": make_default})
    assert res.status_code == 201, res.text
    method_id: str = res.json()["payment_method_id"]
    return method_id
