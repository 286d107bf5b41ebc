"""The Processor interface the portal's payments use, on SQLite and PostgreSQL: outcomes from
the sandbox numbers, idempotent charges (also under concurrency), one-time tokens, saving a
token for reuse and bank settlement."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from hcpay.gateway.models import GatewayCharge
from hcpay.gateway.processor import ChargeResult, GatewayError, Processor
from hcpay.gateway.sandbox import SandboxGateway
from tests.gateway.sandbox_numbers import ACCOUNTS, CARDS, EXP_YEAR, ROUTING

T = TypeVar("T")


@pytest.fixture(scope="module")
def gateway(portal_app: FastAPI) -> SandboxGateway:
    sandbox = portal_app.state.portal.gateway
    assert isinstance(sandbox, SandboxGateway)
    processor: Processor = sandbox  # it satisfies the interface the portal codes against
    assert processor is sandbox
    return sandbox


def key() -> str:
    return "key-" + secrets.token_hex(8)


def card(gateway: SandboxGateway, number: str = "4242424242424242") -> str:
    cvc = "7314" if number.startswith("3") else "731"
    return gateway.tokenize_card(number, 12, EXP_YEAR, cvc, "Ann Lee").token


def bank(gateway: SandboxGateway, account: str = "000123456789") -> str:
    return gateway.tokenize_bank_account(ROUTING, account, "checking", "Ann Lee").token


def charges_with_key(gateway: SandboxGateway, idem: str) -> int:
    with gateway.db.read() as session:
        return session.execute(
            select(func.count()).select_from(GatewayCharge).where(
                GatewayCharge.idempotency_key == idem
            )
        ).scalar_one()


def race(workers: int, fn: Callable[[int], T]) -> list[T]:
    """Run ``fn`` from several threads released at the same moment."""
    barrier = threading.Barrier(workers)

    def run(index: int) -> T:
        barrier.wait()
        return fn(index)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, range(workers)))


@pytest.mark.parametrize(("number", "expected"), CARDS.items())
def test_card_outcomes_follow_the_sandbox_numbers(
    gateway: SandboxGateway, number: str, expected: tuple[str, str]
) -> None:
    result = gateway.charge(card(gateway, number), 12_500, idempotency_key=key())
    outcome = expected[1]
    assert result.processor_ref and result.processor_ref.startswith("ch_")
    if outcome == "succeeded":
        assert (result.status, result.code, result.decline_code) == ("succeeded", None, None)
        return
    assert result.status == "failed"
    assert result.message
    if outcome in {"generic_decline", "insufficient_funds", "lost_card"}:
        assert (result.code, result.decline_code) == ("card_declined", outcome)
    else:
        assert (result.code, result.decline_code) == (outcome, None)


def test_declines_say_what_to_do(gateway: SandboxGateway) -> None:
    result = gateway.charge(card(gateway, "4000000000009995"), 100, idempotency_key=key())
    assert result.message and "insufficient funds" in result.message
    assert "another card or a bank account" in result.message


@pytest.mark.parametrize(("account", "return_code"), ACCOUNTS.items())
def test_bank_debits_process_then_settle_or_return(
    gateway: SandboxGateway, account: str, return_code: str | None
) -> None:
    result = gateway.charge(bank(gateway, account), 30_000, idempotency_key=key())
    assert result.status == "processing"
    assert result.processor_ref
    settlement = gateway.settle(result.processor_ref)
    if return_code is None:
        assert (settlement.status, settlement.return_code) == ("settled", None)
    else:
        assert (settlement.status, settlement.return_code) == ("returned", return_code)
        assert settlement.message and f"({return_code})" in settlement.message
    assert gateway.settle(result.processor_ref) == settlement


def test_settle_refuses_unknown_and_failed_charges(gateway: SandboxGateway) -> None:
    with pytest.raises(GatewayError) as unknown:
        gateway.settle("ch_nosuchcharge")
    assert unknown.value.code == "charge_unknown"
    declined = gateway.charge(card(gateway, "4000000000000002"), 100, idempotency_key=key())
    assert declined.processor_ref
    with pytest.raises(GatewayError) as failed:
        gateway.settle(declined.processor_ref)
    assert failed.value.code == "charge_failed"
    paid = gateway.charge(card(gateway), 100, idempotency_key=key())
    assert paid.processor_ref
    assert gateway.settle(paid.processor_ref).status == "settled"


def test_same_key_returns_the_first_result_and_charges_once(gateway: SandboxGateway) -> None:
    token = card(gateway)
    idem = key()
    first = gateway.charge(token, 5_000, idempotency_key=idem)
    again = gateway.charge(token, 5_000, idempotency_key=idem)
    assert first.status == "succeeded"
    assert again == first
    assert charges_with_key(gateway, idem) == 1


def test_same_key_replays_a_decline_too(gateway: SandboxGateway) -> None:
    token = card(gateway, "4000000000000127")
    idem = key()
    first = gateway.charge(token, 5_000, idempotency_key=idem)
    assert first.code == "incorrect_cvc"
    assert gateway.charge(token, 5_000, idempotency_key=idem) == first


def test_one_time_token_is_used_up_by_its_first_charge(gateway: SandboxGateway) -> None:
    token = card(gateway)
    assert gateway.charge(token, 100, idempotency_key=key()).status == "succeeded"
    second = gateway.charge(token, 100, idempotency_key=key())
    assert (second.status, second.code, second.processor_ref) == ("failed", "token_used", None)
    assert second.message and "save it as a payment method" in second.message
    declined = card(gateway, "4000000000000002")
    gateway.charge(declined, 100, idempotency_key=key())
    assert gateway.charge(declined, 100, idempotency_key=key()).code == "token_used"


def test_unknown_token(gateway: SandboxGateway) -> None:
    result = gateway.charge("tok_nosuchtoken", 100, idempotency_key=key())
    assert (result.status, result.code) == ("failed", "token_unknown")
    assert gateway.token_info("tok_nosuchtoken") is None
    with pytest.raises(GatewayError) as caught:
        gateway.make_reusable("tok_nosuchtoken")
    assert caught.value.code == "token_unknown"


def test_bad_amount_or_key_is_refused(gateway: SandboxGateway) -> None:
    token = card(gateway)
    for amount in (0, -100):
        with pytest.raises(GatewayError) as caught:
            gateway.charge(token, amount, idempotency_key=key())
        assert caught.value.code == "invalid_amount"
    with pytest.raises(GatewayError):
        gateway.charge(token, 100, idempotency_key="")
    with pytest.raises(GatewayError):
        gateway.charge(token, 100, idempotency_key="k" * 256)
    assert gateway.charge(token, 100, idempotency_key=key()).status == "succeeded"


def test_token_info_shows_only_what_is_safe(gateway: SandboxGateway) -> None:
    info = gateway.token_info(card(gateway, "378282246310005"))
    assert info is not None
    assert (info.kind, info.brand, info.last4, info.exp_month, info.exp_year) == (
        "card", "amex", "0005", 12, EXP_YEAR,
    )
    assert (info.holder_name, info.reusable, info.account_type) == ("Ann Lee", False, None)
    account = gateway.token_info(bank(gateway, "000123456789"))
    assert account is not None
    assert (account.kind, account.last4, account.account_type, account.brand) == (
        "bank_account", "6789", "checking", None,
    )


def test_make_reusable_saves_a_card_for_many_charges(gateway: SandboxGateway) -> None:
    one_time = card(gateway, "5555555555554444")
    saved = gateway.make_reusable(one_time)
    assert saved.token != one_time and saved.token.startswith("pmt_")
    assert (saved.reusable, saved.brand, saved.last4) == (True, "mastercard", "4444")
    assert gateway.token_info(saved.token) == saved
    for _ in range(3):
        assert gateway.charge(saved.token, 2_000, idempotency_key=key()).status == "succeeded"
    # The one-time token was used up by saving it.
    assert gateway.charge(one_time, 100, idempotency_key=key()).code == "token_used"
    with pytest.raises(GatewayError) as caught:
        gateway.make_reusable(one_time)
    assert caught.value.code == "token_used"
    # Saving a saved token again changes nothing.
    assert gateway.make_reusable(saved.token) == saved


def test_a_charged_token_cannot_be_saved(gateway: SandboxGateway) -> None:
    token = bank(gateway)
    gateway.charge(token, 100, idempotency_key=key())
    with pytest.raises(GatewayError) as caught:
        gateway.make_reusable(token)
    assert caught.value.code == "token_used"


def test_saved_account_keeps_its_sandbox_outcome(gateway: SandboxGateway) -> None:
    saved = gateway.make_reusable(bank(gateway, "000222222227"))
    for _ in range(2):
        result = gateway.charge(saved.token, 10_000, idempotency_key=key())
        assert result.status == "processing" and result.processor_ref
        assert gateway.settle(result.processor_ref).return_code == "R01"


def test_concurrent_charges_with_one_key_charge_once(gateway: SandboxGateway) -> None:
    saved = gateway.make_reusable(card(gateway))
    idem = key()
    results = race(8, lambda _i: gateway.charge(saved.token, 7_700, idempotency_key=idem))
    assert all(r == results[0] for r in results)
    assert results[0].status == "succeeded"
    assert charges_with_key(gateway, idem) == 1


def test_concurrent_charges_of_one_time_token_use_it_once(gateway: SandboxGateway) -> None:
    token = card(gateway)
    keys = [key() for _ in range(8)]
    results = race(8, lambda i: gateway.charge(token, 100, idempotency_key=keys[i]))
    statuses = sorted((r.status, r.code or "") for r in results)
    assert statuses == [("failed", "token_used")] * 7 + [("succeeded", "")]


def test_concurrent_saves_of_one_token_save_it_once(gateway: SandboxGateway) -> None:
    token = bank(gateway)

    def save(_i: int) -> str:
        try:
            return gateway.make_reusable(token).token
        except GatewayError as exc:
            return exc.code

    outcomes = race(6, save)
    assert outcomes.count("token_used") == 5
    assert next(o for o in outcomes if o != "token_used").startswith("pmt_")


def test_result_is_a_plain_value(gateway: SandboxGateway) -> None:
    result = gateway.charge(card(gateway), 100, idempotency_key=key())
    assert isinstance(result, ChargeResult)
    with pytest.raises(AttributeError):
        result.status = "failed"  # type: ignore[misc]
