"""A heads roster as a Sở Nội vụ officer types it — a title block, STT, the unit's name, a
two-row header, column numbers, a unit with two heads merged over both rows, Excel dates, serial
numbers and dd/mm/yyyy text, Kỷ luật as x/blank and Có/Không, Ghi chú, a signature block — rates
the heads exactly as the tidy demo roster does; each ambiguous layout is refused at its cell."""

import csv
import datetime
import io
import json

import pytest
import xlsxwriter
from test_data_officer import as_xls, write_ods
from test_roster import UNITS

from parindex.criteria.loader import load
from parindex.criteria.validate import bundled_sets
from parindex.data.cells import norm, text_of
from parindex.data.roster import read_roster
from parindex.errors import ParindexError
from parindex.run import DEMO_DATA, DEMO_HEADS

pytestmark = pytest.mark.usefixtures("english")  # messages pinned as written; vi by --lang
TIME = "Thời gian giữ chức vụ"  # over "Từ ngày | Đến ngày"
EPOCH = datetime.date(1899, 12, 30)


def demo_heads():
    rows = list(csv.reader(io.StringIO(DEMO_HEADS.read_text(encoding="utf-8-sig")), delimiter=";"))
    return rows[0], rows[1:]


def unit_names():
    rows = csv.reader(io.StringIO(DEMO_DATA.read_text(encoding="utf-8-sig")), delimiter=";")
    next(rows)
    return {r[0]: r[1] for r in rows}


def as_date(text):
    d, m, y = map(int, text.split("/"))
    return datetime.date(y, m, d)


