"""Where the heads roster is in an officer's sheet, and which column holds what.

The roster is found as the indicator tables are (`layout`): a title block above the header, a
two-row header, a "(1) (2) (3)" row, a signature block below, STT and Ghi chú left out, merged
cells filled as Excel shows them. A unit's cell merged over its two heads' rows is that unit's
on both; a head's own value (name, dates, Kỷ luật, an indicator) merged over two heads is
refused, since whose it is cannot be told.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from parindex.criteria.source import did_you_mean
from parindex.data.cells import CellChecker, ColumnSpec, norm
from parindex.data.choose import choose
from parindex.data.layout import IGNORED, Layout, filled, text_of
from parindex.data.sheet import read_grids
from parindex.data.workbook import Cell, as_cell
from parindex.errors import cell_ref, t

COLUMNS = {
    "unit": {"unit", "id", "unit id", "mã đơn vị", "ma don vi", "đơn vị", "mã đv", "mã"},
    "name": {"head", "name", "người đứng đầu", "họ và tên", "ho va ten", "họ tên"},
    "position": {"position", "chức vụ", "chuc vu"},
    "start": {"start", "from", "từ ngày", "tu ngay"},
    "end": {"end", "to", "đến ngày", "den ngay"},
    "disciplined": {"disciplined", "kỷ luật", "ky luat", "bị kỷ luật"},
}
# the unit's name beside its id: the id says which unit it is, so the name is not read
UNIT_NAME = {"tên đơn vị", "ten don vi", "tên cơ quan, đơn vị", "cơ quan, đơn vị", "unit name"}
KEYS = (COLUMNS["unit"], COLUMNS["name"], COLUMNS["position"])  # see layout.Keys
SHARED = ("unit", "position")  # may be merged over a unit's two heads


@dataclass
class Roster:
    """The roster's rows as read: (1-based row, cells by column) and where each column is."""

    layout: Layout
    cols: dict[str, int] = field(default_factory=dict)
    shown: dict[int, str] = field(default_factory=dict)  # column → its header as written
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)

    @property
    def header_row(self) -> int:
        return self.layout.header_row + 1


def locate(
    path: Path, file: str, sheet: str | None, header_row: int | None, chk: CellChecker
) -> Roster:
    """The roster's table in the file (its sheet chosen as the data's is); columns matched."""
    lay = choose(
        read_grids(path, file), sheet=sheet, header_row=header_row, blocks=set(), keys=KEYS
    )[0]
    chk.sheet = lay.grid.sheet
    out = Roster(lay)
    for j in lay.body:
        cells = [as_cell(c) for c in lay.cells[j]]
        out.rows.append((j + 1, cells + [None] * (len(lay.columns) - len(cells))))
    return out


def match(out: Roster, chk: CellChecker, specs: dict[str, ColumnSpec]) -> None:
    """Each labelled column to a roster column or an indicator; unknown and repeated ones
    reported."""
    lay = out.layout
    known = {a for alts in COLUMNS.values() for a in alts} | {norm(s.label) for s in specs.values()}
    known |= set(specs)
    for col in lay.columns:
        if not col.labels:
            continue
        out.shown[col.index] = col.shown
        labels = set(col.labels)
        if labels & (IGNORED | UNIT_NAME) or col.parent in IGNORED:
            continue
        found = next((c for c, alts in COLUMNS.items() if labels & alts), None)
        found = found or next((n for n, sp in specs.items() if labels & sp.headers), None)
        row = lay.header_row + (lay.header_rows if col.child else 1)
        if found is None:
            chk.add(
                row,
                col.index + 1,
                col.shown,
                "PD003",
                t("unknown column `{column}`", column=col.shown),
                hint=did_you_mean(col.labels[0], known),
            )
        elif found in out.cols:
            chk.add(
                row,
                col.index + 1,
                col.shown,
                "PD011",
                t(
                    "column `{column}` repeats column {number}",
                    column=col.shown,
                    number=out.cols[found] + 1,
                ),
            )
        else:
            out.cols[found] = col.index


def merges(out: Roster, chk: CellChecker) -> None:
    """Refuse a head's own value merged over two heads' rows, or over two columns."""
    lay = out.layout
    body = set(lay.body)
    own = {j for c, j in out.cols.items() if c not in SHARED}
    read = set(out.cols.values())
    for r0, c0, r1, c1 in lay.grid.merged:
        rows = [r for r in range(r0, r1 + 1) if r in body]
        value = lay.cells[r0][c0] if r0 < len(lay.cells) and c0 < len(lay.cells[r0]) else None
        if not rows or not filled(value):
            continue
        span = f"{cell_ref(r0 + 1, c0 + 1)}:{cell_ref(r1 + 1, c1 + 1)}"
        mine = sorted(j for j in own if c0 <= j <= c1)
        cols = sorted(j for j in read if c0 <= j <= c1)
        if len(rows) > 1 and mine:
            chk.add(
                r0 + 1,
                mine[0] + 1,
                out.shown.get(mine[0], ""),
                "PD018",
                t(
                    "`{value}` is merged across {span}, the rows of {count} heads: whose value "
                    "it is is not clear",
                    value=text_of(value),
                    span=span,
                    count=len(rows),
                ),
                hint=t("unmerge the cells and write each head's own value in their row"),
            )
        elif len(cols) > 1:
            chk.add(
                r0 + 1,
                cols[0] + 1,
                out.shown.get(cols[0], ""),
                "PD018",
                t(
                    "`{value}` is merged across {span}, over {count} columns: which column it"
                    " belongs to is not clear",
                    value=text_of(value),
                    span=span,
                    count=len(cols),
                ),
                hint=t("unmerge the cells and write each column's own value"),
            )


def after_footer(out: Roster, chk: CellChecker, dated: Callable[[Cell], bool]) -> None:
    """Refuse a head's row below the signature block, which is not read."""
    lay = out.layout
    if not lay.footer or "unit" not in out.cols or "name" not in out.cols:
        return
    dates = [out.cols[c] for c in ("start", "end") if c in out.cols]
    for r in lay.footer[1:]:
        if not (lay.text(r, out.cols["unit"]) and lay.text(r, out.cols["name"])):
            continue
        row = lay.cells[r]
        if any(j < len(row) and dated(as_cell(row[j])) for j in dates):
            chk.add(
                r + 1,
                None,
                "",
                "PD018",
                t(
                    "row {row} looks like a head's row but comes after the signature block, "
                    "which starts at row {start}",
                    row=r + 1,
                    start=lay.footer[0] + 1,
                ),
                hint=t("move the row above the signature block (rows below it are not read)"),
            )
