"""Dossier records: reading, checking, counting by the DOMAIN rules, and ranking from them."""

import csv
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from parindex.cli import main
from parindex.errors import ParindexError
from parindex.records.indicators import aggregate, open_records, with_rates
from parindex.records.periods import Period, parse_period

HEADER = (
    "Mã hồ sơ,Mã đơn vị,Mã thủ tục,Kênh tiếp nhận,Ngày tiếp nhận,Ngày hẹn trả,Ngày hoàn thành,"
    "Rút hồ sơ,Văn bản xin lỗi,Số lần yêu cầu bổ sung,Mức độ hài lòng,Trả kết quả qua bưu chính\n"
)
# June 2016 at SNV: H1 early (online), H2 on the due day after hours' margin, H3 late by a day
# with an apology (Excel serials), H4 still open and overdue at the end of June (+07:00 suffix);
# STP: H5 received in May, withdrawn in July; open and overdue through June.
GOOD = HEADER + (
    "H1,SNV,T1,trực tuyến,2016-06-01 08:00,2016-06-05 17:00,2016-06-03 09:00,,,0,5,x\n"
    "H2,SNV,T2,trực tiếp,01/06/2016 08:00,05/06/2016 17:00,05/06/2016 10:00,,,2,,\n"
    "H3,SNV,T2,Trực tiếp,42522.5,42526.5,42527.5,,x,0,1,\n"
    "H4,SNV,T1,bưu chính,2016-06-01T08:00:00+07:00,2016-06-10 17:00,,,,0,,\n"
    "H5,STP,T1,online,2016-05-01 08:00,2016-05-10 17:00,2016-07-01 08:00,có,,0,,\n"
)


