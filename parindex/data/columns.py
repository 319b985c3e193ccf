"""One column of an indicator table → float64 values, checked over arrays in one pass.

The common cells are read without a Python step per cell: numbers a workbook stores as numbers,
and text columns of plain digits, digits with the convention's decimal mark ("91,08") or
thousands grouped by threes ("1.234"), checked by one regular expression over the column. A
column holding anything else (percentages, KAD, yes/no words, "0.875" under `vi`) goes through
`parse_number` cell by cell. Ranges,
whole counts and yes/no values are then checked as array comparisons; only the cells that fail
are visited again, to say where they are and how they were read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from parindex.data.cells import ColumnSpec, below, norm, not_a, not_percent
from parindex.data.numbers import (
    GROUP,
    MARKS,
    NO,
    NOT_APPLICABLE,
    OTHER,
    YES,
    Number,
    Parsed,
    how_read,
    parse_number,
)
from parindex.data.numbers import write_as as _write
from parindex.errors import Text, t

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class Failure:
    index: int  # position in the column
    code: str
    message: Text
    hint: Text | None = None


@dataclass
class Converted:
    values: Floats
    na: Bools  # written as not applicable
    blank: Bools  # nothing written: the missing-data policy decides
    cells: Sequence[object] = ()
    failed: list[Failure] = field(default_factory=list)
    x_marks: bool = False  # a yes/no column marked "x", blank for no
    readings: dict[int, Parsed] = field(default_factory=dict)  # texts read one by one

    def text(self, i: int) -> str | None:
        cell = self.cells[i] if i < len(self.cells) else None
        return " ".join(cell.split()) if isinstance(cell, str) else None

    def reading(self, i: int, numbers: str) -> Parsed | None:
        """How a text cell was read: kept when read one by one, else read again for a message."""
        if i in self.readings:
            return self.readings[i]
        text = self.text(i)
        if text is None:
            return None
        try:
            parsed = parse_number(text, numbers)
        except ValueError:
            return None
        return parsed if parsed.how else None


def _cell_pattern(mark: str, group: str) -> str:
    """A blank, digits with an optional decimal part, or thousands grouped by threes — as
    Babel's strict parse reads them."""
    m, g = re.escape(mark), re.escape(group)
    decimals = rf"(?:{m}[0-9]{{1,15}})?"
    return rf"(?:[0-9]{{1,15}}{decimals}|[1-9][0-9]{{0,2}}(?:{g}[0-9]{{3}})+{decimals})?"


# a whole column (its cells joined by newlines), and one cell: anything else goes one by one
_CELLS = {n: _cell_pattern(MARKS[n][1], GROUP[n]) for n in MARKS}
_COLUMN = {n: re.compile(rf"{c}(?:\n{c})*") for n, c in _CELLS.items()}
_CELL = {n: re.compile(c) for n, c in _CELLS.items()}


def convert(cells: Sequence[object], spec: ColumnSpec, numbers: str, rows: list[int]) -> Converted:
    """`cells`: a column as read — float or int for numbers, str (blank: "" or None) for text."""
    n = len(cells)
    kinds = set(map(type, cells))
    fast = None
    if kinds <= {float, int}:
        fast = np.array(cells, dtype=np.float64), np.zeros(n, bool)
    elif kinds == {str}:
        fast = _digits(cells, numbers)  # type: ignore[arg-type]
        if fast is None:
            partly = _partly(cells, spec, numbers)  # type: ignore[arg-type]
            if partly is not None:
                _check(partly[0], partly[1], spec, numbers, rows)
                return partly[0]
    elif kinds <= {float, int, str, type(None)}:
        obj = np.array(cells, dtype=object)
        blank = np.array([c is None or c == "" for c in cells], dtype=bool)
        if int(blank.sum()) == sum(1 for c in cells if c is None or c.__class__ is str):
            obj[blank] = np.nan
            fast = obj.astype(np.float64), blank
    if fast is not None:
        out = Converted(fast[0], np.zeros(n, bool), fast[1], cells)
        done = ~out.blank
    else:
        out, done = _one_by_one(cells, spec, numbers)
    _check(out, done, spec, numbers, rows)
    return out


