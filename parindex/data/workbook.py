"""Workbooks (XLSX, XLS, ODS) → one grid of raw cells per sheet, with its merged ranges.

python-calamine reads the cells (cached values of formula cells included) and the merged ranges
of XLSX and XLS; ODS keeps its merges in content.xml, read here. Before calamine allocates a
sheet, the extent an XLSX or ODS sheet really spans is measured from its XML, so a small file
that declares ten million rows is refused instead of exhausting memory. (An XLS cannot exceed
65,536 × 256 cells, and its size is bounded by --max-mb.)
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from parindex.data.limits import Limits
from parindex.errors import ParindexError, file_error, t

Cell = str | float | None
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based)


@dataclass
class Grid:
    """One sheet (or a text file) as read: rows of raw cells, nothing interpreted."""

    file: str
    sheet: str | None  # None for a text file
    rows: list[list[Any]]  # raw: str ("" when empty), float, int, bool, date …
    merged: list[Merge] = field(default_factory=list)
    path: Path | None = None  # the workbook, to explain a formula cell that has no value


def read_workbook(path: Path, file: str, limits: Limits) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    suffix = path.suffix.lower()
    extents = _xlsx_extents(path, file, limits) if suffix in (".xlsx", ".xlsm") else {}
    ods = _ods_scan(path, file) if suffix == ".ods" else []
    extents |= {name: (rows, cols) for name, _, rows, cols in ods}
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        grids = []
        for i, name in enumerate(names):
            if name in extents:
                limits.check_extent(file, name, *extents[name])
            ws = wb.get_sheet_by_index(i)
            limits.check_extent(file, name, ws.height, ws.width)
            rows = ws.to_python(skip_empty_area=False)
            merged = [(a, b, c, d) for (a, b), (c, d) in (ws.merged_cell_ranges or [])]
            grids.append(Grid(file, name, rows, merged, path))
    except ParindexError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise file_error(
            file,
            "PD001",
            t("the workbook cannot be read: {reason}", reason=str(exc)),
            hint=t("open it in Excel or LibreOffice and save it again"),
        ) from None
    for grid, (_, merged, _, _) in zip(grids, ods, strict=False):
        grid.merged = merged
    return grids


def as_cell(v: Any) -> Cell:
    """A raw cell as the roster reads it: float, stripped NFC text, or None when empty."""
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, datetime | date):
        return v.strftime("%Y-%m-%d")  # dates stay text; readers parse them
    if isinstance(v, time | timedelta):
        return str(v)
    if v is None or v == "":
        return None
    return unicodedata.normalize("NFC", str(v)).strip() or None


_CELL_REF = re.compile(rb"<c\b[^>]*?\br=\"([A-Z]{1,3})(\d{1,7})\"")
_ROW_REF = re.compile(rb"<row\b[^>]*?\br=\"(\d{1,7})\"")
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """sheet name → its XML part inside an XLSX."""
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", _NS)}
    out = {}
    for s in book.iterfind("m:sheets/m:sheet", _NS):
        t = target.get(s.get(f"{{{_NS['r']}}}id"), "")
        part = t.lstrip("/") if t.startswith("/") else str(PurePosixPath("xl") / t)
        out[s.get("name", "")] = part
    return out


def _letters(n: int) -> int:
    """How many letters Excel's name of column n has: 26 → 1, 27 → 2, 703 → 3."""
    count = 0
    while n > 0:
        n = (n - 1) // 26
        count += 1
    return count


