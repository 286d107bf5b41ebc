"""The account calls the sign-in screens, ``hcpay login`` and the account controllers share
(each takes the client and what was typed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hcpay.api import PortalClient


async def sign_in(client: PortalClient, values: Mapping[str, str]) -> Any:
    otp = values.get("otp", "").strip().replace(" ", "") or None
    return await client.login(values["username"].strip(), values["password"], otp)


async def resend_verification(client: PortalClient, values: Mapping[str, str]) -> Any:
    return await client.resend_verification(values["username"].strip())

