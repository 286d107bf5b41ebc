"""The demo's billing follows the billing rules on whatever day the demo is started (the sandbox
clock's today): a year of paid history, bills issued on the 1st for the next month and due on
the 23rd, the newest one from the 1st of this month, nothing dated after now; demo's one open
bill (health, next month) until its due date, and from the 24th nothing open until the billing
job issues the next bill on the 1st; pastdue in grace month 2 of 3."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from hcpay.portal.app import create_app
from hcpay.portal.billing.coverage import members_to_review
from hcpay.portal.billing.invoicing import issue_monthly
from hcpay.portal.billing.periods import add_months, month_key, next_month_key
from hcpay.portal.db import normalise_url
from hcpay.portal.demo import DEMO_PASSWORD, seed_demo
from hcpay.portal.demo_billing import seed_demo_billing
from hcpay.portal.settings import PortalSettings
from tests.conftest import DATABASES, PG_URL
from tests.helpers.accounts import FAST_PORTAL_SETTINGS, bearer, sign_in
from tests.helpers.members import TestMember, make_member, portal_of, set_day

TZ = ZoneInfo("America/New_York")  # the portal's time zone (PortalSettings.timezone)

# Local date and time the demo is started at, in the order of a calendar (the sandbox clock only
# moves on, but each start gets a fresh portal).
STARTS = [
    datetime(2030, 1, 1, 0, 30, tzinfo=TZ),  # the 1st, before the 10 a.m. the bills carry
    datetime(2030, 1, 23, 18, 0, tzinfo=TZ),  # the due day itself
    datetime(2030, 1, 24, 9, 0, tzinfo=TZ),  # the day after
    datetime(2030, 2, 10, 12, 0, tzinfo=TZ),  # before the 15th, demo's usual day to pay
    datetime(2030, 2, 28, 23, 30, tzinfo=TZ),  # the last day of a month
    datetime(2030, 4, 30, 12, 0, tzinfo=TZ),  # the last day of a 30-day month
    datetime(2030, 12, 23, 12, 0, tzinfo=TZ),  # December: the open bill is January's
    datetime(2030, 12, 24, 12, 0, tzinfo=TZ),
    datetime(2030, 12, 31, 23, 30, tzinfo=TZ),  # the year's last day
    datetime(2031, 1, 1, 0, 30, tzinfo=TZ),  # the year's first
    datetime(2032, 2, 29, 12, 0, tzinfo=TZ),  # a leap day, the month's last
]


@contextmanager
def _portal(kind: str, folder: Path, **settings: Any) -> Iterator[TestClient]:
    """A portal of its own on SQLite or PostgreSQL (a new schema), with ``settings``."""
    schema: str | None = None
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'portal.db'}"
    else:
        assert PG_URL
        url = normalise_url(PG_URL)
        schema = "t_" + secrets.token_hex(6)
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    app = create_app(PortalSettings(database_url=url, **{**FAST_PORTAL_SETTINGS, **settings}),
                     schema=schema)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client
    finally:
        app.state.portal.db.dispose()
        if schema is not None:
            engine = create_engine(url, isolation_level="AUTOCOMMIT")
            with engine.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            engine.dispose()


@pytest.fixture(params=DATABASES)
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    """A portal of its own for each start: its clock is moved to the start before the demo."""
    with _portal(request.param, tmp_path) as client:
        yield client


def _seed_on(client: TestClient, start: datetime) -> tuple[TestMember, TestMember]:
    portal = portal_of(client)
    portal.clock.move_to(start)
    assert portal.clock.today() == start.date()
    demo = make_member(client, coverage="none")
    pastdue = make_member(client, coverage="none")
    seed_demo_billing(portal, {"demo": demo.member_id, "pastdue": pastdue.member_id})
    return demo, pastdue


def _get(client: TestClient, path: str, member: TestMember, **params: Any) -> Any:
    res = client.get(path, params=params, headers=member.headers)
    assert res.status_code == 200, res.text
    return res.json()


def _issue_day(coverage_month: str) -> date:
    return add_months(date.fromisoformat(coverage_month + "-01"), -1)


def _check_bills_follow_the_rules(bills: list[dict[str, Any]], today: date) -> None:
    for bill in bills:
        issued = _issue_day(bill["coverage_month"])
        assert bill["issued_on"] == issued.isoformat(), bill
        assert bill["due_date"] == issued.replace(day=23).isoformat(), bill
        assert issued <= today, bill
    # the newest bill is the one the billing job issued on the 1st of this month
    assert max(b["coverage_month"] for b in bills) == next_month_key(month_key(today))


@pytest.mark.parametrize("start", STARTS, ids=[s.strftime("%Y-%m-%d") for s in STARTS])
def test_the_demo_follows_the_billing_rules_on_any_start_day(
    fresh: TestClient, start: datetime
) -> None:
    client = fresh
    portal = portal_of(client)
    demo, pastdue = _seed_on(client, start)
    today, now = start.date(), portal.clock.now()
    this_month = month_key(today)
    newest = next_month_key(this_month)
    due_day = today.replace(day=23)

    # A year of health and dental bills and next month's, all issued and due as the rules say.
    bills = _get(client, "/api/v1/me/invoices", demo, status="all", limit=200)["items"]
    months = sorted({b["coverage_month"] for b in bills})
    assert months == [next_month_key(this_month, i) for i in range(-11, 2)]
    assert sorted((b["coverage_month"], b["policy"]) for b in bills) == sorted(
        (m, p) for m in months for p in ("health", "dental"))
    _check_bills_follow_the_rules(bills, today)

    # One bill open until its due date (health, next month, due the 23rd of this month); after
    # that, paid on time like every other, and nothing open.
    opened = [b for b in bills if b["status"] != "paid"]
    summary = _get(client, "/api/v1/me/summary", demo)
    if today <= due_day:
        assert [(b["coverage_month"], b["policy"], b["status"]) for b in opened] == [
            (newest, "health", "open")]
        assert opened[0]["due_date"] == due_day.isoformat()
        assert summary["next_due"] == {"invoice_id": opened[0]["invoice_id"],
                                       "due_date": due_day.isoformat(), "amount_cents": 9_800}
        assert summary["balance_due_cents"] == 9_800
    else:
        assert opened == []
        assert summary["next_due"] is None and summary["balance_due_cents"] == 0
    assert all(b["paid_cents"] == b["amount_cents"] for b in bills if b["status"] == "paid")
    assert summary["coverage_status"] == "active" and summary["grace"] is None
    assert summary["past_due_cents"] == 0
    assert not [a for a in summary["alerts"] if a["code"] == "past_due"]

    # Paid every month, each payment on or before the due date of what it paid, none after now.
    payments = _get(client, "/api/v1/me/payments", demo, limit=200)["items"]
    assert len(payments) == 13
    due_of = {b["invoice_id"]: b["due_date"] for b in bills}
    for payment in payments:
        made = datetime.fromisoformat(payment["created_at"])
        assert made <= now, payment
        paid = _get(client, f"/api/v1/me/payments/{payment['reference']}", demo)
        assert paid["invoice_ids"], payment
        assert all(made.astimezone(TZ).date().isoformat() <= due_of[i]
                   for i in paid["invoice_ids"]), payment
        if payment["status"] == "processing":  # a bank payment not settled yet
            assert date.fromisoformat(payment["expected_settlement_date"]) > today
        else:
            assert payment["status"] == "succeeded", payment

    # pastdue: the bill of last month unpaid, so this month is grace month 2 of 3.
    body = _get(client, "/api/v1/me/summary", pastdue)
    assert body["coverage_status"] == "termination_pending"
    assert body["grace"]["month"] == 2 and body["grace"]["of"] == 3
    assert body["grace"]["first_unpaid_month"] == next_month_key(this_month, -1)
    pastdue_bills = _get(client, "/api/v1/me/invoices", pastdue, status="all")["items"]
    _check_bills_follow_the_rules(pastdue_bills, today)
    notices = _get(client, "/api/v1/me/notifications", pastdue)["items"]
    codes = [n["code"] for n in notices]
    assert codes.count("past_due_warning") == 1 and codes.count("termination_warning") == 1
    assert all(datetime.fromisoformat(n["created_at"]) <= now for n in notices)

    # What the real jobs would do today is done already: no bill to issue, no one for demo to
    # be warned about.
    with portal.db.write() as session:
        assert issue_monthly(session, portal.settings, day=today, now=now)[1] == 0
        assert demo.member_id not in members_to_review(session, today)


@pytest.mark.parametrize("start", [s for s in STARTS if s.day > 23],
                         ids=[s.strftime("%Y-%m-%d") for s in STARTS if s.day > 23])
def test_after_the_due_day_the_next_bill_comes_from_the_billing_job_on_the_1st(
    fresh: TestClient, start: datetime
) -> None:
    client = fresh
    demo, _ = _seed_on(client, start)
    first = add_months(start.date().replace(day=1), 1)
    set_day(client, first)  # runs the jobs of each day up to the 1st

    opened = _get(client, "/api/v1/me/invoices", demo, status="open")["items"]
    coming = next_month_key(month_key(first))
    assert sorted((b["coverage_month"], b["policy"]) for b in opened) == [
        (coming, "dental"), (coming, "health")]
    assert {b["issued_on"] for b in opened} == {first.isoformat()}
    assert {b["due_date"] for b in opened} == {first.replace(day=23).isoformat()}
    summary = _get(client, "/api/v1/me/summary", demo)
    assert summary["coverage_status"] == "active" and summary["balance_due_cents"] == 13_700


def test_before_the_due_day_the_open_bill_stays_due_not_late(fresh: TestClient) -> None:
    """Started on the 10th, the demo comes to its due date (the 23rd) still in good standing,
    and the billing job has nothing to add on the way."""
    client = fresh
    demo, _ = _seed_on(client, datetime(2030, 3, 10, 12, 0, tzinfo=TZ))
    before = _get(client, "/api/v1/me/invoices", demo, status="all", limit=200)["items"]
    set_day(client, date(2030, 3, 23))
    after = _get(client, "/api/v1/me/invoices", demo, status="all", limit=200)["items"]
    assert [(b["invoice_id"], b["status"]) for b in after] == [
        (b["invoice_id"], b["status"]) for b in before]
    summary = _get(client, "/api/v1/me/summary", demo)
    assert summary["coverage_status"] == "active" and summary["past_due_cents"] == 0
    assert summary["next_due"]["due_date"] == "2030-03-23"


def test_the_saved_methods_are_real_and_the_open_bill_can_be_paid(fresh: TestClient) -> None:
    client = fresh
    demo, _ = _seed_on(client, datetime(2030, 3, 10, 12, 0, tzinfo=TZ))
    methods = _get(client, "/api/v1/me/payment-methods", demo)["items"]
    assert [(m["kind"], m["last4"]) for m in methods] == [
        ("card", "4242"), ("bank_account", "6789")]
    (bill,) = _get(client, "/api/v1/me/invoices", demo, status="open")["items"]
    res = client.post("/api/v1/me/payments", headers={**demo.headers, "Idempotency-Key": "demo-1"},
                      json={"amount_cents": bill["amount_cents"],
                            "payment_method_id": methods[0]["payment_method_id"]})
    assert res.status_code == 201 and res.json()["status"] == "succeeded"
    assert _get(client, "/api/v1/me/invoices", demo, status="open")["items"] == []
    assert _get(client, "/api/v1/me/summary", demo)["balance_due_cents"] == 0


def test_the_newest_months_payment_is_never_dated_after_now(fresh: TestClient) -> None:
    """Started on the 1st at half past midnight: that day's bill was issued, and dental paid,
    before the demo started, not at 10 a.m. later that day."""
    client = fresh
    start = datetime(2030, 5, 1, 0, 30, tzinfo=TZ)
    demo, _ = _seed_on(client, start)
    payments = _get(client, "/api/v1/me/payments", demo, limit=1)["items"]
    newest = datetime.fromisoformat(payments[0]["created_at"])
    assert newest <= portal_of(client).clock.now()
    assert newest.astimezone(TZ).date() == start.date()
    assert newest - start.astimezone(newest.tzinfo) < timedelta(minutes=5)


@pytest.mark.parametrize("kind", DATABASES)
def test_demo_date_makes_the_demo_for_that_day(kind: str, tmp_path: Path) -> None:
    """HCPAY_PORTAL_DEMO_DATE: the demo of a given day (here the 25th, after the due date), on
    the sandbox clock; one already past changes nothing."""
    with _portal(kind, tmp_path, demo_date=date(2030, 6, 25)) as client:
        made = seed_demo(portal_of(client))
        assert portal_of(client).clock.today() == date(2030, 6, 25)
        tokens = sign_in(client, "demo", DEMO_PASSWORD).json()
        bills = client.get("/api/v1/me/invoices", params={"limit": 200},
                           headers=bearer(tokens)).json()["items"]
        assert max(b["coverage_month"] for b in bills) == "2030-07"
        assert all(b["status"] == "paid" for b in bills)  # July's bill was due June 23
        assert made and seed_demo(portal_of(client)) == {}  # made once
    (tmp_path / "past").mkdir()
    with _portal(kind, tmp_path / "past", demo_date=date(2020, 1, 10)) as client:
        before = portal_of(client).clock.today()
        seed_demo(portal_of(client))
        assert portal_of(client).clock.today() == before
