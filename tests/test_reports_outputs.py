"""Every other output as its reader needs it: `decimals:` everywhere, CSV for Excel and for
programs (never a formula), Markdown that is inert, a workbook with each block's own area titles
and a print setup, charts that show `$` as text, an HTML page with unique ids and a search box,
a PDF of at most 20 pages numbered from page 1."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from parindex.criteria.validate import bundled_sets
from parindex.reports import html, markdown, tabular, xlsx
from parindex.reports.xlsx import _sheet_name

from test_cli import run

HOSTILE = ["=1+2", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    assert run("rank", "--quiet", "--out", str(out), "--format", "json").exit_code == 0
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def test_decimals_in_the_criteria_govern_every_output(tmp_path):
    sets = tmp_path / "sets"
    sets.mkdir()
    for path in bundled_sets():
        if "default" in path.parts:
            text = path.read_text(encoding="utf-8").replace("decimals: 2", "decimals: 1")
            (sets / path.name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run(
        "rank", "--criteria", str(sets), "--full", "--format", "json,md,docx,xlsx,csv",
        "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    first = doc["units"][0]
    one = f"{first['index']:.1f}".replace(".", ",")
    assert first["index"] == round(first["index"], 1)
    assert f"│ {one} │" in result.output.replace("  ", " ") or f" {one} " in result.output
    assert f"| {one} |" in (out / "summary.md").read_text(encoding="utf-8")
    from docx import Document

    annex = Document(out / "annex.docx")
    assert annex.tables[0].rows[1].cells[2].text == one
    with zipfile.ZipFile(out / "results.xlsx") as z:
        assert 'formatCode="0.0"' in z.read("xl/styles.xml").decode()
    assert f";{one};" in (out / "results.csv").read_text(encoding="utf-8-sig")


def test_csv_for_excel_on_a_vietnamese_pc_and_plain_for_programs(doc):
    excel = tabular.to_csv(doc, "vi", "excel-vi")
    assert excel.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(excel.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == ["Mã", "Đơn vị", "Khối", "Chỉ số (%)", "Xếp loại", "Hạng"]
    sxd = next(r for r in rows if r[0] == "SXD")
    assert sxd[2] == "Sở, ban, ngành" and sxd[3] == "87,29" and sxd[9] == "Không"
    assert not any(r and r[0].startswith("#") for r in rows)  # no provenance row
    plain = tabular.to_csv(doc, "en", "plain").decode("utf-8")
    rows = list(csv.reader(io.StringIO(plain)))
    assert rows[0][:6] == ["id", "name", "block", "index", "class", "rank"]
    sxd = next(r for r in rows if r[0] == "SXD")
    assert sxd[2] == "department" and sxd[3] == "87.29" and sxd[9] == "False"
    assert not any(r and r[0].startswith("#") for r in rows)


@pytest.mark.parametrize("mode", ["excel-vi", "plain"])
def test_no_csv_cell_can_become_a_formula(doc, mode):
    evil = json.loads(json.dumps(doc))
    for k, text in enumerate(HOSTILE):
        evil["units"][k]["name"] = text
        evil["heads"][k]["head"] = text
        evil["awards"][k]["unit_name"] = text
    for name, data in tabular.csv_files(evil, "vi", mode).items():
        text = data.decode("utf-8-sig")
        cells = [
            c
            for r in csv.reader(
                io.StringIO(text, newline=""), delimiter=";" if mode == "excel-vi" else ","
            )
            for c in r
        ]
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")], name
        assert not [c for c in cells if c.startswith("-") and not re.fullmatch(r"-[\d.,]+", c)]
        for hostile in HOSTILE[:4]:
            assert "'" + hostile in cells, (name, hostile)


def test_markdown_summary_escapes_html_and_lists_caps_heads_and_awards(doc):
    evil = json.loads(json.dumps(doc))
    evil["units"][0]["name"] = "<img src=x onerror=alert(1)> | đơn vị"
    text = markdown.summary(evil, "vi")
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt; \\| đơn vị" in text
    assert "Hạ loại: tỷ lệ hồ sơ trễ hẹn trên 20%" in text
    assert "## Đánh giá trách nhiệm người đứng đầu" in text
    assert "## Xét thi đua, khen thưởng" in text


def test_each_block_sheet_carries_its_own_sets_area_titles(doc):
    data = xlsx.workbook(doc, "vi")
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sets = {s["id"]: s for s in doc["criteria_sets"]}
    for unit in (doc["units"][0], doc["units"][-1]):
        sheet = wb.get_sheet_by_name(unit["block_label"]).to_python()
        own = sets[unit["criteria_set"]]["areas"]
        shown = [h for h in sheet[0] if re.match(r"\d+\. ", str(h))]
        assert shown == [f"{a}. {t}" for a, t in own.items()], unit["block"]
    points = wb.get_sheet_by_name("Điểm").to_python()
    assert {r[2] for r in points[2:]} == {"Sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã"}
    heads = wb.get_sheet_by_name("Đánh giá trách nhiệm người đứng").to_python()
    assert heads[1][4].__class__.__name__ == "date"  # dates are dates, not text
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        first = z.read("xl/worksheets/sheet1.xml").decode()
        assert 'orientation="landscape"' in first and 'paperSize="9"' in first
        assert 'fitToHeight="0"' in first and "<fitToPage" in first.replace(
            "fitToPage=", "<fitToPage"
        )
        assert "_xlnm.Print_Titles" in z.read("xl/workbook.xml").decode()


def test_sheet_names_excel_refuses_are_made_safe_and_unique():
    taken: set[str] = set()
    names = [
        _sheet_name(x, taken)
        for x in ["'Khối'", "a[b]:c*d?e/f\\g", "x" * 40, "x" * 40, "History", "", "Khối", "KHỐI"]
    ]
    for n in names:
        assert 0 < len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n)
        assert not n.startswith("'") and not n.endswith("'") and n.casefold() != "history"
    assert len({n.casefold() for n in names}) == len(names)


def test_charts_show_dollar_signs_as_text_and_the_page_has_unique_ids(doc):
    evil = json.loads(json.dumps(doc))
    evil["units"][0]["name"] = r"Sở $\notacommand{x}$"  # mathtext would raise
    page = html.render(evil, "vi")
    assert r"$\notacommand{x}$" in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1][:5]
    refs = set(re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', page))
    assert {r for pair in refs for r in pair if r} <= set(ids)
    assert '<input id="search" type="search"' in page
    assert "Tìm đơn vị theo tên hoặc mã" in page


@pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
    reason="pdftotext is not installed here (apt-get install poppler-utils); CI installs it",
)
def test_the_pdf_starts_on_page_one_is_numbered_and_short(tmp_path):
    out = tmp_path / "out"
    result = run(
        "rank", "--quiet", "--format", "pdf", "--pdf-engine", "weasyprint", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "report.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = text.split("\f")[:-1]
    assert len(pages) <= 20
    assert "Sở, ban, ngành (21 đơn vị)" in pages[0]  # content on the first page
    for number, page in enumerate(pages, start=1):
        assert page.strip().splitlines()[-1].strip() == str(number)


def test_terminal_summary_fits_a_screen_and_full_tables_are_not_cut(tmp_path):
    from rich.console import Console

    from parindex.reports import terminal

    args = ("--format", "json", "--out", str(tmp_path))
    out = run("rank", *args)
    assert out.exit_code == 0, out.output
    assert "Bị hạ loại do điều kiện giới hạn: Sở Xây dựng" in out.output
    doc = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    screen = Console(width=100, record=True, file=io.StringIO(), color_system="truecolor")
    terminal.print_ranking(doc, "vi", screen)
    lines = screen.export_text(clear=False).splitlines()
    assert len(lines) + 1 <= 60  # and the closing line naming the files
    assert "\x1b[" in screen.export_text(styles=True)  # classes coloured on a terminal
    full = run("rank", "--full", *args)
    assert "01/01/2016–31/12/2016" in full.output and "…" not in full.output
    one = run("rank", "--block", "district", *args)
    assert "UBND cấp huyện (8 đơn vị)" in one.output and "Sở, ban, ngành" not in one.output
    by_name = run("rank", "--block", "ubnd CẤP huyện", *args)  # as an officer types it
    assert by_name.output == one.output
    bad = run("rank", "--block", "province", "--lang", "en", *args)
    assert bad.exit_code == 2
    assert "the blocks are “Provincial departments”; “District people" in bad.output
