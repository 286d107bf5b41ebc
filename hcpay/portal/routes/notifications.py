"""Notifications, notification preferences, and the calendar of due dates and draws."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any

from fastapi import APIRouter, Response
from icalendar import Calendar, Event
from pydantic import BaseModel, Field
from sqlalchemy import select

from hcpay.domain.money import format_cents
from hcpay.portal.billing import ledger
from hcpay.portal.billing.notify import CATEGORIES, preferences
from hcpay.portal.deps import CurrentMember, PortalDep
from hcpay.portal.models import Autopay, Notification, NotificationPreference
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
        raise field_errors([(f"categories.{n}", "Use billing, payments or autopay.")
                            for n in unknown])
    with portal.db.write() as session:
        current, _ = preferences(session, member.member_id)
        for name, channels in body.categories.items():
            current[name] = channels.model_dump()
        row = session.get(NotificationPreference, member.member_id)
        if row is None:
            row = NotificationPreference(member_id=member.member_id, categories="{}")
            session.add(row)
        row.categories = json.dumps(current)
        row.remind_days_before_due = body.remind_days_before_due
    return {"categories": current, "remind_days_before_due": body.remind_days_before_due}


@router.get("/calendar.ics")
def calendar(member: CurrentMember, portal: PortalDep) -> Response:
    cal = Calendar()
    cal.add("prodid", "-//hcpay//portal//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Health insurance premiums")
    today = portal.clock.today()
    now = portal.clock.now()
    with portal.db.read() as session:
        dues: dict[Any, int] = {}
        for inv in ledger.open_invoices(session, member.member_id):
            if inv.remaining_cents > 0:
                dues[inv.due_date] = dues.get(inv.due_date, 0) + inv.remaining_cents
        autopay = session.get(Autopay, member.member_id)
        draws = []
        if autopay is not None and autopay.enabled:
            after = today
            for _ in range(3):
                nxt = next_draw_date(autopay, portal.settings, after=after)
                if nxt is None:
                    break
                draws.append(nxt)
                after = nxt + timedelta(days=1)
    for due, cents in sorted(dues.items()):
        event = Event()
        event.add("uid", f"due-{member.member_id}-{due.isoformat()}@hcpay")
        event.add("summary", f"Health premium due: {format_cents(cents)}")
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        event.add("dtstamp", now)
        cal.add_component(event)
    for draw in draws:
        event = Event()
        event.add("uid", f"autopay-{member.member_id}-{draw.isoformat()}@hcpay")
        event.add("summary", "Automatic premium payment")
        event.add("dtstart", draw)
        event.add("dtend", draw + timedelta(days=1))
        event.add("dtstamp", datetime.combine(today, time(9), tzinfo=now.tzinfo))
        cal.add_component(event)
    return Response(cal.to_ical(), media_type="text/calendar; charset=utf-8")
