"""Build the bundled Word templates: the decision annex and the result sheet.

parindex/reports/templates/annex.docx, the decision annex:

The template is a Word file with docxtpl placeholders, laid out as Nghị định 30/2020/NĐ-CP
asks: A4, margins 20/20/30/15 mm, Times New Roman 13-14 pt, page numbers centred in the header
from page 2; per block a table whose header row repeats on every page and whose rows never split
across pages, with widths that fit (STT narrow, unit name wide). A province may copy it, change
the wording or layout in Word, and pass it with `--annex-template`; the placeholders it can use:

    title, attached, blocks[].roman, blocks[].label,
    blocks[].units[].stt, .name, .index, .klass, .rank, .note

parindex/reports/templates/sheet.docx, the result sheet sent to each unit (phiếu kết quả): the
same page, every label a placeholder (the sheet follows `--lang`), tables of areas and criteria
whose header rows repeat and whose rows do not split. Its placeholders are listed in
parindex/reports/sheets.py.

Run: python scripts/make_templates.py
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
TEMPLATES = Path(__file__).parent.parent / "parindex" / "reports" / "templates"
# STT, unit, index, class, rank, note: 165 mm, the A4 width inside the margins
WIDTHS = [Mm(13), Mm(56), Mm(20), Mm(25), Mm(15), Mm(36)]
HEADS = ["STT", "Tên cơ quan, đơn vị", "Chỉ số CCHC (%)", "Xếp loại", "Xếp hạng", "Ghi chú"]
CELLS = [
    "{{ u.stt }}",
    "{{ u.name }}",
    "{{ u.index }}",
    "{{ u.klass }}",
    "{{ u.rank }}",
    "{{ u.note }}",
]


def main() -> None:
    annex()
    sheet()


def _page() -> Any:
    """A4 portrait, the decree's margins and font, page numbers from page 2."""
    d = Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    style = d.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # East-Asian and complex-script fonts too, or Word falls back for some Vietnamese letters
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.element.rPr.rFonts.set(qn("w:cs"), FONT)
    style.paragraph_format.space_after = Pt(0)
    _page_numbers(section)
    d.core_properties.author = "parindex"
    return d


