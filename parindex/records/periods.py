"""Reporting periods: a month, a quarter, a half-year or a year, as `--period` writes them.

Inside the aggregation a period is a whole number, its *bucket*: months since year 0 for
months, and likewise quarters, halves and years, so the SQL stays plain arithmetic that every
engine runs alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

GRAINS = {"month": 12, "quarter": 4, "half": 2, "year": 1}  # periods per year


@dataclass(frozen=True)
class Period:
    grain: str
    bucket: int

    @property
    def label(self) -> str:
        per = GRAINS[self.grain]
        year, k = divmod(self.bucket, per)
        if self.grain == "month":
            return f"{year}-{k + 1:02d}"
        if self.grain == "quarter":
            return f"{year}-Q{k + 1}"
        if self.grain == "half":
            return f"{year}-H{k + 1}"
        return str(year)

    @property
    def start(self) -> datetime:
        per = GRAINS[self.grain]
        year, k = divmod(self.bucket, per)
        return datetime(year, 1 + k * (12 // per), 1)

    @property
    def end(self) -> datetime:
        """The first instant after the period."""
        return Period(self.grain, self.bucket + 1).start


def parse_period(text: str) -> Period:
    """`2016`, `2016-H1`, `2016-Q2`, `2016-06` → Period; ValueError with the forms otherwise."""
    t = text.strip().upper()
    if m := re.fullmatch(r"(\d{4})", t):
        return Period("year", int(m[1]))
    if m := re.fullmatch(r"(\d{4})-H([12])", t):
        return Period("half", int(m[1]) * 2 + int(m[2]) - 1)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", t):
        return Period("quarter", int(m[1]) * 4 + int(m[2]) - 1)
    if (m := re.fullmatch(r"(\d{4})-(\d{1,2})", t)) and 1 <= int(m[2]) <= 12:
        return Period("month", int(m[1]) * 12 + int(m[2]) - 1)
    raise ValueError(
        f"`{text}` is not a period; write a year (2016), a half (2016-H1), a quarter "
        "(2016-Q2) or a month (2016-06)"
    )


def bucket_sql(column: str, grain: str) -> str:
    """The bucket of a timestamp column, in SQL every engine reads the same way."""
    year = f"EXTRACT(YEAR FROM {column})"
    month = f"EXTRACT(MONTH FROM {column})"
    if grain == "month":
        return f"({year} * 12 + {month} - 1)"
    if grain == "year":
        return f"({year})"
    size = 12 // GRAINS[grain]
    return f"({year} * {GRAINS[grain]} + CAST(FLOOR(({month} - 1) / {size}) AS INT))"
