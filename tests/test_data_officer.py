"""An officer's workbook — title rows, a two-row header, merged Khối, STT, Ghi chú, column
numbers, a total row and a signature block, decimal commas typed as text — ranks exactly as the
tidy demo file does, as .xlsx, .ods and Excel's UTF-16 "Unicode Text"."""

import csv
import io
import os
import shutil
import subprocess

import numpy as np
import pytest
import xlsxwriter

from parindex.criteria.validate import bundled_sets
from parindex.data.indicators import read_indicators
from parindex.run import DEMO_DATA, load_criteria, score

GROUP = "Hồ sơ"  # "Hồ sơ" over "tiếp nhận | đã giải quyết | trễ hẹn …"


def demo_rows():
    text = DEMO_DATA.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    return rows[0], rows[1:]


def officer_table():
    """(cells, merges): the demo as an officer lays it out; merges are (r0, c0, r1, c1)."""
    header, units = demo_rows()
    width = len(header) + 2  # STT first, Ghi chú last
    cells: list[list[object]] = []
    merges: list[tuple[int, int, int, int]] = []

    def line(*values):
        cells.append(list(values) + [None] * (width - len(values)))

    line("UBND TỈNH KHÁNH HÒA")
    merges.append((0, 0, 0, 5))
    line("BẢNG SỐ LIỆU XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2016")
    merges.append((1, 0, 1, width - 1))
    line("(Kèm theo Báo cáo số 123/BC-SNV ngày 06/7/2016 của Sở Nội vụ)")
    line()
    top, sub = ["STT"], ["STT"]
    for h in header:
        if h.startswith(GROUP + " "):
            top.append(GROUP)
            sub.append(h[len(GROUP) + 1 :])
        else:
            top.append(h)
            sub.append(h)
    top.append("Ghi chú")
    sub.append("Ghi chú")
    h0 = len(cells)
    cells.append(top)
    cells.append(sub)
    for j in range(width):
        if top[j] == sub[j]:
            merges.append((h0, j, h0 + 1, j))
    groups = [j for j in range(width) if top[j] == GROUP]
    merges.append((h0, groups[0], h0, groups[-1]))
    assert groups == list(range(groups[0], groups[-1] + 1))
    line(*[f"({j + 1})" for j in range(width)])
    first = len(cells)
    for n, u in enumerate(units, 1):
        row: list[object] = [float(n)]
        for j, v in enumerate(u):
            if j < 3 or not v:
                row.append(v or None)
            elif v.isdigit():
                row.append(float(v))
            else:
                row.append(v)  # "0,87", "có": text as officers type it
        row.append("đã thẩm định" if n % 7 == 0 else None)
        cells.append(row)
    # Khối merged down each block's rows, the cells under the first left empty as Excel keeps them
    start = first
    for r in range(first + 1, len(cells) + 1):
        if r == len(cells) or cells[r][3] != cells[start][3]:
            merges.append((start, 3, r - 1, 3))
            for k in range(start + 1, r):
                cells[k][3] = None
            start = r
    total = ["Tổng cộng", None, None, None]
    total += [None] * (width - 4)
    cells.append(total)
    merges.append((len(cells) - 1, 0, len(cells) - 1, 3))
    line()
    line(None, None, "Người lập biểu", None, None, None, "GIÁM ĐỐC")
    line(None, None, "(Ký, ghi rõ họ tên)")
    line()
    line(None, None, "Nguyễn Văn A", None, None, None, "Trần Thị B")
    return cells, merges


