"""Indicator data file → validated IndicatorTable, every problem collected with row and column.

Columns are matched to what the criteria declare by id, Vietnamese or English label, or a
declared alias (`columns:`), ignoring case, spacing and NFC/NFD differences. Each unit is checked
against the criteria set of its own block: the type of each cell, its range, numerators against
denominators, and what a blank cell means (`missing:`), so no NaN silently enters a total.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from parindex.criteria.source import did_you_mean
from parindex.data.cells import CellChecker, ColumnSpec, norm, text_of
from parindex.data.sheet import Cell, Sheet, read_sheet
from parindex.errors import ParindexError, Severity
from parindex.scoring.compile import Plan
from parindex.scoring.table import IndicatorTable

BASE = {
    "id": {"id", "mã", "mã đơn vị", "ma don vi", "mã đv", "code", "unit id"},
    "name": {"name", "tên", "tên đơn vị", "ten don vi", "đơn vị", "unit", "unit name"},
    "block": {"block", "khối", "khoi", "khối đơn vị"},
}
BASE_LABEL = {"id": "Mã đơn vị", "name": "Tên đơn vị", "block": "Khối"}


def column_specs(plan: Plan) -> dict[str, ColumnSpec]:
    """The columns one criteria set reads, with how to check them."""
    cs = plan.criteria
    out: dict[str, ColumnSpec] = {}
    for name, ind in cs.indicators.items():
        low, high = ind.value_range()
        heads = {name, ind.label, *(ind.columns)} | ({ind.label_en} if ind.label_en else set())
        out[name] = ColumnSpec(
            name,
            ind.label,
            ind.kind,
            low,
            high,
            ind.missing,
            ind.impute,
            ind.at_most,
            frozenset(norm(h) for h in heads),
        )
    for leaf in plan.leaves:
        if leaf.kind != "appraised" or leaf.of is None:
            continue
        out[leaf.of] = ColumnSpec(
            leaf.of,
            f"{leaf.id} {leaf.title}",
            "points",
            0.0,
            leaf.max,
            "error",
            headers=frozenset({norm(leaf.of)}),
        )
        if leaf.self_column:
            out[leaf.self_column] = ColumnSpec(
                leaf.self_column,
                f"{leaf.id} {leaf.title} (tự chấm)",
                "points",
                0.0,
                leaf.max,
                "optional",
                headers=frozenset({norm(leaf.self_column), norm(f"{leaf.id} tự chấm")}),
            )
    return out


def read_indicators(
    path: Path,
    plans: list[Plan],
    *,
    numbers: str = "vi",
    sheet: str | None = None,
    display: str | None = None,
    subset: bool = False,
) -> IndicatorTable:
    """Read and check one data file for the given criteria sets; raise with every problem.

    `subset`: the file holds more blocks than these criteria rank (a province-wide file read
    with one block's criteria): rows of other blocks are left out (`left_out`) and columns no
    given set reads are not errors.
    """
    return check_sheet(read_sheet(path, display, sheet), plans, numbers=numbers, subset=subset)


def check_sheet(
    sheet: Sheet, plans: list[Plan], *, numbers: str = "vi", subset: bool = False
) -> IndicatorTable:
    reader = _Reader(sheet, plans, numbers, subset)
    table = reader.run()
    errors = [d for d in reader.found if d.severity is Severity.ERROR]
    if errors:
        raise ParindexError(reader.found)
    table.left_out = reader.left_out
    return table


class _Reader(CellChecker):
    def __init__(self, sheet: Sheet, plans: list[Plan], numbers: str, subset: bool) -> None:
        super().__init__(sheet.file, numbers)
        self.subset = subset
        self.left_out: list[tuple[str, str]] = []  # (unit id, block as written)
        self.sheet = sheet
        self.plans = plans
        self.specs = [column_specs(p) for p in plans]
        self.block_of: dict[str, tuple[str, int]] = {}
        for pi, plan in enumerate(plans):
            for bid, block in plan.criteria.blocks.items():
                for text in (bid, block.label, block.label_en):
                    if text:
                        self.block_of[norm(text)] = (bid, pi)

    def run(self) -> IndicatorTable:
        cols = self.match_header()
        if any(k not in cols for k in BASE):
            return IndicatorTable([], [], [])
        ids: list[str] = []
        names: list[str] = []
        blocks: list[str] = []
        rows: list[int] = []
        plan_of: list[int] = []
        cells: dict[str, list[float]] = {}
        na: dict[str, list[bool]] = {}
        seen: dict[str, int] = {}
        all_names = {n for specs in self.specs for n in specs}
        for n in all_names:
            cells[n] = []
            na[n] = []
        missing_column_reported: set[str] = set()
        for number, row in self.sheet.rows:
            uid = text_of(row[cols["id"]])
            uname = text_of(row[cols["name"]])
            ublock = text_of(row[cols["block"]])
            self.extra_cells(number, row)
            if not uid:
                self.add(
                    number,
                    cols["id"] + 1,
                    self.sheet.header[cols["id"]],
                    "PD014",
                    "the unit has no id",
                    hint="give every unit a unique code, e.g. SNV",
                )
                continue
            if uid in seen:
                self.add(
                    number,
                    cols["id"] + 1,
                    self.sheet.header[cols["id"]],
                    "PD005",
                    f"unit id `{uid}` is used twice (first at row {seen[uid]})",
                )
                continue
            seen[uid] = number
            if not uname:
                self.add(
                    number,
                    cols["name"] + 1,
                    self.sheet.header[cols["name"]],
                    "PD014",
                    f"unit `{uid}` has no name",
                )
            found = self.block_of.get(norm(ublock))
            if found is None and self.subset:
                self.left_out.append((uid, ublock))
                continue
            if found is None:
                choices = sorted({b for p in self.plans for b in p.criteria.blocks})
                self.add(
                    number,
                    cols["block"] + 1,
                    self.sheet.header[cols["block"]],
                    "PD009",
                    f"unit `{uid}` is in block `{ublock}`, which no criteria set defines",
                    hint=did_you_mean(ublock, set(choices)) or f"blocks: {', '.join(choices)}",
                )
                continue
            bid, pi = found
            values = self.unit_values(number, uid, row, cols, bid, pi, missing_column_reported)
            ids.append(uid)
            names.append(uname)
            blocks.append(bid)
            rows.append(number)
            plan_of.append(pi)
            for n in all_names:
                v = values.get(n, np.nan)
                cells[n].append(v)
                na[n].append(bool(np.isnan(v)))
        return IndicatorTable(
            ids,
            names,
            blocks,
            values={n: np.array(v, dtype=np.float64) for n, v in cells.items()},
            na={n: np.array(v, dtype=bool) for n, v in na.items()},
            rows=rows,
        )

    def match_header(self) -> dict[str, int]:
        header = self.sheet.header
        lookup: dict[str, str] = {}
        for specs in self.specs:
            for spec in specs.values():
                for h in spec.headers:
                    lookup.setdefault(h, spec.name)
        cols: dict[str, int] = {}
        for j, text in enumerate(header):
            if not text:
                continue
            key = norm(text)
            name = next((b for b, alts in BASE.items() if key in alts), None) or lookup.get(key)
            if name is None:
                known = {s.name for specs in self.specs for s in specs.values()}
                known |= {s.label for specs in self.specs for s in specs.values()}
                known |= {alias for aliases in BASE.values() for alias in aliases}
                hint = did_you_mean(key, {norm(k) for k in known})
                if self.subset:
                    continue  # a column of the blocks left out
                self.add(
                    self.sheet.header_row,
                    j + 1,
                    text,
                    "PD003",
                    f"unknown column `{text}`",
                    hint=hint
                    or "remove the column, or declare its header under the "
                    "indicator's `columns:` in the criteria",
                )
                continue
            if name in cols:
                self.add(
                    self.sheet.header_row,
                    j + 1,
                    text,
                    "PD011",
                    f"column `{text}` repeats column {cols[name] + 1} (`{header[cols[name]]}`)",
                )
                continue
            cols[name] = j
        for base in BASE:
            if base not in cols:
                self.add(
                    self.sheet.header_row,
                    None,
                    "",
                    "PD002",
                    f"no column for the unit's {base}",
                    hint=f"name a column `{base}` or `{BASE_LABEL[base]}`",
                )
        return cols

    def extra_cells(self, number: int, row: list[Cell]) -> None:
        width = len(self.sheet.header)
        for j in range(width, len(row)):
            if row[j] is not None:
                self.add(
                    number,
                    j + 1,
                    "",
                    "PD003",
                    f"a value `{row[j]}` in column {j + 1}, which has no header",
                )
                return

    def unit_values(
        self,
        number: int,
        uid: str,
        row: list[Cell],
        cols: dict[str, int],
        block: str,
        pi: int,
        reported: set[str],
    ) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, spec in self.specs[pi].items():
            j = cols.get(name)
            cell = row[j] if j is not None and j < len(row) else None
            where = self.sheet.header[j] if j is not None else name
            col = j + 1 if j is not None else None
            if cell is None:
                if j is None and spec.missing == "error" and name not in reported:
                    reported.add(name)
                    self.add(
                        self.sheet.header_row,
                        None,
                        "",
                        "PD004",
                        f"no column for `{name}` ({spec.label}), which the criteria of "
                        f"block `{block}` need",
                        hint=f"add a column named `{name}`"
                        + (f" or `{spec.label}`" if norm(spec.label) in spec.headers else ""),
                    )
                    continue
                if j is None and spec.missing == "error":
                    continue
                out[name] = self.blank(number, col, where, uid, spec)
                continue
            value = self.cell_value(number, col, where, uid, spec, cell)
            if value is not None:
                out[name] = value
        for name, spec in self.specs[pi].items():
            if spec.at_most and name in out and spec.at_most in out:
                v, cap = out[name], out[spec.at_most]
                if v > cap:
                    j = cols.get(name)
                    self.add(
                        number,
                        j + 1 if j is not None else None,
                        self.sheet.header[j] if j is not None else name,
                        "PD008",
                        f"unit `{uid}`: {name} ({v:g}) is more than {spec.at_most} ({cap:g})",
                        hint="a part cannot exceed its whole: check both cells",
                    )
        return out
