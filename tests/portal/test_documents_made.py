"""Documents are made when things happen, over HTTP (SQLite and PostgreSQL): a bill when an
invoice is issued, a coverage notice when coverage changes, Form 1095-A on January 31; the
member's preferences say email or mail; the same document is never made twice, also when many
make it at once."""

from __future__ import annotations

import threading
from datetime import date, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hcpay.portal.billing.invoicing import insert_invoice
from hcpay.portal.billing.periods import add_months, month_key
from hcpay.portal.documents.bills import make_bill
from hcpay.portal.documents.tax_forms import run_tax_forms
from hcpay.portal.jobs import JobContext
from hcpay.portal.models import Invoice, OutboxMessage, Policy, StoredDocument
from tests.helpers.accounts import messages_to
from tests.helpers.members import TestMember, make_member, portal_of, set_day, today


def _documents(client: TestClient, member: TestMember, kind: str) -> list[dict[str, Any]]:
    res = client.get("/api/v1/me/documents", headers=member.headers, params={"kind": kind})
    assert res.status_code == 200, res.text
    items: list[dict[str, Any]] = res.json()["items"]
    return items


def _ready_emails(client: TestClient, member: TestMember, word: str) -> list[dict[str, Any]]:
    return [m for m in messages_to(client, member.email)
            if m["subject"].startswith(f"Your {word} is ready")]


def test_preferences_round_trip_and_are_checked(client: TestClient) -> None:
    member = make_member(client)
    url = "/api/v1/me/preferences"
    assert client.get(url, headers=member.headers).json() == {
        "paperless": {"bill": "email", "notice": "email", "tax_form": "email"},
        "language": "en",
    }
    res = client.put(url, headers=member.headers,
                     json={"paperless": {"notice": "mail"}, "language": "es"})
    assert res.status_code == 200, res.text
    expected = {"paperless": {"bill": "email", "notice": "mail", "tax_form": "email"},
                "language": "es"}
    assert res.json() == expected
    assert client.get(url, headers=member.headers).json() == expected
    # a part left out stays as it was
    res = client.put(url, headers=member.headers, json={"paperless": {"tax_form": "mail"}})
    assert res.json()["paperless"]["notice"] == "mail" and res.json()["language"] == "es"
    for bad in ({"paperless": {"bill": "fax"}}, {"paperless": {"receipt": "mail"}},
                {"language": "fr"}, {"paperless": "mail"}, {"theme": "dark"}):
        res = client.put(url, headers=member.headers, json=bad)
        assert res.status_code == 422, bad
        assert res.headers["content-type"].startswith("application/problem+json")
    assert client.get(url).status_code == 401


def test_a_bill_appears_when_an_invoice_is_issued_then_a_notice_when_coverage_changes(
    client: TestClient,
) -> None:
    emailed = make_member(client)
    mailed = make_member(client)
    res = client.put("/api/v1/me/preferences", headers=mailed.headers,
                     json={"paperless": {"bill": "mail", "notice": "mail"}})
    assert res.status_code == 200
    assert _documents(client, emailed, "bill") == []
    issue_day = add_months(today(client).replace(day=1), 1)
    set_day(client, issue_day)
    coverage_month = month_key(add_months(issue_day, 1))
    for member in (emailed, mailed):
        (bill,) = _documents(client, member, "bill")
        assert bill["period"] == coverage_month
        text = client.get(f"/api/v1/me/documents/{bill['document_id']}",
                          headers=member.headers).text
        assert member.member_id in text and "Pat Tester" in text
        assert "$98.00" in text and f"{issue_day:%B} 23, {issue_day.year}" in text
    # one email says the month's bill is ready (the notification, not one a bill); by mail,
    # no email about it at all
    said = [m for m in messages_to(client, emailed.email) if "bill" in m["subject"].lower()]
    assert len(said) == 1 and "Open Documents" in said[0]["body"]
    assert [m for m in messages_to(client, mailed.email) if "bill" in m["subject"].lower()
            or "bill" in m["body"].lower()] == []
    mailed_notes = client.get("/api/v1/me/notifications", headers=mailed.headers).json()
    assert any("paper bill is in the mail" in n["body"] for n in mailed_notes["items"])
    portal = portal_of(client)
    with portal.db.read() as session:
        row = session.execute(select(StoredDocument).where(
            StoredDocument.member_id == mailed.member_id)).scalar_one()
        assert row.delivery == "mail" and row.mailed_at is not None

    # The day after the due date: grace month 1, and its notice
    set_day(client, issue_day.replace(day=24))
    for member in (emailed, mailed):
        (notice,) = _documents(client, member, "notice")
        assert notice["title"] == "Past due warning"
        text = client.get(f"/api/v1/me/documents/{notice['document_id']}",
                          headers=member.headers, params={"format": "txt"}).text
        assert "month 1 of 3 of your grace period" in text and member.member_id in text
    # the warning's email says the notice is ready; by mail, no email about it
    warned = [m for m in messages_to(client, emailed.email) if m["subject"] == "Past due warning"]
    assert len(warned) == 1 and "Open Documents" in warned[0]["body"]
    assert [m for m in messages_to(client, mailed.email) if "warning" in m["subject"]] == []

    # Month 2: a termination warning, once however often the jobs run
    set_day(client, add_months(issue_day, 2).replace(day=2))
    set_day(client, add_months(issue_day, 2).replace(day=3))
    titles = [n["title"] for n in _documents(client, emailed, "notice")]
    assert titles.count("Termination warning") == 1 and "Past due warning" in titles


