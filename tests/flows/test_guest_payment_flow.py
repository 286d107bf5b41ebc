"""Pay without signing in as data and controller, without a screen: what each face reads."""

from __future__ import annotations

from datetime import date

from hcpay.api import errors
from hcpay.flows import guest_payment as gp
from hcpay.flows import make_payment as mp
from hcpay.flows.guest_payment_controller import GuestPaymentController

TODAY = date(2030, 3, 11)


def found(controller: GuestPaymentController, due: int = 9_800) -> None:
    controller.today = TODAY
    controller.ctx = gp.GuestContext(today=TODAY, initial="D", due_cents=due,
                                     next_due=date(2030, 3, 23), cap_cents=due + 9_800)
    controller.fill_defaults()


def test_member_id_or_pay_code_is_read_as_people_type_it() -> None:
    assert gp.member_id_typed("m dem0 2026") == "M-DEM0-2026"
    assert gp.member_id_typed("M-DEMO-2O26") == "M-DEM0-2026"  # O read as 0
    assert gp.pay_code_typed("7k2m 9qx4") == "7K2M-9QX4"
    assert gp.find_check("12345", {}) is not None
    assert gp.by_pay_code({"member_id": "7K2M-9QX4"})
    assert not gp.by_pay_code({"member_id": "M-7K2M-9QX4"})


def test_the_date_of_birth_is_asked_only_with_a_member_id() -> None:
    c = GuestPaymentController()
    c.today = TODAY
    dob = c.field("date_of_birth")
    assert c.answer("member_id", "7K2M-9QX4") is None
    assert not c.asks(dob) and c.check("date_of_birth", "") is None
    assert c.answer("member_id", "M-7K2M-9QX4") is None
    assert c.asks(dob) and c.check("date_of_birth", "") is not None
    assert c.check("date_of_birth", "April 30, 2031") is not None  # after the portal's today
    assert c.check("date_of_birth", "April 30, 1980") is None


def test_the_found_bill_fills_in_the_amount_and_the_cap() -> None:
    c = GuestPaymentController()
    found(c)
    flow = c.flow()
    assert flow.total == 6 and flow.heading(1) == "Step 1 of 6: Find your bill"
    assert c.values["amount"] == "98.00"
    assert c.check("amount", "500.00") is not None  # above balance plus a month's premium
    assert mp.SAVE not in {f.name for f in flow.step(gp.DETAILS).fields}  # never saved
    c.values["method"] = mp.NEW_BANK
    assert "routing_number" in {f.name for f in c.flow().step(gp.DETAILS).fields}


def test_one_key_per_reviewed_payment_and_a_duplicate_needs_a_second_yes() -> None:
    c = GuestPaymentController()
    found(c)
    c.guest.token = "tok_1"
    first = c.idempotency_key()
    assert c.idempotency_key() == first
    failure = c.failure(gp.REVIEW, errors.PossibleDuplicate(
        "You paid $98.00 from Visa ending 4242 today.", code="possible_duplicate", status=409))
    assert failure.step == gp.REVIEW and "pay now once more" in failure.message
    assert c.guest.allow_duplicate and c.idempotency_key() != first


def test_a_wrong_lookup_goes_back_to_step_one_keeping_the_member_id() -> None:
    c = GuestPaymentController()
    c.today = TODAY
    c.answer("member_id", "M-7K2M-9QX4")
    c.answer("date_of_birth", "April 30, 1980")
    failure = c.failure(gp.FIND, errors.NotFound("We could not find a bill.", code="no_match",
                                                 status=404))
    assert failure.step == gp.FIND and "member_id" in failure.fields
    assert c.shown(c.field("member_id")) == "M-7K2M-9QX4"
    assert c.shown(c.field("date_of_birth")) == ""  # the refused date is not offered again
