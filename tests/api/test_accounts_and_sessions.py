"""The client against the real portal: creating an account, verifying it from the sandbox
outbox, signing in and out, refresh rotation, expiry, resets, two-step, lockout."""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import httpx
import pyotp
import pytest
from fastapi import FastAPI

from hcpay.api import (
    AccountLocked,
    Conflict,
    NotSignedIn,
    NotVerified,
    OtpInvalid,
    OtpRequired,
    PortalClient,
    RetryPolicy,
    SessionExpired,
    SessionRevoked,
    TokenPair,
    ValidationFailed,
)
from hcpay.portal.app import create_app
from tests.api.conftest import PORTAL_URL
from tests.conftest import DatabaseTarget

PASSWORD = "correct horse battery staple 42"



@pytest.fixture(scope="module")
def portal_app(database: DatabaseTarget) -> Iterator[FastAPI]:
    """This module's portal, with cheap password hashing: these tests are about the client."""
    app = create_app(
        database.settings(argon2_memory_kib=8192, argon2_time_cost=1), schema=database.schema
    )
    yield app
    app.state.portal.db.dispose()


Connect = Callable[..., AbstractAsyncContextManager[PortalClient]]


@pytest.fixture
def connect(portal_app: FastAPI) -> Connect:
    """A fresh client (own tokens, own client address so rate limits stay per test)."""

    @asynccontextmanager
    async def make(**kwargs: object) -> AsyncIterator[PortalClient]:
        address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
        transport = httpx.ASGITransport(app=portal_app, client=(address, 40000))
        async with PortalClient(
            PORTAL_URL, transport=transport, retry=RetryPolicy(backoff=0.0), **kwargs  # type: ignore[arg-type]
        ) as client:
            yield client

    return make


def new_username() -> str:
    return "m" + secrets.token_hex(5)


async def outbox_text(client: PortalClient, email: str, pattern: str) -> str:
    messages = await client.sandbox_outbox(to=email)
    assert messages, f"nothing sent to {email}"
    found = re.search(pattern, messages[-1].body)
    assert found, messages[-1].body
    return found.group(1)


async def create_verified(client: PortalClient, username: str | None = None) -> str:
    username = username or new_username()
    email = f"{username}@example.org"
    await client.create_account(
        first_name="Ana", last_name="Diaz", date_of_birth="1980-02-03", ssn="512-44-7831",
        email=email, username=username, password=PASSWORD,
    )
    code = await outbox_text(client, email, r"code is (\d{6})")
    await client.verify_account(username, code)
    return username


async def test_new_member_creates_verifies_and_signs_in(connect: Connect) -> None:
    changes: list[TokenPair | None] = []
    async with connect(on_tokens_changed=changes.append) as client:
        username = new_username()
        email = f"{username}@Example.org"
        created = await client.create_account(
            first_name="Ana", last_name="Diaz", date_of_birth="1980-02-03",
            ssn="512447831", email=email, username=username, password=PASSWORD,
        )
        assert created.status == "pending_verification"
        assert created.verification.channel == "email"
        assert "@" in created.verification.sent_to and username not in created.verification.sent_to

        with pytest.raises(NotVerified) as not_yet:
            await client.login(username, PASSWORD)
        assert "verif" in str(not_yet.value).lower()

        with pytest.raises(ValidationFailed) as wrong:
            await client.verify_account(username, "000000")
        assert wrong.value.code == "invalid_code"
        assert "code" in wrong.value.field_messages()

        code = await outbox_text(client, email.lower(), r"code is (\d{6})")
        assert (await client.verify_account(username, code)).status == "active"

        pair = await client.login(username, PASSWORD)
        assert pair.member is not None and pair.member.first_name == "Ana"
        assert pair.member.role == "member"
        assert changes == [pair]
        me = await client.me()
        assert me.ssn_last4 == "7831" and me.first_name == "Ana"

        with pytest.raises(Conflict):
            await client.create_account(
                first_name="Bo", last_name="Li", date_of_birth="1981-02-03", ssn="512-44-7832",
                email=f"other-{email}", username=username, password=PASSWORD,
            )


async def test_signup_field_errors_name_each_field(connect: Connect) -> None:
    async with connect() as client:
        with pytest.raises(ValidationFailed) as caught:
            await client.create_account(
                first_name="Ana", last_name="Diaz", date_of_birth="2999-01-01", ssn="98765",
                email="not-an-email", username=new_username(), password="short",
            )
    fields = caught.value.field_messages()
    assert {"ssn", "email", "password", "date_of_birth"} <= set(fields)
    assert all(message.endswith(".") for message in fields.values())
    assert "98765" not in fields["ssn"]  # never echoes what was typed


