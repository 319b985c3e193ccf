"""Hostile and careless indicator files: each class is refused with a located PD error, never
a traceback, and nothing huge is allocated before the file's size is known."""

import os
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from parindex.criteria.loader import load
from parindex.data.indicators import read_indicators
from parindex.data.limits import Limits
from parindex.errors import ParindexError
from parindex.scoring.compile import compile_plan

from conftest import MINIMAL

HEAD = "id;name;block;dossiers_resolved;dossiers_late;plan_on_time;1.2\n"
ROW = "SNV;Sở Nội vụ;department;100;2;có;2,5\n"


@pytest.fixture
def plan(write):
    return compile_plan(load(write(MINIMAL, "criteria.yaml")).criteria)


def refused(path: Path, plan, **kw) -> list[str]:
    with pytest.raises(ParindexError) as exc:
        read_indicators(path, [plan], display=path.name, **kw)
    return [d.render() for d in exc.value.diagnostics]


def test_a_non_finite_count(tmp_path, plan):
    path = tmp_path / "d.csv"
    path.write_text(HEAD + ROW.replace(";100;", ";1e400;"), encoding="utf-8")
    assert refused(path, plan) == [
        "d.csv:2:4: PD006 error: dossiers_resolved: unit `SNV`: `1e400` is not a finite number "
        "(too large, infinite or NaN)\n    hint: write KAD for not applicable"
    ]


def test_a_header_and_no_units(tmp_path, plan):
    path = tmp_path / "d.csv"
    path.write_text(HEAD + ";;;;;;\n", encoding="utf-8")
    assert refused(path, plan) == [
        "d.csv: PD019 error: the file has a header but no units\n"
        "    hint: a ranking needs at least one unit: is this the right file or sheet?"
    ]


def test_a_binary_file(tmp_path, plan):
    path = tmp_path / "d.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert refused(path, plan) == [
        "d.csv: PD001 error: the file is not text: byte 8 (line 3): 0x00 is a NUL byte\n"
        "    hint: give a CSV or text export, or an Excel workbook named .xlsx/.xls/.ods"
    ]


def test_a_utf8_bom_followed_by_invalid_bytes(tmp_path, plan):
    path = tmp_path / "d.csv"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.encode() + b"SNV;S\xff\xfe;department;1;0;1;1\n")
    assert refused(path, plan) == [
        "d.csv: PD001 error: the file starts as UTF-8 (it has the byte-order mark), but byte 71 "
        "(line 2): 0xff is not valid UTF-8\n"
        "    hint: the file is damaged or not text: export it again from the spreadsheet"
    ]


def test_a_file_over_the_size_limit(tmp_path, plan):
    path = tmp_path / "d.csv"
    path.write_text(HEAD + ROW * 100, encoding="utf-8")
    assert refused(path, plan, limits=Limits(max_bytes=1000)) == [
        "d.csv: PD001 error: the file holds more than 1,000 bytes\n"
        "    hint: if the file really is that large, raise the limit with --max-mb 1"
    ]


def test_too_many_rows_and_columns(tmp_path, plan):
    path = tmp_path / "d.csv"
    path.write_text(HEAD + "".join(ROW.replace("SNV", f"U{i}") for i in range(50)))
    assert refused(path, plan, limits=Limits(max_rows=20)) == [
        "d.csv: PD001 error: the file has 51 rows; the limit is 20\n"
        "    hint: if the file really is that large, raise the limit with --max-rows 51"
    ]
    assert refused(path, plan, limits=Limits(max_columns=5)) == [
        "d.csv: PD001 error: the file has 7 columns; the limit is 5\n"
        "    hint: if the file really is that large, raise the limit with --max-columns 7"
    ]


def test_a_small_workbook_that_declares_a_million_rows(tmp_path, plan):
    """Two cells far apart: calamine would allocate every cell between them."""
    path = tmp_path / "bomb.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write(0, 0, "id")
    ws.write(1_048_575, 16_383, 1)
    wb.close()
    assert path.stat().st_size < 10_000
    assert refused(path, plan) == [
        "bomb.xlsx: PD001 error: sheet `S` has 1,048,576 rows; the limit is 1,000,000\n"
        "    hint: if the file really is that large, raise the limit with --max-rows 1048576"
    ]


def test_a_workbook_that_is_not_one(tmp_path, plan):
    path = tmp_path / "d.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    out = refused(path, plan)
    assert len(out) == 1 and out[0].startswith("d.xlsx: PD001 error: the workbook cannot be read")


@pytest.mark.usefixtures("english")
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_dev_zero_from_the_command_line_is_refused_at_once():
    from test_cli import run

    result = run("rank", "--quiet", "--data", "/dev/zero")
    assert result.exit_code == 1, result.output
    assert "/dev/zero: PD001 error: the file is not text: byte 0 (line 1): 0x00 is a NUL byte" in (
        result.output
    )


def test_an_ods_row_repeated_two_million_times(tmp_path, plan):
    """One attribute repeats a filled row: refused before calamine expands it."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="S")
    row = TableRow(numberrowsrepeated=2_000_000)
    cell = TableCell(valuetype="float", value=1)
    cell.addElement(P(text="1"))
    row.addElement(cell)
    table.addElement(row)
    doc.spreadsheet.addElement(table)
    path = tmp_path / "bomb.ods"
    doc.save(str(path))
    assert path.stat().st_size < 10_000
    assert refused(path, plan) == [
        "bomb.ods: PD001 error: sheet `S` has 2,000,000 rows; the limit is 1,000,000\n"
        "    hint: if the file really is that large, raise the limit with --max-rows 2000000"
    ]
