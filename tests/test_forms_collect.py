"""collect: units in two files, units missing, files that fail, and the collection log."""

import hashlib
import json
import os
import shutil

import pytest
from openpyxl import load_workbook

from parindex.criteria.validate import bundled_sets
from parindex.errors import ParindexError
from parindex.forms.output import collection_log_for, read_collection_log
from parindex.run import DEMO_DATA, load_criteria

from formfill import demo_values, fill
from test_cli import run

UNITS = (
    "Mã đơn vị;Tên đơn vị;Khối\n"
    "SNV;Sở Nội vụ;Sở, ban, ngành\n"
    "STP;Sở Tư pháp;Sở, ban, ngành\n"
    "NTR;UBND thành phố Nha Trang;UBND cấp huyện\n"
)


@pytest.fixture(scope="module")
def plans():
    return load_criteria(bundled_sets()).plans


@pytest.fixture
def forms(tmp_path, plans):
    """Three units' forms, filled from the demo values, in tmp_path/forms."""
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    result = run("template", "--units", "units.csv", "--out", "forms", "--per-unit", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    values = demo_values(plans)
    for f in (tmp_path / "forms").iterdir():
        fill(f, plans, values)
    return tmp_path / "forms"


def collect(tmp_path, *args):
    return run("collect", *args, "--units", "units.csv", "--out", "data.xlsx", cwd=tmp_path)


def test_collect_speaks_the_run_language(tmp_path, forms, monkeypatch):
    monkeypatch.delenv("PARINDEX_LANG", raising=False)
    result = collect(tmp_path, "forms")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "forms/NTR.xlsx: 1 đơn vị: NTR",
        "forms/SNV.xlsx: 1 đơn vị: SNV",
        "forms/STP.xlsx: 1 đơn vị: STP",
        "đã ghi data.xlsx (3 đơn vị từ 3 tệp) và data.collect.json",
    ]


@pytest.mark.usefixtures("english")
def test_collect_reports_each_file_and_writes_table_and_log(tmp_path, forms):
    result = collect(tmp_path, "forms")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "forms/NTR.xlsx: 1 unit(s): NTR",
        "forms/SNV.xlsx: 1 unit(s): SNV",
        "forms/STP.xlsx: 1 unit(s): STP",
        "wrote data.xlsx (3 unit(s) from 3 file(s)) and data.collect.json",
    ]
    ws = load_workbook(tmp_path / "data.xlsx").worksheets[0]
    assert [r[0] for r in ws.iter_rows(values_only=True)] == ["Mã đơn vị", "SNV", "STP", "NTR"]
    log = read_collection_log(tmp_path / "data.collect.json")
    assert log["table"] == {
        "path": "data.xlsx",
        "sha256": hashlib.sha256((tmp_path / "data.xlsx").read_bytes()).hexdigest(),
    }
    assert [(f["path"], f["units_read"], f["units_kept"]) for f in log["files"]] == [
        ("forms/NTR.xlsx", ["NTR"], ["NTR"]),
        ("forms/SNV.xlsx", ["SNV"], ["SNV"]),
        ("forms/STP.xlsx", ["STP"], ["STP"]),
    ]
    for f in log["files"]:
        assert f["sha256"] == hashlib.sha256((tmp_path / f["path"]).read_bytes()).hexdigest()
    assert log["units_list"]["path"] == "units.csv"
    assert log["missing"] == []

    # rank carries the log into its provenance; a table edited since is not described by it
    result = run("rank", "--quiet", "--data", "data.xlsx", "--out", "r", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "r" / "results.json").read_text(encoding="utf-8"))
    assert doc["provenance"]["collection"]["path"] == "data.collect.json"
    assert collection_log_for(tmp_path / "data.xlsx") == tmp_path / "data.collect.json"
    with open(tmp_path / "data.xlsx", "ab") as fh:
        fh.write(b"\0")
    assert collection_log_for(tmp_path / "data.xlsx") is None


