"""Report formats, checked by meaning: cells, rows and text, never bytes."""

import io
import json
import os
import shutil
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from parindex.reports import docx as docx_report
from parindex.reports import html, markdown, xlsx
from parindex.reports.formats import parse

from test_cli import run


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = run("rank", "--quiet", "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def sheets(data: bytes) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def test_workbook_sheets_numbers_and_not_applicable(doc):
    book = sheets(xlsx.workbook(doc, "vi"))
    assert list(book)[:3] == ["Sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã"]
    assert {"Điểm", "Giải trình", "Đánh giá trách nhiệm người đứng", "Thông tin"} <= set(book)
    ranking = book["Sở, ban, ngành"]
    assert ranking[0][:5] == ["Hạng", "Mã", "Đơn vị", "Chỉ số (%)", "Xếp loại"]
    first = ranking[1]
    assert first[0] == 1.0 and isinstance(first[3], float)  # numbers stay numbers
    assert first[3] == doc["units"][0]["index"]
    points = book["Điểm"]
    tt = next(r for r in points if r[0] == "TTT")  # the inspectorate: no procedures
    assert "KAD" in tt  # not applicable, shown distinctly
    assert points[1][2] == "Tối đa" and isinstance(points[1][3], float)  # the maxima row


def test_cell_text_never_becomes_a_formula(doc):
    evil = json.loads(json.dumps(doc))
    evil["units"][0]["name"] = '=HYPERLINK("http://x","y")'
    evil["units"][1]["name"] = "+1+2"
    evil["units"][2]["name"] = "@SUM(A1:A3)"
    evil["units"][3]["name"] = "-5"
    data = xlsx.workbook(evil, "vi")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert "<f>" not in xml and "<f " not in xml
    ranking = sheets(data)["Sở, ban, ngành"]
    assert [r[2] for r in ranking[1:5]] == [
        '=HYPERLINK("http://x","y")',
        "+1+2",
        "@SUM(A1:A3)",
        "-5",
    ]


def test_workbook_in_english(doc):
    book = sheets(xlsx.workbook(doc, "en"))
    assert "Provincial departments" in book
    assert book["Provincial departments"][0][:5] == ["Rank", "ID", "Unit", "Index (%)", "Class"]
    assert book["Provincial departments"][1][4] in {"Good", "Fair", "Average", "Weak"}


def test_decision_annex(doc):
    from docx import Document

    d = Document(io.BytesIO(docx_report.annex(doc)))
    text = [p.text for p in d.paragraphs if p.text]
    assert text[0] == "Phụ lục"
    assert text[1] == "KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2016"
    assert "I. SỞ, BAN, NGÀNH" in text and "III. UBND CẤP XÃ" in text
    assert len(d.tables) == 3
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Tên cơ quan, đơn vị",
        "Chỉ số CCHC (%)",
        "Xếp loại",
        "Xếp hạng",
        "Ghi chú",
    ]
    first = doc["units"][0]
    assert [c.text for c in table.rows[1].cells] == [
        "1",
        first["name"],
        f"{first['index']:.2f}".replace(".", ","),
        first["class"],
        "1",
        "",
    ]
    sxd = next(r for r in table.rows if r.cells[1].text == "Sở Xây dựng")
    assert sxd.cells[3].text == "Khá"
    assert sxd.cells[5].text == "Hạ loại: tỷ lệ hồ sơ trễ hẹn trên 20%"
    assert len(table.rows) == 22  # 21 departments and the header
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert (round(s.left_margin.mm), round(s.right_margin.mm)) == (30, 15)
    assert d.styles["Normal"].font.name == "Times New Roman"
    # the provenance is in the file's properties, not in the text of a legal document
    assert not any("sha256" in p.lower() or "parindex" in p for p in text)
    props = d.core_properties
    assert props.author == "parindex"
    assert "departments.yaml (SHA-256 " in props.comments and "Bộ tiêu chí: " in props.comments
    assert doc["provenance"]["data"]["sha256"] in props.comments


