"""Checking one cell against what its column must hold: type, range, blank, not applicable.

Shared by every reader of a table (indicator data, the heads roster), so a value is judged the
same way wherever it comes from. Problems are collected, never raised one at a time.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from parindex.data.numbers import NO, NOT_APPLICABLE, YES, parse_number
from parindex.data.sheet import Cell
from parindex.errors import Diagnostic, Severity, Text


def norm(text: str) -> str:
    """How two headers or names are compared: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    label: str
    kind: str  # an indicator kind, or "points" for appraised columns
    low: float
    high: float | None
    missing: str  # error | zero | not_applicable | impute | optional (self-assessment)
    impute: float | None = None
    at_most: str | None = None
    headers: frozenset[str] = field(default_factory=frozenset)


class CellChecker:
    """Turns cells into floats for one file, collecting every problem as a Diagnostic."""

    def __init__(self, file: str, numbers: str) -> None:
        self.file = file
        self.numbers = numbers
        self.found: list[Diagnostic] = []

    def add(
        self,
        row: int | None,
        col: int | None,
        path: str,
        code: str,
        message: str,
        hint: str | Text | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.found.append(Diagnostic(self.file, row, col, path, code, message, severity, hint))

    def blank(self, number: int, col: int | None, where: str, uid: str, spec: ColumnSpec) -> float:
        if spec.missing == "zero":
            return 0.0
        if spec.missing == "impute" and spec.impute is not None:
            return spec.impute
        if spec.missing in ("not_applicable", "optional"):
            return float("nan")
        self.add(
            number,
            col,
            where,
            "PD010",
            f"unit `{uid}` has no value for `{spec.name}`",
            hint="fill it in, write KAD if it does not apply, or set `missing:` for this "
            "indicator in the criteria",
        )
        return float("nan")

    def cell_value(
        self, number: int, col: int | None, where: str, uid: str, spec: ColumnSpec, cell: Cell
    ) -> float | None:
        if isinstance(cell, float):
            value, percent = cell, False
        else:
            text = cell or ""
            word = norm(text)
            if word in NOT_APPLICABLE:
                return float("nan")
            if spec.kind == "yes_no" and (word in YES or word in NO):
                return 1.0 if word in YES else 0.0
            try:
                parsed = parse_number(text, self.numbers)
            except ValueError:
                expect = "có / không (1 / 0)" if spec.kind == "yes_no" else "a number"
                self.add(
                    number,
                    col,
                    where,
                    "PD006",
                    f"unit `{uid}`: `{text}` is not {expect}",
                    hint="write KAD for not applicable" if spec.kind != "yes_no" else None,
                )
                return None
            value, percent = parsed.value, parsed.percent
        if percent:
            if spec.kind == "rate":
                value /= 100.0
            elif spec.kind not in ("percent", "score"):
                self.add(
                    number,
                    col,
                    where,
                    "PD006",
                    f"unit `{uid}`: `{cell}` is a percentage, but `{spec.name}` is a {spec.kind}",
                )
                return None
        return self.in_range(number, col, where, uid, spec, value, cell)

    def in_range(
        self,
        number: int,
        col: int | None,
        where: str,
        uid: str,
        spec: ColumnSpec,
        value: float,
        cell: Cell,
    ) -> float | None:
        shown = f"{value:g}" if isinstance(cell, float) else f"`{cell}`"
        if spec.kind == "yes_no" and value not in (0.0, 1.0):
            self.add(
                number, col, where, "PD007", f"unit `{uid}`: {shown} is not 1 (có) or 0 (không)"
            )
            return None
        if value < spec.low:
            what = "negative" if spec.low == 0 else f"below {spec.low:g}"
            self.add(number, col, where, "PD007", f"unit `{uid}`: {shown} is {what}")
            return None
        if spec.high is not None and value > spec.high:
            hint = None
            if spec.kind == "rate" and value <= 100:
                hint = f"a rate lies between 0 and 1: write {value / 100:g} or {value:g}%"
            self.add(
                number,
                col,
                where,
                "PD007",
                f"unit `{uid}`: {shown} is above the maximum {spec.high:g}",
                hint=hint,
            )
            return None
        return value


def text_of(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else f"{cell:g}"
    return " ".join(cell.split())