def write(tmp_path: Path, text: str, name: str = "hs.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def counts(path: Path, period: str, **kw):
    p = parse_period(period)
    rec = open_records([(path, path.name)], **kw)
    return {r["unit_id"]: r for r in aggregate(rec, p.grain, p.bucket, p.bucket)}


def test_counting_rules_on_a_hand_counted_month(tmp_path):
    june = counts(write(tmp_path, GOOD), "2016-06")
    snv = june["SNV"]
    assert snv["dossiers_received"] == 4
    assert snv["dossiers_online"] == 1
    assert (snv["procedures_received"], snv["procedures_online"]) == (2, 1)
    assert snv["dossiers_resolved"] == 3
    assert (snv["dossiers_early"], snv["dossiers_on_time"], snv["dossiers_late"]) == (1, 1, 1)
    assert snv["apology_letters"] == 1
    assert snv["dossiers_resupplied"] == 1
    assert snv["results_by_post"] == 1
    assert (snv["dossiers_rated"], snv["dossiers_dissatisfied"]) == (2, 1)
    assert (snv["dossiers_open"], snv["dossiers_open_overdue"]) == (1, 1)
    # STP received nothing and finished nothing in June: its open dossier still counts
    stp = june["STP"]
    assert stp["dossiers_received"] == stp["dossiers_resolved"] == 0
    assert (stp["dossiers_open"], stp["dossiers_open_overdue"]) == (1, 1)
    rates = with_rates(snv)
    assert rates["late_rate"] == pytest.approx(1 / 3)
    assert rates["online_share"] == pytest.approx(1 / 4)
    assert rates["apology_share"] == 1.0
    assert with_rates(stp)["late_rate"] is None  # no denominator: no rate, not zero


def test_withdrawn_dossiers_are_resolved_but_neither_early_on_time_nor_late(tmp_path):
    july = counts(write(tmp_path, GOOD), "2016-07")["STP"]
    assert july["dossiers_resolved"] == july["dossiers_withdrawn"] == 1
    assert july["dossiers_early"] + july["dossiers_on_time"] + july["dossiers_late"] == 0
    assert (july["dossiers_open"], july["dossiers_open_overdue"]) == (0, 0)


def test_open_dossiers_are_counted_at_the_cut_off_inside_the_period(tmp_path):
    # cut-off 8 June: H4 (due 10 June) is open but not yet overdue at the cut-off
    path = write(tmp_path, GOOD.replace("2016-07-01 08:00", "").replace(",có,", ",,"))
    snv = counts(path, "2016-06", cutoff=datetime(2016, 6, 9))["SNV"]
    assert (snv["dossiers_open"], snv["dossiers_open_overdue"]) == (1, 0)
    half = counts(path, "2016-H1", cutoff=datetime(2016, 6, 9))
    assert half["STP"]["dossiers_open_overdue"] == 1
    assert half["SNV"]["dossiers_received"] == 4


def test_periods_parse_and_label():
    assert parse_period("2016-H1") == Period("half", 2016 * 2)
    assert parse_period("2016-q2").label == "2016-Q2"
    assert parse_period("2016-06").start == datetime(2016, 6, 1)
    assert parse_period("2016-12").end == datetime(2017, 1, 1)
    assert parse_period("2016").end == datetime(2017, 1, 1)
    with pytest.raises(ValueError, match="not a period"):
        parse_period("2016-13")


def test_english_headers_and_excel_records_count_the_same(tmp_path):
    import xlsxwriter

    english = (
        "dossier id,unit id,procedure code,channel,received at,due at,finished at,withdrawn,"
        "apology letter,supplement requests,satisfaction,result by post\n"
    )
    a = counts(write(tmp_path, GOOD), "2016-06")
    b = counts(write(tmp_path, english + GOOD.split("\n", 1)[1], "en.csv"), "2016-06")
    assert a == b
    xlsx = tmp_path / "hs.xlsx"
    book = xlsxwriter.Workbook(str(xlsx))
    sheet = book.add_worksheet()
    for i, line in enumerate(csv.reader(GOOD.splitlines())):
        for j, v in enumerate(line):
            if j in (4, 5, 6) and re.fullmatch(r"\d+\.\d+", v):
                sheet.write_number(i, j, float(v))  # the Excel serials as numbers
            elif v:
                sheet.write_string(i, j, v)
    book.close()
    assert counts(xlsx, "2016-06") == a


BAD = HEADER + (
    "H1,SNV,T1,trực tuyến,2016-06-05 08:00,2016-06-06 17:00,2016-06-03 09:00,,,0,,\n"
    "H2,SNV,T1,trực tuyến,2016-06-05 08:00,2016-06-01 17:00,,,,0,,\n"
    "H3,XYZ,T1,fax,2016-06-01 08:00+08:00,2016-06-10 17:00,,,,một,9,\n"
    "H1,SNV,T1,trực tiếp,31/06/2016 08:00,2016-06-10 17:00,,,,0,,\n"
    "H6,SNV,T1,trực tiếp,2016-06-01 08:00,2016-06-10 17:00,2017-02-01 08:00,,,0,,\n"
)


def test_every_bad_record_is_located_and_reported_together(tmp_path):
    path = write(tmp_path, BAD)
    with pytest.raises(ParindexError) as err:
        open_records([(path, "hs.csv")], units={"SNV", "STP"}, cutoff=datetime(2017, 1, 1))
    found = [(d.line, d.column, d.code, d.text()) for d in err.value.diagnostics]
    assert (
        2,
        7,
        "PR020",
        "dossier `H1` finished (2016-06-03 09:00:00) before it was received (2016-06-05 08:00:00)",
    ) in found
    assert (
        3,
        6,
        "PR021",
        "dossier `H2` is due (2016-06-01 17:00:00) before it was received (2016-06-05 08:00:00)",
    ) in found
    assert (4, 2, "PR022", "dossier `H3`: unknown unit `XYZ`") in found
    assert (
        4,
        4,
        "PR010",
        "`fax` is not a known kênh tiếp nhận: one of trực tiếp, trực tuyến, bưu chính",
    ) in found
    assert (
        4,
        5,
        "PR010",
        "`2016-06-01 08:00+08:00` carries a time-zone offset other than +07:00 (Asia/Ho_Chi_Minh)",
    ) in found
    assert (4, 10, "PR010", "`một` is not a whole number of zero or more") in found
    assert (4, 11, "PR010", "`9` is not a rating from 1 to 5") in found
    assert (
        5,
        5,
        "PR010",
        "`31/06/2016 08:00` is not a time: write ISO (2016-06-01 08:30, "
        "+07:00 allowed), 01/06/2016 08:30, or an Excel serial",
    ) in found
    assert (5, 1, "PR023", "dossier id `H1` is used twice (first at hs.csv row 2)") in found
    assert (6, 7, "PR024", "dossier `H6` has a time after the cut-off 01/01/2017 00:00") in found
    assert all(d.file == "hs.csv" for d in err.value.diagnostics)


def test_steps_for_unknown_dossiers_and_unknown_columns(tmp_path):
    path = write(tmp_path, GOOD)
    steps = write(
        tmp_path,
        "Mã hồ sơ,Bước,Mã cán bộ,Hạn xử lý bước,Ngày hoàn thành bước\n"
        "H1,1,CB1,2016-06-02 17:00,2016-06-02 10:00\n"
        "H9,1,CB1,2016-06-02 17:00,2016-06-02 10:00\n",
        "steps.csv",
    )
    with pytest.raises(ParindexError) as err:
        open_records([(path, "hs.csv")], [(steps, "steps.csv")])
    assert [(d.file, d.line, d.code) for d in err.value.diagnostics] == [("steps.csv", 3, "PR030")]
    odd = write(tmp_path, GOOD.replace("Mã thủ tục", "Ma thu tuc xyz"), "odd.csv")
    with pytest.raises(ParindexError, match="PR003 error: Ma thu tuc xyz: unknown column"):
        open_records([(odd, "odd.csv")])


def run(*args, cwd):
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


@pytest.mark.usefixtures("english")
def test_rank_refuses_bad_records_and_writes_nothing(tmp_path):
    write(tmp_path, BAD.replace("XYZ", "SNV"))
    result = run("rank", "--dossiers", "hs.csv", "--period", "2016", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert "hs.csv:2:7: PR020 error: Ngày hoàn thành: dossier `H1` finished" in result.output
    assert "error(s); nothing was written" in result.output
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """A small generated province-year (the demo's units, the demo's rates)."""
    from parindex.records.generate import demo_units, generate

    out = tmp_path_factory.mktemp("province")
    generate(out, demo_units(), 60_000, seed=7, steps=True)
    return out


@pytest.mark.usefixtures("english")
def test_rank_from_records_equals_ranking_the_written_table(province, tmp_path):
    records = str(province / "dossiers.parquet")
    first = run(
        "rank", "--dossiers", records, "--period", "2016", "--out", "a", "--quiet", cwd=tmp_path
    )
    assert first.exit_code == 0, first.output
    assert "open at 31/12/2016 23:59, counted as open" in first.output
    table = tmp_path / "a" / "indicators-2016.csv"
    again = run(
        "rank",
        "--data",
        str(table),
        "--heads",
        _demo_heads(),
        "--out",
        "b",
        "--quiet",
        cwd=tmp_path,
    )
    assert again.exit_code == 0, again.output
    a = json.loads((tmp_path / "a" / "results.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "b" / "results.json").read_text(encoding="utf-8"))
    assert [(u["id"], u["index"], u["rank"]) for u in a["units"]] == [
        (u["id"], u["index"], u["rank"]) for u in b["units"]
    ]
    prov = a["provenance"]
    assert prov["data"]["path"] == "a/indicators-2016.csv"
    assert len(prov["dossiers[1]"]["sha256"]) == 64
    # the counts in the table are the records' own
    text = (tmp_path / "a" / "dossiers-2016.csv").read_text(encoding="utf-8")
    rows = {r["unit_id"]: r for r in csv.DictReader(text.splitlines())}
    lines = table.read_text(encoding="utf-8").splitlines()
    ranked = {r[0]: r for r in csv.reader(lines, delimiter=";")}
    assert ranked["SNV"][8] == rows["SNV"]["dossiers_received"]


def _demo_heads():
    from parindex.run import DEMO_HEADS

    return str(DEMO_HEADS)


def test_the_generator_is_deterministic_by_seed(tmp_path):
    import pyarrow.parquet as pq

    from parindex.records.generate import generate, national_units

    units = national_units(50, seed=3)
    a = generate(tmp_path / "a", units, 5_000, seed=3)[0]
    b = generate(tmp_path / "b", units, 5_000, seed=3)[0]
    c = generate(tmp_path / "c", units, 5_000, seed=4)[0]
    assert pq.read_table(a).equals(pq.read_table(b))
    assert not pq.read_table(a).equals(pq.read_table(c))


def test_generated_records_pass_every_check(province):
    rec = open_records([(province / "dossiers.parquet", "d")], [(province / "steps.parquet", "s")])
    n = rec.con.execute("SELECT count(*), count(DISTINCT unit_id) FROM dossiers").fetchone()
    assert n[0] == 60_000 and n[1] > 140


@pytest.mark.usefixtures("english")
def test_records_commands(province, tmp_path):
    done = run("records", "check", str(province / "dossiers.parquet"), cwd=tmp_path)
    assert done.exit_code == 0, done.output
    assert "60,000 dossiers of" in done.output
    done = run(
        "records",
        "indicators",
        str(province / "dossiers.parquet"),
        "--period",
        "2016",
        "--by",
        "quarter",
        "--out",
        "q.csv",
        cwd=tmp_path,
    )
    assert done.exit_code == 0, done.output
    rows = list(csv.DictReader((tmp_path / "q.csv").read_text(encoding="utf-8").splitlines()))
    assert {r["period"] for r in rows} == {"2016-Q1", "2016-Q2", "2016-Q3", "2016-Q4"}
    assert sum(int(r["dossiers_received"]) for r in rows) == 60_000


def test_records_modules_stay_out_of_help():
    code = (
        "import sys, parindex.cli; heavy = {'duckdb', 'pyarrow', 'sqlglot', 'pyspark'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


SERVICE_QUALITY = Path(__file__).parent.parent / "parindex/criteria/sets/service-quality"


@pytest.mark.usefixtures("english")
def test_the_service_quality_set_passes_validate_lint_and_its_examples(tmp_path):
    for command in ("validate", "lint", "check"):
        done = run(command, str(SERVICE_QUALITY), cwd=tmp_path)
        assert done.exit_code == 0, done.output
    assert "2 example(s): 2 passed, 0 failed" in done.output


def test_monthly_service_quality_ranking_from_records(province, tmp_path):
    records = str(province / "dossiers.parquet")
    done = run(
        "rank",
        "--criteria",
        str(SERVICE_QUALITY),
        "--dossiers",
        records,
        "--period",
        "2016-06",
        "--out",
        "sq",
        "--quiet",
        cwd=tmp_path,
    )
    assert done.exit_code == 0, done.output
    doc = json.loads((tmp_path / "sq" / "results.json").read_text(encoding="utf-8"))
    assert len(doc["units"]) == 166
    assert {u["class"] for u in doc["units"]} <= {"Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"}
    # June's counts, as the records give them, are what was scored
    text = (tmp_path / "sq" / "dossiers-2016-06.csv").read_text(encoding="utf-8")
    june = {r["unit_id"]: r for r in csv.DictReader(text.splitlines())}
    again = counts(province / "dossiers.parquet", "2016-06")
    assert int(june["SNV"]["dossiers_open_overdue"]) == again["SNV"]["dossiers_open_overdue"]
    snv = next(u for u in doc["units"] if u["id"] == "SNV")
    on_time = again["SNV"]["dossiers_early_on_time"] / again["SNV"]["dossiers_resolved"]
    assert snv["criteria"]["2.1"]["points"] == pytest.approx(
        max(0.0, (on_time - 0.5) / 0.5) * 14, abs=1e-4
    )


def test_typed_parquet_records_are_still_checked_where_a_value_can_be_wrong(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "hs.parquet"
    t = datetime(2016, 6, 1, 8)
    pq.write_table(
        pa.table(
            {
                "dossier_id": ["A", "B"],
                "unit_id": ["SNV", "SNV"],
                "channel": ["online", "fax"],
                "received_at": [t, t],
                "due_at": [t, None],
                "finished_at": [t, t],
                "supplement_requests": pa.array([0, -1], pa.int32()),
                "withdrawn": [False, None],
            }
        ),
        path,
    )
    with pytest.raises(ParindexError) as err:
        open_records([(path, "hs.parquet")])
    found = {(d.line, d.code, d.path) for d in err.value.diagnostics}
    assert found == {
        (2, "PR010", "channel"),
        (2, "PR011", "due_at"),
        (2, "PR010", "supplement_requests"),
    }