@pytest.mark.usefixtures("english")
def test_a_unit_in_two_files_is_refused_unless_one_is_preferred(tmp_path, forms):
    copy = forms / "SNV-sent-again.xlsx"
    shutil.copy(forms / "SNV.xlsx", copy)
    result = collect(tmp_path, "forms")
    assert result.exit_code == 1
    assert (
        "forms/SNV.xlsx [Sở, ban, ngành]:2:1: PF002 error: unit `SNV` is also in "
        "forms/SNV-sent-again.xlsx [Sở, ban, ngành] (row 2)\n"
        "    hint: keep the unit in one file, or say which counts with --prefer newest or "
        "--prefer FILE"
    ) in result.output
    assert "1 error(s); nothing was written" in result.output
    assert not (tmp_path / "data.xlsx").exists()

    os.utime(copy, (2_000_000_000, 2_000_000_000))
    result = collect(tmp_path, "forms", "--prefer", "newest")
    assert result.exit_code == 0, result.output
    assert "forms/SNV.xlsx: 1 unit(s): SNV (not kept, another file counts: SNV)" in result.output
    log = read_collection_log(tmp_path / "data.collect.json")
    kept = {f["path"]: f["units_kept"] for f in log["files"]}
    assert kept["forms/SNV-sent-again.xlsx"] == ["SNV"] and kept["forms/SNV.xlsx"] == []
    assert log["prefer"] == "newest"

    result = collect(tmp_path, "forms", "--prefer", "forms/SNV.xlsx")
    assert result.exit_code == 0, result.output
    log = read_collection_log(tmp_path / "data.collect.json")
    kept = {f["path"]: f["units_kept"] for f in log["files"]}
    assert kept["forms/SNV.xlsx"] == ["SNV"] and kept["forms/SNV-sent-again.xlsx"] == []

    result = collect(tmp_path, "forms", "--prefer", "elsewhere.xlsx")
    assert result.exit_code == 2
    assert "`elsewhere.xlsx` is not among the files collected" in result.output


@pytest.mark.usefixtures("english")
def test_missing_units_are_named_and_refused_unless_allowed(tmp_path, forms):
    (forms / "NTR.xlsx").unlink()
    result = collect(tmp_path, "forms")
    assert result.exit_code == 1
    assert (
        "units.csv: PF003 error: unit `NTR` (UBND thành phố Nha Trang) sent no return\n"
        "    hint: collect its return, or write the table without it with --allow-missing"
    ) in result.output
    assert not (tmp_path / "data.xlsx").exists()

    result = collect(tmp_path, "forms", "--allow-missing")
    assert result.exit_code == 0, result.output
    assert (
        "units.csv: PF003 warning: unit `NTR` (UBND thành phố Nha Trang) sent no return"
        in result.output
    )
    assert read_collection_log(tmp_path / "data.collect.json")["missing"] == ["NTR"]


@pytest.mark.usefixtures("english")
def test_a_failing_file_writes_nothing_and_every_problem_is_reported(tmp_path, forms):
    (tmp_path / "data.xlsx").write_bytes(b"last week's table")
    wb = load_workbook(forms / "SNV.xlsx")
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("Hồ sơ tiếp nhận") + 1).value = "nhiều"
    wb.save(forms / "SNV.xlsx")
    wb = load_workbook(forms / "NTR.xlsx")
    ws = wb.worksheets[0]
    ws.cell(2, 4).value = None
    ws.cell(2, 1).value = "NTX"
    wb.save(forms / "NTR.xlsx")
    (forms / "notes.csv").write_text("ghi chú\n", encoding="utf-8")
    result = collect(tmp_path, "forms")
    assert result.exit_code == 1
    out = result.output
    col = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[header.index("Hồ sơ tiếp nhận")]
    assert (
        f"forms/SNV.xlsx [Sở, ban, ngành] {col}2: PD006 error: Hồ sơ tiếp nhận: "
        "unit `SNV`: `nhiều` is not a number"
    ) in out
    assert (
        "forms/NTR.xlsx [UBND cấp huyện] D2: PD010 error: Ban hành kế hoạch CCHC năm đúng "
        "hạn: unit `NTX` has no value for `plan_on_time`"
    ) in out
    assert "forms/notes.csv:1: PD002 error: no column for the unit's id" in out
    assert "forms/STP.xlsx: 1 unit(s): STP" in out  # the file without a problem is named too
    assert "units.csv: PF003 error: unit `NTR`" in out
    assert "units.csv: PF003 error: unit `SNV`" in out
    assert (tmp_path / "data.xlsx").read_bytes() == b"last week's table"
    assert not (tmp_path / "data.collect.json").exists()


