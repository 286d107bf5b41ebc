"""The portal in Spanish: a request with ``Accept-Language: es`` gets problem+json ``title``,
``detail`` and field ``message``s in Spanish with the same ``code`` as in English, and a
receipt (text and PDF) in Spanish; money stays US dollars. English stays the default."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi.testclient import TestClient

from hcpay.domain.i18n import current_language
from tests.helpers.gateway import card_token
from tests.helpers.members import make_member
from tests.portal.test_receipts import pdf_strings

ES = {"Accept-Language": "es-US,es;q=0.9,en;q=0.5"}


def _pay(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return client.post("/api/v1/me/payments", json=body,
                       headers={**headers, "Idempotency-Key": secrets.token_hex(8)})


def test_a_problem_in_spanish_keeps_its_code(client: TestClient) -> None:
    english = client.get("/api/v1/me/summary")
    spanish = client.get("/api/v1/me/summary", headers=ES)
    assert english.status_code == spanish.status_code == 401
    assert english.headers["content-type"].startswith("application/problem+json")
    en, es = english.json(), spanish.json()
    assert es["code"] == en["code"]  # codes never change
    assert en["title"] == "Not signed in"
    assert es["title"] == "No ha iniciado sesión"
    assert es["detail"] != en["detail"] and "inicie sesión" in es["detail"].lower()
    assert spanish.headers["content-language"] == "es"
    assert english.headers["content-language"] == "en"
    assert current_language() == "en"  # the request's language never leaks out of it


def test_field_messages_in_spanish(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    body = {"amount_cents": 0, "token": card_token(client)}
    english = _pay(client, member.headers, body)
    spanish = _pay(client, {**member.headers, **ES}, body)
    assert english.status_code == spanish.status_code == 422
    en, es = english.json(), spanish.json()
    assert es["code"] == en["code"]
    assert es["title"] == "Revise lo que escribió"
    assert [e["field"] for e in es["errors"]] == [e["field"] for e in en["errors"]]
    assert [e.get("rule") for e in es["errors"]] == [e.get("rule") for e in en["errors"]]
    said = " ".join(e["message"] for e in es["errors"])
    assert "Escriba un monto mayor que $0.00." in said, es


def test_a_receipt_in_spanish_text_and_pdf(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    headers = member.headers
    owed = client.get("/api/v1/me/summary", headers=headers).json()["balance_due_cents"]
    paid = _pay(client, headers, {"amount_cents": owed, "token": card_token(client)}).json()
    reference = paid["reference"]
    url = f"/api/v1/me/payments/{reference}/receipt"

    text = client.get(f"{url}?format=txt", headers={**headers, **ES}).text
    for words in ("Recibo de pago", "Pagado con", "Visa terminada en 4242", "Número de miembro",
                  member.member_id, reference, f"${owed / 100:,.2f}", "Servicios para Miembros",
                  "Guarde este recibo"):
        assert words in text, (words, text)
    status_line = next(line for line in text.splitlines() if line.startswith("Estado"))
    assert status_line.split(None, 1)[1] == "Pagado"
    assert " de 20" in text  # dates in words, in Spanish ("23 de diciembre de 2026")
    assert "Payment receipt" not in text and "Paid with" not in text

    pdf = client.get(f"{url}?format=pdf", headers={**headers, **ES})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    shown = pdf_strings(pdf.content)
    for words in ("Recibo de pago", "Pagado con", "Número de miembro", "Fecha y hora",
                  f"${owed / 100:,.2f}"):
        assert words in shown, (words, shown)

    english = client.get(f"{url}?format=txt", headers=headers).text  # the default
    assert "Payment receipt" in english and "Recibo" not in english