def _digits(cells: list[str], numbers: str) -> tuple[Floats, Bools] | None:
    """A column of plain digits, digits with the convention's decimal mark ("91,08") or
    thousands grouped by it ("1.234"), in a few C calls; None when any cell is anything else
    ("0.875" under `vi`, "12%", "KAD", " 3")."""
    n = len(cells)
    if all(map(str.isdecimal, cells)):
        return np.array(cells, dtype=np.float64), np.zeros(n, bool)
    joined = "\n".join(cells)
    if not _COLUMN[numbers].fullmatch(joined):
        return None
    mark, group = MARKS[numbers][1], GROUP[numbers]
    if group in joined:
        joined = joined.replace(group, "")
    if mark != ".":
        joined = joined.replace(mark, ".")
    parts = joined.split("\n")
    blank = np.fromiter(map(len, cells), np.intp, n) == 0
    values = np.full(n, np.nan)
    values[~blank] = np.array([p for p in parts if p] if blank.any() else parts, dtype=np.float64)
    return values, blank


def _partly(cells: list[str], spec: ColumnSpec, numbers: str) -> tuple[Converted, Bools] | None:
    """A text column whose few odd cells ("5.4e-05", "KAD", "12%") go one by one and the rest
    through `_digits`; None (all one by one) when most are odd, or when a cell reads only in the
    other convention: then every cell's reading is needed to find the ambiguous ones."""
    n = len(cells)
    match = _CELL[numbers].fullmatch
    odd = [i for i, c in enumerate(cells) if not match(c)]
    if len(odd) > n // 2:
        return None
    few, few_done = _one_by_one([cells[i] for i in odd], spec, numbers)
    if any(p.foreign for p in few.readings.values()):
        return None
    rest = np.ones(n, bool)
    rest[odd] = False
    quick = _digits([c for c, r in zip(cells, rest.tolist(), strict=True) if r], numbers)
    assert quick is not None  # every such cell matches the column's pattern
    out = Converted(np.full(n, np.nan), np.zeros(n, bool), np.zeros(n, bool), cells)
    out.values[rest], out.values[odd] = quick[0], few.values
    out.blank[rest], out.blank[odd] = quick[1], few.blank
    out.na[odd] = few.na
    done = ~out.blank
    done[odd] = few_done
    out.failed = [Failure(odd[f.index], f.code, f.message, f.hint) for f in few.failed]
    out.readings = {odd[i]: p for i, p in few.readings.items()}
    out.x_marks = few.x_marks and bool(quick[1].all())
    return out, done


def _one_by_one(cells: Sequence[object], spec: ColumnSpec, numbers: str) -> tuple[Converted, Bools]:
    n = len(cells)
    values = np.full(n, np.nan)
    out = Converted(values, np.zeros(n, bool), np.zeros(n, bool), cells)
    done = np.zeros(n, bool)
    words: set[str] = set()
    for i, cell in enumerate(cells):
        if isinstance(cell, bool):
            cell = 1.0 if cell else 0.0
        if isinstance(cell, int | float):
            values[i] = cell
            done[i] = True
            continue
        text = "" if cell is None else " ".join(str(cell).split())
        if not text:
            out.blank[i] = True
            continue
        word = norm(text)
        words.add(word)
        if word in NOT_APPLICABLE:
            out.na[i] = True
            continue
        if spec.kind == "yes_no" and (word in YES or word in NO):
            values[i] = 1.0 if word in YES else 0.0
            done[i] = True
            continue
        try:
            parsed = parse_number(text, numbers)
        except ValueError as exc:
            reason = (
                t("`{text}` is not a finite number (too large, infinite or NaN)", text=text)
                if "finite" in str(exc)
                else not_a(text, spec.kind)
            )
            out.failed.append(
                Failure(
                    i,
                    "PD006",
                    reason,
                    t("write KAD for not applicable") if spec.kind != "yes_no" else None,
                )
            )
            continue
        value = parsed.value
        if parsed.percent:
            if spec.kind == "rate":
                value /= 100.0
            elif spec.kind not in ("percent", "score"):
                out.failed.append(
                    Failure(
                        i,
                        "PD006",
                        not_percent(text, spec.name, spec.kind),
                    )
                )
                continue
        values[i] = value
        done[i] = True
        if parsed.how:
            out.readings[i] = parsed
    out.x_marks = spec.kind == "yes_no" and words == {"x"}
    return out, done


def _shown(out: Converted, i: int, numbers: str) -> object:
    """A cell in a message: a number as stored, or its text and how it was read."""
    text = out.text(i)
    if text is None:
        return Number(float(out.values[i]))
    p = out.reading(i, numbers)
    if p and p.how:
        return t("`{text}` (read as {value}, {how})", text=text, value=Number(p.value), how=p.how)
    return f"`{text}`"


