"""Indicator data files: what real files look like must simply work; bad files get every problem
with its row and column."""

import json
import unicodedata

import numpy as np
import pytest
import xlsxwriter

from parindex.criteria.loader import load
from parindex.data.indicators import read_indicators
from parindex.data.numbers import parse_number
from parindex.errors import ParindexError
from parindex.scoring.compile import compile_plan

from conftest import MINIMAL, edit

GOOD = (
    "id;name;block;dossiers_resolved;dossiers_late;plan_on_time;1.2\n"
    "SNV;Sở Nội vụ;department;100;2;có;2,5\n"
    "STP;Sở Tư pháp;Sở, ban, ngành;1.234;10;0;3\n"
)


@pytest.fixture
def plan(write):
    return compile_plan(load(write(MINIMAL, "criteria.yaml")).criteria)


@pytest.fixture
def read(tmp_path, plan):
    def _read(text, name="data.csv", encoding="utf-8", plans=None, **kw):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
        return read_indicators(path, plans or [plan], display="data.csv", **kw)

    return _read


def problems(read, text, **kw):
    with pytest.raises(ParindexError) as exc:
        read(text, **kw)
    return [d.render() for d in exc.value.diagnostics]


def test_a_good_file_reads_with_decimal_commas_thousands_dots_labels_and_yes_no(read):
    t = read(GOOD)
    assert t.ids == ["SNV", "STP"]
    assert t.blocks == ["department", "department"]  # "Sở, ban, ngành" is the block's label
    assert t.values["dossiers_resolved"].tolist() == [100.0, 1234.0]
    assert t.values["plan_on_time"].tolist() == [1.0, 0.0]
    assert t.values["1.2"].tolist() == [2.5, 3.0]
    assert t.rows == [2, 3]