def test_html_report_is_self_contained_and_escapes_text(doc):
    evil = json.loads(json.dumps(doc))
    evil["units"][0]["name"] = "<script>alert(1)</script>"
    page = html.render(evil, "vi")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    # nothing is fetched: no link, no script file, no external source (namespace URIs are
    # names); the one inline script is the search box's
    assert page.count("<script") == 1 and "<script>" in page
    for needle in (
        "<link",
        "<script src",
        'src="http',
        "src='http",
        'href="http',
        "url(http",
        "@import",
    ):
        assert needle not in page, needle
    assert page.count('data-chart="bars"') == 3 and page.count('data-chart="heat"') == 3
    assert page.count('class="unit"') == 166
    assert "@font-face" in page and "data:font/ttf;base64," in page
    assert "@media print" in page and "size: A4" in page


def test_english_report_switches_labels_and_numbers(doc):
    page = html.render(doc, "en")
    assert "PAR index results" in page and "Provincial departments" in page
    first = doc["units"][0]
    assert f"{first['index']:.2f}" in page  # 90.19, not 90,19
    md = markdown.summary(doc, "en")
    assert md.startswith("# PAR index results 2016")
    assert f"| 1 | {first['name']} | {first['index']:.2f} | Good |" in md
    md_vi = markdown.summary(doc, "vi")
    assert f"{first['index']:.2f}".replace(".", ",") in md_vi


def test_unknown_format_is_a_usage_error():
    with pytest.raises(ValueError, match="unknown format xls"):
        parse("xlsx,xls")
    assert run("rank", "--format", "xlsx,xls").exit_code == 2


@pytest.mark.parametrize("engine", ["weasyprint", "chromium"])
def test_pdf_engines(doc, engine, tmp_path):
    from parindex.reports import pdf

    if engine == "chromium" and pdf.browser() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must install Chromium (.ci/run does)")
        pytest.skip("Chromium is not installed on this machine")
    data = pdf.files(doc, "vi", engine=engine)["report.pdf"]
    assert data.startswith(b"%PDF")
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    if shutil.which("pdftotext"):
        import subprocess

        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CCHC 2016" in text.upper()
        assert "Sở Kế hoạch và Đầu tư" in text


@pytest.mark.usefixtures("english")
def test_report_command_redraws_from_results_json(doc, tmp_path):
    src = tmp_path / "results.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    result = run("report", str(src), "--format", "xlsx,md,docx", "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["annex.docx", "results.xlsx", "summary.md"]
    old = dict(
        doc, units=[{k: v for k, v in u.items() if k != "explanation"} for u in doc["units"]]
    )
    src.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    result = run("report", str(src), "--out", str(tmp_path / "x"))
    assert result.exit_code == 1 and "has no explanations" in result.output


def test_numbers_are_formatted_exactly_as_babel_formats_them():
    import random

    from babel.numbers import format_decimal

    from parindex.i18n import number, short

    rng = random.Random(7)
    values = [rng.uniform(-1e6, 1e6) for _ in range(500)]
    values += [rng.randint(0, 100_000) / 1000 for _ in range(500)]
    values += [2.675, 0.125, 0.005, -0.005, 1234567.895, 0.0, 100.0, 1e-7, 99.995, 84.005]
    for lang in ("vi", "en"):
        for d in (0, 1, 2, 3):
            pattern = "#,##0" + ("." + "0" * d if d else "")
            for v in values:
                assert number(v, lang, d) == format_decimal(v, format=pattern, locale=lang), v
        for v in values:
            assert short(v, lang) == format_decimal(v, format="#,##0.##", locale=lang), v
            assert short(v, lang) == number(v, lang, 2).rstrip("0").rstrip(",.") or "0", v
        assert number(-0.0, lang) == number(0.0, lang)  # Babel writes "-0,00"; nobody should
