"""Each number trap and each officer layout, pinned by its exact message or its exact reading."""

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.criteria.loader import load
from parindex.data.indicators import read_indicators
from parindex.errors import ParindexError
from parindex.scoring.compile import compile_plan

from conftest import edit

RATE = edit(
    "  plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no}\n",
    "  plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no}\n"
    "  sipas: {label: Hài lòng, kind: rate}\n",
)
RATE = edit("rule: {appraised: {}}", "rule: {proportional: {of: sipas}}", RATE)
HEAD = "id;name;block;dossiers_resolved;dossiers_late;plan_on_time;sipas\n"


@pytest.fixture
def plan(write):
    return compile_plan(load(write(RATE, "criteria.yaml")).criteria)


@pytest.fixture
def read(tmp_path, plan):
    def _read(text, name="data.csv", **kw):
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return read_indicators(path, [plan], display=name, **kw)

    return _read


def problems(read, text, **kw):
    with pytest.raises(ParindexError) as exc:
        read(text, **kw)
    return [d.render() for d in exc.value.diagnostics]


def test_0_875_is_never_875(read):
    t = read(HEAD + "A;a;department;1000;5;1;0.875\n")
    assert t.values["sipas"].tolist() == [0.875]


NUMBER_TRAPS = [
    (
        "a count written with a thousands comma",
        "A;a;department;1,071;5;1;0,9\n",
        [
            "data.csv:2:4: PD015 error: dossiers_resolved: unit `A`: `1,071` (read as 1.071, "
            "decimal comma) is not a whole number, but `dossiers_resolved` is a count\n"
            "    hint: did you mean 1071? In the `en` convention it reads 1071; write 1071 with "
            "no separator"
        ],
    ),
    (
        "half a dossier",
        "A;a;department;204,5;5;1;0,9\n",
        [
            "data.csv:2:4: PD015 error: dossiers_resolved: unit `A`: `204,5` (read as 204.5, "
            "decimal comma) is not a whole number, but `dossiers_resolved` is a count\n"
            "    hint: a count is a whole number: check the cell"
        ],
    ),
    (
        "a count too large to be finite",
        "A;a;department;1e400;5;1;0,9\n",
        [
            "data.csv:2:4: PD006 error: dossiers_resolved: unit `A`: `1e400` is not a finite "
            "number (too large, infinite or NaN)\n    hint: write KAD for not applicable"
        ],
    ),
    (
        "inf and nan as text",
        "A;a;department;inf;5;1;nan\n",
        [
            "data.csv:2:4: PD006 error: dossiers_resolved: unit `A`: `inf` is not a number\n"
            "    hint: write KAD for not applicable",
            "data.csv:2:7: PD006 error: sipas: unit `A`: `nan` is not a number\n"
            "    hint: write KAD for not applicable",
        ],
    ),
    (
        "a rate written as a percentage without %",
        "A;a;department;100;5;1;91,08\n",
        [
            "data.csv:2:7: PD007 error: sipas: unit `A`: `91,08` (read as 91.08, decimal comma) "
            "is above the maximum 1\n"
            "    hint: a rate lies between 0 and 1: write 0,9108 or 91,08%"
        ],
    ),
    (
        "a column written in both conventions",
        "A;a;department;100;5;1;0.875\nB;b;department;100;5;1;1.000\n",
        [
            "data.csv:3:7: PD016 error: sipas: unit `B`: `1.000` is ambiguous: 1000 as "
            "`--numbers vi` (`.` groups thousands), 1 as `--numbers en` (decimal point), which "
            "this column also uses (`0.875` at row 2)\n"
            "    hint: write 1000 or 1, and write every number of the column one way "
            "(see --numbers)"
        ],
    ),
    (
        "a header and no units",
        "",
        [
            "data.csv: PD019 error: the file has a header but no units\n"
            "    hint: a ranking needs at least one unit: is this the right file or sheet?"
        ],
    ),
]


@pytest.mark.parametrize(
    ("rows", "expected"), [t[1:] for t in NUMBER_TRAPS], ids=[t[0] for t in NUMBER_TRAPS]
)
def test_each_number_trap_has_its_exact_message(read, rows, expected):
    assert problems(read, HEAD + rows) == expected


