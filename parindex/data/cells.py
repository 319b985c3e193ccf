"""Checking one cell against what its column must hold: type, range, blank, not applicable.

Shared by every reader of a table (indicator data, the heads roster), so a value is judged the
same way wherever it comes from. Problems are collected, never raised one at a time.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from parindex.data.numbers import NO, NOT_APPLICABLE, YES, Number, parse_number, write_as
from parindex.data.sheet import Cell
from parindex.errors import Diagnostic, Severity, Text, t


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

    def __init__(self, file: str, numbers: str, sheet: str | None = None) -> None:
        self.file = file
        self.numbers = numbers
        self.sheet = sheet  # a workbook's: places are then shown as cells, `file [Sheet1] D7`
        self.found: list[Diagnostic] = []

    def add(
        self,
        row: int | None,
        col: int | None,
        path: str,
        code: str,
        message: Text,
        hint: Text | str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.found.append(
            Diagnostic(self.file, row, col, path, code, message, severity, hint, self.sheet)
        )

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
            t("unit `{unit}` has no value for `{column}`", unit=uid, column=spec.name),
            hint=t(
                "fill it in, write KAD if it does not apply, or set `missing:` for this "
                "indicator in the criteria"
            ),
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
                self.add(
                    number,
                    col,
                    where,
                    "PD006",
                    t("unit `{unit}`: {problem}", unit=uid, problem=not_a(text, spec.kind)),
                    hint=t("write KAD for not applicable") if spec.kind != "yes_no" else None,
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
                    t(
                        "unit `{unit}`: {problem}",
                        unit=uid,
                        problem=not_percent(text_of(cell), spec.name, spec.kind),
                    ),
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
        shown: object = Number(value) if isinstance(cell, float) else f"`{cell}`"
        if spec.kind == "yes_no" and value not in (0.0, 1.0):
            self.add(
                number,
                col,
                where,
                "PD007",
                t("unit `{unit}`: {value} is not 1 (có) or 0 (không)", unit=uid, value=shown),
            )
            return None
        if value < spec.low:
            self.add(
                number,
                col,
                where,
                "PD007",
                t("unit `{unit}`: {problem}", unit=uid, problem=below(shown, spec.low)),
            )
            return None
        if spec.high is not None and value > spec.high:
            hint = None
            if spec.kind == "rate" and value <= 100:
                hint = t(
                    "a rate lies between 0 and 1: write {fraction} or {percent}%",
                    fraction=write_as(value / 100, self.numbers),
                    percent=write_as(value, self.numbers),
                )
            self.add(
                number,
                col,
                where,
                "PD007",
                t(
                    "unit `{unit}`: {value} is above the maximum {maximum}",
                    unit=uid,
                    value=shown,
                    maximum=spec.high,
                ),
                hint=hint,
            )
            return None
        return value


def not_a(text: str, kind: str) -> Text:
    """A cell's text that is not what its column holds (PD006)."""
    if kind == "yes_no":
        return t("`{text}` is not có / không (1 / 0)", text=text)
    return t("`{text}` is not a number", text=text)


def not_percent(text: str, name: str, kind: str) -> Text:
    """A percentage in a column that holds no percentage (PD006)."""
    return t(
        "`{text}` is a percentage, but `{column}` is a {kind}",
        text=text,
        column=name,
        kind=kind,
    )


def below(shown: object, low: float) -> Text:
    """A value under its column's lowest (PD007): negative, or below the declared minimum."""
    if low == 0:
        return t("{value} is negative", value=shown)
    return t("{value} is below {minimum}", value=shown, minimum=low)


def text_of(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else f"{cell:g}"
    return " ".join(cell.split())
