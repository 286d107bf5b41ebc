"""The Spanish catalog is complete: every message the client or the portal says (extracted from
the source with Babel, as ``scripts/i18n.py extract`` does) has a Spanish translation that
keeps the same placeholders; the compiled catalog is the one the .po makes; the glossary's
terms are used and their synonyms are not."""

from __future__ import annotations

import io
import re
import string
import sys
import tomllib
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "hcpay" / "locale"
sys.path.insert(0, str(ROOT / "scripts"))
import i18n as catalog_tool  # noqa: E402  (scripts/i18n.py: the one list of keywords)


def keywords() -> dict[str, tuple[object, ...] | None]:
    """scripts/i18n.py's ``-k`` words in the shape Babel's extractor takes."""
    found: dict[str, tuple[object, ...] | None] = {}
    for word in catalog_tool.KEYWORDS:
        name, _sep, spec = word.partition(":")
        if not spec:
            found[name] = None
            continue
        parts: list[object] = []
        for part in spec.split(","):
            parts.append((int(part[:-1]), "c") if part.endswith("c") else int(part))
        found[name] = tuple(parts)
    return found


def extracted() -> dict[str, str | None]:
    """Every message id in the source (singular -> plural, None for a plain message)."""
    method_map = [("hcpay/**.py", "python"), ("screens/**.py", "python")]
    found: dict[str, str | None] = {}
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=keywords(), comment_tags=(),
    ):
        if isinstance(message, tuple):
            found[message[0]] = message[1]
        else:
            found[message] = None
    return {k: v for k, v in found.items() if k}


def spanish() -> object:
    with (LOCALE / "es" / "LC_MESSAGES" / "hcpay.po").open("rb") as file:
        return read_po(file, locale="es")


def placeholders(text: str) -> set[str]:
    """``{amount}``, ``{date:%b}`` -> {"amount", "date:%b"}: a name and its format."""
    names = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            said = f"!{conversion}" if conversion else ""
            names.add(name + said + (f":{spec}" if spec else ""))
    return names


def test_the_source_has_messages() -> None:
    messages = extracted()
    assert len(messages) > 500  # the faces, the flows, the facts, the portal's problems
    assert "Step {number} of {total}: {title}" in messages
    assert "Please check what you entered" in messages  # a portal title


def test_every_message_has_a_spanish_translation() -> None:
    catalog = spanish()
    missing = []
    fuzzy = []
    for message_id, plural in extracted().items():
        entry = catalog.get(message_id)  # type: ignore[attr-defined]
        if entry is None:
            missing.append(message_id)
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(strings) or (plural is not None and not isinstance(entry.id, tuple)):
            missing.append(message_id)
        if entry.fuzzy:
            fuzzy.append(message_id)
    assert not missing, (f"{len(missing)} messages have no Spanish translation (run "
                         "`python scripts/i18n.py update`, translate, then `compile`): "
                         + "; ".join(repr(m) for m in missing[:20]))
    assert not fuzzy, f"fuzzy (unchecked) translations: {fuzzy[:20]}"


def test_translations_keep_the_placeholders() -> None:
    wrong = []
    for entry in spanish():  # type: ignore[attr-defined]
        if not entry.id:
            continue
        if isinstance(entry.id, tuple):
            wanted = placeholders(entry.id[0]) | placeholders(entry.id[1])
            forms = [placeholders(form) for form in entry.string]
            # a singular may leave out the number ("Su último pago"), nothing else
            if any(not form <= wanted for form in forms) or set().union(*forms) != wanted:
                wrong.append((entry.id, entry.string))
        elif placeholders(entry.id) != placeholders(entry.string):
            wrong.append((entry.id, entry.string))
    assert not wrong, "a translation drops or adds a placeholder: " + "; ".join(
        f"{msgid!r} -> {msgstr!r}" for msgid, msgstr in wrong[:10])


def test_the_placeholder_check_catches_a_dropped_one() -> None:
    assert placeholders("Pay {amount} by {date}.") != placeholders("Pague {amount}.")
    assert placeholders("{when:%b} {day}") == {"when:%b", "day"}


def test_the_compiled_catalog_is_the_po_compiled() -> None:
    """hcpay.mo is committed (an install needs no build step): it must be the .po's."""
    buffer = io.BytesIO()
    write_mo(buffer, spanish(), use_fuzzy=False)  # type: ignore[arg-type]
    committed = (LOCALE / "es" / "LC_MESSAGES" / "hcpay.mo").read_bytes()
    assert buffer.getvalue() == committed, "run `python scripts/i18n.py compile`"


@pytest.fixture(scope="module")
def glossary() -> dict[str, dict[str, object]]:
    with (LOCALE / "glossary.es.toml").open("rb") as file:
        return dict(tomllib.load(file)["terms"])


def test_the_glossary_terms_are_kept(glossary: dict[str, dict[str, object]]) -> None:
    strings = [s for entry in spanish() if entry.id  # type: ignore[attr-defined]
               for s in (entry.string if isinstance(entry.string, tuple) else (entry.string,))]
    text = "\n".join(strings).lower()
    used_avoided = [(term, word) for term, spec in glossary.items()
                    for word in spec.get("avoid", [])  # type: ignore[attr-defined]
                    if re.search(rf"\b{re.escape(str(word).lower())}\b", text)]
    assert not used_avoided, f"synonyms the glossary avoids: {used_avoided}"
    for term in ("factura", "prima", "período de gracia", "pago automático",
                 "número de referencia", "número de miembro"):
        assert term in text, term
