"""The data-entry workbook: per block a sheet of its units, and a "Hướng dẫn" sheet.

Each block sheet is a table the indicator reader reads as it is (the header on the first row:
unit id, name, block, then one column per input), so a filled form can also be given straight
to `parindex rank --data`. Input cells are unlocked, validated and yellow; the rest is locked.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parindex import __version__
from parindex.data.units import BASE_LABEL
from parindex.forms.columns import (
    NUMBER_FORMAT,
    FormColumn,
    caption_format,
    form_columns,
    header_lookup,
    validation,
    validation_key,
)
from parindex.forms.guide import GUIDE_HEADER, INSTRUCTIONS, guide_rows
from parindex.forms.names import unique_stems
from parindex.forms.units import Unit
from parindex.scoring.compile import Plan

GUIDE_SHEET = "Hướng dẫn"
WORKBOOK_NAME = "bieu-mau-chi-so-cchc.xlsx"


@dataclass(frozen=True)
class BlockSheet:
    name: str  # the sheet's name
    block: str
    label: str
    plan: Plan
    columns: list[FormColumn]
    units: list[Unit]


def block_sheets(plans: list[Plan], units: list[Unit]) -> list[BlockSheet]:
    """One sheet per block that has units, in the criteria's order of blocks."""
    lookup = header_lookup(plans)
    out: list[BlockSheet] = []
    taken = {GUIDE_SHEET.casefold()}
    for plan in plans:
        columns = form_columns(plan, lookup)
        for bid, block in plan.criteria.blocks.items():
            mine = [u for u in units if u.block == bid]
            if mine:
                name = sheet_name(block.label, taken)
                out.append(BlockSheet(name, bid, block.label, plan, columns, mine))
    return out


def sheet_name(label: str, taken: set[str]) -> str:
    """A valid, unused Excel sheet name: at most 31 characters, none of []:*?/\\."""
    base = re.sub(r"[\[\]:*?/\\]", "-", label).strip("' ")[:31] or "Khối"
    name, n = base, 2
    while name.casefold() in taken:
        name = f"{base[: 31 - len(str(n)) - 1]} {n}"
        n += 1
    taken.add(name.casefold())
    return name


def template_files(
    plans: list[Plan], units: list[Unit], out: Path, *, per_unit: bool
) -> dict[Path, bytes]:
    """The workbook at `out` (a .xlsx file, or a folder to hold it), or with `per_unit` one
    workbook per unit in the folder `out`, named by the unit's id."""
    sheets = block_sheets(plans, units)
    if not per_unit:
        target = out if out.suffix.lower() == ".xlsx" else out / WORKBOOK_NAME
        return {target: workbook(sheets)}
    stems = unique_stems([u.id for u in units])
    files: dict[Path, bytes] = {}
    for s in sheets:
        for u in s.units:
            one = BlockSheet(s.name, s.block, s.label, s.plan, s.columns, [u])
            files[out / f"{stems[u.id]}.xlsx"] = workbook([one])
    return files


def workbook(sheets: list[BlockSheet]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    titles = list(dict.fromkeys(s.plan.criteria.title for s in sheets))
    wb.set_properties({"title": "; ".join(titles), "subject": "Biểu mẫu số liệu Chỉ số CCHC"})
    fmt = _Formats(wb)
    for s in sheets:
        _block_sheet(wb, fmt, s)
    _guide_sheet(wb, fmt, sheets)
    wb.close()
    return buf.getvalue()


class _Formats:
    def __init__(self, wb: Any) -> None:
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}
        self.wb = wb
        self.base = base
        self.header = wb.add_format(
            base | {"bold": True, "text_wrap": True, "border": 1, "bg_color": "#D9E1F2"}
        )
        self.fixed = wb.add_format(base | {"border": 1, "num_format": "@"})
        self.title = wb.add_format(base | {"bold": True, "font_size": 14})
        self.bold = wb.add_format(base | {"bold": True})
        self.wrap = wb.add_format(base | {"text_wrap": True, "border": 1})
        self._captions: dict[str, Any] = {}
        self._inputs: dict[str, Any] = {}

    def caption(self, col: FormColumn) -> Any:
        key = caption_format(col)
        if key not in self._captions:
            self._captions[key] = self.wb.add_format(
                self.base
                | {"bold": True, "text_wrap": True, "border": 1, "bg_color": "#D9E1F2"}
                | {"num_format": key}
            )
        return self._captions[key]

    def input(self, kind: str) -> Any:
        if kind not in self._inputs:
            self._inputs[kind] = self.wb.add_format(
                self.base
                | {"locked": False, "border": 1, "bg_color": "#FFF2CC"}
                | {"num_format": NUMBER_FORMAT[kind]}
            )
        return self._inputs[kind]


