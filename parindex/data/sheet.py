"""Read a table file (CSV/text, XLSX, XLS, ODS) into grids of raw cells, nothing interpreted.

Sizes are checked before anything is allocated: the file's bytes are read up to the limit and
no further (so `/dev/zero` is refused at once), and a workbook's sheets are measured before they
are expanded (`limits.Limits`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from parindex.data.limits import Limits
from parindex.data.text import decode, read_text_table, refuse_binary
from parindex.data.workbook import Cell, Grid, as_cell, read_workbook
from parindex.errors import file_error, t

__all__ = ["EXCEL_SUFFIXES", "Cell", "Grid", "Sheet", "decode", "read_grids", "read_sheet"]

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
MAX_BYTES = Limits().max_bytes


@dataclass(frozen=True)
class Sheet:
    file: str
    header: list[str]
    header_row: int  # 1-based row of the header in the file
    rows: list[tuple[int, list[Cell]]]  # (1-based row in the file, cells)


def read_grids(path: Path, file: str, limits: Limits | None = None) -> list[Grid]:
    """Every sheet of a workbook, or the one grid of a text file."""
    limits = limits or Limits()
    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            limits.check_bytes(file, path.stat().st_size)
            return read_workbook(path, file, limits)
        with path.open("rb") as f:
            head = f.read(1 << 16)
            refuse_binary(head, file)  # `/dev/zero` is refused here, not after 200 MB
            raw = head + f.read(max(0, limits.max_bytes + 1 - len(head)))  # a device may never end
        limits.check_bytes(file, len(raw))
    except OSError as exc:
        raise file_error(
            file, "PD001", t("cannot read the file: {reason}", reason=str(exc.strerror))
        ) from None
    return [Grid(file, None, read_text_table(raw, file, limits), [], None)]


def read_sheet(path: Path, display: str | None = None, sheet: str | None = None) -> Sheet:
    """The first non-blank row as the header and every row below it (the heads roster)."""
    file = display or str(path)
    grids = read_grids(path, file)
    if sheet is None:
        grid = grids[0]
    else:
        found = [g for g in grids if g.sheet == sheet]
        if not found:
            names = [g.sheet or "" for g in grids]
            raise file_error(
                file,
                "PD001",
                t("no sheet named `{sheet}` (sheets: {names})", sheet=sheet, names=names),
            )
        grid = found[0]
    return _to_sheet([[as_cell(c) for c in row] for row in grid.rows], file)


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _to_sheet(grid: list[list[Cell]], file: str) -> Sheet:
    numbered = [(i + 1, row) for i, row in enumerate(grid) if not all(_blank(c) for c in row)]
    if not numbered:
        raise file_error(
            file,
            "PD001",
            t("the file has no rows"),
            hint=t("the first row holds the column names"),
        )
    header_row, header_cells = numbered[0]
    header = [" ".join(str(c).split()) if not _blank(c) else "" for c in header_cells]
    while header and header[-1] == "":
        header.pop()
    rows = []
    for number, row in numbered[1:]:
        cells = [None if _blank(c) else (c.strip() if isinstance(c, str) else c) for c in row]
        cells = (cells + [None] * len(header))[: max(len(header), len(cells))]
        rows.append((number, cells))
    return Sheet(file, header, header_row, rows)
