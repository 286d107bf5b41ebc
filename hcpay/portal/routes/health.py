"""Health and public configuration."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from hcpay import __version__
from hcpay.portal.deps import PortalDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(portal: PortalDep) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "sandbox": portal.settings.sandbox}


@router.get("/api/v1/config")
def config(portal: PortalDep) -> dict[str, Any]:
    s = portal.settings
    return {
        "gateway_url": s.gateway_url or "/gateway",
        "support": {"phone": s.support_phone, "hours": s.support_hours},
        "billing": {"due_day": s.due_day, "grace_months_subsidized": s.grace_months_subsidized},
        "sandbox": s.sandbox,
        "today": portal.clock.today().isoformat(),
        "time_zone": portal.clock.tz.key,
    }
