"""Issue 11 items 7 and 8: codes that can be guessed are limited in the database, however the
guesses race over two processes. ``POST /accounts/verify`` answers an existing account and an
unknown one alike and is throttled per username and per address; an agent's support-code
lookups that match nothing are limited; an agent's access reason has at least 10 characters;
an agent locks for at least 30 minutes (PCI DSS 8.3.4)."""

from __future__ import annotations

import secrets

import httpx

from hcpay.portal.services import two_step
from hcpay.portal.services.support_codes import WRONG_LOOKUPS
from hcpay.portal.services.verification import CHECKS_PER_ADDRESS, CHECKS_PER_USERNAME
from tests.concurrency.conftest import PASSWORD, Call, Stack, fire
from tests.concurrency.people import person
from tests.helpers.accounts import account_body

SECRET = "JBSWY3DPEHPK3PXP"  # people.person gives agents this one


def _verify(stack: Stack, index: int, username: str, code: str = "000000") -> Call:
    return ("POST", stack.url(index) + "/api/v1/accounts/verify",
            {"json": {"username": username, "code": code}})


def test_verify_does_not_tell_which_usernames_exist(stack: Stack) -> None:
    active = person(stack)
    answers = fire([_verify(stack, 0, active.username), _verify(stack, 1, "no" + active.username)])
    assert [res.status_code for res in answers] == [422, 422]
    assert answers[0].json() == answers[1].json()
    assert answers[0].json()["code"] == "invalid_code"


def test_code_checks_at_once_are_throttled_per_username(stack: Stack) -> None:
    body = account_body()
    res = httpx.post(stack.url(0) + "/api/v1/accounts", json=body, timeout=60)
    assert res.status_code == 201, res.text
    answers = fire([_verify(stack, i, body["username"], f"{i:06d}") for i in range(30)],
                   many_addresses=True)
    statuses = [res.status_code for res in answers]
    assert set(statuses) <= {422, 429}, [r.text for r in answers]
    assert statuses.count(422) <= CHECKS_PER_USERNAME
    for res in answers:
        if res.status_code == 429:
            assert res.json()["code"] == "rate_limited" and int(res.headers["Retry-After"]) > 0


def test_code_checks_at_once_are_throttled_per_address(stack: Stack) -> None:
    answers = fire([_verify(stack, i, "nobody" + secrets.token_hex(4))
                    for i in range(CHECKS_PER_ADDRESS + 20)])
    statuses = [res.status_code for res in answers]
    assert set(statuses) <= {422, 429}
    assert statuses.count(422) <= CHECKS_PER_ADDRESS
    assert statuses.count(429) >= 20


def test_support_code_guesses_are_limited_per_agent(stack: Stack) -> None:
    member, agent, other_agent = person(stack), person(stack, role="agent"), \
        person(stack, role="agent")
    made = httpx.post(stack.url(0) + "/api/v1/me/support-codes", headers=member.headers(),
                      json={"screen": "make_payment"})
    assert made.status_code == 201, made.text
    real = made.json()["code"]
    reason = {"X-Access-Reason": "Caller is stuck paying a bill"}
    headers = {**agent.headers(), **reason}
    for short in (".", "checking"):
        res = httpx.get(stack.url(1) + f"/api/v1/agent/support-codes/{real}",
                        headers={**headers, "X-Access-Reason": short})
        assert res.status_code == 422 and res.json()["code"] == "access_reason_required"
    guesses = [f"{n:03d}-{n:03d}" for n in range(100, 130) if f"{n:03d}-{n:03d}" != real]
    answers = fire([("GET", stack.url(i) + f"/api/v1/agent/support-codes/{guess}",
                     {"headers": headers}) for i, guess in enumerate(guesses)])
    statuses = [res.status_code for res in answers]
    assert set(statuses) <= {404, 429}, [r.text for r in answers]
    assert statuses.count(404) <= WRONG_LOOKUPS
    assert statuses.count(429) >= len(guesses) - WRONG_LOOKUPS
    assert httpx.get(stack.url(0) + f"/api/v1/agent/support-codes/{real}",
                     headers=headers).status_code == 429
    # another agent is not held up
    res = httpx.get(stack.url(1) + f"/api/v1/agent/support-codes/{real}",
                    headers={**other_agent.headers(), **reason})
    assert res.status_code == 200, res.text
    assert res.json()["member"]["member_id"] == member.member_id


def test_an_agent_locks_for_thirty_minutes(stack: Stack) -> None:
    agent = person(stack, role="agent")
    answers = fire([("POST", stack.url(i) + "/api/v1/sessions",
                     {"json": {"username": agent.username, "password": f"wrong-{i}"}})
                    for i in range(8)])
    assert {res.status_code for res in answers} <= {401, 423}
    res = httpx.post(stack.url(0) + "/api/v1/sessions", json={
        "username": agent.username, "password": PASSWORD, "otp": two_step.TOTP(SECRET).now()})
    assert res.status_code == 423
    assert int(res.headers["Retry-After"]) > 29 * 60
