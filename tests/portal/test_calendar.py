"""The due-dates calendar (GET /api/v1/me/calendar.ics) over HTTP, on SQLite and PostgreSQL:
every due date and autopay draw of the next 12 months, each with an alarm as many days ahead as
the member's reminders are set."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from icalendar import Calendar

from hcpay.portal.billing.periods import add_months
from tests.helpers.gateway import card_token, save_method
from tests.helpers.members import make_member, portal_of, today


def _events(client: TestClient, headers: dict[str, str]) -> list[dict[str, object]]:
    res = client.get("/api/v1/me/calendar.ics", headers=headers)
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/calendar")
    found = []
    for event in Calendar.from_ical(res.content).walk("VEVENT"):
        alarms = event.walk("VALARM")
        found.append({
            "summary": str(event["summary"]), "day": event.decoded("dtstart"),
            "triggers": [alarm.decoded("trigger") for alarm in alarms],
        })
    return found


def test_a_year_of_due_dates_and_draws_each_with_the_reminder_alarm(client: TestClient) -> None:
    member = make_member(client)  # active, paid through next month
    headers = member.headers
    assert client.put("/api/v1/me/notification-preferences", headers=headers, json={
        "categories": {}, "remind_days_before_due": 5}).status_code == 200
    card = save_method(client, headers, card_token(client))
    assert client.put("/api/v1/me/autopay", headers=headers, json={
        "enabled": True, "payment_method_id": card, "amount": {"type": "full_balance"},
        "frequency": "monthly", "draw_day": 10}).status_code == 200

    now = today(client)
    until = add_months(now, 12)
    events = _events(client, headers)
    dues = [e for e in events if str(e["summary"]).startswith("Health premium due")]
    draws = [e for e in events if e["summary"] == "Automatic premium payment"]
    due_day = portal_of(client).settings.due_day
    paid = {date.fromisoformat(i["due_date"]) for i in client.get(
        "/api/v1/me/invoices?status=paid", headers=headers).json()["items"]}
    days = [e["day"] for e in dues]
    # the next bills are not issued yet: every due date to come in the year is there all the
    # same, month after month, up to the last one within 12 months; the paid ones are not
    assert days[0] == add_months(max(paid).replace(day=1), 1).replace(day=due_day)
    assert days == [add_months(days[0], n) for n in range(len(days))]
    assert add_months(days[-1], 1) > until and len(days) >= 11
    assert not paid & set(days)
    assert all("(expected)" in str(e["summary"]) for e in dues)
    assert all("$" in str(e["summary"]) for e in dues)
    draw_days = [e["day"] for e in draws]
    assert len(draw_days) == 12 and all(isinstance(d, date) and d.day == 10 for d in draw_days)
    assert all(now <= d <= until for d in draw_days)
    # one alarm an event, the reminder's 5 days ahead
    assert all(e["triggers"] == [timedelta(days=-5)] for e in events)

    # reminders moved to 2 days: the alarms follow
    assert client.put("/api/v1/me/notification-preferences", headers=headers, json={
        "categories": {}, "remind_days_before_due": 2}).status_code == 200
    assert all(e["triggers"] == [timedelta(days=-2)] for e in _events(client, headers))


def test_an_open_bill_is_on_the_calendar_with_what_is_left_to_pay(client: TestClient) -> None:
    member = make_member(client, coverage="new")  # the first bill is open
    bill = client.get("/api/v1/me/invoices?status=open", headers=member.headers).json()["items"][0]
    events = _events(client, member.headers)
    due = date.fromisoformat(bill["due_date"])
    first = next(e for e in events if e["day"] == due)
    assert first["summary"] == f"Health premium due: ${bill['amount_cents'] / 100:,.2f}"
