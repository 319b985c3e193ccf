"""The decision annex (.docx): the table a provincial decision attaches.

"Phụ lục — Kết quả xác định Chỉ số CCHC năm …": per block, STT / unit / index / class / rank, set
as Vietnamese administrative documents are (Nghị định 30/2020/NĐ-CP): A4, margins top and bottom
20 mm, left 30 mm, right 15 mm, Times New Roman 13–14 pt.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from parindex.reports.labels import number, t
from parindex.reports.tabular import provenance_lines
from parindex.reports.text import block_label, blocks, klass

FONT = "Times New Roman"


def files(doc: dict[str, Any], lang: str) -> dict[str, bytes]:
    return {"annex.docx": annex(doc, lang)}


def annex(doc: dict[str, Any], lang: str) -> bytes:
    d = Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = d.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # East-Asian and complex-script fonts too, or Word falls back for some Vietnamese letters
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    periods = sorted({s.get("period", "") for s in doc.get("criteria_sets", [])} - {""})
    vi = lang == "vi"
    _para(d, "Phụ lục" if vi else "Annex", bold=True, size=14)
    _para(
        d,
        (
            (
                "KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM "
                if vi
                else "RESULTS OF THE PUBLIC ADMINISTRATION REFORM INDEX "
            )
            + ", ".join(periods)
        ).upper(),
        bold=True,
        size=14,
    )
    _para(
        d,
        "(Kèm theo Quyết định số …/QĐ-UBND ngày … tháng … năm … của Ủy ban nhân dân tỉnh)"
        if vi
        else "(Attached to Decision No. …/QĐ-UBND of … by the Provincial People's Committee)",
        italic=True,
        size=13,
    )
    for number_, (_, _, units) in enumerate(blocks(doc), start=1):
        roman = (
            ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][number_ - 1]
            if number_ <= 8
            else str(number_)
        )
        _para(
            d,
            f"{roman}. {block_label(units, lang).upper()}",
            bold=True,
            size=13,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )
        table = d.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        heads = [
            "STT" if vi else "No.",
            t("unit", lang),
            t("index", lang),
            t("class", lang),
            "Xếp hạng" if vi else "Rank",
        ]
        widths = [Mm(12), Mm(80), Mm(25), Mm(25), Mm(20)]
        for cell, text, width in zip(table.rows[0].cells, heads, widths, strict=True):
            _cell(cell, text, bold=True, center=True)
            cell.width = width
        for k, u in enumerate(units, start=1):
            cells = table.add_row().cells
            values = [str(k), u["name"], number(u["index"], lang), klass(u, lang), str(u["rank"])]
            for j, (cell, text, width) in enumerate(zip(cells, values, widths, strict=True)):
                _cell(cell, text, center=j != 1)
                cell.width = width
        _para(d, "")
    # the provenance, small, after the tables: which data and rules produced this annex
    for line in provenance_lines(doc):
        _para(d, line, size=8, align=WD_ALIGN_PARAGRAPH.LEFT)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _para(
    d: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 13,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
) -> None:
    p = d.add_paragraph()
    p.alignment = align
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT


def _cell(cell: Any, text: str, *, bold: bool = False, center: bool = False) -> None:
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(13)
    run.font.name = FONT