CASES = [
    (
        "unknown column",
        GOOD.replace("plan_on_time;1.2", "plan_on_time;1.2;dossiers_lte"),
        [
            "data.csv:1:8: PD003 error: dossiers_lte: unknown column `dossiers_lte`\n"
            "    hint: did you mean `dossiers_late`?"
        ],
    ),
    (
        "missing indicator",
        GOOD.replace(";dossiers_late", "").replace(";2;có", ";có").replace(";10;0", ";0"),
        [
            "data.csv:1: PD004 error: no column for `dossiers_late` (Hồ sơ trễ hẹn), which the "
            "criteria of block `department` need\n"
            "    hint: add a column named `dossiers_late` or `Hồ sơ trễ hẹn`"
        ],
    ),
    (
        "duplicate unit id",
        GOOD + "SNV;Sở Nội vụ 2;department;5;1;1;1\n",
        ["data.csv:4:1: PD005 error: id: unit id `SNV` is used twice (first at row 2)"],
    ),
    (
        "non-numeric cell",
        GOOD.replace(";100;", ";một trăm;"),
        [
            "data.csv:2:4: PD006 error: dossiers_resolved: unit `SNV`: `một trăm` is not a number\n"
            "    hint: write KAD for not applicable"
        ],
    ),
    (
        "negative count",
        GOOD.replace(";10;0;", ";-1;0;"),
        ["data.csv:3:5: PD007 error: dossiers_late: unit `STP`: `-1` is negative"],
    ),
    (
        "numerator above denominator",
        GOOD.replace(";100;2;", ";100;200;"),
        [
            "data.csv:2:5: PD008 error: dossiers_late: unit `SNV`: dossiers_late (200) is more than "
            "dossiers_resolved (100)\n    hint: a part cannot exceed its whole: check both cells"
        ],
    ),
    (
        "unknown block",
        GOOD.replace("department;100", "departmnt;100"),
        [
            "data.csv:2:3: PD009 error: block: unit `SNV` is in block `departmnt`, which no criteria "
            "set defines\n    hint: did you mean `department`?"
        ],
    ),
    (
        "missing value",
        GOOD.replace(";100;2;", ";;2;"),
        [
            "data.csv:2:4: PD010 error: dossiers_resolved: unit `SNV` has no value for "
            "`dossiers_resolved`\n    hint: fill it in, write KAD if it does not apply, or set "
            "`missing:` for this indicator in the criteria"
        ],
    ),
    (
        "appraised points above the maximum",
        GOOD.replace(";2,5\n", ";4\n"),
        ["data.csv:2:7: PD007 error: 1.2: unit `SNV`: `4` is above the maximum 3"],
    ),
    (
        "yes/no that is neither",
        GOOD.replace(";có;", ";có lẽ;"),
        ["data.csv:2:6: PD006 error: plan_on_time: unit `SNV`: `có lẽ` is not có / không (1 / 0)"],
    ),
    (
        "percentage in a count",
        GOOD.replace(";100;2;", ";100%;2;"),
        [
            "data.csv:2:4: PD006 error: dossiers_resolved: unit `SNV`: `100%` is a percentage, but "
            "`dossiers_resolved` is a count"
        ],
    ),
    (
        "duplicate column",
        GOOD.replace("late;plan_on_time", "late;Hồ sơ trễ hẹn"),
        [
            "data.csv:1: PD004 error: no column for `plan_on_time` (Kế hoạch đúng hạn), which the "
            "criteria of block `department` need\n"
            "    hint: add a column named `plan_on_time` or `Kế hoạch đúng hạn`",
            "data.csv:1:6: PD011 error: Hồ sơ trễ hẹn: column `Hồ sơ trễ hẹn` repeats column 5 "
            "(`dossiers_late`)",
        ],
    ),
    (
        "no id column",
        GOOD.replace("id;name", "unit_id;name"),
        [
            "data.csv:1: PD002 error: no column for the unit's id\n"
            "    hint: name a column `id` or `Mã đơn vị`",
            "data.csv:1:1: PD003 error: unit_id: unknown column `unit_id`\n"
            "    hint: did you mean `unit id`?",
        ],
    ),
    (
        "unit without id",
        GOOD + ";Sở mới;department;1;0;1;1\n",
        [
            "data.csv:4:1: PD014 error: id: the unit has no id\n"
            "    hint: give every unit a unique code, e.g. SNV"
        ],
    ),
    (
        "every problem at once",
        GOOD.replace(";100;2;", ";abc;-3;").replace(";10;0;", ";10;2;"),
        [
            "data.csv:2:4: PD006 error: dossiers_resolved: unit `SNV`: `abc` is not a number\n"
            "    hint: write KAD for not applicable",
            "data.csv:2:5: PD007 error: dossiers_late: unit `SNV`: `-3` is negative",
            "data.csv:3:6: PD007 error: plan_on_time: unit `STP`: `2` is not 1 (có) or 0 (không)",
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_data_problem_has_its_exact_message(read, text, expected):
    assert problems(read, text) == expected


def test_rates_accept_percent_signs_and_refuse_bare_percentages(read, plan, write, tmp_path):
    cs = edit(
        "  plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no}\n",
        "  plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no}\n"
        "  sipas: {label: Hài lòng, kind: rate}\n",
    )
    cs = edit("rule: {appraised: {}}", "rule: {proportional: {of: sipas}}", cs)
    rate_plan = compile_plan(load(write(cs, "c2.yaml")).criteria)
    head = "id;name;block;dossiers_resolved;dossiers_late;plan_on_time;sipas\n"
    t = read(head + "A;a;department;1;0;1;91,08%\n", plans=[rate_plan])
    assert t.values["sipas"][0] == pytest.approx(0.9108)
    assert problems(read, head + "A;a;department;1;0;1;91,08\n", plans=[rate_plan]) == [
        "data.csv:2:7: PD007 error: sipas: unit `A`: `91,08` (read as 91.08, decimal comma) is "
        "above the maximum 1\n"
        "    hint: a rate lies between 0 and 1: write 0,9108 or 91,08%"
    ]


def test_not_applicable_cells_and_missing_policies(read, write):
    cs = edit(
        "  plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no}\n",
        "  plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no, missing: zero}\n",
    )
    cs = edit(
        "  dossiers_resolved: {label: Hồ sơ đã giải quyết, kind: count}",
        "  dossiers_resolved: {label: Hồ sơ đã giải quyết, kind: count, "
        "missing: impute, impute: 50}",
        cs,
    )
    p = compile_plan(load(write(cs, "c3.yaml")).criteria)
    t = read(
        "id,name,block,dossiers_resolved,dossiers_late,plan_on_time,1.2\nA,a,department,,KAD,,-\n",
        plans=[p],
    )
    assert t.values["dossiers_resolved"][0] == 50.0  # imputed
    assert t.values["plan_on_time"][0] == 0.0  # zero
    assert t.na["dossiers_late"][0] and t.na["1.2"][0]  # written as not applicable


TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def cp1258(text: str) -> bytes:
    """Encode as Vietnamese Windows does: base letters precomposed, tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in parts if c in TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append(base.encode("cp1258") + tone.encode("cp1258"))
    return b"".join(out)


def test_windows_1258_nfd_names_bom_and_blank_rows(read):
    text = "\n\n" + GOOD + ";;;;;;\n\n"
    raw = cp1258(text)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    t = read(raw)
    assert t.names == ["Sở Nội vụ", "Sở Tư pháp"]
    assert all(unicodedata.is_normalized("NFC", n) for n in t.names)
    nfd = unicodedata.normalize("NFD", GOOD)
    assert read(b"\xef\xbb\xbf" + nfd.encode("utf-8")).names == ["Sở Nội vụ", "Sở Tư pháp"]


def test_comma_and_tab_delimiters(read):
    comma = GOOD.replace(";", ",").replace("Sở, ban, ngành", "department").replace("2,5", "2.5")
    assert read(comma).values["1.2"].tolist() == [2.5, 3.0]
    assert read(GOOD.replace(";", "\t")).ids == ["SNV", "STP"]


def test_excel_workbooks_are_read(read, tmp_path, plan):
    path = tmp_path / "data.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Số liệu")
    for r, row in enumerate(line.split(";") for line in GOOD.strip().split("\n")):
        for c, cell in enumerate(row):
            if r > 0 and c in (3, 4):
                ws.write_number(r, c, float(cell.replace(".", "")))
            else:
                ws.write_string(r, c, cell)
    wb.close()
    t = read_indicators(path, [plan], display="data.xlsx")
    assert t.values["dossiers_resolved"].tolist() == [100.0, 1234.0]
    assert t.values["1.2"].tolist() == [2.5, 3.0]
    with pytest.raises(ParindexError) as exc:
        read_indicators(path, [plan], display="data.xlsx", sheet="Sheet9")
    assert "no sheet named `Sheet9` (sheets: Số liệu)" in exc.value.diagnostics[0].text()


@pytest.mark.parametrize(
    ("text", "numbers", "value", "percent"),
    [
        ("91,08", "vi", 91.08, False),
        ("1.234", "vi", 1234.0, False),
        ("1.234,5", "vi", 1234.5, False),
        ("0.95", "vi", 0.95, False),  # cannot be thousands: read as a decimal point
        ("1 234", "vi", 1234.0, False),
        ("91,08%", "vi", 91.08, True),
        ("1,234", "en", 1234.0, False),
        ("1.234", "en", 1.234, False),
        ("91,08", "en", 91.08, False),
        ("-3", "vi", -3.0, False),
    ],
)
def test_number_conventions(text, numbers, value, percent):
    got = parse_number(text, numbers)
    assert got.value == pytest.approx(value) and got.percent == percent


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.2.3,4,5", "", "%", "12a"])
def test_not_numbers(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_input_file_is_left_untouched(read, tmp_path):
    with pytest.raises(ParindexError):
        read(GOOD.replace(";100;", ";x;"))
    assert (tmp_path / "data.csv").read_text(encoding="utf-8") == GOOD.replace(";100;", ";x;")


def test_scoring_the_table(read, plan):
    from parindex.scoring.engine import evaluate

    res = evaluate(plan, read(GOOD))
    # SNV: late 2% → band 2 (3 pts); plan 2; 1.2 2.5 → 7.5/10. STP: late 10/1234 → 5; 0; 3 → 8
    assert res.index.tolist() == pytest.approx([75.0, 80.0])
    assert np.array_equal(res.classification.rank, [2, 1])


def test_subset_leaves_other_blocks_out(read, plan):
    text = (
        "id;name;block;dossiers_resolved;dossiers_late;plan_on_time;1.2;Phản ánh quá hạn\n"
        "SNV;Sở Nội vụ;department;100;2;có;2,5;3\n"
        "STP;Sở Tư pháp;Sở, ban, ngành;1.234;10;0;3;1\n"
        "X01;UBND xã A;UBND cấp xã;5;0;1;1;0\n"
    )
    with pytest.raises(ParindexError):
        read(text)  # without --subset: an unknown column and an unknown block
    t = read(text, subset=True)
    assert t.ids == ["SNV", "STP"]
    assert t.left_out == [("X01", "UBND cấp xã")]


def test_each_bundled_set_reads_the_province_wide_demo_file_alone():
    from parindex.criteria.validate import bundled_sets
    from parindex.run import DEMO_DATA

    sizes = []
    for path in bundled_sets():
        p = compile_plan(load(path).criteria)
        t = read_indicators(DEMO_DATA, [p], subset=True)
        sizes.append((len(t), len(t.left_out)))
    assert sizes == [(21, 145), (8, 158), (137, 29)]


def test_subset_from_the_command_line(tmp_path):
    from test_cli import run

    result = run(
        "rank",
        "--quiet",
        "--subset",
        "--criteria",
        "parindex/criteria/sets/default/districts.yaml",
        "--out",
        str(tmp_path),
    )
    assert result.exit_code == 0, result.output
    # the run's language (Vietnamese by default) says what was left out
    assert "bỏ qua 158 đơn vị thuộc các khối mà bộ tiêu chí này không xếp hạng" in result.output
    assert (
        json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["units"][0]["block"]
        == "district"
    )
