"""The sandbox gateway's refund: back to the charge's own card or account, once per key, never
more than the charge in all, and only once the money has really moved (a bank debit settled)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hcpay.gateway.processor import GatewayError
from hcpay.gateway.sandbox import SandboxGateway
from tests.gateway.test_own_store import FileStore


@pytest.fixture
def gateway(tmp_path: Path) -> SandboxGateway:
    return SandboxGateway(FileStore(tmp_path / "gateway.db"))


def test_refunds_add_up_to_the_charge_and_no_more(gateway: SandboxGateway) -> None:
    card = gateway.make_reusable(gateway.tokenize_card("4242424242424242", 12, 2039, "123").token)
    charge = gateway.charge(card.token, 9_800, idempotency_key="pay-1")
    assert charge.processor_ref is not None
    first = gateway.refund(charge.processor_ref, 5_000, idempotency_key="adj-1")
    assert first.refunded_cents == 5_000
    assert gateway.refund(charge.processor_ref, 5_000, idempotency_key="adj-1") == first
    with pytest.raises(GatewayError) as too_much:
        gateway.refund(charge.processor_ref, 5_000, idempotency_key="adj-2")
    assert too_much.value.code == "refund_too_high"
    rest = gateway.refund(charge.processor_ref, 4_800, idempotency_key="adj-3")
    assert rest.refunded_cents == 9_800 and rest.refund_ref != first.refund_ref


def test_a_bank_debit_is_refunded_only_once_settled(gateway: SandboxGateway) -> None:
    bank = gateway.tokenize_bank_account("110000000", "000123456789", "checking", "Pat Tester")
    charge = gateway.charge(bank.token, 9_800, idempotency_key="pay-bank")
    assert charge.status == "processing" and charge.processor_ref is not None
    with pytest.raises(GatewayError) as early:
        gateway.refund(charge.processor_ref, 1_000, idempotency_key="adj-early")
    assert early.value.code == "not_refundable"
    assert gateway.settle(charge.processor_ref).status == "settled"
    assert gateway.refund(charge.processor_ref, 1_000, idempotency_key="adj-late").amount_cents \
        == 1_000
    with pytest.raises(GatewayError) as unknown:
        gateway.refund("ch_nothing", 1_000, idempotency_key="adj-none")
    assert unknown.value.code == "charge_unknown"
