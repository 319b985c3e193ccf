"""Read a table file (CSV, XLSX, XLS, ODS) into header + rows of raw cells, nothing interpreted.

What government offices really send is handled here: UTF-8 with or without BOM, Windows-1258
text (decoded, then composed to NFC like every other text), `,`, `;` or tab delimiters, blank
rows before the header and after the data.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from parindex.errors import ParindexError, file_error

Cell = str | float | None
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Sheet:
    file: str
    header: list[str]
    header_row: int  # 1-based row of the header in the file
    rows: list[tuple[int, list[Cell]]]  # (1-based row in the file, cells)


def read_sheet(path: Path, display: str | None = None, sheet: str | None = None) -> Sheet:
    file = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise file_error(
                file, "PD001", f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}"
            )
        if path.suffix.lower() in EXCEL_SUFFIXES:
            grid = _read_excel(path, file, sheet)
        else:
            grid = _read_csv(path.read_bytes(), file)
    except OSError as exc:
        raise file_error(file, "PD001", f"cannot read the file: {exc.strerror}") from None
    return _to_sheet(grid, file)


def decode(raw: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-1258; always NFC."""
    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            # Vietnamese Windows' code page; it decodes to decomposed (NFD) letters
            text = raw.decode("cp1258")
    return unicodedata.normalize("NFC", text)


def _read_csv(raw: bytes, file: str) -> list[list[Cell]]:
    text = decode(raw)
    first = next((line for line in text.splitlines() if line.strip()), "")
    # the delimiter that splits the header into the most fields
    delimiter = max((",", ";", "\t"), key=lambda d: len(next(csv.reader([first], delimiter=d))))
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise file_error(file, "PD001", f"the CSV file cannot be read: {exc}") from None


def _read_excel(path: Path, file: str, sheet: str | None) -> list[list[Cell]]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        if sheet is None:
            ws = wb.get_sheet_by_index(0)
        elif sheet in wb.sheet_names:
            ws = wb.get_sheet_by_name(sheet)
        else:
            names = ", ".join(wb.sheet_names)
            raise file_error(file, "PD001", f"no sheet named `{sheet}` (sheets: {names})")
        grid = ws.to_python(skip_empty_area=False)
    except ParindexError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise file_error(
            file,
            "PD001",
            f"the workbook cannot be read: {exc}",
            hint="open it in Excel and save it again as .xlsx",
        ) from None
    out: list[list[Cell]] = []
    for row in grid:
        cells: list[Cell] = []
        for v in row:
            if isinstance(v, datetime | date):
                cells.append(v.strftime("%Y-%m-%d"))  # dates stay text; readers parse them
            elif isinstance(v, bool):
                cells.append(1.0 if v else 0.0)
            elif isinstance(v, int | float):
                cells.append(float(v))
            elif v is None or v == "":
                cells.append(None)
            else:
                cells.append(unicodedata.normalize("NFC", str(v)))
        out.append(cells)
    return out


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _to_sheet(grid: list[list[Cell]], file: str) -> Sheet:
    numbered = [(i + 1, row) for i, row in enumerate(grid) if not all(_blank(c) for c in row)]
    if not numbered:
        raise file_error(
            file, "PD001", "the file has no rows", hint="the first row holds the column names"
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