def test_grouped_thousands_and_decimal_points_each_read_once(read):
    t = read(HEAD + "A;a;department;1.234;5;1;0.875\nB;b;department;2.000.000;1;1;1\n")
    assert t.values["dossiers_resolved"].tolist() == [1234.0, 2000000.0]
    assert t.values["sipas"].tolist() == [0.875, 1.0]


def xlsx(path, sheets):
    """sheets: name → (rows, merges, formulas); a formula cell is written with no value."""
    wb = xlsxwriter.Workbook(str(path))
    for name, (rows, merges, formulas) in sheets.items():
        ws = wb.add_worksheet(name)
        for r0, c0, r1, c1 in merges:
            ws.merge_range(r0, c0, r1, c1, rows[r0][c0])
        inside = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1)
                  for c in range(c0, c1 + 1)}  # fmt: skip
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None and (r, c) not in inside:
                    ws.write(r, c, v)
        for (r, c), f in formulas.items():
            ws.write_formula(r, c, f, None, "")
    wb.close()
    return path


COLS = ["Mã đơn vị", "Tên đơn vị", "Khối", "Hồ sơ đã giải quyết", "Hồ sơ trễ hẹn",
        "Kế hoạch đúng hạn", "Hài lòng"]  # fmt: skip


def test_group_rows_give_the_block_and_a_cover_sheet_is_passed_over(tmp_path, plan):
    rows = [
        ["BÁO CÁO SỐ LIỆU"],
        [],
        ["STT", *[c for c in COLS if c != "Khối"], "Ghi chú"],
        ["I. SỞ, BAN, NGÀNH"],
        [1, "SNV", "Sở Nội vụ", 100, 2, "x", "0,9"],
        [2, "STP", "Sở Tư pháp", 50, 1, None, "0,8"],
        ["Tổng cộng", None, None, 150, 3],
    ]
    path = xlsx(tmp_path / "so-lieu.xlsx", {"Bìa": ([["Bìa báo cáo"]], [], {}),
                                            "Biểu 1": (rows, [(3, 0, 3, 7)], {})})  # fmt: skip
    notes = []
    t = read_indicators(path, [plan], display="so-lieu.xlsx", note=notes.append)
    assert t.ids == ["SNV", "STP"] and t.blocks == ["department", "department"]
    assert t.values["plan_on_time"].tolist() == [1.0, 0.0]  # "x", and blank for không
    assert [str(n) for n in notes] == [
        "so-lieu.xlsx [Biểu 1]: header at row 3, 2 unit(s); left out columns STT (A), "
        "Ghi chú (H); left out rows 1–2 (title); 4 (group rows); 7 (total rows)",
        "yes/no marked with x, blank read as không: Kế hoạch đúng hạn",
    ]
    assert [n.render("vi") for n in notes] == [
        "so-lieu.xlsx [Biểu 1]: tiêu đề ở dòng 3, 2 đơn vị; bỏ qua các cột STT (A), Ghi chú (H); "
        "bỏ qua các dòng 1–2 (tiêu đề); 4 (dòng nhóm); 7 (dòng tổng cộng)",
        "các cột có/không đánh dấu bằng x, ô trống được đọc là không: Kế hoạch đúng hạn",
    ]


def test_one_sheet_per_block_named_by_it(tmp_path, plan):
    head = [c for c in COLS if c != "Khối"]
    path = xlsx(tmp_path / "d.xlsx", {
        "Sở, ban, ngành": ([head, ["SNV", "Sở Nội vụ", 100, 2, 1, 0.9]], [], {}),
        "department": ([head, ["STP", "Sở Tư pháp", 50, 1, 0, 0.8]], [], {}),
    })  # fmt: skip
    t = read_indicators(path, [plan], display="d.xlsx")
    assert t.ids == ["SNV", "STP"]


