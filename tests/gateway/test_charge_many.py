"""The optional batch charge (``charge_many``) a job's draw day uses, on SQLite and PostgreSQL:
each answer is what ``charge`` would have given, a key is charged once across batches and
single calls, one-time tokens are used up once, and a processor without the batch call is
charged one request at a time by ``charge_all``."""

from __future__ import annotations

import secrets

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from hcpay.gateway.models import GatewayCharge
from hcpay.gateway.processor import (
    BatchCharging,
    ChargeRequest,
    ChargeResult,
    GatewayError,
    RefundResult,
    SettlementResult,
    TokenInfo,
    charge_all,
)
from hcpay.gateway.sandbox import SandboxGateway
from tests.gateway.sandbox_numbers import EXP_YEAR


@pytest.fixture(scope="module")
def gateway(portal_app: FastAPI) -> SandboxGateway:
    sandbox = portal_app.state.portal.gateway
    assert isinstance(sandbox, SandboxGateway)
    return sandbox


def saved_card(gateway: SandboxGateway, number: str = "4242424242424242") -> str:
    one_time = gateway.tokenize_card(number, 12, EXP_YEAR, "731", "Ann Lee").token
    return gateway.make_reusable(one_time).token


def key() -> str:
    return "batch-" + secrets.token_hex(8)


def rows_with_keys(gateway: SandboxGateway, keys: list[str]) -> int:
    with gateway.db.read() as session:
        return session.execute(
            select(func.count()).select_from(GatewayCharge)
            .where(GatewayCharge.idempotency_key.in_(keys))
        ).scalar_one()


def test_batch_answers_each_request_like_a_single_charge(gateway: SandboxGateway) -> None:
    good, declined = saved_card(gateway), saved_card(gateway, "4000000000009995")
    one_time = gateway.tokenize_card("4242424242424242", 12, EXP_YEAR, "731").token
    requests = [
        ChargeRequest(good, 9_800, key()),
        ChargeRequest(declined, 9_800, key()),
        ChargeRequest(one_time, 500, key()),
        ChargeRequest(good, 0, key()),
        ChargeRequest("pmt_unknown", 100, key()),
    ]
    answers = gateway.charge_many(requests)
    assert len(answers) == len(requests)
    ok, decline, once, zero, unknown = answers
    assert isinstance(ok, ChargeResult) and ok.status == "succeeded" and ok.processor_ref
    assert isinstance(decline, ChargeResult) and decline.status == "failed"
    assert decline.decline_code == "insufficient_funds"
    assert isinstance(once, ChargeResult) and once.status == "succeeded"
    assert isinstance(zero, GatewayError) and zero.code == "invalid_amount"
    assert isinstance(unknown, ChargeResult) and unknown.code == "token_unknown"
    # the one-time token is used up: charging it again under a new key is refused
    again = gateway.charge(one_time, 500, idempotency_key=key())
    assert again.status == "failed" and again.code == "token_used"


def test_a_key_is_charged_once_across_batches_and_single_calls(
    gateway: SandboxGateway,
) -> None:
    token = saved_card(gateway)
    first_key, second_key = key(), key()
    single = gateway.charge(token, 1_000, idempotency_key=first_key)
    answers = gateway.charge_many([
        ChargeRequest(token, 1_000, first_key),   # charged before: its first answer
        ChargeRequest(token, 2_000, second_key),
        ChargeRequest(token, 2_000, second_key),  # the same key twice in one batch
    ])
    assert answers[0] == single
    assert answers[1] == answers[2]
    assert isinstance(answers[1], ChargeResult) and answers[1].processor_ref
    assert rows_with_keys(gateway, [first_key, second_key]) == 2
    assert gateway.charge(token, 2_000, idempotency_key=second_key) == answers[1]
    assert gateway.charge_many([ChargeRequest(token, 2_000, second_key)]) == [answers[1]]


class OneAtATime:
    """A processor with only the required interface (no batch call)."""

    def __init__(self, inner: SandboxGateway) -> None:
        self.inner = inner
        self.calls = 0

    def token_info(self, token: str) -> TokenInfo | None:
        return self.inner.token_info(token)

    def make_reusable(self, token: str) -> TokenInfo:
        return self.inner.make_reusable(token)

    def charge(self, token: str, amount_cents: int, *, idempotency_key: str) -> ChargeResult:
        self.calls += 1
        return self.inner.charge(token, amount_cents, idempotency_key=idempotency_key)

    def settle(self, processor_ref: str) -> SettlementResult:
        return self.inner.settle(processor_ref)

    def refund(
        self, processor_ref: str, amount_cents: int, *, idempotency_key: str
    ) -> RefundResult:
        return self.inner.refund(processor_ref, amount_cents, idempotency_key=idempotency_key)


def test_charge_all_falls_back_to_single_charges(gateway: SandboxGateway) -> None:
    processor = OneAtATime(gateway)
    assert not isinstance(processor, BatchCharging)
    assert isinstance(gateway, BatchCharging)
    token = saved_card(gateway)
    answers = charge_all(processor, [ChargeRequest(token, 300, key()),
                                     ChargeRequest(token, -1, key())])
    assert processor.calls == 2
    assert isinstance(answers[0], ChargeResult) and answers[0].status == "succeeded"
    assert isinstance(answers[1], GatewayError) and answers[1].code == "invalid_amount"
