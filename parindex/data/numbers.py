"""Numbers as Vietnamese offices write them: "91,08", "1.234", "91,08%", "1 234" — read strictly.

The convention is declared, never guessed: `vi` (the default) reads `,` as the decimal mark and
`.` as the thousands separator; `en` the other way round. Each text is parsed by Babel's
`parse_decimal(strict=True)` in the declared locale, so a thousands group has exactly three
digits and "0.875" is never 875. A text that only the other convention reads ("0.875", "12.34"
in `vi`) is read that way and says so; a text both conventions read differently ("1.071") keeps
the declared reading, and the other one is kept to explain an error ("did you mean 1071?").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from parindex.errors import Text, t

NOT_APPLICABLE = frozenset(
    {"n/a", "na", "kad", "k/ad", "không áp dụng", "khong ap dung", "-", "—", "–"}
)
YES = frozenset({"1", "có", "co", "c", "x", "yes", "y", "đạt", "dat", "true"})
NO = frozenset({"0", "không", "khong", "k", "no", "n", "không đạt", "khong dat", "false"})
OTHER = {"vi": "en", "en": "vi"}
MARKS = {"vi": (t("decimal comma"), ","), "en": (t("decimal point"), ".")}
GROUP = {"vi": ".", "en": ","}


def how_read(text: str, convention: str) -> tuple[Text, ...]:
    """What the separators in `text` meant: "decimal comma", "`.` groups thousands" … (a
    message field: the parts are joined in the reader's language); empty without separators."""
    parts = []
    if MARKS[convention][1] in text:
        parts.append(MARKS[convention][0])
    if GROUP[convention] in text:
        parts.append(t("`{mark}` groups thousands", mark=GROUP[convention]))
    return tuple(parts)


@dataclass(frozen=True)
class Number:
    """A value as read, for a message: every digit kept, written with the reader's decimal
    mark (0,875 in Vietnamese, 0.875 in English), where a limit the program states is rounded."""

    value: float

    def render(self, lang: str) -> str:
        return write_as(self.value, lang)


@dataclass(frozen=True)
class Parsed:
    value: float
    percent: bool  # the text ended with %
    # what its separators meant, when it has any: "decimal comma, `.` groups thousands"
    how: tuple[Text, ...] = ()
    other: float | None = None  # the other convention's reading, when it differs
    foreign: bool = False  # only the other convention reads it ("0.875" under `vi`)


def _strict(text: str, locale: str) -> Decimal | None:
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        return parse_decimal(text, locale=locale, strict=True)
    except (NumberFormatError, ValueError, ArithmeticError):
        return None


def _finite(d: Decimal) -> float | None:
    if not d.is_finite():
        return None
    f = float(d)
    return f if math.isfinite(f) else None


def parse_number(text: str, numbers: str = "vi") -> Parsed:
    """Read one cell's text; ValueError with a short reason when it is not a number."""
    s = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    if not s or s.casefold().lstrip("+-") in ("nan", "inf", "infinity", "∞"):
        raise ValueError("is not a number")
    if s.isdecimal() and s.isascii():
        return Parsed(float(s), percent)
    own = _strict(s, numbers)
    alt = _strict(s, OTHER[numbers])
    if own is None and alt is None:
        raise ValueError("is not a number")
    mine = _finite(own) if own is not None else None
    theirs = _finite(alt) if alt is not None else None
    if (own is not None and mine is None) or (own is None and theirs is None):
        raise ValueError("is not a finite number (too large, infinite or NaN)")
    if mine is not None:
        other = theirs if theirs is not None and theirs != mine else None
        how = how_read(s, numbers)
        return Parsed(mine, percent, how, other)
    assert theirs is not None
    # "0.875" cannot be Vietnamese (no thousands group starts with 0): only one reading
    return Parsed(theirs, percent, how_read(s, OTHER[numbers]), foreign=True)


def write_as(value: float, numbers: str) -> str:
    """A value as it should be typed under the convention, for hints: 1071 or 0,875."""
    text = f"{value:.15g}"
    if "e" in text:
        return text
    return text.replace(".", ",") if numbers == "vi" else text
