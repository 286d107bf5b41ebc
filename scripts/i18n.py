#!/usr/bin/env python3
"""hcpay's catalogs, with Babel: the one tool for its languages.

    python scripts/i18n.py extract      # the source -> hcpay/locale/hcpay.pot
    python scripts/i18n.py update       # extract, then merge the template into every .po
    python scripts/i18n.py compile      # every .po -> .mo (committed, so installs need nothing)
    python scripts/i18n.py init LANG    # a new language: extract, make LANG's .po, compile

A new language is ``init LANG``, then its translation in
``hcpay/locale/LANG/LC_MESSAGES/hcpay.po``, ``compile``, and its name in
``hcpay.domain.i18n.LANGUAGES``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "hcpay" / "locale"
POT = LOCALE / "hcpay.pot"
KEYWORDS = ["_", "N_", "gettext", "ngettext:1,2", "pgettext:1c,2", "gettext_in:2",
            "lazy_gettext", "lazy_ngettext:1,2"]


def pybabel(*args: str) -> None:
    os.chdir(ROOT)  # message locations and the mapping's patterns are relative to the repo
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> None:
    keywords = [part for word in KEYWORDS for part in ("-k", word)]
    pybabel("extract", "-F", str(LOCALE / "babel.cfg"), "--no-default-keywords", *keywords,
            "--sort-by-file", "--project", "hcpay", "--copyright-holder", "hcpay",
            "--msgid-bugs-address", "members@hcpay.invalid", "--width", "100",
            "--no-location", "--omit-header", "-o", str(POT), ".")


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/hcpay.po"))


def update() -> None:
    extract()
    for language in languages():
        pybabel("update", "-i", str(POT), "-d", str(LOCALE), "-D", "hcpay", "-l", language,
                "--width", "100", "--ignore-obsolete", "--no-fuzzy-matching")


def compile_all() -> None:
    for language in languages():
        pybabel("compile", "-d", str(LOCALE), "-D", "hcpay", "-l", language,
                "--statistics")


def init(language: str) -> None:
    extract()
    pybabel("init", "-i", str(POT), "-d", str(LOCALE), "-D", "hcpay", "-l", language,
            "--width", "100")
    compile_all()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"extract", "update", "compile", "init"}:
        print(__doc__, file=sys.stderr)
        return 2
    command = argv[0]
    if command == "init":
        if len(argv) != 2:
            print("usage: scripts/i18n.py init LANG", file=sys.stderr)
            return 2
        init(argv[1])
    elif command == "extract":
        extract()
    elif command == "update":
        update()
    else:
        compile_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
