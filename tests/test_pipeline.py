"""The one pipeline a library user calls, without click: `parindex.run.rank`."""

import csv
import random

import pytest

from parindex.errors import ParindexError
from parindex.run import DEMO_DATA, RankRun, rank
from parindex.run.document import build


def test_rank_without_click_gives_results_heads_and_awards():
    run = rank()
    assert isinstance(run, RankRun)
    assert sum(len(r.table) for r in run.results) == 166
    assert run.heads and run.awards
    doc = build(run)
    assert [u["rank"] for u in doc["units"][:3]] == [1, 2, 3]


def test_rank_raises_one_error_with_every_problem(tmp_path):
    text = DEMO_DATA.read_text(encoding="utf-8-sig").splitlines()
    rows = list(csv.reader(text))
    rows[3][3] = "lots"
    rows[7][4] = "-5"
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    with pytest.raises(ParindexError) as caught:
        rank(data=bad)
    assert len(caught.value.diagnostics) >= 2
    assert {d.code for d in caught.value.diagnostics} >= {"PD006", "PD007"}


def _shuffled_demo(tmp_path, seed):
    lines = DEMO_DATA.read_text(encoding="utf-8-sig").splitlines()
    head, body = lines[0], lines[1:]
    random.Random(seed).shuffle(body)
    path = tmp_path / f"shuffled-{seed}.csv"
    path.write_text("\n".join([head, *body]) + "\n", encoding="utf-8")
    return path


def test_shuffling_the_rows_changes_nothing_but_the_provenance(tmp_path):
    from parindex.run import DEMO_HEADS

    docs = []
    for seed in (1, 2):
        doc = build(rank(data=_shuffled_demo(tmp_path, seed), heads=DEMO_HEADS))
        del doc["provenance"]
        docs.append(doc)
    assert docs[0] == docs[1]
    awards = docs[0]["awards"]
    units = [u["id"] for u in docs[0]["units"]]
    assert [a["unit"] for a in awards] == sorted((a["unit"] for a in awards), key=units.index), (
        "awards follow the units' order (block, rank, id)"
    )


def test_explanations_are_left_out_when_not_asked_for():
    doc = build(rank(), explanations=False)
    assert all("explanation" not in u for u in doc["units"])


def test_a_zero_denominator_the_criteria_call_an_error_names_the_unit(tmp_path):
    from conftest import edit

    criteria = tmp_path / "c.yaml"
    criteria.write_text(
        edit("zero_denominator: full_marks", "zero_denominator: error"), encoding="utf-8"
    )
    data = tmp_path / "d.csv"
    data.write_text(
        "id,name,block,dossiers_resolved,dossiers_late,plan_on_time,1.2\n"
        "A,Đơn vị A,department,10,1,có,3\n"
        "B,Đơn vị B,department,0,0,có,3\n",
        encoding="utf-8",
    )
    with pytest.raises(ParindexError) as caught:
        rank([criteria], data, shown=lambda p: p.name)
    [d] = caught.value.diagnostics
    assert d.render().startswith(
        "d.csv:3: PD013 error: late_rate: unit `B`: `late_rate` divides by zero and the "
        "criteria set `zero_denominator: error`"
    )


def test_a_period_that_ends_before_it_starts_is_px018():
    from datetime import date

    from pydantic import ValidationError

    from parindex.criteria.consequences import Period

    with pytest.raises(ValidationError, match="the period ends before it starts") as e:
        Period(start=date(2024, 12, 31), end=date(2024, 1, 1))
    assert e.value.errors()[0]["type"] == "PX018"


def test_a_data_file_that_cannot_be_read_is_pd001(tmp_path):
    fake = tmp_path / "so-lieu.xlsx"
    fake.write_bytes(DEMO_DATA.read_bytes())  # CSV text under an Excel name
    with pytest.raises(ParindexError) as caught:
        rank(data=fake, shown=lambda p: p.name)
    [d] = caught.value.diagnostics
    assert d.render().startswith("so-lieu.xlsx: PD001 error: ")


def test_parts_that_add_up_to_more_than_their_whole_are_refused(tmp_path):
    lines = DEMO_DATA.read_text(encoding="utf-8-sig").splitlines()
    head = lines[0].split(";")
    resolved = head.index("Hồ sơ đã giải quyết")
    early = head.index("Hồ sơ giải quyết sớm và đúng hạn")
    row = lines[1].split(";")  # SNV: 4426 resolved, 769 late
    row[early] = str(int(row[resolved]) - 700)  # 3726 + 769 = 4495 > 4426
    lines[1] = ";".join(row)
    bad = tmp_path / "d.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ParindexError) as caught:
        rank(data=bad, shown=lambda p: p.name)
    assert [d.render() for d in caught.value.diagnostics] == [
        "d.csv:2: PD008 error: dossiers_resolved: unit `SNV`: dossiers_early_on_time + "
        "dossiers_late (4495) is more than dossiers_resolved (4426)\n"
        "    hint: the parts cannot add up to more than their whole: check these cells"
    ]


