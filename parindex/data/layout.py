"""Where the table is inside an officer's sheet: header row(s), numbering row, body, footer.

Government tables carry a title block above the header, sometimes a second header row under a
group label ("Hồ sơ" over "Tiếp nhận | Đã giải quyết | Trễ hẹn"), a row of column numbers
"(1) (2) (3) …", and a total row and signature block at the foot. Merged cells are filled as
Excel shows them, and where each filled cell came from is kept, so a reader can tell a merged
block cell from a forgotten one, and refuse a number merged across two units.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from parindex.data.cells import norm
from parindex.data.workbook import Grid, Merge
from parindex.errors import Text, file_error, t

BASE = {
    "id": {"id", "mã", "mã đơn vị", "ma don vi", "mã đv", "code", "unit id"},
    "name": {"name", "tên", "tên đơn vị", "ten don vi", "đơn vị", "unit", "unit name"},
    "block": {"block", "khối", "khoi", "khối đơn vị"},
}
# a row-number and a notes column: every Vietnamese table has them, and they are left out
IGNORED = {"stt", "tt", "số tt", "số thứ tự", "ghi chú", "ghi chu", "note", "notes"}
TOTAL = ("tổng cộng", "tổng số", "tổng", "cộng", "total", "sum")
SIGNATURE = (
    "người lập biểu",
    "người lập",
    "lập biểu",
    "thủ trưởng",
    "giám đốc",
    "chủ tịch",
    "ký tên",
    "(ký",
    "xác nhận",
)
_NUMBERING = re.compile(r"^\(\s*\d{1,3}\s*\)")
HEADER_SEARCH = 60  # rows searched for the header below a title block
# the header row is the one naming both: the unit's id, and its name (the heads roster: the
# unit's id, and the head's name); the first set also names the column a total row writes in.
# The third names columns whose words never start a signature block: a head's position is
# "Giám đốc", as the director's signature is.
Keys = tuple[set[str], set[str], set[str]]
UNIT_KEYS: Keys = (BASE["id"], BASE["name"], set())


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    labels: tuple[str, ...]  # normalised candidates, best first: child, "parent / child"
    shown: str  # as written, e.g. "Hồ sơ / Trễ hẹn"
    parent: str = ""  # normalised group label of a two-row header
    child: str = ""


@dataclass
class Layout:
    grid: Grid
    cells: list[list[Any]]  # merged ranges filled
    header_row: int  # 0-based; the last header row is header_row + len(header_rows) - 1
    header_rows: int  # 1 or 2
    columns: list[Column]
    body: list[int]  # 0-based rows between the header and the footer, blank rows left out
    footer: list[int] = field(default_factory=list)  # the signature block, and below it
    found: bool = True  # the header was recognised by its id and name columns
    numbering: int | None = None  # a "(1) (2) (3)" row under the header
    merge_of: dict[tuple[int, int], Merge] = field(default_factory=dict)  # filled cells
    totals: list[int] = field(default_factory=list)  # total rows, left out

    def text(self, row: int, col: int) -> str:
        cells = self.cells[row]
        return text_of(cells[col]) if col < len(cells) else ""


def filled(cell: Any) -> bool:
    """Whether a raw cell holds anything: workbooks give "" for empty, text files "" too."""
    return cell is not None and (cell.__class__ is not str or bool(cell.strip()))


def text_of(cell: Any) -> str:
    """A raw cell as text, NFC, single spaces: 12.0 → "12"."""
    if cell is None or cell.__class__ is str:
        return unicodedata.normalize("NFC", " ".join(cell.split())) if cell else ""
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else f"{cell:g}"
    if isinstance(cell, datetime | date):
        return cell.strftime("%Y-%m-%d")
    return str(cell)


def fill_merged(grid: Grid) -> tuple[list[list[Any]], dict[tuple[int, int], Merge]]:
    """The cells as Excel shows them: each merged range holds its first cell's value."""
    cells = grid.rows  # filled in place: the grid was read for this table alone
    of: dict[tuple[int, int], Merge] = {}
    n = len(cells)
    width = max(map(len, cells), default=0)  # a merge over A1:XFD1048576 fills no more
    for m in grid.merged:
        r0, c0, r1, c1 = m
        c1 = min(c1, width - 1)
        if r0 >= n or c0 >= len(cells[r0]):
            continue
        value = cells[r0][c0]
        for r in range(r0, min(r1, n - 1) + 1):
            row = cells[r]
            for c in range(c0, c1 + 1):
                if c >= len(row):
                    row.extend([None] * (c + 1 - len(row)))
                row[c] = value
                of[(r, c)] = m
    return cells, of


def _numbering(row: list[Any]) -> bool:
    marks = [c for c in row if filled(c)]
    if len(marks) < 2:
        return False
    ints = [int(c) for c in marks if isinstance(c, int | float) and float(c).is_integer()]
    if len(ints) == len(marks):
        return ints == sorted(set(ints))
    return all(isinstance(c, str) and _NUMBERING.match(c) for c in marks)


def _blank(row: list[Any]) -> bool:
    return not any(map(filled, row))