def test_ambiguous_layouts_are_refused_with_the_cell_and_the_reason(tmp_path, plan):
    rows = [COLS, ["SNV", "Sở Nội vụ", "department", 100, 2, 1, 0.9],
            ["STP", "Sở Tư pháp", None, 100, 1, 0, 0.8],
            ["SCT", "Sở Công Thương", "department", 80, 1, 1, 0.7]]  # fmt: skip
    path = xlsx(tmp_path / "d.xlsx", {"Số liệu": (rows, [(1, 3, 2, 3)], {(3, 4): "=1/0+E2"})})
    with pytest.raises(ParindexError) as exc:
        read_indicators(path, [plan], display="d.xlsx")
    assert [d.render() for d in exc.value.diagnostics] == [
        "d.xlsx [Số liệu] D2: PD018 error: Hồ sơ đã giải quyết: `100` is merged across D2:D3, "
        "the rows of 2 units: whose value it is is not clear\n"
        "    hint: unmerge the cells and write each unit's own value in its row",
        "d.xlsx [Số liệu] C3: PD009 error: Khối: unit `STP` has no block: the cell is blank and "
        "not merged with a cell above\n"
        "    hint: write the unit's block, or merge the cell with the block cell above it",
        "d.xlsx [Số liệu] E4: PD017 error: Hồ sơ trễ hẹn: unit `SCT`: the cell holds the "
        "formula `=1/0+E2` but no calculated value\n"
        "    hint: open the file in Excel or LibreOffice, let it calculate, and save it again",
    ]
    copies = xlsx(tmp_path / "c.xlsx", {"Sheet1": (rows[:2], [], {}),
                                        "Sheet1 (2)": (rows[:2], [], {})})  # fmt: skip
    with pytest.raises(ParindexError) as exc:
        read_indicators(copies, [plan], display="c.xlsx")
    assert [d.render() for d in exc.value.diagnostics] == [
        "c.xlsx: PD018 error: sheets `Sheet1`, `Sheet1 (2)` each hold a table of units, and "
        "`Sheet1`, `Sheet1 (2)` is not named by a block: which to read is not clear (two edited "
        "copies of one table?)\n    hint: choose one with --sheet NAME, or name each sheet by "
        "its block"
    ]
    assert read_indicators(copies, [plan], sheet="Sheet1 (2)").ids == ["SNV"]


def test_yes_no_as_a_co_khong_pair_and_a_unit_below_the_signature(tmp_path, plan):
    top = ["Mã đơn vị", "Tên đơn vị", "Khối", "Hồ sơ đã giải quyết", "Hồ sơ trễ hẹn",
           "Kế hoạch đúng hạn", "Kế hoạch đúng hạn", "Hài lòng"]  # fmt: skip
    sub = [*top[:5], "Có", "Không", "Hài lòng"]
    rows = [top, sub,
            ["SNV", "Sở Nội vụ", "department", 100, 2, "x", None, 0.9],
            ["STP", "Sở Tư pháp", "department", 50, 1, None, "x", 0.8],
            ["SCT", "Sở Công Thương", "department", 50, 1, "x", "x", 0.8],
            [None, "Cộng", None, 200, 4],
            [None, "Người lập biểu", None, None, None, "Giám đốc"],
            ["SYT", "Sở Y tế", "department", 10, 1, None, "x", "0,5"]]  # fmt: skip
    merges = [(0, j, 1, j) for j in (0, 1, 2, 3, 4, 7)] + [(0, 5, 0, 6)]
    path = xlsx(tmp_path / "d.xlsx", {"Số liệu": (rows, merges, {})})
    with pytest.raises(ParindexError) as exc:
        read_indicators(path, [plan], display="d.xlsx")
    assert [d.render() for d in exc.value.diagnostics] == [
        "d.xlsx [Số liệu] F5: PD006 error: Kế hoạch đúng hạn: unit `SCT`: both Có and Không "
        "are marked",
        "d.xlsx [Số liệu] row 8: PD018 error: row 8 looks like a unit but comes after the "
        "signature block, which starts at row 7\n    hint: move the unit above the signature "
        "block (rows below it are not read)",
    ]
    rows[4][6] = None
    del rows[6:]
    t = read_indicators(xlsx(tmp_path / "e.xlsx", {"S": (rows, merges, {})}), [plan])
    assert t.values["plan_on_time"].tolist() == [1.0, 0.0, 1.0]