def officer_roster():
    """(cells, merges): the demo roster as an officer lays it out; merges are (r0, c0, r1, c1).

    Columns: STT, Mã đơn vị, Tên đơn vị, Người đứng đầu, Chức vụ, Từ ngày, Đến ngày, Kỷ luật,
    the three indicators, Ghi chú."""
    header, heads = demo_heads()
    names = unit_names()
    width = len(header) + 3
    cells: list[list[object]] = []
    merges: list[tuple[int, int, int, int]] = []

    def line(*values):
        cells.append(list(values) + [None] * (width - len(values)))

    line("UBND TỈNH KHÁNH HÒA", None, None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    line("SỞ NỘI VỤ", None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc")
    line()
    line("DANH SÁCH NGƯỜI ĐỨNG ĐẦU CÁC CƠ QUAN, ĐƠN VỊ NĂM 2016")
    merges.append((3, 0, 3, width - 1))
    line("(Kèm theo Công văn số 456/SNV-CCHC ngày 10/01/2017 của Sở Nội vụ)")
    line()
    top = ["STT", header[0], "Tên đơn vị", header[1], header[2], TIME, TIME, *header[5:], "Ghi chú"]
    sub = ["STT", header[0], "Tên đơn vị", header[1], header[2], header[3], header[4]]
    sub += [*header[5:], "Ghi chú"]
    h0 = len(cells)
    cells += [top, sub]
    for j in range(width):
        if top[j] == sub[j]:
            merges.append((h0, j, h0 + 1, j))
    merges.append((h0, 5, h0, 6))
    line(*[f"({j + 1})" for j in range(width)])
    n = 0
    k = 0
    while k < len(heads):
        uid = heads[k][0]
        rows = [h for h in heads[k:] if h[0] == uid]
        rows = rows[: next((i for i, h in enumerate(rows) if h[0] != uid), len(rows))]
        n += 1
        first = len(cells)
        for i, h in enumerate(heads[k : k + len(rows)]):
            m = len(cells)
            start = as_date(h[3])
            end = as_date(h[4])
            if m % 3 == 0:
                dates: list[object] = [start, end]  # Excel date cells
            elif m % 3 == 1:
                dates = [float((start - EPOCH).days), float((end - EPOCH).days)]  # serials
            else:
                dates = [h[3], h[4]]  # dd/mm/yyyy typed as text
            if m % 2:
                mark: object = "x" if h[5] == "có" else None
            else:
                mark = "Có" if h[5] == "có" else "Không"
            values = [float(v.replace(",", ".")) for v in h[6:]]
            note = "Nghỉ hưu" if len(rows) > 1 and i == 0 else None
            cells.append([float(n), uid, names[uid], h[1], h[2], *dates, mark, *values, note])
        if len(rows) > 1:  # the unit's cells merged over its two heads
            for j in (0, 1, 2, 4):
                merges.append((first, j, first + len(rows) - 1, j))
                for r in range(first + 1, first + len(rows)):
                    cells[r][j] = None
        k += len(rows)
    line()
    line(None, None, "Người lập biểu", None, None, None, None, None, "GIÁM ĐỐC")
    line(None, None, "(Ký, ghi rõ họ tên)", None, None, None, None, None, "(Ký tên, đóng dấu)")
    line()
    line(None, None, "Nguyễn Văn A", None, None, None, None, None, "Trần Thị B")
    return cells, merges


def write_xlsx(path, cells, merges, sheets=("Danh sách",)):
    wb = xlsxwriter.Workbook(str(path))
    dmy = wb.add_format({"num_format": "dd/mm/yyyy"})
    covered = {
        (r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
    }
    for name in sheets:
        ws = wb.add_worksheet(name)
        for r0, c0, r1, c1 in merges:
            ws.merge_range(r0, c0, r1, c1, cells[r0][c0])
        for r, row in enumerate(cells):
            for c, v in enumerate(row):
                if (r, c) in covered or v is None:
                    continue
                if isinstance(v, datetime.date):
                    ws.write_datetime(r, c, datetime.datetime.combine(v, datetime.time()), dmy)
                else:
                    ws.write(r, c, v)
    wb.close()


def ods_cells(cells):
    """ODS as the test writes it has no date cells: those become serials."""
    return [[float((v - EPOCH).days) if isinstance(v, datetime.date) else v for v in row]
            for row in cells]  # fmt: skip


def write_unicode_text(path, cells):
    """Excel's "Unicode Text": UTF-16, tabs, merges gone (a unit's cells repeated on its
    second head's row, as a text file must), dates as shown, decimal commas."""
    lines = []
    last: list[object] = []
    for r, row in enumerate(cells):
        row = list(row)
        if r > 8 and isinstance(row[3], str) and row[1] is None and last:
            row[:3], row[4] = last[:3], last[4]
        if r > 8 and isinstance(row[3], str):
            last = row
            for j in (5, 6):
                v = row[j]
                day = v if isinstance(v, datetime.date) else None
                if isinstance(v, float):
                    day = EPOCH + datetime.timedelta(days=int(v))
                row[j] = day.strftime("%d/%m/%Y") if day is not None else v

        def shown(v):
            if v is None:
                return ""
            return f"{v:g}".replace(".", ",") if isinstance(v, float) else str(v)

        lines.append("\t".join(shown(v) for v in row))
    path.write_bytes("\r\n".join(lines).encode("utf-16"))


def write_xls(path, cells, merges):
    source = path.with_suffix(".xlsx")
    write_xlsx(source, cells, merges)
    as_xls(source, path)


def run_rank(tmp_path, heads, folder, *extra):
    from test_cli import run

    out = tmp_path / folder
    result = run("rank", "--quiet", "--heads", str(heads), "--out", str(out), *extra)
    return result, out


@pytest.mark.parametrize("kind", ["xlsx", "ods", "txt", "xls"])
def test_an_officers_roster_rates_the_heads_as_the_tidy_demo(tmp_path, kind):
    cells, merges = officer_roster()
    path = tmp_path / f"nguoi-dung-dau.{kind}"
    {"xlsx": lambda: write_xlsx(path, cells, merges),
     "ods": lambda: write_ods(path, ods_cells(cells), merges),
     "txt": lambda: write_unicode_text(path, cells),
     "xls": lambda: write_xls(path, cells, merges)}[kind]()  # fmt: skip
    got, out = run_rank(tmp_path, path, "officer")
    assert got.exit_code == 0, got.output
    tidy, ref = run_rank(tmp_path, DEMO_HEADS, "tidy")
    assert tidy.exit_code == 0, tidy.output
    assert (out / "heads.csv").read_bytes() == (ref / "heads.csv").read_bytes()
    assert (out / "awards.csv").read_bytes() == (ref / "awards.csv").read_bytes()

    def heads(folder):
        return json.loads((folder / "results.json").read_text(encoding="utf-8"))["heads"]

    assert heads(out) == heads(ref)
    assert len(heads(out)) == 166 + 3  # three units had two heads in the year


def test_heads_command_reads_an_officers_roster(tmp_path):
    from test_cli import run

    cells, merges = officer_roster()
    path = tmp_path / "officer.xlsx"
    write_xlsx(path, cells, merges)
    got = run("heads", "--heads", str(path), "--lang", "en")
    tidy = run("heads", "--heads", str(DEMO_HEADS), "--lang", "en")
    assert got.exit_code == 0, got.output
    said, rest = got.output.split("\n", 1)
    assert said.endswith(
        "officer.xlsx [Danh sách]: header at row 7–8, 169 head(s); left out columns STT (A), Tên "
        "đơn vị (C), Ghi chú (L); left out rows 1–6 (title); 9 (column numbers); 180–183 "
        "(signature block)"
    )
    assert "Hồ Thu Hạnh" in rest and "Nguyễn Văn A" not in rest
    assert rest == tidy.output  # of the tidy roster there is nothing to say
    vi = run("heads", "--heads", str(path), "--lang", "vi")
    assert "officer.xlsx [Danh sách]: tiêu đề ở dòng 7–8, 169 người đứng đầu; bỏ qua" in vi.output


# -- refusals, each at its cell --------------------------------------------------------------


@pytest.fixture
def acc():
    cs = load(bundled_sets()[0]).criteria
    assert cs.accountability is not None
    return cs.accountability


def small():
    """The officer's layout with two units: SNV with two heads (merged), STP with one."""
    cells, merges = officer_roster()
    assert cells[9][1] == "SNV" and cells[10][1] is None and cells[11][1] == "STP"
    return cells[:12] + cells[-5:], [m for m in merges if m[0] < 12]


def read_small(tmp_path, acc, cells, merges, sheets=("Danh sách",)):
    path = tmp_path / "officer.xlsx"
    write_xlsx(path, cells, merges, sheets)
    return read_roster(path, acc, UNITS, display="officer.xlsx")


def refusals(tmp_path, acc, cells, merges, sheets=("Danh sách",)):
    with pytest.raises(ParindexError) as exc:
        read_small(tmp_path, acc, cells, merges, sheets)
    return [d.render() for d in exc.value.diagnostics]


def test_the_small_roster_reads(tmp_path, acc):
    cells, merges = small()
    table = read_small(tmp_path, acc, cells, merges)
    assert table.units == ["SNV", "SNV", "STP"]
    assert table.names == ["Phan Quang Hòa", "Hồ Thu Hạnh", "Dương Văn Cường"]
    assert table.rows == [10, 11, 12]
    assert [d.isoformat() for d in table.ends] == ["2016-06-30", "2016-12-31", "2016-12-31"]


def test_a_heads_value_merged_over_two_heads_is_refused(tmp_path, acc):
    cells, merges = small()
    cells[9][7], cells[10][7] = "Không", None  # merged over SNV's two heads
    merges.append((9, 7, 10, 7))
    assert refusals(tmp_path, acc, cells, merges) == [
        "officer.xlsx [Danh sách] H10: PD018 error: Kỷ luật: `Không` is merged across H10:H11, the "
        "rows of 2 heads: whose value it is is not clear\n"
        "    hint: unmerge the cells and write each head's own value in their row"
    ]


def test_a_value_merged_over_two_columns_is_refused(tmp_path, acc):
    cells, merges = small()
    merges.append((11, 5, 11, 6))  # one date over Từ ngày and Đến ngày
    assert refusals(tmp_path, acc, cells, merges) == [
        f"officer.xlsx [Danh sách] F12: PD018 error: {TIME} / Từ ngày: `01/01/2016` is merged "
        "across F12:G12, over 2 columns: which column it belongs to is not clear\n"
        "    hint: unmerge the cells and write each column's own value"
    ]


def test_bad_cells_are_named_by_their_excel_reference(tmp_path, acc):
    cells, merges = small()
    cells[11][6] = "31/06/2016"
    cells[11][7] = "chưa"
    assert refusals(tmp_path, acc, cells, merges) == [
        f"officer.xlsx [Danh sách] G12: PD021 error: {TIME} / Đến ngày: `31/06/2016` is not a "
        "date\n    hint: write dates as dd/mm/yyyy, e.g. 01/07/2016",
        "officer.xlsx [Danh sách] H12: PD006 error: Kỷ luật: `chưa` is not có / không (1 / 0)",
    ]


def test_two_sheets_each_holding_a_roster_are_refused(tmp_path, acc):
    cells, merges = small()
    assert refusals(tmp_path, acc, cells, merges, ("Bản 1", "Bản 2")) == [
        "officer.xlsx: PD018 error: sheets `Bản 1`, `Bản 2` each hold a roster: which to read is "
        "not clear (two edited copies of one table?)\n"
        "    hint: keep one of them in the workbook, or save the one to read as a file of its own"
    ]
    path = tmp_path / "officer.xlsx"
    table = read_roster(path, acc, UNITS, display="officer.xlsx", sheet="Bản 2")
    assert table.units == ["SNV", "SNV", "STP"]


def test_values_without_a_unit_or_a_header_are_refused(tmp_path, acc):
    cells, merges = small()
    cells[11][1] = None  # STP's id gone: "Giám đốc" under Chức vụ is no signature block
    cells[10] += [None, "?"]
    assert refusals(tmp_path, acc, cells, merges) == [
        "officer.xlsx [Danh sách]: PD025 error: unit `STP` (Sở Tư pháp) has no head in the "
        "roster\n    hint: add a row for its head; a unit with two heads in the period has two rows",
        "officer.xlsx [Danh sách] N11: PD003 error: a value `?` in column 14, which has no header",
        "officer.xlsx [Danh sách] B12: PD014 error: Mã đơn vị: the head `Dương Văn Cường` has no "
        "unit\n    hint: write the unit's id; a unit with two heads may have its cell merged over "
        "both rows",
    ]


def test_a_head_below_the_signature_block_is_refused(tmp_path, acc):
    cells, merges = small()
    cells.append(list(cells[11]))
    cells[-1][1], cells[-1][3] = "STP", "Nguyễn Văn C"
    assert refusals(tmp_path, acc, cells, merges) == [
        "officer.xlsx [Danh sách] row 18: PD018 error: row 18 looks like a head's row but comes "
        "after the signature block, which starts at row 14\n"
        "    hint: move the row above the signature block (rows below it are not read)"
    ]


def test_refusals_in_vietnamese(tmp_path, acc):
    cells, merges = small()
    cells[9][7], cells[10][7] = "Không", None
    merges.append((9, 7, 10, 7))
    with pytest.raises(ParindexError) as exc:
        read_small(tmp_path, acc, cells, merges)
    assert [d.render("vi") for d in exc.value.diagnostics] == [
        "officer.xlsx [Danh sách] H10: PD018 lỗi: Kỷ luật: `Không` nằm trong ô gộp H10:H11, trải "
        "trên dòng của 2 người đứng đầu: không rõ là giá trị của người nào\n"
        "    gợi ý: hãy bỏ gộp ô và ghi giá trị riêng của từng người đứng đầu vào dòng của người đó"
    ]
    cells, merges = small()
    cells[11][1] = None
    with pytest.raises(ParindexError) as exc:
        read_small(tmp_path, acc, cells, merges)
    assert exc.value.diagnostics[-1].render("vi") == (
        "officer.xlsx [Danh sách] B12: PD014 lỗi: Mã đơn vị: người đứng đầu `Dương Văn Cường` "
        "không có đơn vị\n    gợi ý: hãy ghi mã đơn vị; đơn vị có hai người đứng đầu có thể gộp "
        "ô mã đơn vị trên cả hai dòng"
    )


def test_the_command_line_names_a_bad_cell_in_vietnamese(tmp_path):
    from test_cli import run

    cells, merges = officer_roster()
    cells[11][6] = "31/06/2016"
    path = tmp_path / "officer.xlsx"
    write_xlsx(path, cells, merges)
    got = run("heads", "--heads", str(path), "--lang", "vi")
    assert got.exit_code == 1, got.output
    assert (
        f"officer.xlsx [Danh sách] G12: PD021 lỗi: {TIME} / Đến ngày: `31/06/2016` không phải là "
        "ngày\n    gợi ý: hãy ghi ngày theo dạng dd/mm/yyyy, ví dụ 01/07/2016"
    ) in got.output
    assert "Traceback" not in got.output


def test_rank_from_records_adds_the_heads_measures_to_an_officers_roster(tmp_path):
    """The records rewrite the roster with the heads' own measures: an officer's roster is read
    as it is for that too (merged units, Excel dates), and rates the heads as the tidy one."""
    from parindex.records.generate import demo_units, generate

    from test_cli import run

    generate(tmp_path / "prov", demo_units(), 20_000, seed=7, steps=True)
    cells, merges = officer_roster()
    write_xlsx(tmp_path / "officer.xlsx", cells, merges)
    records = ("--dossiers", "prov/dossiers.parquet", "--steps", "prov/steps.parquet")
    for heads, out in (("officer.xlsx", "o"), (str(DEMO_HEADS), "t")):
        got = run("rank", *records, "--period", "2016", "--heads", heads, "--out", out,
                  "--quiet", cwd=tmp_path)  # fmt: skip
        assert got.exit_code == 0, got.output
    o, t = tmp_path / "o", tmp_path / "t"
    assert (o / "heads.csv").read_bytes() == (t / "heads.csv").read_bytes()
    written = (o / "heads-roster-2016.csv").read_text(encoding="utf-8").splitlines()
    assert written[0].startswith("STT;Mã đơn vị;Tên đơn vị;Người đứng đầu;Chức vụ;Từ ngày;Đến")
    assert written[2].startswith("1;SNV;Sở Nội vụ;Hồ Thu Hạnh;Giám đốc;01/07/2016;31/12/2016;")


def test_a_row_without_a_unit_is_reported_once_though_three_sets_read_it(tmp_path):
    from test_cli import run

    cells, merges = officer_roster()
    cells[11][1] = None
    write_xlsx(tmp_path / "officer.xlsx", cells, merges)
    got = run("heads", "--heads", str(tmp_path / "officer.xlsx"))
    assert got.exit_code == 1
    assert got.output.count("the head `Dương Văn Cường` has no unit") == 1, got.output


def with_pair(cells, merges):
    """Kỷ luật as a Có | Không pair of sub-columns, an x under one."""
    out = []
    for r, row in enumerate(cells):
        row = list(row)
        if r == 6:
            row.insert(8, "Kỷ luật")
        elif r == 7:
            row[7:8] = ["Có", "Không"]
        elif r == 8:
            row = [f"({j + 1})" for j in range(len(row) + 1)]
        elif r > 8 and isinstance(row[3], str):
            yes = norm(text_of(row[7])) in ("x", "có")
            row[7:8] = ["x", None] if yes else [None, "x"]
        else:
            row.insert(8, None)
        out.append(row)
    moved = []
    for r0, c0, r1, c1 in merges:
        if (r0, c0) == (6, 7):
            moved.append((6, 7, 6, 8))
        elif c1 == len(cells[0]) - 1 and c0 < 7:
            moved.append((r0, c0, r1, c1 + 1))
        else:
            moved.append((r0, c0 + (c0 > 7), r1, c1 + (c1 > 7)))
    return out, moved


def test_kỷ_luật_as_a_có_không_pair_rates_as_the_tidy_demo(tmp_path):
    cells, merges = with_pair(*officer_roster())
    write_xlsx(tmp_path / "officer.xlsx", cells, merges)
    got, out = run_rank(tmp_path, tmp_path / "officer.xlsx", "officer")
    assert got.exit_code == 0, got.output
    tidy, ref = run_rank(tmp_path, DEMO_HEADS, "tidy")
    assert tidy.exit_code == 0, tidy.output
    assert (out / "heads.csv").read_bytes() == (ref / "heads.csv").read_bytes()
    text = (out / "heads.csv").read_text(encoding="utf-8-sig")
    assert "Không hoàn thành nhiệm vụ,Hoàn thành tốt nhiệm vụ,Bị kỷ luật" in text  # STNMT: x Có


def test_both_có_and_không_marked_is_refused(tmp_path, acc):
    cells, merges = with_pair(*small())
    cells[11][7] = cells[11][8] = "x"
    assert refusals(tmp_path, acc, cells, merges) == [
        "officer.xlsx [Danh sách] H12: PD006 error: Kỷ luật / Có: `Dương Văn Cường`: both Có and "
        "Không are marked"
    ]


def test_the_header_row_may_be_given(tmp_path, acc):
    cells, merges = small()
    table = read_small(tmp_path, acc, cells, merges)
    path = tmp_path / "officer.xlsx"
    given = read_roster(path, acc, UNITS, display="officer.xlsx", header_row=7)
    assert given.names == table.names and given.rows == table.rows
    with pytest.raises(ParindexError) as exc:
        read_roster(path, acc, UNITS, display="officer.xlsx", header_row=3)
    assert [d.render() for d in exc.value.diagnostics] == [
        "officer.xlsx: PD001 error: row 3 is blank in sheet `Danh sách`\n"
        "    hint: --header-row is the row holding `Mã đơn vị` and `Tên đơn vị`"
    ]


def test_group_rows_over_each_blocks_heads_are_left_out(tmp_path, acc):
    cells, merges = small()
    width = len(cells[0])
    cells.insert(9, ["I. SỞ, BAN, NGÀNH"] + [None] * (width - 1))
    cells.insert(12, ["II. UBND CẤP HUYỆN"] + [None] * (width - 1))  # a heading, no head below
    merges = [(r0 + (r0 >= 9) + (r0 >= 11), c0, r1 + (r1 >= 9) + (r1 >= 11), c1)
              for r0, c0, r1, c1 in merges]  # fmt: skip
    merges += [(9, 0, 9, width - 1), (12, 0, 12, 4)]
    notes: list[object] = []
    path = tmp_path / "officer.xlsx"
    write_xlsx(path, cells, merges)
    table = read_roster(path, acc, UNITS, display="officer.xlsx", note=notes.append)
    assert table.units == ["SNV", "SNV", "STP"] and table.rows == [11, 12, 14]
    assert [str(n) for n in notes] == [
        "officer.xlsx [Danh sách]: header at row 7–8, 3 head(s); left out columns STT (A), Tên đơn "
        "vị (C), Ghi chú (L); left out rows 1–6 (title); 9 (column numbers); 10, 13 (group rows); "
        "16–19 (signature block)"
    ]


def test_the_command_line_chooses_the_roster_s_sheet_and_header_row(tmp_path):
    cells, merges = officer_roster()
    path = tmp_path / "two-copies.xlsx"
    write_xlsx(path, cells, merges, sheets=("Bản 1", "Bản 2"))
    refused, _ = run_rank(tmp_path, path, "refused", "--lang", "en")
    assert refused.exit_code == 1 and "PD018" in refused.output
    chosen, out = run_rank(
        tmp_path, path, "chosen", "--heads-sheet", "Bản 2", "--heads-header-row", "7"
    )
    assert chosen.exit_code == 0, chosen.output
    _, ref = run_rank(tmp_path, DEMO_HEADS, "tidy")
    assert (out / "heads.csv").read_bytes() == (ref / "heads.csv").read_bytes()
    wrong, _ = run_rank(tmp_path, path, "wrong", "--heads-sheet", "Bản 3", "--lang", "en")
    assert wrong.exit_code == 1 and "Bản 3" in wrong.output, wrong.output
    title_row, _ = run_rank(
        tmp_path, path, "title", "--heads-sheet", "Bản 2", "--heads-header-row", "2"
    )
    assert title_row.exit_code == 1  # row 2 is the title block: the option is obeyed
