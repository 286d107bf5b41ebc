""""Today" and the billing time zone come from the portal (``today`` and ``time_zone`` in the
summary and the config, portal-api.md v1.1), never from this computer's clock or a zone
written in the client. Offline, the saved summary's ``today`` is the one used."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import PortalConfig, Summary

DEFAULT_ZONE = "America/New_York"  # the contract's default, when an older portal sends none


def zone(name: str | None) -> ZoneInfo:
    """The portal's time zone (its default when the name is unknown here)."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def today_of(answer: Summary | PortalConfig, *, fallback: datetime | None = None) -> date:
    """The portal's date in this answer. An older portal without ``today``: the day of the
    summary's ``as_of`` (or ``fallback``) in the portal's time zone."""
    if answer.today is not None:
        return answer.today
    moment = getattr(answer, "as_of", None) or fallback
    if moment is None:
        raise ValueError("this answer carries no date: read the summary")
    return local_day(moment, answer.time_zone)


def local_day(moment: datetime, time_zone: str | None) -> date:
    """The calendar day of a moment (a payment's ``created_at``) in the portal's time zone."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(zone(time_zone)).date()


async def portal_today(client: PortalClient) -> tuple[date, str]:
    """(today, time zone) from ``GET /config``: for a face that has no summary at hand."""
    config = await client.config()
    if config.today is None:
        summary = await client.summary()
        return today_of(summary), summary.time_zone
    return config.today, config.time_zone
