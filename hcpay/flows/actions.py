"""The calls that end a step, by the name a Step gives in ``action``. Each takes the client and
every value typed so far in the flow; the faces (TUI, plain mode) call them the same way."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from hcpay.flows import checks

if TYPE_CHECKING:
    from hcpay.api import PortalClient

Action = Callable[["PortalClient", Mapping[str, str]], Awaitable[Any]]


async def create_account(client: PortalClient, values: Mapping[str, str]) -> Any:
    return await client.create_account(
        first_name=values["first_name"].strip(),
        last_name=values["last_name"].strip(),
        date_of_birth=checks.normalise_date(values["date_of_birth"]),
        ssn=checks.digits(values["ssn"]),
        email=values["email"].strip(),
        phone=checks.digits(values.get("phone", "")) or None,
        username=values["username"].strip(),
        password=values["password"],
    )


async def verify_account(client: PortalClient, values: Mapping[str, str]) -> Any:
    return await client.verify_account(values["username"].strip(), checks.digits(values["code"]))


async def resend_verification(client: PortalClient, values: Mapping[str, str]) -> Any:
    return await client.resend_verification(values["username"].strip())


async def sign_in(client: PortalClient, values: Mapping[str, str]) -> Any:
    otp = values.get("otp", "").strip().replace(" ", "") or None
    return await client.login(values["username"].strip(), values["password"], otp)


async def sign_in_new_member(client: PortalClient, values: Mapping[str, str]) -> Any:
    return await client.login(values["username"].strip(), values["password"])


def reset_token(text: str) -> str:
    """The token from a pasted reset link (``...?token=abc``) or the code itself."""
    text = text.strip()
    if "token=" in text:
        text = text.split("token=", 1)[1].split("&", 1)[0]
    return text.strip()


async def request_password_reset(client: PortalClient, values: Mapping[str, str]) -> Any:
    return await client.request_password_reset(values["username_or_email"].strip())


async def confirm_password_reset(client: PortalClient, values: Mapping[str, str]) -> Any:
    return await client.confirm_password_reset(
        reset_token(values["token"]), values["new_password"]
    )


ACTIONS: dict[str, Action] = {
    "create_account": create_account,
    "verify_account": verify_account,
    "resend_verification": resend_verification,
    "sign_in": sign_in,
    "sign_in_new_member": sign_in_new_member,
    "request_password_reset": request_password_reset,
    "confirm_password_reset": confirm_password_reset,
}


def _payment_actions() -> dict[str, Action]:
    from hcpay.flows import autopay_actions, payment_actions, wallet

    return {**payment_actions.ACTIONS, **autopay_actions.ACTIONS, **wallet.ACTIONS}


ACTIONS.update(_payment_actions())
