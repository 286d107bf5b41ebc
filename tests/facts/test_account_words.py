"""The facts and their words for accounts the demo portal does not hold at every moment: a
terminated member is told the reinstatement amount and deadline on the screen as in plain mode,
the day comes from the portal (not this computer), one label for a payment method, and an
error said once for every face."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hcpay.api import errors
from hcpay.api.models import MethodBrief, PaymentMethod, Summary
from hcpay.facts.account import AccountFacts
from hcpay.facts.clock import local_day, today_of
from hcpay.facts.labels import method_label
from hcpay.plain import problems as plain_problems
from hcpay.plain.dashboard import sentences
from screens import problems as screen_problems
from screens.dashboard import coverage_text

TERMINATED = Summary.model_validate({
    "balance_due_cents": 19_600, "past_due_cents": 19_600, "coverage_status": "terminated",
    "terminated_on": "2026-10-31",
    "reinstatement": {"amount_cents": 29_400, "deadline": "2026-12-05"},
    "as_of": "2026-12-01T04:30:00+00:00", "today": "2026-11-30", "time_zone": "America/Chicago",
})


def test_a_terminated_member_is_told_how_to_reinstate_on_the_screen_and_in_plain_mode() -> None:
    facts = AccountFacts.from_summary(TERMINATED)
    shown = coverage_text(facts)
    assert "✗ Ended Oct 31, 2026" in shown
    assert "To reinstate it, pay $294.00 by Dec 5, 2026." in shown
    assert "Call Member Services" not in shown
    said = sentences(TERMINATED)
    assert "Your coverage ended on Saturday, October 31, 2026." in said
    assert "To reinstate it, pay $294.00 by Saturday, December 5, 2026." in said


def test_today_is_the_portals_day_not_this_computers() -> None:
    # 04:30 UTC on Dec 1 is still Nov 30 where the portal bills (its time zone, its today).
    assert today_of(TERMINATED) == date(2026, 11, 30)
    older = TERMINATED.model_copy(update={"today": None})
    assert today_of(older) == date(2026, 11, 30)  # from as_of, in the portal's time zone
    assert local_day(datetime(2026, 12, 1, 4, 30, tzinfo=UTC), "America/Chicago") == date(
        2026, 11, 30)
    assert "Your account as of Monday, November 30, 2026." in sentences(TERMINATED)[0]


@pytest.mark.parametrize(("method", "label"), [
    (MethodBrief(kind="card", brand="visa", last4="4242"), "Visa ending 4242"),
    (MethodBrief(kind="card", brand="amex", last4="0005"), "American Express ending 0005"),
    (MethodBrief(kind="bank_account", last4="6789"), "Bank account ending 6789"),
    (PaymentMethod(payment_method_id="pm_1", kind="bank_account", last4="6789",
                   account_type="checking", label="Checking account ending 6789"),
     "Checking account ending 6789"),
])
def test_one_label_for_a_payment_method(method: MethodBrief | PaymentMethod, label: str) -> None:
    assert method_label(method) == label


def test_an_error_is_explained_once_with_each_faces_way_there() -> None:
    locked = errors.AccountLocked("Too many wrong passwords.", retry_after=600)
    screen = screen_problems.describe(locked)
    plain = plain_problems.describe(locked)
    assert screen.replace("use Forgot password (F3)", "X") == plain.replace(
        "choose Forgot password in the first menu", "X")
    assert "Try again in 10 minutes." in screen
    offline = errors.PortalUnreachable()
    # A screen that only shows figures promises nothing about typing; a form does.
    assert "typed" not in screen_problems.describe(offline, typed=False)
    assert "Everything you typed is kept." in plain_problems.describe(offline)
    unexpected = screen_problems.describe(KeyError("x"))
    assert "KeyError" in unexpected and "Traceback" not in unexpected


def test_the_member_id_is_worded_once_for_every_face() -> None:
    from hcpay.facts.account import AccountFacts
    from hcpay.facts.words import member_id_label, member_id_sentence

    facts = AccountFacts.from_summary(TERMINATED.model_copy(update={"member_id": "M-DEM0-2026"}))
    assert facts.member_id == "M-DEM0-2026"
    assert member_id_label(facts.member_id) == "Member ID M-DEM0-2026"
    assert "M-DEM0-2026" in member_id_sentence(facts.member_id)
    assert "M-DEM0-2026" in " ".join(sentences(TERMINATED.model_copy(
        update={"member_id": "M-DEM0-2026"})))
    assert member_id_label("") == ""


PAUSED_UNTIL = Summary.model_validate({
    "balance_due_cents": 0, "past_due_cents": 0, "coverage_status": "active",
    "autopay": {"enabled": False, "payment_method_id": "PM-1", "next_draw_date": None,
                "amount": {"type": "full_balance"}, "frequency": "monthly",
                "paused_until": "2027-01-15"},
    "as_of": "2026-12-03T15:00:00+00:00", "today": "2026-12-03",
})


def test_paused_until_a_day_is_said_as_paused_until_that_day_on_every_face() -> None:
    from screens.dashboard import autopay_text

    facts = AccountFacts.from_summary(PAUSED_UNTIL)
    assert facts.autopay.state == "paused" and facts.autopay.resumes_on == date(2027, 1, 15)
    card = autopay_text(facts)
    assert card.startswith("‖ Paused until Jan 15, 2027") and "Off" not in card
    assert "Next draw" not in card
    said = " ".join(sentences(PAUSED_UNTIL))
    assert "paused until Friday, January 15, 2027" in said
    assert "Next draw" not in said


def _on(balance_cents: int, next_draw: str, due: str | None = None) -> Summary:
    return Summary.model_validate({
        "balance_due_cents": balance_cents, "past_due_cents": 0, "coverage_status": "active",
        "autopay": {"enabled": True, "payment_method_id": "PM-1", "next_draw_date": next_draw,
                    "amount": {"type": "full_balance"}, "frequency": "monthly"},
        "next_due": None if due is None else {
            "invoice_id": "INV-1", "amount_cents": balance_cents, "due_date": due},
        "as_of": "2026-12-03T15:00:00+00:00", "today": "2026-12-03",
    })


@pytest.mark.parametrize(("summary", "takes_nothing"), [
    (_on(0, "2026-12-28"), True),  # paid up; the next bill comes on Jan 1, after the draw
    (_on(0, "2027-01-05"), False),  # the Jan 1 bill is owed by the draw
    (_on(41_250, "2026-12-23", due="2026-12-23"), False),  # owed now
])
def test_a_draw_is_said_to_take_nothing_only_when_nothing_will_be_owed(
    summary: Summary, takes_nothing: bool
) -> None:
    from screens.dashboard import autopay_text

    facts = AccountFacts.from_summary(summary)
    assert facts.autopay.draws_nothing is takes_nothing
    said = " ".join(sentences(summary))
    assert ("nothing owed" in autopay_text(facts)) is takes_nothing
    assert ("so it takes nothing" in said) is takes_nothing
    assert "Next draw" in said


@pytest.mark.parametrize(("summary", "takes_nothing"), [
    (_on(0, "2026-12-28"), True),
    (_on(0, "2027-01-05"), False),
])
def test_hcpay_autopay_says_the_same_of_a_draw_that_takes_nothing(
    summary: Summary, takes_nothing: bool
) -> None:
    from hcpay.api.models import Autopay
    from hcpay.commands.autopay import describe

    assert summary.autopay is not None and summary.autopay.next_draw_date is not None
    saved = Autopay.model_validate({
        "enabled": True, "payment_method_id": "PM-1", "amount": {"type": "full_balance"},
        "frequency": "monthly", "draw_day": summary.autopay.next_draw_date.day,
        "start_date": "2026-12-03", "next_draw_date": summary.autopay.next_draw_date})
    said = " ".join(describe(saved, None, summary))
    assert ("nothing is owed, so it takes nothing" in said) is takes_nothing
    assert "Next draw" in said
