"""The sandbox gateway's HTTP face: ``POST /v1/tokens`` (mounted by the portal at
``/gateway``). The terminal client sends card and bank numbers here and only here.

Errors are problem+json through the error installer the mounting app passes in (the portal's
``problems.install``): one installer keeps both faces answering in the same shape, and the
gateway imports nothing of the portal. A validation error names the field and what to do; it
never echoes the number, the CVC or any other value that was sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, model_validator

from hcpay import __version__
from hcpay.domain.fields import FieldError
from hcpay.gateway.processor import TokenInfo

if TYPE_CHECKING:
    from hcpay.gateway.sandbox import SandboxGateway


class CardIn(BaseModel):
    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    number: str = Field(max_length=40)
    exp_month: int
    exp_year: int
    cvc: str = Field(max_length=8)
    name: str | None = Field(default=None, max_length=100)


class BankAccountIn(BaseModel):
    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    routing_number: str = Field(max_length=20)
    account_number: str = Field(max_length=40)
    account_type: str = Field(max_length=16)
    holder_name: str = Field(max_length=200)


class TokenRequest(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    card: CardIn | None = None
    bank_account: BankAccountIn | None = None

    @model_validator(mode="after")
    def _one_of(self) -> TokenRequest:
        if (self.card is None) == (self.bank_account is None):
            raise ValueError("Send either a card or a bank_account, not both or neither.")
        return self


def token_body(info: TokenInfo) -> dict[str, Any]:
    """``{token, kind, brand?, last4, exp_month?, exp_year?}``: keys that do not apply are left
    out, never sent as null."""
    body: dict[str, Any] = {"token": info.token, "kind": info.kind}
    if info.brand is not None:
        body["brand"] = info.brand
    body["last4"] = info.last4
    if info.exp_month is not None:
        body["exp_month"] = info.exp_month
    if info.exp_year is not None:
        body["exp_year"] = info.exp_year
    return body


def _field_errors(prefix: str, errors: list[FieldError]) -> RequestValidationError:
    """The fields that failed, as any validation error is answered (422, one item a field)."""
    return RequestValidationError([
        {"type": "value_error", "loc": ("body", prefix, e.field), "msg": e.message}
        for e in errors
    ])


def create_gateway_app(
    gateway: SandboxGateway, install_errors: Callable[[FastAPI], None]
) -> FastAPI:
    from hcpay.gateway.sandbox import TokenizeError

    app = FastAPI(
        title="hcpay sandbox gateway", version=__version__,
        description="Tokenizes sandbox cards and bank accounts (portal-api.md, Gateway).",
        openapi_url="/openapi.json", docs_url=None, redoc_url=None,
    )
    install_errors(app)

    @app.post("/v1/tokens", status_code=201)
    def create_token(request: TokenRequest, response: Response) -> dict[str, Any]:
        response.headers["Cache-Control"] = "no-store"
        try:
            if request.card is not None:
                card = request.card
                info = gateway.tokenize_card(
                    card.number, card.exp_month, card.exp_year, card.cvc, card.name
                )
            else:
                assert request.bank_account is not None
                bank = request.bank_account
                info = gateway.tokenize_bank_account(
                    bank.routing_number, bank.account_number, bank.account_type, bank.holder_name
                )
        except TokenizeError as exc:
            prefix = "card" if request.card is not None else "bank_account"
            raise _field_errors(prefix, exc.errors) from None
        return token_body(info)

    return app