def _xlsx_extents(path: Path, file: str, limits: Limits) -> dict[str, tuple[int, int]]:
    """sheet name → (rows, columns) its cells span, measured from the XML in chunks.

    Only cells whose column name is as long as the limit's are looked at one by one (a table
    under 702 columns has no three-letter column), so measuring costs a few C scans."""
    wide = re.compile(rb' r="([A-Z]{%d,3})[0-9]' % _letters(limits.max_columns))
    try:
        with zipfile.ZipFile(path) as z:
            out = {}
            for name, part in _sheet_parts(z).items():
                rows = cols = 0
                with z.open(part) as f:
                    tail = b""
                    while chunk := f.read(1 << 22):
                        data = tail + chunk
                        cut = data.rfind(b">") + 1
                        for m in wide.finditer(data, 0, cut):
                            cols = max(cols, _column_number(m.group(1)))
                        at = data.rfind(b"<row ", 0, cut)
                        last = _ROW_REF.match(data, at) if at >= 0 else None
                        if last is not None:
                            rows = max(rows, int(last.group(1)))
                        tail = data[cut:]
                out[name] = (rows, cols)
            return out
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError, EOFError) as exc:
        raise file_error(
            file,
            "PD001",
            t("the workbook cannot be read: {reason}", reason=str(exc)),
            hint=t("open it in Excel or LibreOffice and save it again as .xlsx"),
        ) from None


def uncached_formulas(grid: Grid) -> dict[tuple[int, int], str]:
    """(row, column) 0-based → formula, for the XLSX cells holding a formula but no value."""
    if grid.path is None or grid.path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    out: dict[tuple[int, int], str] = {}
    try:
        with zipfile.ZipFile(grid.path) as z:
            part = _sheet_parts(z).get(grid.sheet or "")
            if part is None:
                return {}
            with z.open(part) as f:
                for _, el in ElementTree.iterparse(f):
                    if el.tag != f"{{{_NS['m']}}}c":
                        continue
                    formula = el.find("m:f", _NS)
                    value = el.find("m:v", _NS)
                    if formula is not None and (value is None or not value.text):
                        m = _CELL_REF.match(b'<c r="' + el.get("r", "").encode() + b'"')
                        if m:
                            col = _column_number(m.group(1)) - 1
                            out[(int(m.group(2)) - 1, col)] = "=" + (formula.text or "")
                    el.clear()
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return out
    return out


_T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _ods_scan(path: Path, file: str) -> list[tuple[str, list[Merge], int, int]]:
    """Each sheet's name, merged ranges, and the rows and columns its filled cells span.

    An ODS row or cell may be repeated a million times by one attribute: the extent counts
    repeats only of what holds something, as calamine expands them."""
    sheets: list[tuple[str, list[Merge], int, int]] = []
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    cell, covered = f"{{{_T}}}table-cell", f"{{{_T}}}covered-table-cell"
    try:
        with zipfile.ZipFile(path) as z, z.open("content.xml") as f:
            name, rows, cols = "", 0, 0
            merges: list[Merge] = []
            row = col = row_end = 0
            for event, el in ElementTree.iterparse(f, events=("start", "end")):
                tag = el.tag
                if event == "start":
                    if tag == f"{{{_T}}}table":
                        name, merges, rows, cols, row = el.get(f"{{{_T}}}name", ""), [], 0, 0, 0
                    elif tag == f"{{{_T}}}table-row":
                        col = row_end = 0
                    elif tag == cell:
                        down = int(el.get(f"{{{_T}}}number-rows-spanned", "1"))
                        across = int(el.get(f"{{{_T}}}number-columns-spanned", "1"))
                        if down > 1 or across > 1:
                            merges.append((row, col, row + down - 1, col + across - 1))
                    continue
                if tag in (cell, covered):
                    repeat = int(el.get(f"{{{_T}}}number-columns-repeated", "1"))
                    if len(el) or el.get(f"{{{office}}}value-type"):
                        row_end = col + repeat
                    col += repeat
                    el.clear()
                elif tag == f"{{{_T}}}table-row":
                    repeat = int(el.get(f"{{{_T}}}number-rows-repeated", "1"))
                    if row_end:
                        rows, cols = row + repeat, max(cols, row_end)
                    row += repeat
                    el.clear()
                elif tag == f"{{{_T}}}table":
                    sheets.append((name, merges, rows, cols))
                    el.clear()
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError) as exc:
        raise file_error(
            file, "PD001", t("the spreadsheet cannot be read: {reason}", reason=str(exc))
        ) from None
    return sheets
