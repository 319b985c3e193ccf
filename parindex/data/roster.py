"""The heads roster: who headed each unit, when, and their own indicators → HeadTable.

One row per term in post. A unit may have had two heads in the period; their terms must not
overlap and must lie inside the period. Every ranked unit needs at least one head. Problems are
collected with row and column, like the indicator data's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise
from pathlib import Path

import numpy as np

from parindex.criteria.consequences import Accountability
from parindex.criteria.source import did_you_mean
from parindex.data.cells import CellChecker, norm, not_a, text_of
from parindex.data.numbers import NO, YES
from parindex.data.roster_sheet import (
    COLUMNS,
    after_footer,
    both_marked,
    group_row,
    head_specs,
    locate,
    match,
    merges,
    parse_date,
    roster_note,
)
from parindex.data.table import HeadTable
from parindex.data.workbook import Cell
from parindex.errors import ParindexError, Severity, Text, t

__all__ = ["COLUMNS", "parse_date", "read_roster"]  # COLUMNS: the records read a roster too

REQUIRED = ("unit", "name")
LABEL = {"unit": "Mã đơn vị", "name": "Người đứng đầu"}


def read_roster(
    path: Path,
    acc: Accountability,
    units: dict[str, str],
    *,
    numbers: str = "vi",
    sheet: str | None = None,
    display: str | None = None,
    others: frozenset[str] = frozenset(),
    header_row: int | None = None,
    note: Callable[[Text], None] | None = None,
) -> HeadTable:
    """Read and check a roster for the accountability model; `units` maps unit id → name of
    every unit this model rates (each must have a head). Rows for units in `others` (rated by
    another criteria set's model) are skipped. Raises with every problem found."""
    chk = CellChecker(display or str(path), numbers)
    roster = locate(path, chk.file, sheet, header_row, chk)
    specs = head_specs(acc)
    match(roster, chk, specs)
    cols = roster.cols
    for c in REQUIRED:
        if c not in cols:
            chk.add(
                roster.header_row,
                None,
                "",
                "PD002",
                t("no column for the head's unit")
                if c == "unit"
                else t("no column for the head's name"),
                hint=t("name a column `{column}` or `{label}`", column=c, label=LABEL[c]),
            )
    for name, spec in specs.items():
        if name not in cols and spec.missing == "error":
            chk.add(
                roster.header_row,
                None,
                "",
                "PD004",
                t(
                    "no column for `{column}` ({label}), which the accountability model needs",
                    column=name,
                    label=spec.label,
                ),
                hint=t("add a column named `{column}` or `{label}`", column=name, label=spec.label),
            )
    merges(roster, chk)
    after_footer(roster, chk)
    if chk.found:
        raise ParindexError(chk.found)
    header = [roster.shown.get(j, "") for j in range(len(roster.layout.columns))]
    table = HeadTable([], [], [], [], [], np.zeros(0, dtype=bool))
    disciplined: list[bool] = []
    vals: dict[str, list[float]] = {n: [] for n in specs}
    period = acc.period
    mentioned: set[str] = set()
    stray = False
    for number, row in roster.rows:
        unit = text_of(row[cols["unit"]])
        name = text_of(row[cols["name"]])
        where = header[cols["unit"]]
        if unit in others:
            continue
        if group_row(roster, number):
            roster.headings.append(number - 1)
            continue
        k = next((j for j, c in enumerate(row) if c is not None and j not in roster.shown), None)
        if k is not None and not stray:
            stray = True
            chk.add(
                number,
                k + 1,
                "",
                "PD003",
                t(
                    "a value `{text}` in column {column}, which has no header",
                    text=text_of(row[k]),
                    column=k + 1,
                ),
            )
        if not unit:
            if name or any(row[j] is not None for j in cols.values()):
                chk.add(
                    number,
                    cols["unit"] + 1,
                    where,
                    "PD014",
                    t("the head `{head}` has no unit", head=name)
                    if name
                    else t("a row with values has neither a unit nor a head"),
                    hint=t(
                        "write the unit's id; a unit with two heads may have its cell merged "
                        "over both rows"
                    ),
                )
            roster.headings.append(number - 1)
            continue  # a group row ("I. SỞ, BAN, NGÀNH"): its text is in no column read
        mentioned.add(unit)
        if unit not in units:
            chk.add(
                number,
                cols["unit"] + 1,
                where,
                "PD020",
                t("unit `{unit}` is not among the ranked units", unit=unit),
                hint=did_you_mean(unit, set(units)) or t("check the unit id in the data file"),
            )
            continue
        if not name:
            chk.add(
                number,
                cols["name"] + 1,
                header[cols["name"]],
                "PD014",
                t("the head of unit `{unit}` has no name", unit=unit),
            )
        start = _date(chk, number, cols, header, row, "start", period.start)
        end = _date(chk, number, cols, header, row, "end", period.end)
        if roster.pair:
            marked = roster.disciplined(row)
            both_marked(roster, chk, number, row, marked)
            flag = marked == [True]
        else:
            flag = _yes(chk, number, cols, header, row)  # checked whatever the dates are
        if start is None or end is None:
            continue
        if start < period.start or end > period.end:
            col = cols.get("start" if start < period.start else "end")
            chk.add(
                number,
                col + 1 if col is not None else None,
                "",
                "PD022",
                t(
                    "the term of `{head}` ({start}–{end}) lies outside the period "
                    "{period_start}–{period_end}",
                    head=name,
                    start=_vn(start),
                    end=_vn(end),
                    period_start=_vn(period.start),
                    period_end=_vn(period.end),
                ),
                hint=t(
                    "a head in post before the period starts on {start}", start=_vn(period.start)
                ),
            )
            continue
        if end < start:
            chk.add(
                number,
                cols.get("end", 0) + 1,
                "",
                "PD023",
                t(
                    "the term of `{head}` ends ({end}) before it starts ({start})",
                    head=name,
                    end=_vn(end),
                    start=_vn(start),
                ),
            )
            continue
        table.units.append(unit)
        table.names.append(name)
        table.positions.append(text_of(row[cols["position"]]) if "position" in cols else "")
        table.starts.append(start)
        table.ends.append(end)
        table.rows.append(number)
        disciplined.append(flag)
        for n, spec in specs.items():
            col = cols.get(n)
            cell = row[col] if col is not None else None
            place = header[col] if col is not None else n
            label = f"{unit}/{name}"
            if cell is None:
                vals[n].append(
                    chk.blank(number, col + 1 if col is not None else None, place, label, spec)
                )
            else:
                got = chk.cell_value(
                    number, col + 1 if col is not None else None, place, label, spec, cell
                )
                vals[n].append(float("nan") if got is None else got)
    _overlaps(chk, table)
    # a unit whose rows were all rejected above is not "without a head": its rows are reported
    for unit in sorted(set(units) - set(table.units) - mentioned):
        chk.add(
            None,
            None,
            "",
            "PD025",
            t("unit `{unit}` ({name}) has no head in the roster", unit=unit, name=units[unit]),
            hint=t("add a row for its head; a unit with two heads in the period has two rows"),
        )
    if any(d.severity is Severity.ERROR for d in chk.found):
        raise ParindexError(chk.found)
    line = roster_note(roster) if note is not None else None
    if note is not None and line is not None:
        note(line)
    table.disciplined = np.array(disciplined, dtype=bool)
    table.values = {n: np.array(v, dtype=np.float64) for n, v in vals.items()}
    table.na = {n: np.isnan(v) for n, v in table.values.items()}
    return table


def _vn(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _date(
    chk: CellChecker,
    number: int,
    cols: dict[str, int],
    header: list[str],
    row: list[Cell],
    key: str,
    default: date,
) -> date | None:
    j = cols.get(key)
    cell = row[j] if j is not None else None
    if cell is None:
        return default  # blank: in post from the period's start, or until its end
    got = parse_date(cell)
    if got is None:
        assert j is not None
        chk.add(
            number,
            j + 1,
            header[j],
            "PD021",
            t("`{text}` is not a date", text=text_of(cell)),
            hint=t("write dates as dd/mm/yyyy, e.g. 01/07/2016"),
        )
    return got


def _yes(
    chk: CellChecker, number: int, cols: dict[str, int], header: list[str], row: list[Cell]
) -> bool:
    j = cols.get("disciplined")
    cell = row[j] if j is not None else None
    if cell is None:
        return False
    word = norm(text_of(cell))
    if word in YES or word in NO:
        return word in YES
    assert j is not None
    chk.add(number, j + 1, header[j], "PD006", not_a(text_of(cell), "yes_no"))
    return False


def _overlaps(chk: CellChecker, table: HeadTable) -> None:
    by_unit: dict[str, list[int]] = {}
    for i, unit in enumerate(table.units):
        by_unit.setdefault(unit, []).append(i)
    for unit, rows in by_unit.items():
        rows.sort(key=lambda i: table.starts[i])
        for a, b in pairwise(rows):
            if table.starts[b] <= table.ends[a]:
                chk.add(
                    table.rows[b],
                    None,
                    "",
                    "PD024",
                    t(
                        "the terms of `{first}` ({first_start}–{first_end}, row {row}) and "
                        "`{second}` ({second_start}–{second_end}) overlap at unit `{unit}`",
                        first=table.names[a],
                        first_start=_vn(table.starts[a]),
                        first_end=_vn(table.ends[a]),
                        row=table.rows[a],
                        second=table.names[b],
                        second_start=_vn(table.starts[b]),
                        second_end=_vn(table.ends[b]),
                        unit=unit,
                    ),
                    hint=t("a new head's term starts the day after the previous one ends"),
                )
