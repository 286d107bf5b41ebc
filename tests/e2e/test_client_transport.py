"""The client sends a password, tokens and card numbers only over https, or over http to a
portal on this computer (issue 11, item 9); a test lab can allow http, and is warned."""

from __future__ import annotations

import warnings

import httpx
import pytest

from hcpay.api import PortalClient, RetryPolicy
from hcpay.api.errors import PortalUnreachable
from hcpay.api.models import TokenPair
from hcpay.api.transport_check import ALLOW_INSECURE, InsecureTransport, InsecureTransportWarning
from tests.e2e.serve_process import port_in_range

CARD = ("4242424242424242", 12, 2031, "123")


async def test_plain_http_to_another_host_is_refused_before_anything_is_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ALLOW_INSECURE, raising=False)
    async with PortalClient("http://portal.example.com", retry=RetryPolicy.never()) as client:
        with pytest.raises(InsecureTransport) as refused:
            await client.login("demo", "Demo-Pass-2026!")
    assert "https://" in str(refused.value)
    assert refused.value.code == "insecure_portal_url"


async def test_http_on_this_computer_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_INSECURE, raising=False)
    closed_port = port_in_range()  # nothing listens there: the client tries, and says so
    async with PortalClient(f"http://127.0.0.1:{closed_port}", retry=RetryPolicy.never()
                            ) as client:
        with pytest.raises(PortalUnreachable):
            await client.health()


async def test_a_test_lab_may_allow_http_and_is_warned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_INSECURE, "1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        async with PortalClient("http://portal.invalid", retry=RetryPolicy.never(),
                                timeout=2) as client:
            with pytest.raises(PortalUnreachable):  # it tried: the address does not exist
                await client.health()
    assert any(issubclass(w.category, InsecureTransportWarning) for w in caught)


def _portal_naming(gateway: str, seen: list[httpx.Request]) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/api/v1/config":
            return httpx.Response(200, json={
                "gateway_url": gateway, "sandbox": False, "support": {"phone": "1", "hours": "h"},
                "billing": {"due_day": 23, "grace_months_subsidized": 3},
            })
        return httpx.Response(201, json={"token": "tok_1", "kind": "card", "brand": "visa",
                                         "last4": "4242", "exp_month": 12, "exp_year": 2031})

    return httpx.MockTransport(answer)


@pytest.mark.parametrize(
    ("portal", "gateway", "followed"),
    [
        ("https://portal.example.com", "http://cards.elsewhere.example", False),
        ("http://127.0.0.1:8000", "http://127.0.0.1:9000/gateway", True),  # same loopback host
        ("http://127.0.0.1:8000", "http://192.0.2.10/gateway", False),
        ("http://127.0.0.1:8000", "ftp://127.0.0.1/gateway", False),
        ("https://portal.example.com", "https://tokens.processor.example", True),
    ],
)
async def test_card_numbers_follow_only_a_safe_gateway(
    portal: str, gateway: str, followed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ALLOW_INSECURE, raising=False)
    seen: list[httpx.Request] = []
    async with PortalClient(portal, transport=_portal_naming(gateway, seen),
                            retry=RetryPolicy.never()) as client:
        client.use_tokens(TokenPair(access_token="a", refresh_token="r", expires_in=900))
        if followed:
            assert (await client.tokenize_card(*CARD)).token == "tok_1"
        else:
            with pytest.raises(InsecureTransport) as refused:
                await client.tokenize_card(*CARD)
            assert "https://" in str(refused.value)
    card_sent = [r for r in seen if b"4242424242424242" in r.content]
    assert bool(card_sent) == followed
