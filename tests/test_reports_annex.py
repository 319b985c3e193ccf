"""The decision annex as a decision attaches it: laid out per Nghị định 30/2020 in the file, and
checked on the printed page through LibreOffice (header row on every page, no row split across
two pages, page numbers from page 2); a province's own template filled the same way."""

from __future__ import annotations

import copy
import io
import json
import os
import shutil
import subprocess

import pytest

from parindex.reports import docx as docx_report
from parindex.reports.office import soffice, to_pdf

from test_cli import run

needs_office = pytest.mark.skipif(
    (soffice() is None or shutil.which("pdftotext") is None) and os.environ.get("CI") != "true",
    reason="LibreOffice or pdftotext is not installed (apt-get install libreoffice-writer-nogui "
    "poppler-utils)",
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    out = tmp_path_factory.mktemp("annex")
    assert run("rank", "--quiet", "--out", str(out), "--format", "json").exit_code == 0
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def pages(pdf: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return text.split("\f")[:-1]


def test_the_file_asks_for_a_repeated_header_unsplit_rows_fitting_widths_and_page_numbers(doc):
    from docx import Document

    d = Document(io.BytesIO(docx_report.annex(doc)))
    for table in d.tables:
        rows = table._tbl.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        widths = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
        assert widths[1] == max(widths) and widths[0] < widths[1] / 3  # STT narrow, name wide
        assert sum(widths) <= 165 * 1440 / 25.4 + 1  # inside A4 less 30 + 15 mm margins
    section = d.sections[0]
    assert section.different_first_page_header_footer  # no number on the first page
    assert "PAGE" in section.header._element.xml
    assert not section.first_page_header.paragraphs[0].text


@needs_office
def test_on_paper_every_page_has_the_header_row_and_from_page_two_its_number(doc):
    pdf = to_pdf({"annex.docx": docx_report.annex(doc)})["annex.pdf"]
    text = pages(pdf)
    assert 3 <= len(text) <= 8  # 166 units, one line each, on A4
    assert text[0].lstrip().startswith("Phụ lục")
    for number, page in enumerate(text, start=1):
        assert "Tên cơ quan, đơn vị" in page, f"no header row on page {number}"
        if number > 1:
            assert page.strip().split()[0] == str(number), f"page {number} unnumbered"
    assert "Hạ loại: tỷ lệ hồ sơ" in text[0]


@needs_office
def test_on_paper_no_row_is_split_across_two_pages(doc):
    # rows five lines tall, forty of them: page breaks must fall inside some row's height;
    # only `cantSplit` keeps each row whole on one page
    tall = copy.deepcopy(doc)
    units = [u for u in tall["units"] if u["block"] == "department"]
    rows = []
    for k in range(40):
        u = dict(units[k % len(units)])
        u["name"] = (
            f"ĐẦU{k:02d} " + "Đơn vị có tên rất dài để chiếm nhiều dòng " * 3 + f"CUỐI{k:02d}"
        )
        u["rank"] = k + 1
        rows.append(u)
    tall["units"] = rows
    text = pages(to_pdf({"annex.docx": docx_report.annex(tall)})["annex.pdf"])
    assert len(text) >= 3
    for k in range(40):
        starts = [n for n, page in enumerate(text) if f"ĐẦU{k:02d}" in page]
        ends = [n for n, page in enumerate(text) if f"CUỐI{k:02d}" in page]
        assert starts == ends and len(starts) == 1, f"row {k} split: pages {starts} and {ends}"


def test_a_provinces_own_template_is_filled(tmp_path):
    from docx import Document

    own = Document()
    for line in (
        "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
        "{{ title }}",
        "{%p for b in blocks %}",
        "{{ b.roman }}. {{ b.label }}",
        "{%p for u in b.units %}",
        "{{ u.stt }}) {{ u.name }} — {{ u.index }} — {{ u.klass }} — {{ u.note }}",
        "{%p endfor %}",
        "{%p endfor %}",
    ):
        own.add_paragraph(line)
    path = tmp_path / "mau-tinh.docx"
    own.save(path)
    out = tmp_path / "out"
    result = run(
        "rank", "--quiet", "--format", "docx", "--annex-template", str(path), "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    text = [p.text for p in Document(out / "annex.docx").paragraphs]
    assert text[0] == "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"
    assert "I. SỞ, BAN, NGÀNH" in text
    assert "5) Sở Xây dựng — 87,29 — Khá — Hạ loại: tỷ lệ hồ sơ trễ hẹn trên 20%" in text
    assert not any("{{" in line or "{%" in line for line in text)


def test_a_broken_template_is_refused_with_its_reason(tmp_path):
    from docx import Document

    bad = Document()
    bad.add_paragraph("{{ title ")
    path = tmp_path / "hong.docx"
    bad.save(path)
    result = run("rank", "--quiet", "--format", "docx", "--annex-template", str(path))
    assert result.exit_code == 2
    assert "has an error in its placeholders" in result.output
    notdocx = tmp_path / "mau.docx"
    notdocx.write_text("không phải tệp Word", encoding="utf-8")
    result = run("rank", "--quiet", "--format", "docx", "--annex-template", str(notdocx))
    assert result.exit_code == 2 and "is not a Word .docx file" in result.output


def test_a_unit_name_with_markup_stays_text(doc):
    from docx import Document

    evil = copy.deepcopy(doc)
    evil["units"][0]["name"] = "Sở <b>& {{ title }} {% if 1 %}"
    d = Document(io.BytesIO(docx_report.annex(evil)))
    assert d.tables[0].rows[1].cells[1].text == "Sở <b>& {{ title }} {% if 1 %}"