@pytest.mark.usefixtures("english")
def test_header_row_and_ignored_columns_from_the_command_line(tmp_path, write):
    from test_cli import run

    crit = write(RATE, "c.yaml")
    data = tmp_path / "d.csv"
    data.write_text(
        "Mã đơn vị;Tên đơn vị;Khối;Hồ sơ đã giải quyết;Hồ sơ trễ hẹn;Kế hoạch đúng hạn;"
        "Hài lòng;Người kiểm tra\nSNV;Sở Nội vụ;department;100;2;có;0,9;An\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["rank", "--quiet", "--criteria", str(crit), "--data", str(data), "--out", str(out)]
    result = run(*args)
    assert result.exit_code == 1 and "unknown column `Người kiểm tra`" in result.output
    result = run(*args, "--ignore-column", "người kiểm tra", "--header-row", "1")
    assert result.exit_code == 0, result.output
    assert "left out columns Người kiểm tra (H)" in result.output
    result = run(*args, "--header-row", "2")
    assert result.exit_code == 1
    assert "PD002 error: no column for the unit's id" in result.output


def test_ignore_columns_in_the_criteria(tmp_path, write):
    cs = compile_plan(load(write(RATE + "ignore_columns: [Người kiểm tra]\n", "c.yaml")).criteria)
    path = tmp_path / "d.csv"
    path.write_text(HEAD.replace("\n", ";Người kiểm tra\n") + "A;a;department;1;0;1;1;An\n")
    notes = []
    assert read_indicators(path, [cs], display="d.csv", note=notes.append).ids == ["A"]
    assert [str(n) for n in notes] == [
        "d.csv: header at row 1, 1 unit(s); left out columns Người kiểm tra (H)"
    ]


def test_group_rows_in_a_text_file(read):
    text = (
        "STT;Mã đơn vị;Tên đơn vị;dossiers_resolved;dossiers_late;plan_on_time;sipas\n"
        "I;;SỞ, BAN, NGÀNH;;;;\n"
        "1;SNV;Sở Nội vụ;100;2;có;0,9\n"
        "II;;KHỐI XÃ;;;;\n"
        "1;X01;UBND xã A;5;0;1;1\n"
    )
    assert problems(read, text) == [
        "data.csv:4: PD009 error: group row `KHỐI XÃ` names no block the criteria define\n"
        "    hint: blocks: department"
    ]
    t = read(text.replace("II;;KHỐI XÃ", "II;;Sở, ban, ngành"))
    assert t.ids == ["SNV", "X01"] and t.blocks == ["department", "department"]


@pytest.mark.usefixtures("english")
def test_limits_from_the_command_line(tmp_path, write):
    from test_cli import run

    crit = write(RATE, "c.yaml")
    data = tmp_path / "d.csv"
    data.write_text(HEAD + "A;a;department;1;0;1;1\nB;b;department;1;0;1;1\n", encoding="utf-8")
    args = ["rank", "--quiet", "--criteria", str(crit), "--data", str(data)]
    result = run(*args, "--max-rows", "2", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "d.csv: PD001 error: the file has 3 rows; the limit is 2" in result.output
    assert "raise the limit with --max-rows 3" in result.output
    result = run(*args, "--max-columns", "3", "--out", str(tmp_path / "o"))
    assert "the file has 7 columns; the limit is 3" in result.output
    assert run(*args, "--max-rows", "3", "--out", str(tmp_path / "o")).exit_code == 0


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet="0123456789.,", min_size=1, max_size=12),
    numbers=st.sampled_from(["vi", "en"]),
)
def test_the_column_fast_path_reads_as_babel_does(text, numbers):
    """Whatever the array path accepts, Babel's strict parse reads to the same value."""
    from parindex.data.columns import _digits
    from parindex.data.numbers import parse_number

    fast = _digits([text], numbers)
    if fast is not None:
        assert parse_number(text, numbers).value == pytest.approx(fast[0][0], rel=1e-12)


def test_units_below_a_block_subtotal_are_read(read):
    text = (
        "STT;Mã đơn vị;Tên đơn vị;Khối;dossiers_resolved;dossiers_late;plan_on_time;sipas\n"
        "1;SNV;Sở Nội vụ;department;100;2;có;0,9\n"
        ";;Cộng khối sở;;100;2;;\n"
        "2;STP;Sở Tư pháp;department;50;1;không;0,8\n"
        ";;Tổng cộng;;150;3;;\n"
        ";;Người lập biểu;;;;;\n"
        ";;Nguyễn Văn A;;;;;\n"
    )
    notes = []
    t = read(text, note=notes.append)
    assert t.ids == ["SNV", "STP"]
    assert [str(n) for n in notes] == [
        "data.csv: header at row 1, 2 unit(s); left out columns STT (A); left out rows "
        "3, 5 (total rows); 6–7 (signature block)"
    ]