def write_xlsx(path, cells, merges):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Biểu 01")
    covered = {
        (r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
    }
    for r0, c0, r1, c1 in merges:
        ws.merge_range(r0, c0, r1, c1, cells[r0][c0])
    for r, row in enumerate(cells):
        for c, v in enumerate(row):
            if (r, c) in covered or v is None:
                continue
            ws.write(r, c, v)
    wb.close()


def write_ods(path, cells, merges):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Biểu 01")
    span = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges}
    covered = {
        (r, c)
        for r0, c0, r1, c1 in merges
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }
    for r, row in enumerate(cells):
        tr = TableRow()
        for c, v in enumerate(row):
            if (r, c) in covered:
                tr.addElement(CoveredTableCell())
                continue
            kw = {}
            if (r, c) in span:
                kw = {"numberrowsspanned": span[r, c][0], "numbercolumnsspanned": span[r, c][1]}
            if isinstance(v, float):
                cell = TableCell(valuetype="float", value=v, **kw)
                cell.addElement(P(text=f"{v:g}"))
            else:
                cell = TableCell(valuetype="string", **kw)
                if v is not None:
                    cell.addElement(P(text=str(v)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def write_unicode_text(path, cells):
    """Excel's "Unicode Text": UTF-16 with a BOM, tab-separated, merges gone (Khối repeated)."""
    block = None
    lines = []
    for row in cells:
        if row[1] and isinstance(row[0], float):
            block = row[3] or block
            row = [*row[:3], block, *row[4:]]
        lines.append(
            "\t".join("" if v is None else (f"{v:g}" if isinstance(v, float) else v) for v in row)
        )
    path.write_bytes("\r\n".join(lines).encode("utf-16"))


def write_xls(path, cells, merges):
    """Old Excel's .xls, as LibreOffice Calc saves it."""
    source = path.with_suffix(".xlsx")
    write_xlsx(source, cells, merges)
    as_xls(source, path)


def as_xls(source, path):
    """The workbook `source` (.xlsx) saved by LibreOffice Calc as old Excel's .xls at `path`."""
    if shutil.which("soffice") is None and os.environ.get("CI") != "true":
        pytest.skip(
            "LibreOffice Calc is not installed here (apt-get install libreoffice-calc-nogui)"
        )
    profile = f"-env:UserInstallation=file://{path.parent / 'lo-profile'}"
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "xls", "--outdir", str(path.parent),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    source.unlink()
    assert path.exists()


@pytest.fixture(scope="module")
def bundle():
    return load_criteria(bundled_sets())


def outcome(bundle, table):
    out = {}
    for r in score(bundle, table):
        for i, uid in enumerate(r.table.ids):
            out[uid] = (
                round(float(r.index[i]), 9),
                int(r.classification.rank[i]),
                int(r.classification.class_index[i]),
            )
    return out


@pytest.mark.parametrize("kind", ["xlsx", "ods", "txt", "xls"])
def test_an_officers_workbook_ranks_as_the_tidy_demo(tmp_path, bundle, kind):
    cells, merges = officer_table()
    path = tmp_path / f"so-lieu.{kind}"
    {"xlsx": lambda: write_xlsx(path, cells, merges), "ods": lambda: write_ods(path, cells, merges),
     "txt": lambda: write_unicode_text(path, cells),
     "xls": lambda: write_xls(path, cells, merges)}[kind]()  # fmt: skip
    notes: list[str] = []
    table = read_indicators(path, bundle.plans, display=path.name, note=notes.append)
    tidy = read_indicators(DEMO_DATA, bundle.plans)
    assert table.ids == tidy.ids and table.blocks == tidy.blocks and table.names == tidy.names
    for name, values in tidy.values.items():
        assert np.array_equal(table.values[name], values, equal_nan=True), name
        assert np.array_equal(table.na[name], tidy.na[name]), name
    assert outcome(bundle, table) == outcome(bundle, tidy)
    where = "so-lieu.xlsx [Biểu 01]" if kind == "xlsx" else path.name
    where = f"so-lieu.{kind} [Biểu 01]" if kind in ("ods", "xls") else where
    last = len(cells)
    assert [str(n) for n in notes] == [
        f"{where}: header at row 5–6, 166 unit(s); left out columns STT (A), Ghi chú (BS); "
        f"left out rows 1–4 (title); 7 (column numbers); 174 (total rows); 176–{last} "
        "(signature block)"
    ]


def test_rank_reads_an_officers_workbook_from_the_command_line(tmp_path):
    from test_cli import run

    cells, merges = officer_table()
    path = tmp_path / "so-lieu.xlsx"
    write_xlsx(path, cells, merges)
    result = run("rank", "--quiet", "--data", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "[Biểu 01]: tiêu đề ở dòng 5–6, 166 đơn vị; bỏ qua các cột STT (A)" in result.output
    tidy = run("rank", "--quiet", "--out", str(tmp_path / "tidy"))
    assert tidy.exit_code == 0, tidy.output
    import json

    def ranking(folder):
        doc = json.loads((tmp_path / folder / "results.json").read_text(encoding="utf-8"))
        return [(u["id"], u["index"], u["class"], u["rank"]) for u in doc["units"]]

    assert ranking("out") == ranking("tidy")
    args = ("rank", "--data", str(path), "--sheet", "Sheet9", "--out", str(tmp_path / "x"))
    wrong = run(*args)
    assert wrong.exit_code == 1
    assert "không có trang tính tên `Sheet9` (các trang tính: Biểu 01)" in wrong.output
    wrong = run(*args, "--lang", "en")
    assert "no sheet named `Sheet9` (sheets: Biểu 01)" in wrong.output
