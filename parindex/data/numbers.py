"""Numbers as Vietnamese offices write them: "91,08", "1.234", "91,08%", "1 234".

The convention is declared, never guessed: `vi` (the default) reads `,` as the decimal mark and
`.` as the thousands separator; `en` the other way round. Where a text can only mean one thing
under either convention ("0.95", "91,08") it is read that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VI_GROUPED = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234 or 1.234,5
_EN_GROUPED = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234 or 1,234.5
_COMMA_DECIMAL = re.compile(r"^[-+]?\d*,\d+$")
_POINT_DECIMAL = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")

NOT_APPLICABLE = frozenset(
    {"n/a", "na", "kad", "k/ad", "không áp dụng", "khong ap dung", "-", "—", "–"}
)
YES = frozenset({"1", "có", "co", "c", "x", "yes", "y", "đạt", "dat", "true"})
NO = frozenset({"0", "không", "khong", "k", "no", "n", "không đạt", "khong dat", "false"})


@dataclass(frozen=True)
class Parsed:
    value: float
    percent: bool  # the text ended with %


def parse_number(text: str, numbers: str = "vi") -> Parsed:
    """Read one cell's text; ValueError with a short reason when it is not a number."""
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    if not s:
        raise ValueError("is not a number")
    if numbers == "vi" and _VI_GROUPED.match(s):
        s = s.replace(".", "").replace(",", ".")
    elif numbers == "en" and _EN_GROUPED.match(s):
        s = s.replace(",", "")
    elif _COMMA_DECIMAL.match(s):
        s = s.replace(",", ".")
    elif not _POINT_DECIMAL.match(s):
        raise ValueError("is not a number")
    return Parsed(float(s), percent)