def find_layout(grid: Grid, header_row: int | None = None, keys: Keys = UNIT_KEYS) -> Layout:
    """The table inside a grid; `header_row` (1-based) overrides the search."""
    cells, merge_of = fill_merged(grid)
    found = True
    if header_row is not None:
        h = header_row - 1
        if not 0 <= h < len(cells) or _blank(cells[h]):
            raise file_error(
                grid.file,
                "PD001",
                _header_row_missing(header_row, 0 <= h < len(cells), grid.sheet),
                hint=t("--header-row is the row holding `Mã đơn vị` and `Tên đơn vị`"),
            )
    else:
        found_h = next(
            (i for i, row in enumerate(cells[:HEADER_SEARCH]) if _is_header(row, keys)), None
        )
        if found_h is None:
            found = False
            found_h = next((i for i, row in enumerate(cells) if not _blank(row)), None)
            if found_h is None:
                raise file_error(
                    grid.file,
                    "PD001",
                    t("the file has no rows")
                    if grid.sheet is None
                    else t("sheet `{sheet}` has no rows", sheet=grid.sheet),
                    hint=t("the header row holds the column names: Mã đơn vị, Tên đơn vị, Khối …"),
                )
        h = found_h
    head = cells[h]
    nxt = next((i for i in range(h + 1, len(cells)) if not _blank(cells[i])), None)
    two = found and nxt is not None and _is_subheader(head, cells[nxt], keys)
    columns = _columns(head, cells[nxt] if two and nxt is not None else None)
    start = (nxt + 1) if two and nxt is not None else h + 1
    numbering = None
    first = next((i for i in range(start, len(cells)) if not _blank(cells[i])), None)
    if first is not None and _numbering(cells[first]):
        numbering, start = first, first + 1
    id_col = next((c.index for c in columns if set(c.labels) & keys[0]), None)
    quiet = {c.index for c in columns if set(c.labels) & keys[2]}
    body: list[int] = []
    totals: list[int] = []
    footer: list[int] = []
    for r in range(start, len(cells)):
        row = cells[r]
        if _blank(row):
            continue
        kind = None if footer else _foot(row, id_col, quiet)
        if footer or kind == "signature":
            footer.append(r)
        elif kind == "total":
            totals.append(r)  # a block's subtotal may have units below it: read on
        else:
            body.append(r)
    if totals and id_col is not None:  # names and notes under the last total row
        while body and body[-1] > totals[-1] and not text_of(_at(cells[body[-1]], id_col)):
            footer.insert(0, body.pop())
    return Layout(
        grid,
        cells,
        h,
        2 if two else 1,
        columns,
        body,
        footer,
        found,
        numbering,
        merge_of,
        totals,
    )


def _header_row_missing(row: int, inside: bool, sheet: str | None) -> Text:
    if sheet is None:
        if inside:
            return t("row {row} is blank", row=row)
        return t("row {row} is past the end", row=row)
    if inside:
        return t("row {row} is blank in sheet `{sheet}`", row=row, sheet=sheet)
    return t("row {row} is past the end in sheet `{sheet}`", row=row, sheet=sheet)


def _at(row: list[Any], j: int) -> Any:
    return row[j] if j < len(row) else None


def _is_header(row: list[Any], keys: Keys) -> bool:
    words = {norm(c) for c in row if isinstance(c, str) and c}
    return bool(words & keys[0]) and bool(words & keys[1])


def _is_subheader(head: list[Any], row: list[Any], keys: Keys) -> bool:
    """A second header row: no unit id under the id header, and new labels under groups."""
    if _numbering(row):
        return False
    new = False
    for j, cell in enumerate(row):
        above = head[j] if j < len(head) else None
        if not filled(cell) or cell == above:
            continue
        if not isinstance(cell, str):
            return False
        if isinstance(above, str) and norm(above) in keys[0] | keys[1]:
            return False  # a unit's id or a group's name under its header: a data row
        new = True
    return new


def _columns(head: list[Any], sub: list[Any] | None) -> list[Column]:
    out = []
    carry = ""
    width = max(len(head), len(sub or []))
    for j in range(width):
        p = text_of(head[j]) if j < len(head) else ""
        c = text_of(sub[j]) if sub is not None and j < len(sub) else ""
        if sub is not None and not p and c and carry:
            p = carry  # a group label written once over its columns (CSV has no merges)
        if c and c != p:
            carry = p
            shown = f"{p} / {c}" if p else c
            # "Hồ sơ" over "trễ hẹn" is the indicator "Hồ sơ trễ hẹn"
            labels = (norm(c), norm(shown), norm(f"{p} {c}")) if p else (norm(c),)
            out.append(Column(j, labels, shown, norm(p), norm(c)))
        else:
            carry = ""
            out.append(Column(j, (norm(p),) if p else (), p))
    return out


def _foot(row: list[Any], id_col: int | None, quiet: set[int]) -> str | None:
    """ "total" for a total row ("Tổng cộng", "Cộng"), "signature" for the start of the
    signature block ("Người lập biểu", "GIÁM ĐỐC"), None for any other row."""
    first = norm(text_of(row[id_col])) if id_col is not None and id_col < len(row) else ""
    if first and not first.startswith(TOTAL) and not any(s in first for s in SIGNATURE):
        return None
    kind = None
    for j, c in enumerate(row):
        if isinstance(c, str) and c and j not in quiet:
            t = norm(c)
            if any(s in t for s in SIGNATURE):
                return "signature"
            if t.startswith(TOTAL):
                kind = "total"
    return kind
