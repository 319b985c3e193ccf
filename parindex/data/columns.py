"""One column of an indicator table → float64 values, checked over arrays in one pass.

The common cells are read without a Python step per cell: numbers a workbook stores as numbers,
plain digits, and digits with the convention's decimal mark ("91,08"). Only the rest (grouped
thousands, percentages, KAD, yes/no words) goes through `parse_number` one by one. Ranges,
whole counts and yes/no values are then checked as array comparisons; only the cells that fail
are visited again, to say where they are and how they were read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from parindex.data.cells import ColumnSpec, norm
from parindex.data.numbers import (
    MARKS,
    NO,
    NOT_APPLICABLE,
    OTHER,
    YES,
    Parsed,
    how_read,
    parse_number,
)
from parindex.data.numbers import write_as as _write
from parindex.data.workbook import Cell

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class Failure:
    index: int  # position in the column
    code: str
    message: str
    hint: str | None = None


@dataclass
class Converted:
    values: Floats
    na: Bools  # written as not applicable
    blank: Bools  # nothing written: the missing-data policy decides
    failed: list[Failure] = field(default_factory=list)
    x_marks: bool = False  # a yes/no column marked "x", blank for no
    readings: dict[int, Parsed] = field(default_factory=dict)  # slow-path texts with separators
    texts: dict[int, str] = field(default_factory=dict)  # slow-path texts
    # the fast path's texts, looked up only for the cells a message is about
    where: NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, np.intp))
    strings: NDArray[np.str_] = field(default_factory=lambda: np.zeros(0, str))
    decimal: Bools = field(default_factory=lambda: np.zeros(0, bool))  # "91,08"
    twice: Bools = field(default_factory=lambda: np.zeros(0, bool))  # "1,071": read both ways

    def text(self, i: int) -> str | None:
        if i in self.texts:
            return self.texts[i]
        k = int(np.searchsorted(self.where, i))
        return str(self.strings[k]) if k < len(self.where) and self.where[k] == i else None

    def reading(self, i: int, numbers: str) -> Parsed | None:
        if i in self.readings:
            return self.readings[i]
        k = int(np.searchsorted(self.where, i))
        if k >= len(self.where) or self.where[k] != i or not self.decimal[k]:
            return None
        other = (
            float(str(self.strings[k]).replace(MARKS[numbers][1], "")) if self.twice[k] else None
        )
        return Parsed(float(self.values[i]), False, MARKS[numbers][0], other)


def convert(cells: list[Cell], spec: ColumnSpec, numbers: str, rows: list[int]) -> Converted:
    n = len(cells)
    kinds = set(map(type, cells))
    if kinds <= {float, type(None)}:
        values = np.array(cells, dtype=np.float64)  # None → NaN; a workbook stores no NaN
        out = Converted(values, np.zeros(n, bool), np.isnan(values))
        done = ~out.blank
    else:
        out, done = _from_text(cells, spec, numbers)
    _check(out, done, spec, numbers, rows)
    return out


def _from_text(cells: list[Cell], spec: ColumnSpec, numbers: str) -> tuple[Converted, Bools]:
    n = len(cells)
    values = np.full(n, np.nan)
    is_text = np.fromiter((type(c) is str for c in cells), bool, n)
    blank = np.fromiter((c is None for c in cells), bool, n)
    num = ~is_text & ~blank
    if num.any():
        values[num] = [cells[i] for i in np.flatnonzero(num)]
    where = np.flatnonzero(is_text)
    s = np.array([cells[i] for i in where], dtype=str)
    out = Converted(values, np.zeros(n, bool), blank, where=where, strings=s)
    plain = np.strings.isdecimal(s) & (np.strings.str_len(s) <= 15)
    values[where[plain]] = s[plain].astype(np.float64)
    mark = MARKS[numbers][1]
    before, sep, after = np.strings.partition(s, mark)
    lb, la = np.strings.str_len(before), np.strings.str_len(after)
    dec = (
        ~plain
        & (sep == mark)
        & np.strings.isdecimal(before)
        & np.strings.isdecimal(after)
        & (lb <= 15)
        & (la <= 15)
    )
    if dec.any():
        values[where[dec]] = np.strings.add(np.strings.add(before[dec], "."), after[dec]).astype(
            np.float64
        )
        # "1,071" is 1.071 here, and 1071 in the other convention: kept to explain an error
        out.twice = dec & (la == 3) & (lb <= 3) & ~np.strings.startswith(before, "0")
    out.decimal = dec
    done = blank.copy()
    done[:] = False
    done[where[plain | dec]] = True
    for k in np.flatnonzero(~(plain | dec)).tolist():
        i = int(where[k])
        text = str(s[k])
        out.texts[i] = text
        word = norm(text)
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
            expect = "có / không (1 / 0)" if spec.kind == "yes_no" else "a number"
            reason = str(exc) if "finite" in str(exc) else f"is not {expect}"
            out.failed.append(
                Failure(
                    i,
                    "PD006",
                    f"`{text}` {reason}",
                    "write KAD for not applicable" if spec.kind != "yes_no" else None,
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
                        f"`{text}` is a percentage, but `{spec.name}` is a {spec.kind}",
                    )
                )
                continue
        values[i] = value
        done[i] = True
        if parsed.how:
            out.readings[i] = parsed
    if spec.kind == "yes_no" and not (plain | dec).any():
        out.x_marks = bool(out.texts) and {norm(t) for t in out.texts.values()} == {"x"}
    return out, done


def _shown(out: Converted, i: int, numbers: str) -> str:
    text = out.text(i)
    if text is None:
        return f"{out.values[i]:g}"
    p = out.reading(i, numbers)
    return f"`{text}`" + (f" (read as {p.value:g}, {p.how})" if p and p.how else "")


def _check(out: Converted, done: Bools, spec: ColumnSpec, numbers: str, rows: list[int]) -> None:
    v = out.values
    bad: list[tuple[int, str, str, str | None]] = []
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
                        f"{_shown(out, int(i), numbers)} is not 1 (có) or 0 (không)",
                        None,
                    )
                )
            done = done & ((v == 0) | (v == 1))
        low = done & (v < spec.low)
        high = done & (v > spec.high) if spec.high is not None else np.zeros_like(done)
        whole = done & ~low & ~high & (v != np.floor(v)) if spec.kind == "count" else None
    for i in np.flatnonzero(low).tolist():
        what = "negative" if spec.low == 0 else f"below {spec.low:g}"
        bad.append((int(i), "PD007", f"{_shown(out, int(i), numbers)} is {what}", None))
    for i in np.flatnonzero(high).tolist():
        i = int(i)
        p = out.reading(i, numbers)
        value = float(v[i])
        hint = None
        if p is not None and p.other is not None and spec.low <= p.other <= (spec.high or 0):
            hint = f"did you mean {p.other:g}? write it as {_write(p.other, numbers)}"
        elif spec.kind == "rate" and value <= 100:
            hint = (
                f"a rate lies between 0 and 1: write {_write(value / 100, numbers)} "
                f"or {_write(value, numbers)}%"
            )
        bad.append(
            (i, "PD007", f"{_shown(out, i, numbers)} is above the maximum {spec.high:g}", hint)
        )
    if whole is not None:
        for i in np.flatnonzero(whole).tolist():
            i = int(i)
            p = out.reading(i, numbers)
            if p is not None and p.other is not None and p.other.is_integer():
                hint = (
                    f"did you mean {p.other:.0f}? In the `{OTHER[numbers]}` convention it reads "
                    f"{p.other:.0f}; write {p.other:.0f} with no separator"
                )
            else:
                hint = "a count is a whole number: check the cell"
            bad.append(
                (
                    i,
                    "PD015",
                    f"{_shown(out, i, numbers)} is not a whole number, "
                    f"but `{spec.name}` is a count",
                    hint,
                )
            )
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
    bad: list[tuple[int, str, str, str | None]],
) -> None:
    """One column written in both conventions: a text both read differently is ambiguous."""
    foreign = [i for i, p in out.readings.items() if p.foreign]
    if not foreign:
        return
    w = min(foreign)
    both = sorted(
        [i for i, p in out.readings.items() if p.other is not None] + out.where[out.twice].tolist()
        if len(out.twice)
        else [i for i, p in out.readings.items() if p.other is not None]
    )
    for i in both:
        p = out.reading(i, numbers)
        text = out.text(i)
        if p is None or p.other is None or text is None or not done[i]:
            continue
        bad.append(
            (
                i,
                "PD016",
                f"`{text}` is ambiguous: {p.value:g} as `--numbers {numbers}` ({p.how}), "
                f"{p.other:g} as `--numbers {OTHER[numbers]}` "
                f"({how_read(text, OTHER[numbers])}), which this column also uses "
                f"(`{out.texts[w]}` at row {rows[w]})",
                f"write {_write(p.value, numbers)} or {_write(p.other, numbers)}, and write "
                "every number of the column one way (see --numbers)",
            )
        )
