"""A screen-reader user's payment in Spanish (``HCPAY_LANG=es``), typed line by line on a
pseudo-terminal: the same steps and numbers as in English, said in Spanish, with the
reference spelled with the Spanish names of its letters. The same checks as every plain-mode
transcript: no escape sequence, no noise (tests/plain/noise.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plain.conftest import DEMO_DATE
from tests.plain.noise import assert_no_noise
from tests.plain.terminal import START_TIMEOUT, PlainTerminal, escapes_in

PASSWORD = "Demo-Pass-2026!"
MAIN_MENU = "Escriba un número del 1 al 9, o presione Enter para 1: "
LETTERS = {"A": "a", "B": "be", "C": "ce", "D": "de", "E": "e", "F": "efe", "G": "ge",
           "H": "hache", "I": "i", "J": "jota", "K": "ka", "L": "ele", "M": "eme", "N": "ene",
           "O": "o", "P": "pe", "Q": "cu", "R": "erre", "S": "ese", "T": "te", "U": "u",
           "V": "uve", "W": "uve doble", "X": "equis", "Y": "ye", "Z": "zeta"}


@pytest.fixture
def spanish_terminal(tmp_path: Path) -> Iterator[PlainTerminal]:
    term = PlainTerminal(tmp_path, env={"HCPAY_PORTAL_DEMO_DATE": DEMO_DATE.isoformat(),
                                        "HCPAY_LANG": "es"})
    try:
        yield term
    finally:
        term.close()
    (tmp_path.parent / f"{tmp_path.name}-transcript.txt").write_text(term.output())
    found = escapes_in(term.output())
    assert not found, "plain mode wrote escape sequences:\n" + "\n".join(found[:10])
    assert_no_noise(term.output(), term.typed)


def test_a_payment_said_in_spanish(spanish_terminal: PlainTerminal) -> None:
    term = spanish_terminal
    term.expect(r"Para oír hcpay en inglés, escriba idioma en un menú\.", timeout=START_TIMEOUT)
    term.answer("Escriba un número del 1 al 5, o presione Enter para 1: ", "1",
                timeout=START_TIMEOUT)
    term.expect(r"Paso 1 de 2: ")
    term.answer("Nombre de usuario: ", "demo")
    term.answer("Contraseña (lo que escribe no se muestra): ", PASSWORD)
    term.answer("¿Recordarme en esta computadora? Escriba s para sí o n para no, o presione "
                "Enter para no: ", "")
    term.expect(r"Sesión iniciada como demo\.")

    # The summary, in Spanish sentences; the money in US dollars; dates in Spanish words.
    term.expect(r"Resumen de la cuenta\.")
    term.expect(r"Debe \$98\.00 ahora\.")
    term.expect(r"Su próxima factura, de \$98\.00, vence el \w+, \d+ de \w+ de \d{4}: "
                r"quedan \d+ días\.")
    term.expect(r"Su cobertura está activa\.")

    # Make a payment: the same seven steps, Enter on every default.
    term.answer(MAIN_MENU, "2")
    term.expect(r"Paso 1 de 7: Monto\.")
    term.answer("Monto a pagar ($) (presione Enter para 98.00): ", "")
    term.expect(r"Paga por completo los \$98\.00 que debe\.")
    term.expect(r"Paso 2 de 7: Fecha del pago\.")
    day = term.expect(r"\(presione Enter para \w+, \d+ de \w+ de \d{4}\): ")
    assert re.search(r"(lunes|martes|miércoles|jueves|viernes|sábado|domingo), ", day), day
    term.child.sendline("")
    term.expect(r"Paso 3 de 7: Método de pago\.")
    term.expect(rf"1\. Visa terminada en 4242, vence 12/{(DEMO_DATE.year + 3) % 100:02d} "
                r"\(predeterminado\)")
    term.answer("Escriba un número del 1 al 4, o presione Enter para 1: ", "")
    term.expect(r"Paso 5 de 7: Revisión\.")
    term.expect(r"Monto: \$98\.00")
    term.answer("Presione Enter para confirmar, o escriba atrás para volver al paso anterior: ",
                "")
    term.expect(r"Paso 6 de 7: Enviar\.")
    term.answer("Presione Enter para pagar $98.00 ahora, o escriba atrás para volver al paso "
                "anterior: ", "")
    term.expect(r"Paso 7 de 7: Confirmación\.")
    term.expect(r"Pagado: \$98\.00 con Visa terminada en 4242\.")
    reference = term.expect(r"HCP-[0-9A-Z]{4}-[0-9A-Z]{4}")
    groups = ", ".join(" ".join(LETTERS.get(c, c) for c in part) for part in reference.split("-"))
    term.expect(re.escape(f"Leído por grupos: {groups}."))
    term.expect(r"Deletreado con palabras: ")
    term.answer("Presione Enter para terminar: ", "")

    term.answer(MAIN_MENU, "1")
    term.expect(r"No debe nada por ahora\.")
    term.answer(MAIN_MENU, "9")
    term.expect(r"Adiós\.")
    assert term.finish() == 0
    said = term.output()
    for english in ("Step ", "Enter a number", "Your coverage", "Press Enter", "Amount to pay"):
        assert english not in said, f"English in the Spanish transcript: {english!r}"


def test_the_language_can_be_chosen_at_the_first_menu(tmp_path: Path) -> None:
    term = PlainTerminal(tmp_path, env={"HCPAY_PORTAL_DEMO_DATE": DEMO_DATE.isoformat(),
                                        "HCPAY_LANG": ""})
    try:
        term.answer("Enter a number between 1 and 5, or press Enter for 1: ", "idioma",
                    timeout=START_TIMEOUT)
        term.expect(r"Language\.")
        term.expect(r"2\. Español")
        term.answer("Enter a number between 1 and 2, or press Enter for 1: ", "2")
        term.expect(r"Idioma: Español\. Guardado en esta computadora\.")
        term.answer("Escriba un número del 1 al 5, o presione Enter para 1: ", "5")
        term.expect(r"Adiós\.")
        assert term.finish() == 0
        assert 'language = "es"' in (tmp_path / "config" / "config.toml").read_text() or any(
            'language = "es"' in p.read_text() for p in tmp_path.rglob("config.toml"))
    finally:
        term.close()
    assert_no_noise(term.output(), term.typed)