def test_awards_that_need_a_missing_input_are_undecided_not_refused():
    run = rank(data=DEMO_DATA)  # the demo data named: its roster is not brought along
    assert run.heads is None
    assert run.undecided == [
        ("Cờ thi đua của UBND tỉnh", "Provincial emulation flag", "heads"),
        (
            "Bằng khen của Chủ tịch UBND tỉnh",
            "Certificate of merit of the provincial chairman",
            "heads",
        ),
        (
            "Giấy khen đơn vị tiến bộ vượt bậc trong CCHC",
            "Award for outstanding progress in PAR",
            "previous",
        ),
    ]
    rows = build(run, explanations=False)["awards"]
    assert {r["undetermined"] for r in rows} == {"heads", "previous"}


def test_rank_says_once_per_award_what_it_could_not_decide(tmp_path):
    from test_cli import run as cli

    result = cli("rank", "--data", str(DEMO_DATA), "--quiet", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    lines = [x for x in result.output.splitlines() if x.startswith("không đánh giá được")]
    assert lines == [
        "không đánh giá được “Cờ thi đua của UBND tỉnh”: thiếu danh sách người đứng đầu",
        "không đánh giá được “Bằng khen của Chủ tịch UBND tỉnh”: thiếu danh sách người đứng đầu",
        "không đánh giá được “Giấy khen đơn vị tiến bộ vượt bậc trong CCHC”: thiếu kết quả kỳ "
        "trước",
    ]
    result = cli(
        "rank", "--data", str(DEMO_DATA), "--quiet", "--out", str(tmp_path), "--lang", "en"
    )
    assert "award “Provincial emulation flag” cannot be decided: no heads roster was given " in (
        result.output
    )


def test_explanations_are_computed_only_for_formats_that_show_them(tmp_path, monkeypatch):
    import parindex.run.rows as rows

    from test_cli import run as cli

    def refuse(res):
        raise AssertionError("explanations computed for formats that do not show them")

    monkeypatch.setattr(rows, "lift_picks", refuse)
    result = cli("rank", "--quiet", "--format", "csv,md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    result = cli("--debug", "rank", "--quiet", "--format", "json", "--out", str(tmp_path))
    assert isinstance(result.exception, AssertionError)


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("dossiers_late * 1e300 * 1e300 / dossiers_resolved", "PD007"),  # overflows
        ("(dossiers_late + 100) / dossiers_resolved", "PD007"),  # a rate above 100 %
    ],
)
def test_a_derived_value_out_of_range_is_refused_not_scored(tmp_path, formula, expected):
    from conftest import edit

    criteria = tmp_path / "c.yaml"
    criteria.write_text(
        edit("formula: dossiers_late / dossiers_resolved", f"formula: {formula}"),
        encoding="utf-8",
    )
    data = tmp_path / "d.csv"
    data.write_text(
        "id,name,block,dossiers_resolved,dossiers_late,plan_on_time,1.2\n"
        "A,Đơn vị A,department,10,1,có,3\n",
        encoding="utf-8",
    )
    with pytest.raises(ParindexError) as caught:
        rank([criteria], data, shown=lambda p: p.name)
    [d] = caught.value.diagnostics
    assert d.code == expected and d.file == "d.csv" and d.line == 2
    assert "unit `A`" in d.text()


def test_reports_say_an_undecided_award_is_undecided_not_zero(tmp_path):
    from test_cli import run as cli

    result = cli("rank", "--data", str(DEMO_DATA), "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (
        "Cờ thi đua của UBND tỉnh (không đánh giá được: thiếu danh sách người đứng đầu)"
        in result.output
    )
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert (
        "- **Cờ thi đua của UBND tỉnh**: không đánh giá được: thiếu danh sách người đứng đầu"
        in summary
    )
    assert "Cờ thi đua của UBND tỉnh** (0" not in summary
    awards = cli("awards", "--data", str(DEMO_DATA), "--lang", "en")
    flat = " ".join(awards.output.split())
    assert "Provincial emulation flag (not decided: no heads roster was given)" in flat


def test_the_workbook_and_the_html_report_say_undecided_too(tmp_path):
    from openpyxl import load_workbook

    from test_cli import run as cli

    result = cli("rank", "--data", str(DEMO_DATA), "--format", "html,xlsx", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert (
        "<h3>Cờ thi đua của UBND tỉnh — không đánh giá được: thiếu danh sách người đứng đầu</h3>"
        in page
    )
    cells = {
        c.value
        for ws in load_workbook(tmp_path / "results.xlsx").worksheets
        for row in ws.iter_rows()
        for c in row
    }
    assert "không đánh giá được: thiếu danh sách người đứng đầu" in cells
