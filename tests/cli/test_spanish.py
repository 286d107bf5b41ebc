"""The command line in Spanish: ``hcpay status --lang es`` (the flag anywhere on the line),
``HCPAY_LANG``, and ``language = "es"`` in config.toml; money stays US dollars and ``--json``
keeps its keys, codes and ISO dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from hcpay.domain import i18n
from tests.cli.helpers import hcpay


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")  # the next test in this process starts in the default


def test_status_in_spanish(signed_in: Path) -> None:
    english = hcpay("status")
    assert english.code == 0, english.err
    assert "Your coverage is active." in english.out

    spanish = hcpay("status", "--lang", "es")
    assert spanish.code == 0, spanish.err
    assert "Su cobertura está activa." in spanish.out
    assert "Your coverage" not in spanish.out
    assert "Debe $" in spanish.out or "No debe nada por ahora." in spanish.out
    for dollars in (word for word in english.out.split() if word.startswith("$")):
        assert dollars.rstrip(".,:;") in spanish.out  # $1,234.50 in both languages
    if "vence" in spanish.out:  # a date in words, a Spanish month: "23 dic 2026"
        assert re.search(r"\b\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\.? "
                         r"\d{4}\b", spanish.out), spanish.out

    before = hcpay("--lang", "es", "status")  # before the command too
    assert before.out == spanish.out


def test_json_is_the_same_shape_in_spanish(signed_in: Path) -> None:
    english = hcpay("status", "--json").json()
    spanish = hcpay("status", "--json", "--lang=es").json()
    assert spanish.keys() == english.keys()
    assert spanish["balance_due"] == english["balance_due"]
    assert spanish["coverage_status"] == english["coverage_status"]
    assert spanish["today"] == english["today"]  # ISO for programs


def test_the_language_from_the_environment_and_the_config(
    signed_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HCPAY_LANG", "es")
    assert "Su cobertura" in hcpay("status").out
    monkeypatch.delenv("HCPAY_LANG")
    from hcpay.config import update_config

    update_config(language="es")
    assert "Su cobertura" in hcpay("status").out
    assert "Your coverage" in hcpay("status", "--lang", "en").out  # the flag wins
    update_config(language=None)
    monkeypatch.setenv("LANG", "es_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert "Su cobertura" in hcpay("status").out


def test_an_unknown_language_is_a_usage_error(signed_in: Path) -> None:
    result = hcpay("status", "--lang", "xx")
    assert result.code == 2
    assert "--lang" in result.err


def test_documents_list_in_spanish(signed_in: Path) -> None:
    spanish = hcpay("documents", "list", "--lang", "es")
    assert spanish.code == 0, spanish.err
    for words in ("Identificador", "Tipo", "Título", "Facturas",
                  "Formularios de impuestos (Formulario 1095-A)", "Guarde uno con"):
        assert words in spanish.out, (words, spanish.out)
    assert "Tax forms" not in spanish.out and "Save one with" not in spanish.out
    none = hcpay("documents", "list", "--kind", "notice", "--lang", "es")
    assert none.code == 0 and "Todavía no tiene avisos de cobertura." in none.out, none.out
