"""Where the heads roster is in an officer's sheet, and which column holds what.

The roster is found as the indicator tables are (`layout`): a title block above the header, a
two-row header, a "(1) (2) (3)" row, a signature block below, STT and Ghi chú left out, merged
cells filled as Excel shows them. A unit's cell merged over its two heads' rows is that unit's
on both; a head's own value (name, dates, Kỷ luật, an indicator) merged over two heads is
refused, since whose it is cannot be told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from parindex.criteria.consequences import Accountability
from parindex.criteria.source import did_you_mean
from parindex.data.cells import CellChecker, ColumnSpec, norm
from parindex.data.choose import choose
from parindex.data.headers import YES_NO_PAIR
from parindex.data.layout import IGNORED, Layout, filled, text_of
from parindex.data.sheet import Sheet, read_grids
from parindex.data.units import layout_note
from parindex.data.workbook import Cell, as_cell
from parindex.errors import ParindexError, Text, cell_ref, t

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
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
EXCEL_EPOCH = date(1899, 12, 30)
KEYS = (COLUMNS["unit"], COLUMNS["name"], COLUMNS["position"])  # see layout.Keys
SHARED = ("unit", "position")  # may be merged over a unit's two heads


@dataclass
class Roster:
    """The roster's rows as read: (1-based row, cells by column) and where each column is."""

    layout: Layout
    cols: dict[str, int] = field(default_factory=dict)
    shown: dict[int, str] = field(default_factory=dict)  # column → its header as written
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    pair: dict[bool, int] = field(default_factory=dict)  # Kỷ luật as Có | Không sub-columns
    ignored: list[int] = field(default_factory=list)  # STT, Ghi chú, the unit's name
    headings: list[int] = field(default_factory=list)  # 0-based group rows, no unit, no head

    def disciplined(self, row: list[Cell]) -> list[bool]:
        """What a Có | Không pair marks in a row: [True], [False], both or none."""
        return [v for v, j in sorted(self.pair.items(), reverse=True) if row[j] is not None]

    @property
    def header_row(self) -> int:
        return self.layout.header_row + 1


