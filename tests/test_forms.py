"""template → filled as the units would → collect → rank: the same results as the demo data."""

import json

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from parindex.criteria.validate import bundled_sets
from parindex.forms.output import read_collection_log
from parindex.run import DEMO_DATA, DEMO_HEADS, load_criteria, sha256

from conftest import MINIMAL
from formfill import demo_values, fill
from test_cli import run


@pytest.fixture(scope="module")
def plans():
    return load_criteria(bundled_sets()).plans


def ranked(data, out):
    result = run(
        "rank", "--quiet", "--data", str(data), "--heads", str(DEMO_HEADS), "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("per_unit", [True, False], ids=["per-unit", "one-workbook"])
def test_round_trip_ranks_as_the_demo_data(tmp_path, plans, per_unit):
    forms = tmp_path / "forms"
    args = ["template", "--out", str(forms if per_unit else forms / "all.xlsx")]
    result = run(*args, *(["--per-unit"] if per_unit else []))
    assert result.exit_code == 0, result.output
    files = sorted(forms.glob("*.xlsx"))
    assert len(files) == (166 if per_unit else 1)
    values = demo_values(plans)
    for f in files:
        fill(f, plans, values)
    data = tmp_path / "data.xlsx"
    result = run("collect", str(forms), "--out", str(data))
    assert result.exit_code == 0, result.output
    assert "(166 unit(s) from" in result.output

    direct = ranked(DEMO_DATA, tmp_path / "direct")
    collected = ranked(data, tmp_path / "collected")
    prov = collected.pop("provenance")
    direct.pop("provenance")
    assert collected == direct
    log = data.with_name("data.collect.json")
    assert prov["collection"]["sha256"] == sha256(log)
    doc = read_collection_log(log)
    assert doc["table"]["sha256"] == sha256(data)
    assert sum(len(f["units_read"]) for f in doc["files"]) == 166
    assert {f["sha256"] for f in doc["files"]} == {sha256(f) for f in files}


def test_a_filled_per_unit_form_is_itself_rank_data(tmp_path, plans):
    assert run("template", "--out", str(tmp_path), "--per-unit").exit_code == 0
    form = tmp_path / "SNV.xlsx"
    fill(form, plans, demo_values(plans))
    result = run("rank", "--quiet", "--data", str(form), "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "o" / "results.json").read_text(encoding="utf-8"))
    assert [u["id"] for u in doc["units"]] == ["SNV"]


def test_the_form_validates_every_input_cell_and_locks_the_rest(tmp_path):
    out = tmp_path / "f.xlsx"
    assert run("template", "--out", str(out)).exit_code == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã", "Hướng dẫn"]
    ws = wb["Sở, ban, ngành"]
    assert ws.protection.sheet
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Mã đơn vị", "Tên đơn vị", "Khối"]
    assert header[3] == "Ban hành kế hoạch CCHC năm đúng hạn"
    i = header.index("1.3")
    assert header[i + 1] == "1.3 tự chấm"
    # the unit of measure and the criterion's title show after the header, not in its value
    assert ws.cell(1, header.index("Hồ sơ tiếp nhận") + 1).number_format == '@" (số lượng)"'
    assert "Kiểm tra công tác CCHC (điểm thẩm định, tối đa 2)" in ws.cell(1, i + 1).number_format
    n = ws.max_row
    assert n == 22  # 21 departments under the header
    assert ws.cell(2, 1).value == "SNV" and ws.cell(2, 3).value == "Sở, ban, ngành"

    rules = {}  # column → (validation, its formula's anchor: the first cell it covers)
    for dv in ws.data_validations.dataValidation:
        ranges = list(dv.sqref.ranges)
        anchor = get_column_letter(min(r.min_col for r in ranges)) + "2"
        for rng in ranges:
            assert (rng.min_row, rng.max_row) == (2, n)
            assert rng.min_col == rng.max_col
            rules[rng.min_col] = (dv, anchor)
    assert sorted(rules) == list(range(4, len(header) + 1))  # every input column
    col = {h: j + 1 for j, h in enumerate(header)}
    assert rules[col["Ban hành kế hoạch CCHC năm đúng hạn"]][0].formula1 == '"Có,Không"'
    dv, c = rules[col["Hồ sơ tiếp nhận"]]
    assert dv.formula1 == f'OR(AND(ISNUMBER({c}),{c}>=0.0,INT({c})={c}),UPPER(TRIM({c}))="KAD")'
    assert rules[col["Hồ sơ trễ hẹn"]][0] is dv  # counts share one validation
    dv, c = rules[col["Tỷ lệ hoàn thành kế hoạch CCHC"]]
    assert dv.formula1 == f'OR(AND(ISNUMBER({c}),{c}>=0.0,{c}<=1.0),UPPER(TRIM({c}))="KAD")'
    dv, c = rules[col["1.3"]]
    assert dv.formula1 == f'OR(AND(ISNUMBER({c}),{c}>=0.0,{c}<=2.0),UPPER(TRIM({c}))="KAD")'
    assert dv.error == "Ô này chỉ nhận số từ 0 đến 2, hoặc KAD nếu không áp dụng."
    assert ws.cell(2, col["Tỷ lệ hoàn thành kế hoạch CCHC"]).number_format == "0.00%"

    for row in ws.iter_rows(min_row=1, max_row=n):
        for cell in row:
            unlocked = cell.row > 1 and cell.column > 3
            assert cell.protection.locked is not unlocked, cell.coordinate

    guide = wb["Hướng dẫn"]
    assert guide.protection.sheet
    lines = {}  # the departments' section comes first
    for r in guide.iter_rows(values_only=True):
        if r[1]:
            lines.setdefault(r[1], r)
    late = lines["dossiers_late"]
    assert late[2] == "Hồ sơ trễ hẹn (không lớn hơn “Hồ sơ đã giải quyết”)"
    assert late[4] == "số nguyên từ 0 trở lên"
    assert "3.3 Tỷ lệ hồ sơ trễ hẹn (tối đa 3 điểm): theo bậc của “Tỷ lệ hồ sơ trễ hẹn”" in late[6]
    assert "< 2% → 3 điểm; < 5% → 2 điểm; < 10% → 1 điểm; còn lại 0" in late[6]
    assert "Giới hạn xếp loại: Tỷ lệ hồ sơ trễ hẹn trên 20% → tối đa Khá" in late[6]
    assert lines["sipas"][5] == "để trống nếu không áp dụng"
    assert lines["procedures_total"][6].endswith("; 3.2 không áp dụng khi procedures_total == 0")
    assert lines["1.3:self"][6].startswith("Điểm đơn vị tự chấm, tối đa 2 điểm")


@pytest.mark.usefixtures("english")
def test_template_never_overwrites_without_force(tmp_path):
    out = tmp_path / "f.xlsx"
    assert run("template", "--out", str(out)).exit_code == 0
    out.write_bytes(b"a unit's data")
    result = run("template", "--out", str(out))
    assert result.exit_code == 1
    assert "f.xlsx: already exists; a form may hold a unit's data" in result.output
    assert out.read_bytes() == b"a unit's data"
    assert run("template", "--out", str(out), "--force").exit_code == 0
    assert out.read_bytes() != b"a unit's data"


@pytest.mark.usefixtures("english")
def test_template_per_unit_wants_a_folder(tmp_path):
    result = run("template", "--out", str(tmp_path / "f.xlsx"), "--per-unit")
    assert result.exit_code == 2
    assert "with --per-unit, give a folder" in result.output
    result = run("template", "--out", str(tmp_path / "f.ods"))
    assert result.exit_code == 2
    assert "forms are written as .xlsx (or give a folder)" in result.output


@pytest.mark.usefixtures("english")
def test_template_where_a_file_stands_in_the_way_writes_nothing(tmp_path):
    (tmp_path / "blocker").write_text("a file", encoding="utf-8")
    result = run("template", "--out", "blocker/forms", "--per-unit", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith(
        "blocker: PO001 error: cannot write the output files: a file stands where a folder is "
        "needed; nothing was replaced\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


@pytest.mark.usefixtures("english")
def test_template_reports_every_problem_of_the_units_list(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text(
        "Mã đơn vị;Tên đơn vị;Khối\nSNV;Sở Nội vụ;Sở, ban, ngành\nSNV;Sở khác;Sở, ban, ngành\n"
        "X;;UBND cấp xã\nY;Y;Khối lạ\n",
        encoding="utf-8",
    )
    result = run("template", "--units", "units.csv", "--out", "f.xlsx", cwd=tmp_path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:3] == [
        "units.csv:3:1: PD005 error: unit id `SNV` is used twice (first at row 2)",
        "units.csv:4:2: PD014 error: a unit without id or name",
        "units.csv:5:3: PD009 error: unit `Y` is in block `Khối lạ`, which no criteria set defines",
    ]
    assert not (tmp_path / "f.xlsx").exists()


def test_template_takes_the_units_of_a_results_json(tmp_path):
    ranked(DEMO_DATA, tmp_path / "r")
    out = tmp_path / "f.xlsx"
    result = run("template", "--units", str(tmp_path / "r" / "results.json"), "--out", str(out))
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    ids = {r[0] for ws in wb.worksheets[:3] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(ids) == 166 and "SNV" in ids


@pytest.mark.usefixtures("english")
def test_a_column_no_header_can_tell_apart_is_refused(tmp_path):
    """Set A labels an indicator `plan`; set B names one `plan` and gives it a label of A's."""
    (tmp_path / "a.yaml").write_text(
        MINIMAL.replace("label: Kế hoạch đúng hạn", "label: plan"), encoding="utf-8"
    )
    b = (
        MINIMAL.replace("id: test-set", "id: test-set-b")
        .replace('department: {label: "Sở, ban, ngành"}', 'district: {label: "UBND cấp huyện"}')
        .replace("plan_on_time: {label: Kế hoạch đúng hạn", "plan: {label: Hồ sơ đã giải quyết")
        .replace("{yes_no: plan_on_time}", "{yes_no: plan}")
    )
    (tmp_path / "b.yaml").write_text(b, encoding="utf-8")
    (tmp_path / "units.csv").write_text(
        "id;name;block\nA1;Sở A;department\nB1;Huyện B;district\n", encoding="utf-8"
    )
    args = ["--criteria", "a.yaml", "--criteria", "b.yaml", "--units", "units.csv"]
    result = run("template", *args, "--out", "f.xlsx", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "test-set-b: PF010 error: plan: no header tells column `plan` apart from the columns "
        "of the other criteria sets",
        "    hint: give the indicator a label of its own",
    ]
    assert not (tmp_path / "f.xlsx").exists()
