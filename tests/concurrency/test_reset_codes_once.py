"""A password-reset code, raced over two portal processes on one database: it sets one new
password once however many confirms arrive together, and wrong tries sent together all count
(the fifth ends the code), so a guesser cannot spread guesses over processes to get more."""

from __future__ import annotations

import httpx

from tests.concurrency.conftest import Call, Stack, fire, send
from tests.concurrency.people import Person, person
from tests.helpers.accounts import reset_code, strong_password


def _ask(stack: Stack, who: Person) -> str:
    """Ask for a reset and read the code in the sandbox outbox."""
    res = httpx.post(stack.url(0) + "/api/v1/password-resets",
                     json={"username_or_email": who.username}, timeout=60)
    assert res.status_code == 202, res.text
    with httpx.Client(base_url=stack.url(1), timeout=60) as other:
        return reset_code(other, who.email)


def _wrong(code: str) -> str:
    return ("1" if code[0] != "1" else "2") + code[1:]


def _confirm(stack: Stack, index: int, who: Person, code: str, password: str) -> Call:
    return ("POST", stack.url(index) + "/api/v1/password-resets/confirm",
            {"json": {"username_or_email": who.username, "code": code,
                      "new_password": password}})


def _check(stack: Stack, index: int, who: Person, code: str) -> Call:
    return ("POST", stack.url(index) + "/api/v1/password-resets/check",
            {"json": {"username_or_email": who.username, "code": code}})


def _signs_in(stack: Stack, who: Person, password: str) -> bool:
    res = httpx.post(stack.url(0) + "/api/v1/sessions",
                     json={"username": who.username, "password": password}, timeout=60)
    return res.status_code == 201


def test_confirms_at_once_over_two_processes_set_one_password(stack: Stack) -> None:
    who = person(stack)
    code = _ask(stack, who)
    passwords = [strong_password() for _ in range(8)]
    answers = fire([_confirm(stack, i, who, code, pw) for i, pw in enumerate(passwords)],
                   many_addresses=True)
    statuses = [res.status_code for res in answers]
    assert sorted(statuses) == [204] + [422] * 7, [res.text for res in answers]
    for res in answers:
        if res.status_code == 422:
            assert res.json()["code"] == "invalid_code"
    winner = passwords[statuses.index(204)]
    assert _signs_in(stack, who, winner)
    assert not any(_signs_in(stack, who, pw) for pw in passwords if pw != winner)


def test_wrong_tries_at_once_all_count(stack: Stack) -> None:
    who = person(stack)
    code = _ask(stack, who)
    # four wrong tries at once over both processes: the code is still good...
    assert [r.status_code for r in fire([_check(stack, i, who, _wrong(code))
                                        for i in range(4)], many_addresses=True)] == [422] * 4
    assert send(_check(stack, 1, who, code)).status_code == 204
    # ...four more at once: none of them was lost, so the fifth ended it
    assert [r.status_code for r in fire([_check(stack, i, who, _wrong(code))
                                        for i in range(4)], many_addresses=True)] == [422] * 4
    res = fire([_confirm(stack, 0, who, code, strong_password())])[0]
    assert res.status_code == 422 and res.json()["code"] == "invalid_code"
