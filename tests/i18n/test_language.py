"""Which language hcpay speaks, and how it is carried: ``--lang`` (anywhere on the line),
``HCPAY_LANG``, the config's ``language``, then ``LC_ALL``/``LC_MESSAGES``/``LANG``; English
otherwise. The client sends it as ``Accept-Language`` on every request and keeps the member's
choice in the portal (a portal without ``/me/preferences`` keeps it on this computer only). A
request's language never leaks into the client's (the embedded portal shares its process)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import date

import httpx
import pytest

from hcpay.api.client import PortalClient
from hcpay.api.models import TokenPair
from hcpay.cli import take_language
from hcpay.domain import i18n
from hcpay.domain.counting import counted
from hcpay.domain.date_words import long_date, month_words, short_date
from hcpay.domain.money import format_cents
from hcpay.facts.words import long_day, spelled_out


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


def test_the_order_of_the_sources() -> None:
    env = {"HCPAY_LANG": "es", "LANG": "en_US.UTF-8"}
    assert i18n.resolve_language("en", "es", env) == "en"  # --lang first
    assert i18n.resolve_language(None, "en", env) == "es"  # then HCPAY_LANG
    assert i18n.resolve_language(None, "es", {"LANG": "en_US.UTF-8"}) == "es"  # the config
    assert i18n.resolve_language(None, None, {"LANG": "es_US.UTF-8"}) == "es"  # the locale
    assert i18n.resolve_language(None, None, {"LC_ALL": "en_US", "LANG": "es_MX"}) == "en"
    assert i18n.resolve_language(None, None, {"LANG": "fr_FR.UTF-8"}) == "en"  # not spoken
    assert i18n.resolve_language(None, None, {"LANG": "C.UTF-8"}) == "en"
    assert i18n.resolve_language(None, None, {}) == "en"
    assert i18n.resolve_language("ES", None, {}) == "es"
    assert i18n.resolve_language("es-419", None, {}) == "es"


def test_accept_language() -> None:
    assert i18n.accept_language(None) == "en"
    assert i18n.accept_language("es") == "es"
    assert i18n.accept_language("es-US,es;q=0.9,en;q=0.8") == "es"
    assert i18n.accept_language("fr-FR,es;q=0.5") == "es"
    assert i18n.accept_language("en;q=0.9,es;q=0.95") == "es"
    assert i18n.accept_language("de, fr") == "en"
    assert i18n.accept_language("es;q=0") == "en"
    assert i18n.accept_language("*") == "en"


def test_lang_is_taken_from_anywhere_on_the_command_line() -> None:
    argv = ["status", "--lang", "es", "--json"]
    assert take_language(argv) == "es" and argv == ["status", "--json"]
    argv = ["--lang=es", "history"]
    assert take_language(argv) == "es" and argv == ["history"]
    argv = ["pay", "--", "--lang", "es"]
    assert take_language(argv) is None and argv == ["pay", "--", "--lang", "es"]


def test_a_request_language_stays_in_its_request() -> None:
    i18n.set_language("en")
    with i18n.using_language("es"):
        assert i18n.current_language() == "es"
        assert i18n.gettext("Paid") == "Pagado"
    assert i18n.current_language() == "en"
    assert i18n.gettext("Paid") == "Paid"


def test_dates_in_words_money_in_dollars_and_plurals() -> None:
    day = date(2026, 12, 23)
    assert long_day(day) == "Wednesday, December 23, 2026"
    i18n.set_language("es")
    assert long_day(day) == "miércoles, 23 de diciembre de 2026"
    assert long_date(day) == "23 de diciembre de 2026"
    assert short_date(day) == "23 dic 2026"
    assert month_words("2026-11") == "noviembre de 2026"
    assert format_cents(123450) == "$1,234.50"  # US dollars in both languages
    assert counted(1, "day") == "1 día" and counted(15, "minute") == "15 minutos"
    assert spelled_out("HCP-7K2M-9QX4") == "hache ce pe, 7 ka 2 eme, 9 cu equis 4"


def test_the_flows_read_their_words_in_the_language() -> None:
    from hcpay.flows.make_payment import MAKE_PAYMENT

    assert MAKE_PAYMENT.heading(5) == "Step 5 of 7: Review"
    i18n.set_language("es")
    assert MAKE_PAYMENT.heading(5) == "Paso 5 de 7: Revisión"
    assert MAKE_PAYMENT.step(3).fields[0].choices[0][1] == "Una tarjeta nueva"
    assert MAKE_PAYMENT.step(3).fields[0].choices[0][0] == "new_card"  # values never change


def _client(answer: int, seen: list[httpx.Request]) -> PortalClient:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if answer == 404:
            return httpx.Response(404, json={"type": "about:blank", "title": "Not found",
                                             "status": 404, "detail": "There is nothing at "
                                             "this address.", "code": "not_found"},
                                  headers={"content-type": "application/problem+json"})
        return httpx.Response(answer)

    client = PortalClient("http://portal.test", transport=httpx.MockTransport(handler))
    client.use_tokens(TokenPair(access_token="a", refresh_token="r", expires_in=900))
    return client


def test_the_choice_is_sent_to_the_portal_with_accept_language() -> None:
    async def run() -> tuple[bool, bool]:
        seen: list[httpx.Request] = []
        i18n.set_language("es")
        kept = await _client(204, seen).set_language("es")
        missing: list[httpx.Request] = []
        here_only = await _client(404, missing).set_language("es")
        assert seen[0].method == "PUT" and seen[0].url.path == "/api/v1/me/preferences"
        assert json.loads(seen[0].content) == {"language": "es"}
        assert seen[0].headers["accept-language"] == "es"
        return kept, here_only

    kept, here_only = asyncio.run(run())
    assert kept is True
    assert here_only is False  # "kept on this computer only", not a failure