def _block_sheet(wb: Any, fmt: _Formats, s: BlockSheet) -> None:
    from xlsxwriter.utility import xl_range, xl_rowcol_to_cell

    ws = wb.add_worksheet(s.name)
    for j, text in enumerate(BASE_LABEL.values()):
        ws.write_string(0, j, text, fmt.header)
    for j, col in enumerate(s.columns, start=3):
        ws.write_string(0, j, col.header, fmt.caption(col))
    for i, u in enumerate(s.units, start=1):
        ws.write_string(i, 0, u.id, fmt.fixed)
        ws.write_string(i, 1, u.name, fmt.fixed)
        ws.write_string(i, 2, s.label, fmt.fixed)
        for j, col in enumerate(s.columns, start=3):
            ws.write_blank(i, j, None, fmt.input(col.spec.kind))
    last = len(s.units)
    groups: dict[tuple[object, ...], list[int]] = {}
    for j, col in enumerate(s.columns, start=3):
        groups.setdefault(validation_key(col), []).append(j)
    for js in groups.values():
        first = js[0]
        rule = validation(s.columns[first - 3], xl_rowcol_to_cell(1, first), shared=len(js) > 1)
        if len(js) > 1:
            rule["multi_range"] = " ".join(xl_range(1, j, last, j) for j in js)
        ws.data_validation(1, first, last, first, rule)
    ws.set_row(0, 90)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 32)
    ws.set_column(2, 2, 18)
    ws.set_column(3, 2 + len(s.columns), 20)
    ws.freeze_panes(1, 3)
    ws.protect("", {"format_columns": True, "format_rows": True})
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.repeat_rows(0)
    ws.repeat_columns(0, 1)
    title = f"{s.plan.criteria.title} — {s.label} — {s.plan.criteria.period}"
    ws.set_header("&C" + title.replace("&", "&&")[:200])
    ws.set_footer("&CTrang &P/&N")


def _guide_sheet(wb: Any, fmt: _Formats, sheets: list[BlockSheet]) -> None:
    ws = wb.add_worksheet(GUIDE_SHEET)
    row = 0
    for title in dict.fromkeys((s.plan.criteria.title, s.plan.criteria.period) for s in sheets):
        ws.write_string(row, 0, f"{title[0]} — năm {title[1]}", fmt.title)
        row += 1
    ws.write_string(row, 0, f"Biểu mẫu số liệu do parindex {__version__} lập từ bộ tiêu chí")
    row += 2
    for line in INSTRUCTIONS:
        ws.write_string(row, 0, line)
        row += 1
    for s in sheets:
        row += 1
        ws.write_string(row, 0, f"Trang “{s.name}” — khối {s.label}", fmt.bold)
        row += 1
        for j, text in enumerate(GUIDE_HEADER):
            ws.write_string(row, j, text, fmt.header)
        row += 1
        for cells in guide_rows(s.plan, s.block, s.columns):
            for j, text in enumerate(cells):
                ws.write_string(row, j, text, fmt.wrap)
            row += 1
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 20)
    ws.set_column(2, 2, 40)
    ws.set_column(3, 5, 16)
    ws.set_column(6, 6, 70)
    ws.protect()