def _check(out: Converted, done: Bools, spec: ColumnSpec, numbers: str, rows: list[int]) -> None:
    v = out.values
    bad: list[tuple[int, str, Text, Text | None]] = []
    _mixed(out, done, numbers, rows, bad)
    if bad:  # an ambiguous text is not judged on either reading
        done = done.copy()
        done[[b[0] for b in bad]] = False
    with np.errstate(invalid="ignore"):
        if spec.kind == "yes_no":
            for i in np.flatnonzero(done & (v != 0) & (v != 1)).tolist():
                bad.append(
                    (
                        int(i),
                        "PD007",
                        t(
                            "{value} is not 1 (có) or 0 (không)",
                            value=_shown(out, int(i), numbers),
                        ),
                        None,
                    )
                )
            done = done & ((v == 0) | (v == 1))
        low = done & (v < spec.low)
        high = done & (v > spec.high) if spec.high is not None else np.zeros_like(done)
        whole = done & ~low & ~high & (v != np.floor(v)) if spec.kind == "count" else None
    for i in np.flatnonzero(low).tolist():
        bad.append((int(i), "PD007", below(_shown(out, int(i), numbers), spec.low), None))
    for i in np.flatnonzero(high).tolist():
        i = int(i)
        p = out.reading(i, numbers)
        value = float(v[i])
        hint = None
        if p is not None and p.other is not None and spec.low <= p.other <= (spec.high or 0):
            hint = t(
                "did you mean {value}? write it as {written}",
                value=Number(p.other),
                written=_write(p.other, numbers),
            )
        elif spec.kind == "rate" and value <= 100:
            hint = t(
                "a rate lies between 0 and 1: write {fraction} or {percent}%",
                fraction=_write(value / 100, numbers),
                percent=_write(value, numbers),
            )
        above = t(
            "{value} is above the maximum {maximum}",
            value=_shown(out, i, numbers),
            maximum=spec.high,
        )
        bad.append((i, "PD007", above, hint))
    if whole is not None:
        for i in np.flatnonzero(whole).tolist():
            i = int(i)
            p = out.reading(i, numbers)
            if p is not None and p.other is not None and p.other.is_integer():
                hint = t(
                    "did you mean {value}? In the `{convention}` convention it reads {value}; "
                    "write {value} with no separator",
                    value=int(p.other),
                    convention=OTHER[numbers],
                )
            else:
                hint = t("a count is a whole number: check the cell")
            whole_msg = t(
                "{value} is not a whole number, but `{column}` is a count",
                value=_shown(out, i, numbers),
                column=spec.name,
            )
            bad.append((i, "PD015", whole_msg, hint))
    for i, code, message, hint in bad:
        out.failed.append(Failure(i, code, message, hint))
        done[i] = False
    if bad:
        out.values[[b[0] for b in bad]] = np.nan


def _mixed(
    out: Converted,
    done: Bools,
    numbers: str,
    rows: list[int],
    bad: list[tuple[int, str, Text, Text | None]],
) -> None:
    """One column written in both conventions: a text both read differently is ambiguous."""
    foreign = [i for i, p in out.readings.items() if p.foreign]
    if not foreign:
        return
    w = min(foreign)
    both = sorted(i for i, p in out.readings.items() if p.other is not None)
    for i in both:
        p = out.reading(i, numbers)
        text = out.text(i)
        if p is None or p.other is None or text is None or not done[i]:
            continue
        bad.append(
            (
                i,
                "PD016",
                t(
                    "`{text}` is ambiguous: {value} as `--numbers {numbers}` ({how}), {other} as "
                    "`--numbers {other_numbers}` ({other_how}), which this column also uses "
                    "(`{example}` at row {row})",
                    text=text,
                    value=Number(p.value),
                    numbers=numbers,
                    how=p.how,
                    other=Number(p.other),
                    other_numbers=OTHER[numbers],
                    other_how=how_read(text, OTHER[numbers]),
                    example=out.text(w) or "",
                    row=rows[w],
                ),
                t(
                    "write {value} or {other}, and write every number of the column one way "
                    "(see --numbers)",
                    value=_write(p.value, numbers),
                    other=_write(p.other, numbers),
                ),
            )
        )
