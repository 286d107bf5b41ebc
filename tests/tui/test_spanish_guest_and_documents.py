"""The faces merged in English, in Spanish (as with ``--lang es``): pay without signing in from
the sign-in screen, and the Documents screen; English stays the default (set back after each
test)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from hcpay.domain import i18n
from hcpay.portal.demo import DEMO_MEMBER_ID
from screens.documents import DocumentsScreen
from screens.guest_payment import GuestPaymentScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle, text_of
from tests.tui.pay_helpers import signed_in


@pytest.fixture(autouse=True)
def spanish() -> Iterator[None]:
    i18n.set_language("es")
    try:
        yield
    finally:
        i18n.set_language("en")


async def test_a_guest_payment_speaks_spanish(make_app: AppFactory, tui_portal: FastAPI) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        from textual.widgets._footer import FooterKey

        await pilot.pause(0.2)
        shown = {(key.key, key.description) for key in app.screen.query(FooterKey)}
        assert ("f5", "Pagar sin iniciar sesión") in shown, shown
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, GuestPaymentScreen)
        assert text_of(pilot, "#heading") == "Paso 1 de 6: Buscar su factura"
        await fill(pilot, DEMO_MEMBER_ID, "03/15/1984")  # a wrong date of birth
        await settle(pilot)
        assert "No encontramos una factura" in text_of(pilot, "#status")  # the portal's words
        date_field = app.screen.query_one("#field-date_of_birth")
        date_field.value = ""  # type: ignore[attr-defined]
        date_field.focus()
        await fill(pilot, "03/14/1984")
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Paso 2 de 6: Monto"
        assert "La inicial del nombre del miembro es D" in text_of(pilot, "#status")
        assert "Debe pagar $" in text_of(pilot, "#step-help")


async def test_the_documents_screen_speaks_spanish(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await signed_in(pilot, "demo")
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        assert screen.title == "Documentos"
        assert "Se muestran: Todos los documentos" in text_of(pilot, "#documents-kind")
        for _ in range(3):  # k: bills, coverage notices, then tax forms
            await pilot.press("k")
            await settle(pilot)
        assert "Formularios de impuestos (Formulario 1095-A)" in text_of(
            pilot, "#documents-kind")
        assert "Enter abre el elegido" in text_of(pilot, "#status")
