"""Number and date formats for the reports (kept here for the modules that import them)."""

from __future__ import annotations

from parindex.i18n import day, number, percent, short

__all__ = ["day", "day_month_year", "number", "percent", "short"]


def day_month_year(iso: str) -> str:
    """2016-07-01 → 01/07/2016, as Vietnamese documents write dates."""
    return day(iso, "vi")
