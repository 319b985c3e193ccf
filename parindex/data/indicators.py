"""Indicator data file → validated IndicatorTable, every problem collected with its cell.

The file is read raw (`sheet`), the sheets holding units chosen (`choose`), the table found in
each (`layout`: header rows, numbering row, footer), its columns matched to what the criteria
declare (`headers`) and its rows to units and blocks (`units`); here each column is converted
and checked for the units of each criteria set in one pass (`columns.convert`), so no NaN
silently enters a total.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from parindex.criteria.rules import AppraisedRule
from parindex.data.cells import ColumnSpec, norm
from parindex.data.choose import choose
from parindex.data.columns import convert
from parindex.data.layout import BASE, IGNORED
from parindex.data.limits import Limits
from parindex.data.numbers import Number
from parindex.data.sheet import read_grids
from parindex.data.spec import HasCriteria
from parindex.data.table import IndicatorTable
from parindex.data.units import Units, _Sheet
from parindex.data.workbook import uncached_formulas
from parindex.errors import Diagnostic, ParindexError, Severity, Text, t

__all__ = ["BASE", "column_specs", "read_indicators"]


def column_specs(plan: HasCriteria) -> dict[str, ColumnSpec]:
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
    for _, leaf in cs.leaves():
        if not isinstance(leaf.rule, AppraisedRule):
            continue
        column, self_column = leaf.rule.appraised.columns(leaf.id)
        assert leaf.max is not None, "a leaf criterion has a max (checked by the model)"
        out[column] = ColumnSpec(
            column,
            f"{leaf.id} {leaf.title}",
            "points",
            0.0,
            leaf.max,
            "error",
            headers=frozenset({norm(column)}),
        )
        out[self_column] = ColumnSpec(
            self_column,
            f"{leaf.id} {leaf.title} (tự chấm)",
            "points",
            0.0,
            leaf.max,
            "optional",
            headers=frozenset({norm(self_column), norm(f"{leaf.id} tự chấm")}),
        )
    return out


def read_indicators(
    path: Path,
    plans: Sequence[HasCriteria],
    *,
    numbers: str = "vi",
    sheet: str | None = None,
    display: str | None = None,
    subset: bool = False,
    header_row: int | None = None,
    ignore_columns: Iterable[str] = (),
    limits: Limits | None = None,
    note: Callable[[Text], None] | None = None,
) -> IndicatorTable:
    """Read and check one data file for the given criteria sets; raise with every problem.

    `subset`: the file holds more blocks than these criteria rank (a province-wide file read
    with one block's criteria): rows of other blocks are left out (`left_out`) and columns no
    given set reads are not errors. `header_row` (1-based) and `sheet` override what is found;
    `ignore_columns` adds headers to leave out; `note` receives one line per sheet read saying
    which rows and columns were used and what was left out.
    """
    file = display or str(path)
    grids = read_grids(path, file, limits)
    specs = [column_specs(p) for p in plans]
    ignored = {norm(c) for p in plans for c in p.criteria.ignore_columns}
    ignored |= {norm(c) for c in ignore_columns}
    names = {norm(t) for p in plans for b, blk in p.criteria.blocks.items()
             for t in (b, blk.label, blk.label_en) if t}  # fmt: skip
    layouts = choose(grids, sheet=sheet, header_row=header_row, blocks=names)
    units = Units([_Sheet(lay) for lay in layouts], plans, specs)
    units.ignored = IGNORED | ignored
    units.chose_sheet = sheet is None and len(grids) > 1
    if len(layouts) > 1:  # one sheet per block, named by it
        for sh in units.sheets:
            sh.block = units.block_of.get(norm(sh.layout.grid.sheet or ""))
    units.subset = subset
    units.collect()
    table = _convert(units, specs, numbers)
    errors = [d for d in units.found if d.severity is Severity.ERROR]
    if errors:
        raise ParindexError(units.found)
    if not table.ids and not units.left_out:
        raise ParindexError(
            [
                Diagnostic(
                    file,
                    None,
                    None,
                    "",
                    "PD019",
                    t("the file has a header but no units"),
                    hint=t("a ranking needs at least one unit: is this the right file or sheet?"),
                )
            ]
        )
    if not table.ids:
        raise ParindexError(
            [
                Diagnostic(
                    file,
                    None,
                    None,
                    "",
                    "PD019",
                    t(
                        "no unit of the file is in a block these criteria rank ({count} left out)",
                        count=len(units.left_out),
                    ),
                )
            ]
        )
    table.left_out = units.left_out
    if note is not None:
        for line in units.notes():
            note(line)
    return table


def _convert(u: Units, specs: list[dict[str, ColumnSpec]], numbers: str) -> IndicatorTable:
    n = len(u.ids)
    names = sorted({name for s in specs for name in s})
    values = {name: np.full(n, np.nan) for name in names}
    na = {name: np.ones(n, bool) for name in names}
    plan_of = np.array(u.plan_of, dtype=np.intp)
    formulas: dict[int, dict[tuple[int, int], str]] = {}
    for pi, spec_map in enumerate(specs):
        members = np.flatnonzero(plan_of == pi)
        if not len(members):
            continue
        rows = (np.array(u.rows)[members] + 1).tolist()
        for name, spec in spec_map.items():
            col = u.column(name, members)
            if col is None:
                if spec.missing == "error":
                    u.missing_column(name, spec, u.block_of_plan(pi))
                    continue
                cells: Sequence[Any] = [None] * len(members)
            else:
                cells = col
            got = convert(cells, spec, numbers, rows)
            for f in got.failed:
                u.at(
                    int(members[f.index]),
                    name,
                    f.code,
                    t("unit `{unit}`: {problem}", unit=u.ids[members[f.index]], problem=f.message),
                    f.hint,
                )
            v, flags = got.values, got.na.copy()
            blank = got.blank
            if blank.any():
                if got.x_marks:
                    v[blank] = 0.0
                    u.x_columns.add(u.header_of(name, int(members[0])))
                elif spec.missing == "zero":
                    v[blank] = 0.0
                elif spec.missing == "impute" and spec.impute is not None:
                    v[blank] = spec.impute
                elif spec.missing in ("not_applicable", "optional"):
                    flags |= blank
                elif col is not None:
                    for k in np.flatnonzero(blank):
                        i = int(members[k])
                        _blank_error(u, i, name, formulas)
            values[name][members] = v
            na[name][members] = flags | np.isnan(v)
        _at_most(u, spec_map, values, members)
    return IndicatorTable(
        list(u.ids), list(u.names), list(u.blocks), values=values, na=na, rows=u.display_rows()
    )


def _blank_error(
    u: Units, i: int, name: str, formulas: dict[int, dict[tuple[int, int], str]]
) -> None:
    grid_index, r, c = u.cell_of(i, name)
    grid = u.layouts[grid_index].grid
    if grid_index not in formulas:
        formulas[grid_index] = uncached_formulas(grid) if grid.path is not None else {}
    formula = formulas[grid_index].get((r, c))
    if formula is not None:
        u.at(
            i,
            name,
            "PD017",
            t(
                "unit `{unit}`: the cell holds the formula `{formula}` but no calculated value",
                unit=u.ids[i],
                formula=formula,
            ),
            t("open the file in Excel or LibreOffice, let it calculate, and save it again"),
        )
        return
    u.at(
        i,
        name,
        "PD010",
        t("unit `{unit}` has no value for `{column}`", unit=u.ids[i], column=name),
        t(
            "fill it in, write KAD if it does not apply, or set `missing:` for this "
            "indicator in the criteria"
        ),
    )


def _at_most(
    u: Units,
    spec_map: dict[str, ColumnSpec],
    values: dict[str, np.ndarray],
    members: np.ndarray,
) -> None:
    for name, spec in spec_map.items():
        if not spec.at_most or spec.at_most not in values:
            continue
        part, whole = values[name][members], values[spec.at_most][members]
        with np.errstate(invalid="ignore"):
            over = np.flatnonzero(part > whole)
        for k in over:
            i = int(members[k])
            u.at(
                i,
                name,
                "PD008",
                t(
                    "unit `{unit}`: {part} ({part_value}) is more than {whole} ({whole_value})",
                    unit=u.ids[i],
                    part=name,
                    part_value=Number(float(part[k])),
                    whole=spec.at_most,
                    whole_value=Number(float(whole[k])),
                ),
                t("a part cannot exceed its whole: check both cells"),
            )
