"""Troubleshooting: "Contact support" (seed case 5): a support code to read to an agent (it
tells them which screen and step you are on and the last problem you had, without you reading
out account details), with the portal's phone number and hours."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from hcpay.domain.i18n import N_, _
from hcpay.facts.clock import zone
from hcpay.flows.model import Flow, Step
from hcpay.flows.troubleshoot import Finding, Guide

if TYPE_CHECKING:
    from hcpay.api import PortalClient

FLOW = Flow(
    name="troubleshoot_support",
    title=N_("Contact support"),
    steps=(
        Step(1, N_("Get a support code"),
             help=N_("Choose Get a support code in this guide. It works for 15 minutes and tells "
             "the agent where you are in hcpay and the last problem you had.")),
        Step(2, N_("Call Member Services"),
             help=N_("Call the number above during its hours.")),
        Step(3, N_("Read the code to the agent"),
             help=N_("Say the six digits; the agent never needs your password, card number or "
             "full Social Security number, and will not ask for them.")),
    ),
    help=N_("For anything the other guides do not fix."),
)


async def _contact(client: PortalClient) -> str:
    config = await client.config()
    return _("Member Services: {phone}, {hours}.").format(
        phone=config.support.phone, hours=config.support.hours)


async def look(client: PortalClient, values: Mapping[str, str]) -> Finding:
    return Finding((await _contact(client),
                    _("Choose Get a support code in this guide for a code to read to the "
                    "agent.")), step=1)


async def support_code(client: PortalClient, values: Mapping[str, str]) -> Finding:
    step = values.get("_step", "").strip()
    code = await client.create_support_code(
        values.get("_screen", "troubleshooting") or "troubleshooting",
        int(step) if step.isdigit() else None,
        values.get("_last_error_code") or None,
    )
    time_zone = (await client.config()).time_zone
    expires = code.expires_at.astimezone(zone(time_zone))
    return Finding((
        f"Your support code: {code.code}",
        _("It works until {expires:%H:%M} {tzname} (15 minutes). {client}").format(
            expires=expires, tzname=expires.tzname(), client=await _contact(client)),
        _("Read the code to the agent; Get a support code again gives a new one."),
    ), step=3)


GUIDE = Guide("support", FLOW, look, act=support_code, act_label="Get a support code",
              act_key="r")
