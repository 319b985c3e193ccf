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
from decimal import ROUND_HALF_EVEN, Decimal
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


# Babel's format_decimal costs ~40 µs a call: at 10,000 units × 150 criteria a CSV would spend
# a minute in it. So the language's symbols are asked of Babel (CLDR) once, and each number is
# rounded as Babel rounds it (the shortest decimal text of the float, half to even) by the C
# `decimal` module; a test checks the two agree. Reports repeat the same few values (points,
# maxima), hence the cache.


@lru_cache(maxsize=8)
def _symbols(lang: str) -> dict[int, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return {ord(","): get_group_symbol(lang), ord("."): get_decimal_symbol(lang)}


@lru_cache(maxsize=1 << 16)
def _fixed(value: float, lang: str, decimals: int) -> str:
    q = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    return f"{q:,.{decimals}f}".translate(_symbols(lang))


@lru_cache(maxsize=1 << 16)
def _trimmed(value: float, lang: str) -> str:
    # rounded once, as `number` rounds: round() first would round 2.675 down (its binary
    # value) and then show 2,67 where every table shows 2,68
    q = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    text = f"{q:,.2f}".rstrip("0").rstrip(".")
    return text.translate(_symbols(lang))


def number(value: float | None, lang: str, decimals: int = 2) -> str:
    """91,08 in Vietnamese, 91.08 in English (grouped thousands); blank for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _fixed(float(value) + 0.0, lang, decimals)  # + 0.0: never "-0"


def short(value: float | None, lang: str) -> str:
    """A value without trailing zeros (3, 2,25), for points and maxima."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _trimmed(float(value) + 0.0, lang)


def signed(value: float | None, lang: str, decimals: int = 2) -> str:
    """A change, always with its sign: +6,00 / -1,17 in Vietnamese, +6.00 / -1.17 in English
    (a zero that rounds to nothing shows no sign)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = number(abs(value), lang, decimals)
    if not text.strip("0,."):
        return text
    return ("+" if value > 0 else "-") + text


# Words of the diagnostics' frame (errors.Diagnostic.render), marked here for the catalog.
_FRAME = (N_("error"), N_("warning"), N_("hint"), N_("row {row}"))


def field(value: object, lang: str) -> str:
    """A field of a message (errors.Text) in `lang`: text as it is (a cell as read, a file
    name), whole numbers as they are (rows, counts), other numbers in the language's form,
    lists joined, nested messages translated."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return _("yes", lang) if value else _("no", lang)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return short(value, lang)
    render = getattr(value, "render", None)
    if callable(render):
        return str(render(lang))
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(field(v, lang) for v in value)
    return str(value)


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