def annex() -> None:
    d = _page()
    _para(d, "Phụ lục", bold=True, size=14)
    _para(d, "{{ title }}", bold=True, size=14)
    _para(d, "{{ attached }}", italic=True)
    _para(d, "")
    _para(d, "{%p for b in blocks %}")
    _para(d, "{{ b.roman }}. {{ b.label }}", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _loop_table(d, HEADS, "b.units", "u", CELLS, WIDTHS, left=(1, 5))
    _para(d, "")
    _para(d, "{%p endfor %}")
    d.core_properties.title = "Phụ lục kết quả xác định Chỉ số CCHC"
    _save(d, "annex.docx")


# the sheet: area, points, max, appraised %, self-assessed %; criterion, rule, points, max, lost
AREA_WIDTHS = [Mm(75), Mm(20), Mm(20), Mm(25), Mm(25)]
CRIT_WIDTHS = [Mm(62), Mm(48), Mm(18), Mm(18), Mm(19)]


def sheet() -> None:
    d = _page()
    _para(d, "{{ title }}", bold=True, size=14)
    _para(d, "")
    left = WD_ALIGN_PARAGRAPH.LEFT
    _para(d, "{{ L.unit }}: {{ name }} ({{ id }})", bold=True, align=left)
    _para(d, "{{ L.block }}: {{ block }}", align=left)
    _para(d, "{{ summary }}", bold=True, align=left)
    _para(d, "{%p if self_line %}")
    _para(d, "{{ self_line }}", align=left)
    _para(d, "{%p endif %}")
    _para(d, "")
    _para(d, "{{ L.areas }}", bold=True, align=left)
    _loop_table(
        d,
        ["{{ L.area }}", "{{ L.points }}", "{{ L.max }}", "{{ L.appraised }}", "{{ L.self }}"],
        "areas",
        "a",
        ["{{ a.title }}", "{{ a.points }}", "{{ a.max }}", "{{ a.index }}", "{{ a.self }}"],
        AREA_WIDTHS,
        left=(0,),
    )
    _para(d, "")
    _para(d, "{{ L.criteria }}", bold=True, align=left)
    _loop_table(
        d,
        ["{{ L.criterion }}", "{{ L.rule }}", "{{ L.points }}", "{{ L.max }}", "{{ L.lost }}"],
        "criteria",
        "c",
        ["{{ c.title }}", "{{ c.rule }}", "{{ c.points }}", "{{ c.max }}", "{{ c.lost }}"],
        CRIT_WIDTHS,
        left=(0, 1),
        size=11,
    )
    _para(d, "")
    for key, items in (("caps", "caps"), ("lift", "lift"), ("heads", "heads")):
        _para(d, "{%p if " + items + " %}")
        _para(d, "{{ L." + key + " }}", bold=True, align=left)
        _para(d, "{%p for line in " + items + " %}")
        _para(d, "– {{ line }}", align=left)
        _para(d, "{%p endfor %}")
        _para(d, "{%p endif %}")
    d.core_properties.title = "Phiếu kết quả xác định Chỉ số CCHC"
    _save(d, "sheet.docx")


# python-docx's blank document carries every Word style (some 790 kB of XML): a result sheet
# copies the template's parts 166 times, so the template keeps only what its pages use
KEEP_STYLES = {
    "Normal",
    "Default Paragraph Font",
    "Normal Table",
    "Table Grid",
    "No List",
    "Header",
}
DROP_RELS = ("/stylesWithEffects", "/customXml", "/metadata/thumbnail", "/webSettings")


def _slim(d: Any) -> None:
    for rels in (d.part.rels, d.part.package.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.endswith(DROP_RELS):
                rels.pop(rid)
    for style in list(d.styles):
        if style.name not in KEEP_STYLES:
            style.delete()
    latent = d.styles.element.find(qn("w:latentStyles"))
    if latent is not None:
        d.styles.element.remove(latent)


def _save(d: Any, name: str) -> None:
    _slim(d)
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    d.save(TEMPLATES / name)
    print(f"wrote {TEMPLATES / name}")


def _loop_table(
    d: Any,
    heads: list[str],
    items: str,
    var: str,
    cells: list[str],
    widths: list[Any],
    *,
    left: tuple[int, ...],
    size: int = 12,
) -> None:
    """A table: a header row repeated on every page, then one row per item, none split."""
    n = len(heads)
    table = d.add_table(rows=4, cols=n)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table, widths)
    for row, texts, bold in (
        (table.rows[0], heads, True),
        (table.rows[1], [f"{{%tr for {var} in {items} %}}"] + [""] * (n - 1), False),
        (table.rows[2], cells, False),
        (table.rows[3], ["{%tr endfor %}"] + [""] * (n - 1), False),
    ):
        _no_split(row)
        for j, (cell, text, width) in enumerate(zip(row.cells, texts, widths, strict=True)):
            cell.width = width
            _cell(cell, text, bold=bold, center=bold or j not in left, size=size)
    _repeat_header(table.rows[0])


def _page_numbers(section: object) -> None:
    """A centred PAGE field in the header, none on the first page (Nghị định 30/2020)."""
    section.different_first_page_header_footer = True  # type: ignore[attr-defined]
    p = section.header.paragraphs[0]  # type: ignore[attr-defined]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    run.font.name = FONT
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
        if kind is None:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def _fixed_layout(table: object, widths: list[Any]) -> None:
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    grid = table._tbl.tblGrid  # type: ignore[attr-defined]
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width.twips)))


def _no_split(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:cantSplit")
    tr_pr.append(el)


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:tblHeader")
    tr_pr.append(el)


def _para(
    d: object,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 13,
    align: object = WD_ALIGN_PARAGRAPH.CENTER,
) -> None:
    p = d.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = align
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT


def _cell(
    cell: object, text: str, *, bold: bool = False, center: bool = False, size: int = 12
) -> None:
    p = cell.paragraphs[0]  # type: ignore[attr-defined]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    run.font.name = FONT


if __name__ == "__main__":
    main()
