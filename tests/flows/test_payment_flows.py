"""The payment flows as data, without a screen: what the plain mode and the guide read too."""

from __future__ import annotations

from datetime import date

from hcpay.api.models import Autopay, AutopayAmount, Invoice, PaymentMethod
from hcpay.flows import autopay as ap
from hcpay.flows import make_payment as mp
from hcpay.flows import pay_checks

TODAY = date(2030, 3, 11)
VISA = PaymentMethod(payment_method_id="PM-V", kind="card", brand="visa", last4="4242",
                     exp_month=4, exp_year=2030, label="Visa ending 4242", is_default=True)
BANK = PaymentMethod(payment_method_id="PM-B", kind="bank_account", last4="6789",
                     account_type="checking", label="Checking account ending 6789")


def invoice(invoice_id: str, month: str, cents: int) -> Invoice:
    return Invoice(invoice_id=invoice_id, policy="health", coverage_month=month,
                   amount_cents=cents, paid_cents=0, due_date=date(2030, 3, 23), status="open")


def context(*invoices: Invoice) -> mp.PayContext:
    return mp.PayContext(today=TODAY, due_cents=sum(i.amount_cents for i in invoices),
                         invoices=invoices, methods=(VISA, BANK), next_due=date(2030, 3, 23))


def test_the_members_defaults_pay_what_is_due_now_from_the_default_method() -> None:
    flow = mp.for_member(context(invoice("INV-1", "2030-04", 9800)), {})
    defaults = flow.defaults()
    assert defaults["amount"] == "98.00" and defaults["method"] == "PM-V"
    assert defaults["pay_date"] == TODAY.isoformat()
    assert "apply_to" not in defaults  # one bill: nothing to choose
    assert [s.number for s in flow.steps] == list(range(1, 8))
    assert flow.heading(3) == "Step 3 of 7: Payment method"


def test_two_bills_offer_a_choice_and_the_request_names_the_one_chosen() -> None:
    ctx = context(invoice("INV-1", "2030-03", 9800), invoice("INV-2", "2030-04", 9800))
    flow = mp.for_member(ctx, {})
    choices = dict(flow.step(mp.AMOUNT).field("apply_to").choices)
    assert choices["oldest"] == "Oldest bills first" and "INV-2" in choices
    values = {**flow.defaults(), "apply_to": "INV-2"}
    request = mp.payment_request(ctx, values)
    assert request.invoice_ids == ("INV-2",) and request.amount_cents == 19600
    assert request.payment_method_id == "PM-V" and request.token is None
    assert request.scheduled_for is None


def test_one_key_per_reviewed_payment() -> None:
    from hcpay.flows.make_payment_controller import MakePaymentController

    controller = MakePaymentController()
    controller.ctx = context(invoice("INV-1", "2030-04", 9800))
    controller.values.update({"amount": "98.00", "pay_date": TODAY.isoformat(), "method": "PM-V"})
    first = controller.idempotency_key()
    assert controller.idempotency_key() == first  # a retry of the same payment
    controller.values["amount"] = "50.00"
    changed = controller.idempotency_key()
    assert changed != first  # a different payment
    controller.pay.forget_attempt()  # declined: the next try is a new payment
    assert controller.idempotency_key() != changed


def test_the_cap_refuses_an_amount_at_step_one_and_review_shows_the_credit() -> None:
    ctx = mp.PayContext(today=TODAY, due_cents=0, methods=(VISA,), credit_cents=2500,
                        cap_cents=9800)
    flow = mp.for_member(ctx, {})
    amount = flow.step(mp.AMOUNT).field("amount")
    assert "Enter $98.00 or less" in (amount.problem("1000000", {}) or "")
    assert amount.problem("98.00", {}) is None
    review = mp.review_lines(ctx, {"amount": "50", "method": "PM-V"})
    assert any("Credit:" in line and "$25.00" in line for line in review)


def test_a_date_after_the_due_date_is_warned_about() -> None:
    live = pay_checks.date_live(TODAY, date(2030, 3, 23))
    assert "after your bill's due date" in live("2030-03-25", {})
    assert "after" not in live("2030-03-20", {})


def test_dates_more_than_60_days_ahead_or_past_are_refused() -> None:
    check = pay_checks.date_check(TODAY)
    assert check("today", {}) is None and check("2030-05-10", {}) is None
    assert "60 days" in (check("2030-05-11", {}) or "")
    assert "today" in (check("2030-03-10", {}) or "")
    assert pay_checks.date_live(TODAY)("2030-03-21", {}).endswith("10 days from today.")


def test_card_fields_as_typed() -> None:
    assert pay_checks.parse_expiry("0829") == (8, 2029)
    assert pay_checks.parse_expiry("08/2029") == (8, 2029)
    assert pay_checks.format_expiry("0829") == "08/29"
    assert pay_checks.card_number_live("4242 4242 4242 4242", {}).startswith("Visa: ✓")
    assert "typo" in (pay_checks.card_number_check("4242 4242 4242 4241", {}) or "")
    assert pay_checks.cvc_check("123", {"card_number": "378282246310005"}) is not None
    assert pay_checks.expiry_check(TODAY)("02/30", {}) is not None  # expired last month
    assert "checks out" in pay_checks.routing_live("110000000", {})


def test_the_reference_is_spelled_for_reading_aloud() -> None:
    assert mp.spoken("HCP-7K2M-9QX4") == "seven Kilo two Mike, nine Quebec X-ray four"


def autopay_context() -> ap.AutopayContext:
    return ap.AutopayContext(today=TODAY, methods=(VISA, BANK), premium_cents=13700)


def test_autopay_warns_about_a_low_fixed_amount_and_an_expiring_card() -> None:
    values = {"method": "PM-V", "amount_type": "fixed", "fixed_amount": "50",
              "draw_day": "due date", "start_date": "2030-05-01"}
    found = ap.warnings(autopay_context(), values)
    assert any("below your monthly premium of $137.00" in w for w in found)
    assert any("expires 04/2030, before the first draw on Thursday, May 23, 2030" in w
               for w in found)
    assert ap.warnings(autopay_context(), {**values, "method": "PM-B",
                                           "amount_type": "full_balance"}) == []
    late = ap.warnings(autopay_context(), {**values, "method": "PM-B", "draw_day": "25",
                                           "amount_type": "full_balance"})
    assert late and "after your bills' due date (the 23rd)" in late[0]


def test_autopay_settings_from_the_steps_and_back() -> None:
    values = {"method": "PM-B", "amount_type": "fixed", "fixed_amount": "137.00",
              "frequency": "quarterly", "draw_day": "5th", "start_date": "today"}
    settings = ap.settings(values, TODAY)
    assert settings.draw_day == 5 and settings.frequency == "quarterly"
    assert settings.amount.amount_cents == 13700 and settings.start_date == TODAY
    assert not ap.settings(values, TODAY, enabled=False).enabled
    current = Autopay(enabled=True, payment_method_id="PM-B",
                      amount=AutopayAmount(type="fixed", amount_cents=13700),
                      frequency="quarterly", draw_day=5, start_date=date(2030, 1, 1))
    assert ap.values_from(current, TODAY)["start_date"] == TODAY.isoformat()
    assert ap.first_draw(autopay_context(), values) == date(2030, 4, 5)
    assert ap.parse_draw_day("29") is None and ap.parse_draw_day("due date") == 0
