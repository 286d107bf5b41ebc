"""Guest lookups racing over two portal processes on one database: the 5-mismatch lock for a
member id holds however many guesses arrive at once, and an agent's pay code is used once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hcpay.portal.models import Member
from hcpay.portal.services import pay_links
from tests.concurrency.conftest import Call, Stack, fire, send
from tests.concurrency.people import person

BORN = date(1979, 11, 2)


def _lookup(stack: Stack, index: int, body: dict[str, str]) -> Call:
    return ("POST", stack.url(index) + "/api/v1/guest/lookup", {"json": body})


def _born(stack: Stack, member_id: str) -> None:
    with stack.portal.db.write() as session:
        member = session.get(Member, member_id)
        assert member is not None
        member.date_of_birth = BORN


def test_guesses_at_once_never_pass_the_lock(stack: Stack) -> None:
    member = person(stack, open_months=1)
    _born(stack, member.member_id)
    wrong = [_lookup(stack, i, {"member_id": member.member_id,
                                "date_of_birth": f"1980-01-{i + 1:02d}"}) for i in range(24)]
    statuses = [res.status_code for res in fire(wrong, many_addresses=True)]
    assert set(statuses) <= {404, 423}, statuses
    assert statuses.count(404) == stack.portal.settings.guest_lookup_failures
    right = send(_lookup(stack, 0, {"member_id": member.member_id,
                                    "date_of_birth": BORN.isoformat()}))
    assert right.status_code == 423, right.text


def test_a_pay_code_is_used_once_however_many_try_it(stack: Stack) -> None:
    member = person(stack, open_months=1)
    agent = person(stack, role="agent")
    portal = stack.portal
    with portal.db.write() as session:
        row = session.get(Member, member.member_id)
        by = session.execute(select(Member).where(Member.member_id == agent.member_id)).scalar_one()
        assert row is not None
        made = pay_links.make(session, row, by, reason="Caller wants to pay by phone",
                              now=portal.clock.now(), settings=portal.settings)
    answers = fire([_lookup(stack, i, {"pay_code": pay_links.shown(made.code)})
                    for i in range(12)], many_addresses=True)
    statuses = sorted(res.status_code for res in answers)
    assert statuses == [201] + [404] * 11, statuses
