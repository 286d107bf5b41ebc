"""What the portal writes for a member by itself (the month's bill notice and the bill, a
reminder) is in the language the member saved (``PUT /me/preferences {"language": ...}``),
whatever the language of the request that moved the clock; members who saved none, or saved
English, read English as before. The client's ``set_language`` keeps the choice in the account."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.api import PortalClient, RetryPolicy
from hcpay.api.models import TokenPair
from hcpay.portal.billing.periods import add_months
from hcpay.portal.models import Member
from hcpay.portal.services.tokens import start_login
from tests.helpers.members import TestMember, advance, make_member, portal_of, set_day, today


def _save_language(client: TestClient, member: TestMember, language: str) -> None:
    res = client.put("/api/v1/me/preferences", headers=member.headers,
                     json={"language": language})
    assert res.status_code == 200, res.text
    assert res.json()["language"] == language


def _notices(client: TestClient, member: TestMember, code: str) -> list[dict[str, Any]]:
    res = client.get("/api/v1/me/notifications", headers=member.headers)
    assert res.status_code == 200, res.text
    return [n for n in res.json()["items"] if n["code"] == code]


def _bill_text(client: TestClient, member: TestMember) -> str:
    res = client.get("/api/v1/me/documents", headers=member.headers, params={"kind": "bill"})
    assert res.status_code == 200, res.text
    (bill,) = res.json()["items"]
    text = client.get(f"/api/v1/me/documents/{bill['document_id']}", headers=member.headers)
    assert text.status_code == 200, text.text
    return text.text


def test_the_months_bill_notice_and_the_bill_are_in_the_saved_language(
    client: TestClient,
) -> None:
    spanish = make_member(client)
    _save_language(client, spanish, "es")
    english = make_member(client)
    untouched = make_member(client)  # never saved a language
    _save_language(client, english, "en")
    # the job runner moves the clock (the request asks for nothing in particular: English)
    set_day(client, add_months(today(client).replace(day=1), 1))

    (notice,) = _notices(client, spanish, "invoice_issued")
    assert notice["subject"].startswith("Su factura de ") and "está lista" in notice["subject"]
    assert "Abra Documentos en la aplicación" in notice["body"]
    text = _bill_text(client, spanish)
    assert "Factura de " in text and "(plan de salud)" in text
    assert "Número de miembro" in text and "Fecha de vencimiento" in text
    assert "Bill for" not in text and "Member ID" not in text

    for member in (english, untouched):
        (notice,) = _notices(client, member, "invoice_issued")
        assert notice["subject"].startswith("Your bill for ")
        assert "Open Documents in the app" in notice["body"]
        text = _bill_text(client, member)
        assert "Bill for " in text and "(health plan)" in text and "Member ID" in text
        assert "Factura" not in text


def test_a_reminder_after_saving_spanish_is_in_spanish(client: TestClient) -> None:
    spanish = make_member(client)
    english = make_member(client)
    for member in (spanish, english):
        res = client.put("/api/v1/me/notification-preferences", headers=member.headers,
                         json={"remind_days_before_due": 4})
        assert res.status_code == 200, res.text
    _save_language(client, spanish, "es")
    due = add_months(today(client).replace(day=1), 1).replace(day=23)
    set_day(client, due - timedelta(days=5))
    # a request in English moves the clock: each member still reads their own language
    res = client.post("/sandbox/clock", json={"advance_days": 1},
                      headers={"Accept-Language": "en"})
    assert res.status_code == 200, res.text

    (reminder,) = _notices(client, spanish, "payment_reminder")
    assert reminder["subject"].startswith("Su prima vence el ")
    assert "Un recordatorio" in reminder["body"]
    (reminder,) = _notices(client, english, "payment_reminder")
    assert reminder["subject"].startswith("Your premium is due on ")
    assert reminder["body"].startswith("A reminder: ")
    advance(client, 0)


async def test_the_clients_choice_is_kept_in_the_account(
    client: TestClient, portal_app: FastAPI
) -> None:
    made = make_member(client)
    portal = portal_of(client)
    with portal.db.write() as session:
        member = session.get(Member, made.member_id)
        assert member is not None
        pair = start_login(session, member, now=portal.clock.now(), settings=portal.settings)
    async with PortalClient("http://portal.test",
                            transport=httpx.ASGITransport(app=portal_app),
                            retry=RetryPolicy(backoff=0.0)) as api:
        api.use_tokens(TokenPair(access_token=pair.access_token,
                                 refresh_token=pair.refresh_token, expires_in=pair.expires_in))
        assert await api.set_language("es") is True  # the real route: "saved in your account"
    res = client.get("/api/v1/me/preferences", headers=made.headers)
    assert res.json()["language"] == "es"
