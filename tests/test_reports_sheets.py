"""A result sheet per unit (phiếu kết quả): one Word file each, from `rank` and from `report`,
with everything the unit is told; PDFs beside them through LibreOffice; safe file names."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from parindex.document import view
from parindex.reports import sheets
from parindex.reports.office import soffice

from test_cli import run

needs_office = pytest.mark.skipif(
    (soffice() is None or shutil.which("pdftotext") is None) and os.environ.get("CI") != "true",
    reason="LibreOffice or pdftotext is not installed (apt-get install libreoffice-writer-nogui "
    "poppler-utils)",
)


def text_of(path):
    from docx import Document

    d = Document(path)
    lines = [p.text for p in d.paragraphs if p.text]
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in d.tables]
    return lines, tables


def test_rank_writes_a_sheet_for_every_unit(tmp_path):
    out = tmp_path / "out"
    result = run("rank", "--quiet", "--format", "json,sheets", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "sheets/ (166 tệp)" in result.output
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert sorted(p.stem for p in (out / "sheets").iterdir()) == sorted(
        u["id"] for u in doc["units"]
    )
    lines, (areas, criteria) = text_of(out / "sheets" / "SXD.docx")
    assert lines[0] == "PHIẾU KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CCHC NĂM 2016"
    assert "Đơn vị: Sở Xây dựng (SXD)" in lines and "Khối: Sở, ban, ngành" in lines
    assert "Chỉ số (%): 87,29   Xếp loại: Khá   Hạng: 5/21" in lines
    assert "Tự chấm 90,04; thẩm định 87,29 (chênh lệch 2,75 điểm)" in lines
    assert "– Tỷ lệ hồ sơ trễ hẹn trên 20% — đã hạ xếp loại" in lines
    assert any(line.startswith("– Để lên loại Tốt (≥ 85)") for line in lines)
    assert any("Bùi Ngọc Hùng (Giám đốc" in line and "Hoàn thành tốt" in line for line in lines)
    assert areas[0] == ["Lĩnh vực", "Điểm", "Tối đa", "Thẩm định (%)", "Tự chấm (%)"]
    assert len(areas) == 1 + 8  # the departments' eight areas
    assert criteria[0] == ["Tiêu chí", "Cách chấm", "Điểm", "Tối đa", "Mất"]
    late = next(r for r in criteria if r[0].startswith("3.3 "))
    assert late[1:] == ["Tỷ lệ hồ sơ trễ hẹn: 22,00% — dưới mọi mức", "0", "3", "3"]
    sxd = next(u for u in doc["units"] if u["id"] == "SXD")
    assert len(criteria) == 1 + len(view.criteria(doc, sxd))
    # points of the criteria add up to the unit's points
    total = sum(float(r[2].replace(",", ".")) for r in criteria[1:] if r[2] != "—")
    assert total == pytest.approx(sxd["points"], abs=0.02)


@needs_office
def test_report_redraws_sheets_with_their_pdfs(tmp_path):
    assert run("rank", "--quiet", "--format", "json", "--out", str(tmp_path)).exit_code == 0
    doc = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    doc["units"] = [u for u in doc["units"] if u["id"] in ("SXD", "KSO07")]
    small = tmp_path / "small.json"
    small.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "redrawn"
    result = run("report", str(small), "--format", "sheets-pdf", "--lang", "en", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "sheets").iterdir()) == [
        "KSO07.docx",
        "KSO07.pdf",
        "SXD.docx",
        "SXD.pdf",
    ]
    text = subprocess.run(
        ["pdftotext", str(out / "sheets" / "SXD.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "PAR INDEX RESULT SHEET 2016" in text and "Sở Xây dựng" in text
    assert "More than 20% of dossiers were late" in text


def test_file_names_are_safe_whatever_the_id_holds():
    taken: set[str] = set()
    names = [
        sheets.safe_name(x, taken)
        for x in ["../../etc/passwd", "CON", "a/b\\c", "Sở Nội vụ", "", ".hidden", "A", "a",
                  "x" * 300, "nul.txt", "ĐBP:01*?"]
    ]  # fmt: skip
    assert names == [
        "etc_passwd",
        "_CON",
        "a_b_c",
        "So_Noi_vu",
        "unit",
        "hidden",
        "A",
        "a-2",
        "x" * 80,
        "_nul.txt",
        "DBP_01",
    ]
    assert all("/" not in n and "\\" not in n and not n.startswith(".") for n in names)


def test_sheet_text_from_the_data_stays_text(tmp_path):
    assert run("rank", "--quiet", "--format", "json", "--out", str(tmp_path)).exit_code == 0
    doc = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    doc["units"] = doc["units"][:1]
    doc["units"][0]["name"] = "<w:p>& {{ id }} {%p if 1 %}"
    out = sheets.files(doc, "vi")
    path = tmp_path / "one.docx"
    path.write_bytes(next(iter(out.values())))
    lines, _ = text_of(path)
    assert f"Đơn vị: <w:p>& {{{{ id }}}} {{%p if 1 %}} ({doc['units'][0]['id']})" in lines


def test_sheet_pdfs_without_libreoffice_say_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr("parindex.reports.office.soffice", lambda: None)
    result = run("rank", "--quiet", "--format", "sheets-pdf", "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and "libreoffice-writer-nogui" in result.output
    assert not (tmp_path / "o").exists()  # nothing written


@needs_office
def test_many_documents_are_shared_among_libreoffice_calls_and_each_is_its_own_pdf(tmp_path):
    from docx import Document

    from parindex.reports import office

    docs = {}
    for k in range(20):  # 8+ documents a call: two calls on two cores
        d = Document()
        d.add_paragraph(f"Phiếu số {k:02d}")
        path = tmp_path / f"p{k:02d}.docx"
        d.save(path)
        docs[path.name] = path.read_bytes()
    pdfs = office.to_pdf(docs)
    assert sorted(pdfs) == [f"p{k:02d}.pdf" for k in range(20)]
    for k in (0, 7, 19):
        pdf = tmp_path / f"p{k:02d}.pdf"
        pdf.write_bytes(pdfs[pdf.name])
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
        assert f"Phiếu số {k:02d}" in text.stdout.decode("utf-8")
