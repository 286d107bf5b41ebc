"""Every field of every flow says what it wants in its own words (F1 on the screen, "help" in
plain mode): a field with no help showed "This field: Amount to pay ($)" and nothing more. The
flows a face builds for one member (figures, saved methods, a new card or bank account) are
walked too, since they make some fields afresh."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from hcpay.api.models import Invoice, PaymentMethod
from hcpay.flows import autopay, make_payment, wallet
from hcpay.flows.catalog import all_flows
from hcpay.flows.model import Flow

TODAY = date(2026, 12, 3)
VISA = PaymentMethod(payment_method_id="PM-V", kind="card", brand="visa", last4="4242",
                     exp_month=4, exp_year=2029, label="Visa ending 4242", is_default=True)
BANK = PaymentMethod(payment_method_id="PM-B", kind="bank_account", last4="6789",
                     account_type="checking", label="Checking account ending 6789")


def _invoice(invoice_id: str, month: str) -> Invoice:
    return Invoice(invoice_id=invoice_id, policy="health", coverage_month=month,
                   amount_cents=9800, paid_cents=0, due_date=date(2026, 12, 23),
                   status="open")


def _member_flows() -> Iterator[Flow]:
    pay = make_payment.PayContext(
        today=TODAY, due_cents=19600, methods=(VISA, BANK), next_due=date(2026, 12, 23),
        invoices=(_invoice("INV-1", "2026-11"), _invoice("INV-2", "2026-12")),
        credit_cents=500, cap_cents=1_000_000)
    for method in (make_payment.NEW_CARD, make_payment.NEW_BANK, "PM-V"):
        yield make_payment.for_member(pay, {"method": method})
    auto = autopay.AutopayContext(today=TODAY, methods=(VISA, BANK), premium_cents=9800)
    for method in (make_payment.NEW_CARD, make_payment.NEW_BANK, "PM-B"):
        yield autopay.for_member(auto, {"method": method})
        yield autopay.for_member(autopay.AutopayContext(today=TODAY, methods=()),
                                 {"method": method})
    for method in (make_payment.NEW_CARD, make_payment.NEW_BANK):
        yield wallet.for_member(TODAY, {"method": method})


def _fields_without_help(flow: Flow) -> list[str]:
    return [f"{flow.name} step {step.number} ({step.title}): {field.label!r}"
            for step in flow.steps for field in step.fields if not field.help.strip()]


@pytest.mark.parametrize("flow", all_flows(), ids=lambda flow: flow.name)
def test_every_field_of_every_flow_has_help(flow: Flow) -> None:
    assert _fields_without_help(flow) == []


def test_every_field_of_a_members_own_flows_has_help() -> None:
    missing = [line for flow in _member_flows() for line in _fields_without_help(flow)]
    assert missing == []


def test_help_explains_rather_than_repeats_the_label() -> None:
    for flow in (*all_flows(), *_member_flows()):
        for step in flow.steps:
            for field in step.fields:
                words = field.help.strip().rstrip(".").lower()
                assert words != field.label.lower(), (flow.name, field.name)
                assert len(field.help.split()) >= 5, (flow.name, field.name, field.help)
