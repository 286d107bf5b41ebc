"""Notifications, notification preferences, and the calendar of due dates and draws."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Response
from icalendar import Alarm, Calendar, Event
from pydantic import BaseModel, Field
from sqlalchemy import select

from hcpay.domain.date_words import long_date
from hcpay.domain.i18n import _
from hcpay.domain.money import format_cents
from hcpay.portal.billing import ledger
from hcpay.portal.billing.notify import CATEGORIES, preferences
from hcpay.portal.billing.periods import add_months, due_date_for, next_month_key
from hcpay.portal.deps import CurrentMember, PortalDep
from hcpay.portal.models import Autopay, Notification, NotificationPreference, Policy
from hcpay.portal.payments.autopay import next_draw_date
from hcpay.portal.problems import field_errors
from hcpay.portal.routes.paging import cursor_id

router = APIRouter(prefix="/api/v1/me", tags=["notifications"])


class Channels(BaseModel):
    email: bool = True
    sms: bool = False


class PreferencesIn(BaseModel):
    categories: dict[str, Channels] = Field(default_factory=dict)
    remind_days_before_due: int = Field(default=5, ge=0, le=30)


@router.get("/notifications")
def list_notifications(
    member: CurrentMember, portal: PortalDep, limit: int = 50, cursor: str | None = None
) -> dict[str, Any]:
    limit = max(1, min(limit, 200))
    with portal.db.read() as session:
        query = select(Notification).where(Notification.member_id == member.member_id)
        if cursor and cursor.isdigit():
            query = query.where(Notification.id < cursor_id(int(cursor)))
        rows = session.execute(query.order_by(Notification.id.desc()).limit(limit + 1)).scalars()
        items = list(rows)
        page = items[:limit]
        return {
            "items": [
                {"id": n.id, "category": n.category, "code": n.code, "subject": n.subject,
                 "body": n.body, "created_at": n.created_at.isoformat()}
                for n in page
            ],
            "next_cursor": str(page[-1].id) if len(items) > limit else None,
        }


@router.get("/notification-preferences")
def get_preferences(member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    with portal.db.read() as session:
        categories, remind = preferences(session, member.member_id)
    return {"categories": categories, "remind_days_before_due": remind}


@router.put("/notification-preferences")
def put_preferences(
    body: PreferencesIn, member: CurrentMember, portal: PortalDep
) -> dict[str, Any]:
    unknown = [name for name in body.categories if name not in CATEGORIES]
    if unknown:
        raise field_errors([(f"categories.{n}", _("Use billing, payments or autopay."))
                            for n in unknown])
    with portal.db.write() as session:
        current, _unused = preferences(session, member.member_id)
        for name, channels in body.categories.items():
            current[name] = channels.model_dump()
        row = session.get(NotificationPreference, member.member_id)
        if row is None:
            row = NotificationPreference(member_id=member.member_id, categories="{}")
            session.add(row)
        row.categories = json.dumps(current)
        row.remind_days_before_due = body.remind_days_before_due
    return {"categories": current, "remind_days_before_due": body.remind_days_before_due}


CALENDAR_MONTHS = 12  # how far ahead the calendar goes


@router.get("/calendar.ics")
def calendar(member: CurrentMember, portal: PortalDep) -> Response:
    """Every due date and autopay draw of the next 12 months: the bills already issued with
    what is left on them, the bills still to come at the member's premiums, and the draws; each
    with an alarm as many days ahead as the member's reminders are set."""
    today = portal.clock.today()
    until = add_months(today, CALENDAR_MONTHS)
    with portal.db.read() as session:
        _unused, remind_days = preferences(session, member.member_id)
        dues = _due_dates(session, member.member_id, portal, today, until)
        autopay = session.get(Autopay, member.member_id)
        draws: list[date] = []
        if autopay is not None and autopay.enabled:
            after = today
            while (nxt := next_draw_date(autopay, portal.settings, after=after)) is not None \
                    and nxt <= until:
                draws.append(nxt)
                after = nxt + timedelta(days=1)
    cal = Calendar()
    cal.add("prodid", "-//hcpay//portal//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Health insurance premiums"))
    now = portal.clock.now()
    for due, (cents, expected) in sorted(dues.items()):
        amount = format_cents(cents)
        summary = _("Health premium due: {amount}").format(
            amount=amount) + (" (expected)" if expected else "")
        cal.add_component(_event(
            f"due-{member.member_id}-{due.isoformat()}@hcpay", summary, due, now, remind_days,
            _("Your premium of {amount} is due on {date}. Pay by then to keep your "
            "coverage.").format(amount=amount, date=long_date(due)),
        ))
    for draw in draws:
        cal.add_component(_event(
            f"autopay-{member.member_id}-{draw.isoformat()}@hcpay",
            _("Automatic premium payment"), draw, now, remind_days,
            _("Your automatic payment is drawn on {date}: have the money in the "
            "account.").format(date=long_date(draw)),
        ))
    return Response(cal.to_ical(), media_type="text/calendar; charset=utf-8")


def _due_dates(
    session: Any, member_id: str, portal: Any, today: date, until: date
) -> dict[date, tuple[int, bool]]:
    """Due date -> (amount in cents, True when the bill is not issued yet)."""
    dues: dict[date, tuple[int, bool]] = {}
    for inv in ledger.open_invoices(session, member_id):
        if inv.remaining_cents > 0:
            cents, _unused = dues.get(inv.due_date, (0, False))
            dues[inv.due_date] = (cents + inv.remaining_cents, False)
    policies = session.execute(
        select(Policy).where(Policy.member_id == member_id, Policy.status == "active")
    ).scalars()  # the policies monthly billing issues bills for (billing.invoicing)
    for policy in policies:
        month = next_month_key(policy.billed_through)
        while (due := due_date_for(month, portal.settings.due_day)) <= until:
            if due >= today:
                cents, _unused = dues.get(due, (0, True))
                dues[due] = (cents + policy.premium_cents, True)
            month = next_month_key(month)
    return dues


def _event(uid: str, summary: str, day: date, now: datetime, remind_days: int,
           description: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("description", description)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("dtstamp", now)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Reminder: {summary}").format(summary=summary))
    alarm.add("trigger", timedelta(days=-remind_days))
    event.add_component(alarm)
    return event
