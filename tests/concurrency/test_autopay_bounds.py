"""Issue 11 item 2: a fixed autopay amount is bounded (open balance - credit + a period's
premium; nothing near a column's limit reaches the database: 422 ``amount_too_high``, never
500), however the PUTs race over two processes, and a draw never takes more than its notice
announced, also when both processes run the jobs at once."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx

from hcpay.portal.billing import ledger
from tests.concurrency.conftest import Call, Stack, fire, send, today_of
from tests.concurrency.people import person


def test_fixed_amounts_are_bounded_and_the_draw_is_what_the_notice_said(stack: Stack) -> None:
    day = today_of(stack)
    tenth = day.replace(day=10) if day.day <= 10 else (
        day.replace(day=28) + timedelta(days=4)).replace(day=10)
    res = httpx.post(stack.url(0) + "/sandbox/clock", json={"set": tenth.isoformat()},
                     timeout=120)
    assert res.status_code == 200, res.text
    who = person(stack, open_months=1, card=True)
    with stack.portal.db.read() as session:
        owed = sum(inv.remaining_cents for inv in ledger.open_invoices(session, who.member_id))
        cap = (owed - ledger.credit_cents(session, who.member_id)
               + ledger.monthly_premium_cents(session, who.member_id))
    headers = who.headers()
    huge = [10**12, 2**31 - 1, 2**31, 2**63, 2**64, cap + 1]

    def put(index: int, amount: int) -> Call:
        return ("PUT", stack.url(index) + "/api/v1/me/autopay", {"headers": headers, "json": {
            "payment_method_id": who.payment_method_id, "draw_day": 15,
            "amount": {"type": "fixed", "amount_cents": amount}}})

    answers = fire([put(i, amount) for i, amount in enumerate(huge * 2)])
    for res in answers:
        assert res.status_code == 422, res.text
        assert res.headers["content-type"] == "application/problem+json"
        assert res.json()["code"] == "amount_too_high"
    answers = fire([put(i, amount) for i, amount in enumerate([cap, cap - 1, 2**63, cap])])
    assert [res.status_code for res in answers] == [200, 200, 422, 200]
    assert send(put(0, cap)).status_code == 200  # the cap itself, last

    # Both processes run the jobs to the 15th at once: the notice (on the 12th) and the draw.
    target = tenth.replace(day=15).isoformat()
    for res in fire([("POST", stack.url(i) + "/sandbox/clock", {"json": {"set": target}})
                     for i in range(2)], timeout=300):
        assert res.status_code == 200, res.text
    notes = httpx.get(stack.url(1) + "/api/v1/me/notifications", headers=who.headers()).json()
    (notice,) = [n for n in notes["items"] if n["code"] == "autopay_notice"]
    said = re.search(r"we will draw \$([\d,]+\.\d\d)", notice["body"])
    assert said is not None, notice["body"]
    announced = int(said.group(1).replace(",", "").replace(".", ""))
    assert announced == owed  # the fixed amount (owed + a premium), up to what is owed
    history = httpx.get(stack.url(0) + "/api/v1/me/payments", headers=who.headers()).json()
    draws = [p for p in history["items"] if p["source"] == "autopay"
             and p["status"] in ("succeeded", "processing")]
    assert [p["amount_cents"] for p in draws] == [announced]
