"""Error paths a real portal cannot be made to produce on demand: a portal that is down, hangs,
fails with 5xx, or whose access token runs out in the middle of a session."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from hcpay.api import (
    AccountLocked,
    NotSignedIn,
    PaymentDeclined,
    PortalClient,
    PortalUnreachable,
    RateLimited,
    RetryPolicy,
    ServerError,
    SessionExpired,
    TokenPair,
    UnexpectedAnswer,
    new_idempotency_key,
)

FAST = RetryPolicy(backoff=0.0)
PROBLEM = {"content-type": "application/problem+json"}

ME = {
    "member_id": "M1", "first_name": "Ana", "last_name": "Diaz", "email": "ana@example.org",
    "phone": None, "date_of_birth": "1980-02-03", "ssn_last4": "1234", "subsidized": True,
}
PAYMENT = {
    "reference": "HCP-7K2M-9QX4", "status": "succeeded", "amount_cents": 41250,
    "method": {"kind": "card", "brand": "visa", "last4": "4242"},
    "created_at": "2030-01-05T10:00:00+00:00",
}


def problem(status: int, code: str, detail: str, **extra: object) -> httpx.Response:
    headers = dict(PROBLEM)
    retry_after = extra.pop("retry_after", None)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    body = {"type": "about:blank", "title": "x", "status": status, "detail": detail, "code": code}
    body.update(extra)
    return httpx.Response(status, json=body, headers=headers)


def pair(n: int) -> dict[str, object]:
    return {
        "access_token": f"a{n}", "refresh_token": f"r{n}", "token_type": "bearer",
        "expires_in": 900, "member": {"member_id": "M1", "first_name": "Ana", "role": "member"},
    }


def mock_client(
    handler: Callable[[httpx.Request], httpx.Response], **kwargs: object
) -> PortalClient:
    return PortalClient(
        "http://portal.test", transport=httpx.MockTransport(handler), retry=FAST, **kwargs  # type: ignore[arg-type]
    )


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_portal_down_is_unreachable_and_says_what_to_do() -> None:
    port = closed_port()
    async with PortalClient(f"http://127.0.0.1:{port}", retry=FAST) as client:
        with pytest.raises(PortalUnreachable) as caught:
            await client.health()
    message = str(caught.value)
    assert f"127.0.0.1:{port}" in message
    assert "hcpay serve" in message and "connection" in message
    assert caught.value.timed_out is False


@pytest.fixture
async def silent_server() -> AsyncIterator[int]:
    """A server that accepts connections and never answers."""
    held: list[asyncio.StreamWriter] = []

    async def accept(_r: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    yield int(server.sockets[0].getsockname()[1])
    for w in held:
        w.close()
    server.close()


async def test_hanging_portal_times_out_quickly(silent_server: int) -> None:
    async with PortalClient(
        f"http://127.0.0.1:{silent_server}", timeout=0.2, retry=RetryPolicy(attempts=2, backoff=0)
    ) as client:
        started = time.monotonic()
        with pytest.raises(PortalUnreachable) as caught:
            await client.health()
        elapsed = time.monotonic() - started
    assert caught.value.timed_out is True
    assert "did not answer within 0.2 seconds" in str(caught.value)
    assert elapsed < 2.0


async def test_gets_are_retried_after_connection_errors() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"status": "ok", "version": "1", "sandbox": True})

    async with mock_client(handler) as client:
        assert (await client.health()).status == "ok"
    assert calls == 3


async def test_payment_retried_after_5xx_with_the_same_idempotency_key() -> None:
    keys: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers.get("Idempotency-Key"))
        if len(keys) == 1:
            return problem(503, "unavailable", "Try again.")
        if len(keys) == 2:
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(201, json=PAYMENT)

    key = new_idempotency_key()
    async with mock_client(handler) as client:
        client.use_tokens(TokenPair.model_validate(pair(1)))
        payment = await client.pay(41250, payment_method_id="pm_1", idempotency_key=key)
    assert payment.reference == "HCP-7K2M-9QX4"
    assert keys == [key, key, key]


async def test_post_without_idempotency_key_is_not_retried() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(502, text="<html>Bad gateway</html>")

    async with mock_client(handler) as client:
        with pytest.raises(ServerError) as caught:
            await client.login("ana", "secret")
    assert calls == 1
    assert "Nothing was charged" in str(caught.value)


async def test_persistent_5xx_gives_up_after_the_policy_attempts() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return problem(500, "internal_error", "Something went wrong on our side.")

    async with mock_client(handler) as client:
        with pytest.raises(ServerError) as caught:
            await client.health()
    assert calls == 3
    assert caught.value.code == "internal_error"


async def test_expired_access_token_is_refreshed_once_and_the_request_repeated() -> None:
    seen: list[tuple[str, str | None]] = []
    changes: list[TokenPair | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, request.headers.get("Authorization")))
        if request.url.path == "/api/v1/sessions/refresh":
            assert json.loads(request.content) == {"refresh_token": "r1"}
            return httpx.Response(201, json=pair(2))
        if request.headers.get("Authorization") == "Bearer a1":
            return problem(401, "token_expired", "Your access token has expired; refresh it.")
        return httpx.Response(200, json=ME)

    async with mock_client(handler, on_tokens_changed=changes.append) as client:
        client.use_tokens(TokenPair.model_validate(pair(1)))
        # two requests at once both see the expired token; only one may use the refresh
        # token (a second use of it would end the whole login)
        first, second = await asyncio.gather(client.me(), client.me())
        assert client.tokens is not None and client.tokens.access_token == "a2"
    assert first.first_name == second.first_name == "Ana"
    assert [p for p, _ in seen].count("/api/v1/sessions/refresh") == 1
    assert [c.refresh_token if c else None for c in changes] == ["r1", "r2"]


async def test_ended_session_clears_tokens_and_reports_it() -> None:
    changes: list[TokenPair | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/sessions/refresh":
            return problem(401, "session_expired", "Your session ended. Please sign in again.")
        return problem(401, "token_expired", "Your access token has expired; refresh it.")

    async with mock_client(handler, on_tokens_changed=changes.append) as client:
        client.use_tokens(TokenPair.model_validate(pair(1)))
        with pytest.raises(SessionExpired) as caught:
            await client.summary()
        assert client.signed_in is False
        with pytest.raises(NotSignedIn):
            await client.me()
    assert "sign in again" in str(caught.value)
    assert changes[-1] is None


async def test_lockout_and_rate_limit_carry_retry_after_and_are_not_retried() -> None:
    answers = [
        problem(423, "locked", "Locked for 15 minutes.", retry_after=900),
        problem(429, "rate_limited", "Too many attempts.", retry_after=60),
    ]
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return answers.pop(0)

    async with mock_client(handler) as client:
        with pytest.raises(AccountLocked) as locked:
            await client.login("ana", "wrong")
        with pytest.raises(RateLimited) as limited:
            await client.login("ana", "wrong")
    assert locked.value.retry_after == 900
    assert limited.value.retry_after == 60
    assert calls == 2


async def test_decline_carries_code_and_decline_code() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return problem(
            402, "card_declined", "Your card was declined: not enough funds.",
            decline_code="insufficient_funds", reference="HCP-AAAA-BBBB",
        )

    async with mock_client(handler) as client:
        client.use_tokens(TokenPair.model_validate(pair(1)))
        with pytest.raises(PaymentDeclined) as caught:
            await client.pay(100, token="tok_x", idempotency_key="k-1")
    assert caught.value.code == "card_declined"
    assert caught.value.decline_code == "insufficient_funds"
    assert caught.value.reference == "HCP-AAAA-BBBB"


async def test_card_numbers_go_to_the_gateway_without_the_members_token() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/api/v1/config":
            return httpx.Response(200, json={
                "gateway_url": "https://tokens.processor.example/", "sandbox": False,
                "support": {"phone": "1", "hours": "h"},
                "billing": {"due_day": 23, "grace_months_subsidized": 3},
            })
        return httpx.Response(201, json={"token": "tok_1", "kind": "card", "brand": "visa",
                                         "last4": "4242", "exp_month": 12, "exp_year": 2031})

    async with mock_client(handler) as client:
        client.use_tokens(TokenPair.model_validate(pair(1)))
        token = await client.tokenize_card("4242424242424242", 12, 2031, "123")
    assert token.token == "tok_1"
    gateway_call = seen[-1]
    assert str(gateway_call.url) == "https://tokens.processor.example/v1/tokens"
    assert "Authorization" not in gateway_call.headers
    assert all(b"4242424242424242" not in r.content for r in seen[:-1])


async def test_short_rate_limit_on_a_get_is_waited_out_and_retried() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            return problem(429, "rate_limited", "Slow down.", retry_after=0)
        return httpx.Response(200, json={"status": "ok", "version": "1", "sandbox": True})

    async with mock_client(handler) as client:
        assert (await client.health()).sandbox is True
    assert calls == 2


async def test_an_answer_this_version_cannot_read_is_a_portal_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"balance_due_cents": "lots"})

    async with mock_client(handler) as client:
        client.use_tokens(TokenPair.model_validate(pair(1)))
        with pytest.raises(UnexpectedAnswer) as caught:
            await client.summary()
    assert "update hcpay" in str(caught.value)
