"""Missed payments walk through grace to termination, as product-rules.md says."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient

from hcpay.portal.billing.periods import add_months, month_end, month_key
from tests.helpers.members import advance, make_member, set_day, today


def _summary(client: TestClient, headers: dict[str, str]) -> dict:  # type: ignore[type-arg]
    res = client.get("/api/v1/me/summary", headers=headers)
    assert res.status_code == 200, res.text
    return res.json()


def _codes(client: TestClient, headers: dict[str, str]) -> list[str]:
    res = client.get("/api/v1/me/notifications", headers=headers)
    assert res.status_code == 200
    return [n["code"] for n in res.json()["items"]]


def test_subsidized_unpaid_goes_through_three_grace_months_then_ends_retroactively(
    client: TestClient,
) -> None:
    member = make_member(client, subsidized=True)
    start = today(client)
    assert _summary(client, member.headers)["coverage_status"] == "active"

    # On the 1st of next month the bill for the month after is issued, due on the 23rd.
    issue_day = add_months(start.replace(day=1), 1)
    set_day(client, issue_day)
    first_unpaid = month_key(add_months(issue_day, 1))
    invoices = client.get("/api/v1/me/invoices?status=open", headers=member.headers).json()
    assert [i["coverage_month"] for i in invoices["items"]] == [first_unpaid]
    assert invoices["items"][0]["due_date"] == issue_day.replace(day=23).isoformat()
    assert "invoice_issued" in _codes(client, member.headers)

    # The day after the due date: grace month 1, a past-due warning.
    set_day(client, issue_day.replace(day=24))
    body = _summary(client, member.headers)
    assert body["coverage_status"] == "grace"
    assert body["grace"]["month"] == 1 and body["grace"]["of"] == 3
    ends_on = month_end(month_key(add_months(issue_day, 3)))
    assert body["grace"]["ends_on"] == ends_on.isoformat()
    assert _codes(client, member.headers).count("past_due_warning") == 1
    past_due = next(a["message"] for a in body["alerts"] if a["code"] == "past_due")
    # Dates in words, as the screens show them, not ISO
    assert f"Pay by {ends_on:%B} {ends_on.day}, {ends_on.year} to keep" in past_due
    assert ends_on.isoformat() not in past_due
    notices = client.get("/api/v1/me/notifications", headers=member.headers).json()["items"]
    warning = next(n for n in notices if n["code"] == "past_due_warning")
    assert f"{ends_on:%B} {ends_on.day}, {ends_on.year}" in warning["body"]

    # Month 2 and month 3: termination warnings, one each, however often the jobs run.
    set_day(client, add_months(issue_day, 2).replace(day=2))
    advance(client, 0)
    body = _summary(client, member.headers)
    assert body["coverage_status"] == "termination_pending"
    assert body["grace"]["month"] == 2
    set_day(client, add_months(issue_day, 3).replace(day=2))
    assert _summary(client, member.headers)["grace"]["month"] == 3
    assert _codes(client, member.headers).count("termination_warning") == 2

    # Still unpaid after month 3: coverage ends at the last day of the first unpaid month.
    set_day(client, add_months(issue_day, 4).replace(day=1))
    body = _summary(client, member.headers)
    assert body["coverage_status"] == "terminated"
    assert body["terminated_on"] == month_end(first_unpaid).isoformat()
    assert "coverage_terminated" in _codes(client, member.headers)
    # Bills for the months after the end are void; the first unpaid month is still owed.
    items = client.get("/api/v1/me/invoices", headers=member.headers).json()["items"]
    later = [i for i in items if i["coverage_month"] > first_unpaid]
    assert later and all(i["status"] == "void" for i in later)
    owed = [i for i in items if i["coverage_month"] == first_unpaid]
    assert owed[0]["status"] == "past_due"
    assert body["balance_due_cents"] == owed[0]["amount_cents"]
    back = next(a["message"] for a in body["alerts"] if a["code"] == "reinstatement_available")
    ended = month_end(first_unpaid)
    assert f"Your coverage ended on {ended:%B} {ended.day}, {ended.year}." in back
    last_day = today(client) + timedelta(days=35)
    assert f"by {last_day:%B} {last_day.day}, {last_day.year} to get it back" in back


def test_unsubsidized_gets_a_30_day_notice_then_ends_at_last_paid_month(
    client: TestClient,
) -> None:
    member = make_member(client, subsidized=False)
    start = today(client)
    issue_day = add_months(start.replace(day=1), 1)
    set_day(client, issue_day.replace(day=24))
    body = _summary(client, member.headers)
    assert body["coverage_status"] == "grace"
    assert body["grace"] == {
        "month": 1, "of": 1, "ends_on": date(issue_day.year, issue_day.month, 23).replace(
        ).fromordinal(issue_day.replace(day=23).toordinal() + 30).isoformat(),
        "first_unpaid_month": month_key(add_months(issue_day, 1)),
    }
    assert _codes(client, member.headers).count("past_due_notice") == 1
    advance(client, 31)
    body = _summary(client, member.headers)
    assert body["coverage_status"] == "terminated"
    # The last fully paid month is the issue month itself.
    assert body["terminated_on"] == month_end(month_key(issue_day)).isoformat()
