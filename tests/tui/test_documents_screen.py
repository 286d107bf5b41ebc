"""The Documents screen, keyboard only: the demo member opens the dashboard's Documents (d),
reads the 2025 Form 1095-A and a bill, and saves each as a PDF under a name they type; the
PDF's first page, rendered, has the member's name, the year and the twelve months."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pypdfium2
from fastapi import FastAPI
from textual.pilot import Pilot
from textual.widgets import Input, ListView

from hcpay import paths
from hcpay.app import HcpayApp
from screens.documents import DocumentsScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle, text_of, type_text
from tests.tui.pay_helpers import signed_in

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def first_page_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        page = pdf[0]
        bitmap = page.render(scale=1).to_pil()  # the page really renders
        assert bitmap.size[0] > 500 and bitmap.getbbox() is not None
        text: str = page.get_textpage().get_text_range()
        return text
    finally:
        pdf.close()


async def _choose(pilot: Pilot[None], screen: DocumentsScreen, kind_presses: int) -> None:
    for _ in range(kind_presses):
        await pilot.press("k")
        await settle(pilot)
    assert screen.items


async def _save_pdf(pilot: Pilot[None], screen: DocumentsScreen, name: str) -> Path:
    await pilot.press("enter")  # open it
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    box = screen.query_one("#save-as", Input)
    assert box.has_focus and box.value.endswith(".pdf")
    await pilot.press("ctrl+u")
    await type_text(pilot, name)
    await pilot.press("enter")
    await settle(pilot)
    target = paths.documents_dir() / name
    assert "Saved" in text_of(pilot, "#status")
    assert str(target) in text_of(pilot, "#status")
    return target


async def test_the_demo_member_opens_and_saves_the_2025_form_and_a_bill_as_pdf(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        assert isinstance(app, HcpayApp)
        await signed_in(pilot, "demo")
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        assert "Showing: All documents" in text_of(pilot, "#documents-kind")

        # k: bills, coverage notices, then tax forms
        await _choose(pilot, screen, 3)
        assert "Tax forms (Form 1095-A)" in text_of(pilot, "#documents-kind")
        assert [i.title for i in screen.items] == ["Form 1095-A for 2025"]
        form = await _save_pdf(pilot, screen, "form-2025.pdf")
        shown = text_of(pilot, "#document-text")
        assert "Form 1095-A for 2025" in shown and "Dana Rivera" in shown
        page = first_page_text(form)
        assert "Dana Rivera" in page and "2025" in page
        assert all(month in page for month in MONTHS), page
        assert "Annual totals" in page

        # k three more times: receipts, all, then bills
        await _choose(pilot, screen, 3)
        assert "Showing: Bills" in text_of(pilot, "#documents-kind")
        assert screen.query_one("#documents", ListView).index == 0
        bill = await _save_pdf(pilot, screen, "bill.pdf")
        page = first_page_text(bill)
        assert "Dana Rivera" in page and "Member ID" in page and "Due date" in page
        assert screen.items[0].title.split(" (")[0].removeprefix("Bill for ") in page

        # p prints the opened bill to text, in the documents folder
        await pilot.press("p")
        await settle(pilot)
        printed = Path(screen.saved["txt"])
        assert printed.parent == paths.documents_dir() and printed.suffix == ".txt"
        assert "Dana Rivera" in await asyncio.to_thread(printed.read_text)

        # Esc while asking for a name cancels; Esc again goes back to the dashboard
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "Not saved." in text_of(pilot, "#status")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, DocumentsScreen)


async def test_settings_switch_bills_to_mail_and_back(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        assert isinstance(app, HcpayApp)
        await signed_in(pilot, "demo")
        await pilot.press("s")
        await settle(pilot)
        assert "Bills: Paperless (by email)." in text_of(pilot, "#paperless")
        await pilot.press("b")
        await settle(pilot)
        assert "Bills: Paper (by mail)." in text_of(pilot, "#paperless")
        assert "Coverage notices: Paperless (by email)." in text_of(pilot, "#paperless")
        client = await app.portal()
        assert (await client.document_preferences()).paperless.bill == "mail"
        await pilot.press("b")
        await settle(pilot)
        assert (await client.document_preferences()).paperless.bill == "email"


async def test_tab_goes_round_the_documents_screen_at_80_by_24(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    from tests.tui.test_keyboard_access import tab_cycle

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app, HcpayApp)
        await signed_in(pilot, "demo")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DocumentsScreen)
        stops = await tab_cycle(pilot)
        assert stops[-1].id == "documents"  # the list has focus first, and again last
        await pilot.press("enter")
        await settle(pilot)
        assert "Member ID" in text_of(pilot, "#document-text")
