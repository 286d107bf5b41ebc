"""Languages: the words hcpay says, in the member's language (gettext catalogs made with Babel).

Every layer may import this module (it is in ``hcpay.domain`` and imports nothing of hcpay's):
the faces, the flows and facts, the CLI and the portal.

- ``_("Pay {amount} by {date}").format(amount=..., date=...)``: the English text is the message
  id, with named placeholders, so a catalog that lacks a message says it in English.
- ``ngettext("{n} day", "{n} days", n)``: plural forms as the language counts.
- ``N_("Paid")``: marks a message kept as data (a step title, a dict of words) for extraction;
  it is translated where it is said, with ``_()``, or by the flow model on reading.
- ``lazy_gettext``: a message translated each time it is turned into text.

The language: ``set_language()`` for the whole client (from ``--lang``, ``HCPAY_LANG``, the
config, then ``LANG``/``LC_ALL``: see ``resolve_language``); ``using_language()`` for one
request or one document (the portal answers each request in its ``Accept-Language``, and the
embedded portal runs in the client's process, so the request's language is a context variable
that never leaks into the client's).

Adding a language: ``python scripts/i18n.py init LANG`` (then translate
``hcpay/locale/LANG/LC_MESSAGES/hcpay.po`` and ``python scripts/i18n.py compile``); a language
with a compiled catalog is spoken (``LANGUAGES``), its name given in ``_NAMES``.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from babel.support import LazyProxy

DOMAIN = "hcpay"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DEFAULT = "en"
# The languages hcpay speaks, each with its own name in that language (for a choice of them):
# English, and every language with a compiled catalog (``scripts/i18n.py init LANG`` makes one).
_NAMES = {"en": "English", "es": "Español"}


def _spoken() -> dict[str, str]:
    found = {"en": _NAMES["en"]}
    try:
        folders = sorted(p.name for p in LOCALE_DIR.iterdir()
                         if (p / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file())
    except OSError:
        folders = []
    for code in folders:
        found[code.lower()] = _NAMES.get(code.lower(), code)
    return found


LANGUAGES: dict[str, str] = _spoken()

_default = DEFAULT  # the client's language
_request: ContextVar[str | None] = ContextVar("hcpay_language", default=None)

DateForm = Literal["short", "long", "full"]


def normalise(value: str | None) -> str | None:
    """``es_US.UTF-8``, ``es-419``, ``ES`` -> ``es``; an unknown language -> None."""
    if not value:
        return None
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def resolve_language(
    flag: str | None = None,
    config: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The first of: ``--lang``, ``HCPAY_LANG``, the config's ``language``, then the locale
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as POSIX orders them); English otherwise."""
    env = os.environ if environ is None else environ
    for candidate in (flag, env.get("HCPAY_LANG"), config):
        found = normalise(candidate)
        if found:
            return found
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:  # the first set one decides, even when hcpay does not speak it
            return normalise(value) or DEFAULT
    return DEFAULT


def set_language(language: str | None) -> str:
    """Make ``language`` the client's (an unknown one is English); answers the one set."""
    global _default
    _default = normalise(language) or DEFAULT
    return _default


def current_language() -> str:
    """The language of what is being said now: the request's or document's, else the client's."""
    return _request.get() or _default


@contextmanager
def using_language(language: str | None) -> Iterator[str]:
    """Say everything inside in ``language`` (a portal request, a receipt for one member)."""
    chosen = normalise(language) or DEFAULT
    token = _request.set(chosen)
    try:
        yield chosen
    finally:
        _request.reset(token)


def accept_language(header: str | None) -> str:
    """The best of our languages for an ``Accept-Language`` header (``es-US,es;q=0.9``);
    English when none fits."""
    if not header:
        return DEFAULT
    best, best_q = DEFAULT, -1.0
    for position, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _eq, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        code = normalise(tag) if tag.strip() != "*" else DEFAULT
        score = q - position * 1e-6  # the first of equals wins
        if code and q > 0 and score > best_q:
            best, best_q = code, score
    return best


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``language`` (English, or a missing catalog: the message ids)."""
    if language == DEFAULT:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def gettext(message: str) -> str:
    """``message`` in the current language."""
    if not message:
        return message
    return translations(current_language()).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or a plural form of a message, as the current language counts ``n``."""
    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose English is the same as another's but whose meaning is not."""
    return translations(current_language()).pgettext(context, message)


def gettext_in(language: str, message: str) -> str:
    """``message`` in ``language``, whatever the current one."""
    return translations(normalise(language) or DEFAULT).gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for the catalog without translating it (it is translated when said)."""
    return message


def lazy_gettext(message: str) -> LazyProxy:
    """``message`` translated each time it becomes text (module-level data read later)."""
    from babel.support import LazyProxy

    return LazyProxy(gettext, message, enable_cache=False)


def lazy_ngettext(singular: str, plural: str, n: int) -> LazyProxy:
    from babel.support import LazyProxy

    return LazyProxy(ngettext, singular, plural, n, enable_cache=False)


class Said(Mapping[str, str]):
    """A mapping of keys to words computed when read (in the language of the moment), for a
    module-level table of words: ``Said(STATUSES, status_meaning)``."""

    def __init__(self, keys: Iterable[str], say: Callable[[str], str]) -> None:
        self._keys = tuple(keys)
        self._say = say

    def __getitem__(self, key: str) -> str:
        if key not in self._keys:
            raise KeyError(key)
        return self._say(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


# -- dates in words ----------------------------------------------------------------------------

_BABEL_FORMS = {"short": "medium", "long": "long", "full": "full"}


def date_words(value: date | datetime, form: DateForm) -> str | None:
    """A date as the current language writes it (``miércoles, 23 de diciembre de 2026``), or
    None in English, whose forms hcpay.domain.date_words keeps."""
    language = current_language()
    if language == DEFAULT:
        return None
    from babel.dates import format_date

    day = value.date() if isinstance(value, datetime) else value
    return str(format_date(day, _BABEL_FORMS[form], locale=language))


def month_year_words(value: date) -> str | None:
    """``noviembre de 2026``, or None in English."""
    language = current_language()
    if language == DEFAULT:
        return None
    from babel.dates import format_date

    return str(format_date(value, "LLLL 'de' y" if language == "es" else "LLLL y",
                           locale=language))


def short_month_words(value: date) -> str | None:
    """``dic 2026`` (for a column), or None in English."""
    language = current_language()
    if language == DEFAULT:
        return None
    from babel.dates import format_date

    return str(format_date(value, "LLL y", locale=language)).replace(".", "")


def short_month_only(value: date) -> str | None:
    """``mar`` (a chart's axis), or None in English."""
    language = current_language()
    if language == DEFAULT:
        return None
    from babel.dates import format_date

    return str(format_date(value, "LLL", locale=language)).replace(".", "")


def day_month_words(value: date) -> str | None:
    """``23 dic`` (a day in a list), or None in English."""
    language = current_language()
    if language == DEFAULT:
        return None
    from babel.dates import format_date

    return str(format_date(value, "d MMM", locale=language)).replace(".", "")