async def test_wrong_password_and_unknown_user_answer_alike(connect: Connect) -> None:
    async with connect() as client:
        username = await create_verified(client)
        with pytest.raises(NotSignedIn) as wrong:
            await client.login(username, "not the password at all")
        with pytest.raises(NotSignedIn) as unknown:
            await client.login(new_username(), "not the password at all")
    assert (wrong.value.code, str(wrong.value)) == (unknown.value.code, str(unknown.value))
    assert type(wrong.value) is NotSignedIn


async def test_refresh_rotates_and_a_replayed_token_ends_the_login(connect: Connect) -> None:
    async with connect() as client, connect() as thief:
        username = await create_verified(client)
        first = await client.login(username, PASSWORD)
        second = await client.refresh()
        assert second.refresh_token != first.refresh_token
        assert second.member is not None and second.member.first_name == "Ana"
        assert (await client.me()).first_name == "Ana"

        with pytest.raises(SessionRevoked):
            await thief.refresh(first.refresh_token)  # replaying a used token
        with pytest.raises(SessionRevoked):
            await client.me()  # ...revoked the whole login
        assert client.signed_in is False


async def test_idle_session_expires_with_the_portal_clock(connect: Connect) -> None:
    async with connect() as client:
        username = await create_verified(client)
        await client.login(username, PASSWORD)
        await client.advance_sandbox_clock(1)
        with pytest.raises(SessionExpired) as caught:
            await client.me()
        assert "sign in again" in str(caught.value).lower()
        assert client.signed_in is False


async def test_logout_ends_the_session_on_the_portal(connect: Connect) -> None:
    async with connect() as client, connect() as other:
        username = await create_verified(client)
        pair = await client.login(username, PASSWORD)
        await client.logout()
        assert client.tokens is None
        with pytest.raises(NotSignedIn):
            await other.refresh(pair.refresh_token)


async def test_password_reset_from_the_outbox_revokes_sessions(connect: Connect) -> None:
    async with connect() as client, connect() as resetter:
        username = await create_verified(client)
        await client.login(username, PASSWORD)
        await resetter.request_password_reset(username)
        code = await outbox_text(resetter, f"{username}@example.org", r"reset code: (\S+)")
        await resetter.check_password_reset(username, code.lower())  # as a person types it
        with pytest.raises(ValidationFailed) as weak:
            await resetter.confirm_password_reset(username, code, "short")
        assert "new_password" in weak.value.field_messages()
        await resetter.confirm_password_reset(username, code, PASSWORD + " again")
        with pytest.raises(ValidationFailed) as used:
            await resetter.confirm_password_reset(username, code, PASSWORD + " third")
        assert used.value.code == "invalid_code"
        assert "code" in used.value.field_messages()
        with pytest.raises(SessionRevoked):
            await client.me()
        await resetter.login(username, PASSWORD + " again")


async def test_two_step_sign_in(connect: Connect) -> None:
    async with connect() as client:
        username = await create_verified(client)
        await client.login(username, PASSWORD)
        setup = await client.start_two_step(PASSWORD)
        assert setup.otpauth_uri.startswith("otpauth://totp/")
        totp = pyotp.TOTP(setup.secret)
        codes = await client.confirm_two_step(totp.now(), PASSWORD)
        assert len(codes.recovery_codes) >= 5
        await client.logout()

        with pytest.raises(OtpRequired):
            await client.login(username, PASSWORD)
        with pytest.raises(OtpInvalid):
            await client.login(username, PASSWORD, otp="000000")
        # the code used to confirm cannot be replayed; a recovery code works once
        recovery = codes.recovery_codes[0]
        assert (await client.login(username, PASSWORD, otp=recovery)).member is not None


async def test_lockout_says_when_to_try_again(connect: Connect) -> None:
    async with connect() as client:
        username = await create_verified(client)
        for _ in range(4):
            with pytest.raises(NotSignedIn):
                await client.login(username, "wrong password, again")
        with pytest.raises((NotSignedIn, AccountLocked)):  # the fifth failure locks
            await client.login(username, "wrong password, again")
        with pytest.raises(AccountLocked) as caught:
            await client.login(username, PASSWORD)
    assert caught.value.code == "locked"
    assert caught.value.retry_after is not None and 0 < caught.value.retry_after <= 15 * 60