def parse_date(cell: Cell) -> date | None:
    """dd/mm/yyyy (as Vietnamese documents write dates), yyyy-mm-dd, or an Excel serial day."""
    if isinstance(cell, float):
        return EXCEL_EPOCH + timedelta(days=int(cell))
    text = (cell or "").strip()
    try:
        if m := _DMY.match(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := _ISO.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return None


def head_specs(acc: Accountability) -> dict[str, ColumnSpec]:
    """The head indicators' columns, with how to check them."""
    return {
        name: ColumnSpec(
            name,
            ind.label,
            ind.kind,
            *ind.value_range(),
            ind.missing,
            ind.impute,
            None,
            frozenset(
                norm(h)
                for h in {name, ind.label, *ind.columns, *([ind.label_en] if ind.label_en else [])}
            ),
        )
        for name, ind in acc.indicators.items()
    }


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
            out.ignored.append(col.index)
            continue
        if col.child in YES_NO_PAIR and col.parent in COLUMNS["disciplined"]:
            out.pair[YES_NO_PAIR[col.child] == 1.0] = col.index  # an x under Có or Không
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


def group_row(out: Roster, number: int) -> bool:
    """A row of one text merged across the unit's and the head's columns ("I. SỞ, BAN, NGÀNH"),
    as officers head each block's heads: no head is on it."""
    unit, name = out.cols.get("unit"), out.cols.get("name")
    m = out.layout.merge_of.get((number - 1, unit)) if unit is not None else None
    return m is not None and name is not None and m[0] == m[2] and m[1] <= name <= m[3]


def merges(out: Roster, chk: CellChecker) -> None:
    """Refuse a head's own value merged over two heads' rows, or over two columns."""
    lay = out.layout
    body = set(lay.body)
    own = {j for c, j in out.cols.items() if c not in SHARED} | set(out.pair.values())
    read = set(out.cols.values()) | set(out.pair.values())
    for r0, c0, r1, c1 in lay.grid.merged:
        rows = [r for r in range(r0, r1 + 1) if r in body]
        value = lay.cells[r0][c0] if r0 < len(lay.cells) and c0 < len(lay.cells[r0]) else None
        if not rows or not filled(value) or group_row(out, r0 + 1):
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


def after_footer(out: Roster, chk: CellChecker) -> None:
    """Refuse a head's row below the signature block, which is not read."""
    lay = out.layout
    if not lay.footer or "unit" not in out.cols or "name" not in out.cols:
        return
    dates = [out.cols[c] for c in ("start", "end") if c in out.cols]
    for r in lay.footer[1:]:
        if not (lay.text(r, out.cols["unit"]) and lay.text(r, out.cols["name"])):
            continue
        row = lay.cells[r]
        if any(j < len(row) and parse_date(as_cell(row[j])) is not None for j in dates):
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


def roster_table(path: Path, file: str, accs: list[Accountability]) -> Sheet:
    """The roster as a tidy table (one header row, merged cells filled, dates as dd/mm/yyyy),
    for the records to add the heads' own indicators to; the layout refused as `read_roster`
    refuses it. Each header is written as one text the roster reader matches again."""
    chk = CellChecker(file, "vi")
    out = locate(path, file, None, None, chk)
    specs = {n: sp for acc in accs for n, sp in head_specs(acc).items()}
    match(out, chk, specs)
    merges(out, chk)
    after_footer(out, chk)
    if chk.found:
        raise ParindexError(chk.found)
    known = {a for alts in COLUMNS.values() for a in alts} | IGNORED | UNIT_NAME
    known |= {h for sp in specs.values() for h in sp.headers}
    header = []
    for col in out.layout.columns:
        child = col.shown.rsplit(" / ", 1)[-1]
        texts = [child, col.shown.replace(" / ", " ", 1), col.shown] if col.child else [col.shown]
        header.append(next((x for x in texts if norm(x) in known), col.shown))
    dates = {out.cols[c] for c in ("start", "end") if c in out.cols}
    rows = []
    if out.pair:  # one Kỷ luật column, as one header row can hold it
        header[out.pair[True]], header[out.pair[False]] = "Kỷ luật", ""
    for number, cells in out.rows:
        if group_row(out, number):
            continue  # a block's heading: no head on it
        if out.pair:
            marked = out.disciplined(cells)
            both_marked(out, chk, number, cells, marked)
            cells[out.pair[True]] = "có" if marked == [True] else None
            cells[out.pair[False]] = None
        for j in dates:
            day = parse_date(cells[j]) if cells[j] is not None else None
            if day is not None:
                cells[j] = day.strftime("%d/%m/%Y")
        rows.append((number, cells))
    if chk.found:
        raise ParindexError(chk.found)
    return Sheet(file, header, out.header_row, rows)


def both_marked(
    out: Roster, chk: CellChecker, number: int, row: list[Cell], marked: list[bool]
) -> None:
    if len(marked) == 2:
        name = out.cols.get("name")
        chk.add(
            number,
            out.pair[True] + 1,
            out.shown.get(out.pair[True], ""),
            "PD006",
            t(
                "`{head}`: both Có and Không are marked",
                head=text_of(row[name]) if name is not None else "",
            ),
        )


def roster_note(out: Roster) -> Text | None:
    """What was read of an officer's roster and what left out, as the data's notes say it."""
    j = out.cols["unit"]
    groups = set(out.headings)
    count = sum(1 for n, row in out.rows if text_of(row[j]) and n - 1 not in groups)
    return layout_note(
        out.layout,
        lambda place, rows: t(
            "{place}: header at row {rows}, {count} head(s)", place=place, rows=rows, count=count
        ),
        out.ignored,
        out.headings,
        False,
    )
