"""One language per run: message catalogs (gettext) and numbers and dates (Babel).

Messages are written in English in the code, marked with `_()`; the Vietnamese catalog
(`parindex/reports/locale/vi/LC_MESSAGES/parindex.po`, compiled to `.mo` beside it and shipped
with the package) translates them. English needs no catalog: the message is its own text.
Numbers and dates follow the language's CLDR conventions through Babel (91,08 and 01/07/2016 in
Vietnamese; 91.08 and Jul 1, 2016 in English). Babel is imported only when a number is formatted.
"""

from __future__ import annotations

import gettext
import math
from datetime import date
from functools import lru_cache
from pathlib import Path

LANGS = ("vi", "en")
DOMAIN = "parindex"
LOCALE_DIR = Path(__file__).parent / "reports" / "locale"


@lru_cache(maxsize=4)
def translation(lang: str) -> gettext.NullTranslations:
    """The catalog of `lang`; English is the messages' own language."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def _(message: str, lang: str) -> str:
    """`message` (English) in `lang`."""
    return translation(lang).gettext(message)


def N_(message: str) -> str:
    """Marks a message for the catalog where it is translated later (a table of labels)."""
    return message


def number(value: float | None, lang: str, decimals: int = 2) -> str:
    """91,08 in Vietnamese, 91.08 in English (grouped thousands); blank for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _format(float(value), "#,##0" + ("." + "0" * decimals if decimals > 0 else ""), lang)


def short(value: float | None, lang: str) -> str:
    """A value without trailing zeros (3, 2,25), for points and maxima."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _format(round(float(value), 2), "#,##0.##", lang)


# a report formats the same few values (points, maxima) thousands of times: Babel parses the
# pattern and the locale on every call, so each distinct value is formatted once
@lru_cache(maxsize=16384)
def _format(value: float, pattern: str, lang: str) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(value, format=pattern, locale=lang))


def percent(value: float | None, lang: str, decimals: int = 2) -> str:
    """A rate (0.22) as a percentage: 22,00% / 22.00%."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return number(value * 100, lang, decimals) + "%"


def day(iso: str, lang: str) -> str:
    """2016-07-01 → 01/07/2016 (as Vietnamese documents write dates) or Jul 1, 2016."""
    from babel.dates import format_date

    d = date.fromisoformat(iso[:10])
    return str(format_date(d, "dd/MM/yyyy" if lang == "vi" else "medium", locale=lang))
