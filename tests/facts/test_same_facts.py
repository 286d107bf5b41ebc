"""The dashboard screen, plain mode and `hcpay status` (words and --json) state the same facts
for accounts a face can get wrong, each read from one real portal: a new member before the
first payment, an overpaid member with a credit, a member in grace with a payment plan, and a
member whose automatic payments are paused."""

from __future__ import annotations

from datetime import date

from fastapi import FastAPI

from hcpay.domain.date_words import short_date
from hcpay.facts.words import long_day
from tests.facts.conftest import SignedIn
from tests.facts.faces import everything_said


def test_a_new_member_is_told_coverage_starts_with_the_first_payment(
    facts_portal: FastAPI, members: dict[str, SignedIn]
) -> None:
    said = everything_said(facts_portal, members["new"])
    owed = said.json["balance_due"]
    assert said.json["coverage"]["state"] == "pending"
    assert said.json["coverage"]["starts_on_payment"] is True
    assert said.json["coverage"]["words"] == "Starts when your first bill is paid"
    coverage = said.screen["coverage"]
    assert "Starts when your first bill is paid" in coverage
    assert f"Pay {owed} to start it." in coverage
    assert "Active" not in said.screen_text  # not "✓ Active" beside "Pay your first bill"
    assert "Your coverage starts when your first bill is paid." in said.plain
    assert "coverage is active" not in said.plain
    assert "Your coverage starts when your first bill is paid." in said.words
    for text in (said.screen["due"], said.plain, said.words):
        assert owed in text


def test_an_overpayment_shows_as_a_credit_everywhere(
    facts_portal: FastAPI, members: dict[str, SignedIn]
) -> None:
    said = everything_said(facts_portal, members["overpaid"])
    assert said.json["credit_cents"] == 2_500
    assert said.json["credit"] == "$25.00"
    assert said.json["coverage"]["state"] == "active"  # the first bill was paid
    assert "Credit $25.00 for your next bill" in said.screen["due"]
    assert "✓ Active" in said.screen["coverage"]
    credit = "You have a credit of $25.00: it pays toward your next bill."
    assert credit in said.plain
    assert credit in said.words


def test_a_payment_plan_is_named_with_its_next_installment(
    facts_portal: FastAPI, members: dict[str, SignedIn]
) -> None:
    said = everything_said(facts_portal, members["grace_plan"])
    plan = said.json["payment_plan"]
    assert plan is not None, said.json
    nxt = plan["next_installment"]
    due = date.fromisoformat(nxt["due_date"])
    # The first installment was drawn the day the plan began (the portal's jobs ran since).
    assert (nxt["number"], nxt["of"]) == (2, 3)
    assert said.json["coverage"]["kept_by_plan"] is True
    assert said.json["past_due_cents"] > 0
    # The screen: the plan and its installment, not "✓ Active ... overdue ... No alerts" alone.
    assert "Active, kept by your payment plan" in said.screen["coverage"]
    assert f"Plan: {nxt['amount']} on {short_date(due)}" in said.screen["due"]
    assert "installment 2 of 3" in said.screen["due"]
    assert "overdue" not in said.screen["due"]
    sentence = (f"Payment plan: next installment {nxt['amount']} on {{day}} (2 of 3); "
                f"{plan['left']} left to pay.")
    assert sentence.format(day=long_day(due)) in said.plain
    assert sentence.format(day=short_date(due)) in said.words
    for text in (said.plain, said.words):
        assert "Your coverage is active while you keep to your payment plan." in text
        assert "overdue" not in text  # the past-due bill is in the plan, and said so
        assert "is in your payment plan." in text


def test_paused_automatic_payments_are_paused_not_off(
    facts_portal: FastAPI, members: dict[str, SignedIn]
) -> None:
    said = everything_said(facts_portal, members["paused"])
    autopay = said.json["autopay"]
    assert autopay["state"] == "paused"
    assert autopay["enabled"] is False
    assert autopay["next_draw_date"] is None  # a paused plan draws nothing: no stale date
    assert autopay["method"] == "Visa ending 4242"
    shown = said.screen["autopay"]
    assert shown.startswith("‖ Paused")
    assert "Off" not in shown and "Next draw" not in shown
    assert "from Visa ending 4242" in shown
    sentence = ("Automatic payments are paused: nothing is drawn until you resume them (set up "
                "to pay the full balance from Visa ending 4242).")
    assert sentence in said.plain
    assert sentence in said.words
    assert "Automatic payments are off" not in said.plain + said.words


def test_a_draw_with_nothing_owed_is_said_to_take_nothing(
    facts_portal: FastAPI, members: dict[str, SignedIn]
) -> None:
    """Paid in full, automatic payments on, the next draw before the next bill: every face says
    that draw takes nothing, so a member who just paid does not fear a second charge."""
    said = everything_said(facts_portal, members["paid_up_autopay"])
    autopay = said.json["autopay"]
    assert autopay["state"] == "on" and said.json["balance_due_cents"] == 0
    draw = date.fromisoformat(autopay["next_draw_date"])
    assert draw.day == 28
    shown = said.screen["autopay"]
    assert f"Next draw {short_date(draw)}: nothing owed" in shown.replace("\n", " ")
    for text, day_words in ((said.plain, long_day(draw)), (said.words, short_date(draw))):
        assert f"Next draw {day_words}: nothing is owed, so it takes nothing." in text