@pytest.mark.usefixtures("english")
def test_a_unit_not_in_the_list_or_in_another_block_is_refused(tmp_path, forms):
    wb = load_workbook(forms / "STP.xlsx")
    wb.worksheets[0].cell(2, 1).value = "SNVV"
    wb.save(forms / "STP.xlsx")
    result = collect(tmp_path, "forms")
    assert result.exit_code == 1
    assert (
        "forms/STP.xlsx [Sở, ban, ngành]:2:1: PF004 error: unit `SNVV` is not in the list "
        "of units\n    hint: did you mean `SNV`?"
    ) in result.output

    (tmp_path / "units.csv").write_text(
        UNITS.replace("STP;Sở Tư pháp;Sở, ban, ngành", "STP;Sở Tư pháp;UBND cấp huyện"),
        encoding="utf-8",
    )
    wb.worksheets[0].cell(2, 1).value = "STP"
    wb.save(forms / "STP.xlsx")
    result = collect(tmp_path, "forms")
    assert result.exit_code == 1
    assert (
        "forms/STP.xlsx [Sở, ban, ngành]:2:3: PF005 error: unit `STP` is in block "
        "`department` here but in block `district` in units.csv"
    ) in result.output


@pytest.mark.usefixtures("english")
def test_collect_reads_any_table_rank_reads(tmp_path, forms):
    """A unit may send its figures as a plain CSV in place of the form."""
    (forms / "NTR.xlsx").unlink()
    lines = DEMO_DATA.read_text(encoding="utf-8").splitlines()
    ntr = [line for line in lines if line.startswith("NTR;")]
    (forms / "nha-trang.csv").write_text("\n".join([lines[0], *ntr]) + "\n", encoding="utf-8")
    result = collect(tmp_path, "forms")
    assert result.exit_code == 0, result.output
    assert "forms/nha-trang.csv: 1 unit(s): NTR" in result.output


@pytest.mark.usefixtures("english")
def test_subset_leaves_other_blocks_out_of_the_list_and_the_returns(tmp_path, plans):
    """Departments' criteria alone, with a province-wide list and a province-wide return."""
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    departments = [p for p in bundled_sets() if p.name == "departments.yaml"]
    crit = ["--criteria", str(departments[0])]
    result = run("template", *crit, "--units", "units.csv", "--out", "f.xlsx", cwd=tmp_path)
    assert result.exit_code == 1
    assert "PD009 error: unit `NTR` is in block `UBND cấp huyện`" in result.output
    result = run(
        "template", *crit, "--units", "units.csv", "--out", "f.xlsx", "--subset", cwd=tmp_path
    )
    assert result.exit_code == 0, result.output
    assert "left out 1 unit(s) of units.csv in blocks these criteria do not rank" in result.output
    assert load_workbook(tmp_path / "f.xlsx").sheetnames == ["Sở, ban, ngành", "Hướng dẫn"]

    lines = DEMO_DATA.read_text(encoding="utf-8").splitlines()
    mine = [line for line in lines if line.split(";")[0] in ("SNV", "STP", "NTR")]
    (tmp_path / "tinh.csv").write_text("\n".join([lines[0], *mine]) + "\n", encoding="utf-8")
    args = ["collect", "tinh.csv", *crit, "--units", "units.csv", "--out", "d.xlsx"]
    result = run(*args, "--subset", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "tinh.csv: 2 unit(s): SNV, STP" in result.output


def test_read_collection_log_refuses_what_collect_did_not_write(tmp_path):
    bad = tmp_path / "data.collect.json"
    bad.write_text('{"format": "parindex.results/1"}', encoding="utf-8")
    with pytest.raises(ParindexError) as caught:
        read_collection_log(bad, "data.collect.json")
    assert str(caught.value) == (
        "data.collect.json: PD001 error: not a collection log (format `parindex.collect/1`)\n"
        "    hint: give the .collect.json that `parindex collect` wrote"
    )
    (tmp_path / "data.xlsx").write_bytes(b"table")
    assert collection_log_for(tmp_path / "data.xlsx") is None