def _invoice_without_bill(client: TestClient) -> tuple[TestMember, str]:
    member = make_member(client)
    portal = portal_of(client)
    with portal.db.write() as session:
        policy = session.execute(
            select(Policy).where(Policy.member_id == member.member_id)).scalars().first()
        assert policy is not None
        invoice_id = insert_invoice(
            session, policy, "2031-01", issued_on=date(2030, 12, 1),
            due_date=date(2030, 12, 23), now=portal.clock.now(),
        )
        assert invoice_id
    return member, invoice_id


def test_making_the_same_bill_at_once_makes_one(client: TestClient) -> None:
    member, invoice_id = _invoice_without_bill(client)
    portal = portal_of(client)
    start = threading.Barrier(6)
    made: list[str | None] = []
    errors: list[BaseException] = []

    def make() -> None:
        try:
            start.wait()
            with portal.db.write() as session:
                made.append(make_bill(session, portal.settings, invoice_id,
                                      now=portal.clock.now()))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=make) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len([m for m in made if m]) == 1
    with portal.db.read() as session:
        count = session.execute(select(func.count()).select_from(StoredDocument).where(
            StoredDocument.subject == invoice_id)).scalar_one()
        emails = session.execute(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.member_id == member.member_id,
            OutboxMessage.subject.startswith("Your bill is ready"))).scalar_one()
    assert count == 1 and emails == 1


def test_the_january_31_job_makes_each_members_form_once(client: TestClient) -> None:
    member = make_member(client)
    portal = portal_of(client)
    with portal.db.read() as session:
        year = int(session.execute(select(func.min(Invoice.coverage_month)).where(
            Invoice.member_id == member.member_id)).scalar_one()[:4])
    day = date(year + 1, 1, 31)
    now = datetime.combine(day, datetime.min.time()).astimezone()
    ctx = JobContext(portal.db, portal.clock, day, now)
    assert run_tax_forms(portal.settings, JobContext(portal.db, portal.clock,
                                                     date(year + 1, 1, 30), now)) == 0
    assert run_tax_forms(portal.settings, ctx) >= 1
    assert run_tax_forms(portal.settings, ctx) == 0  # a second run (or runner) makes none
    (form,) = _documents(client, member, "tax_form")
    assert form["period"] == str(year) and form["title"] == f"Form 1095-A for {year}"
    text = client.get(f"/api/v1/me/documents/{form['document_id']}",
                      headers=member.headers).text
    assert "Annual totals" in text and "December" in text
    assert len(_ready_emails(client, member, "tax form")) == 1


def test_termination_and_reinstatement_each_make_a_notice(client: TestClient) -> None:
    from tests.helpers.gateway import card_token
    from tests.helpers.members import advance

    member = make_member(client, subsidized=False)
    issue = add_months(today(client).replace(day=1), 1)
    set_day(client, issue.replace(day=24))
    advance(client, 31)
    headers = member.headers
    body = client.get("/api/v1/me/summary", headers=headers).json()
    assert body["coverage_status"] == "terminated"
    titles = [n["title"] for n in _documents(client, member, "notice")]
    assert titles == ["Termination of coverage", "Past-due notice"]
    amount = body["reinstatement"]["amount_cents"]
    res = client.post("/api/v1/me/payments", headers={**headers, "Idempotency-Key": "doc-rein"},
                      json={"amount_cents": amount, "token": card_token(client)})
    assert res.status_code == 201, res.text
    notices = _documents(client, member, "notice")
    assert notices[0]["title"] == "Reinstatement of coverage"
    text = client.get(f"/api/v1/me/documents/{notices[0]['document_id']}",
                      headers=headers).text
    assert "reinstated without a gap" in text and member.member_id in text
