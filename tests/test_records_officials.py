"""Officials, monthly: steps counted by the month they were finished in, rated by YAML rules of
the heads' kinds and levels."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_records import GOOD

from parindex.cli import main
from parindex.errors import ParindexError
from parindex.records.indicators import open_records
from parindex.records.officials import RULES, load_rules, rate_officials
from parindex.records.periods import parse_period

STEPS = (
    "Mã hồ sơ,Bước,Mã cán bộ,Hạn xử lý bước,Ngày hoàn thành bước\n"
    "H1,1,CB-A,2016-06-02 17:00,2016-06-02 10:00\n"
    "H2,1,CB-A,2016-06-02 17:00,2016-06-03 10:00\n"  # late at A's hand
    "H3,1,CB-A,2016-06-02 17:00,2016-06-02 16:00\n"
    "H1,2,CB-B,2016-06-04 17:00,2016-06-03 08:00\n"
    "H2,2,CB-B,2016-06-05 17:00,2016-06-05 09:00\n"
    "H5,2,CB-B,2016-06-30 17:00,2016-07-01 07:00\n"  # finished in July: not June's
)


def records(tmp_path: Path):
    d = tmp_path / "hs.csv"
    s = tmp_path / "steps.csv"
    d.write_text(GOOD, encoding="utf-8")
    s.write_text(STEPS, encoding="utf-8")
    return d, s


def test_officials_are_counted_and_rated_by_the_bundled_rules(tmp_path):
    d, s = records(tmp_path)
    june = parse_period("2016-06")
    rec = open_records([(d, "hs.csv")], [(s, "steps.csv")])
    rated = {r.official: r for r in rate_officials(rec.con, load_rules(RULES, "r", june), june)}
    a, b = rated["CB-A"], rated["CB-B"]
    assert (a.unit, a.steps_handled, a.steps_late) == ("SNV", 3, 1)
    # late share 1/3: 20 of 80 (otherwise); one late step: 20 − 2 = 18 → 38
    assert a.score == 38.0
    assert a.level == "Không hoàn thành nhiệm vụ"
    assert (b.steps_handled, b.steps_late, b.score) == (2, 0, 100.0)
    assert b.level == "Hoàn thành xuất sắc nhiệm vụ"


def test_a_cap_on_the_officials_own_indicators_lowers_the_level(tmp_path):
    d, s = records(tmp_path)
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        RULES.read_text(encoding="utf-8").replace("late_share > 0.3", "steps_handled < 3"),
        encoding="utf-8",
    )
    june = parse_period("2016-06")
    rec = open_records([(d, "hs.csv")], [(s, "steps.csv")])
    b = next(
        r
        for r in rate_officials(rec.con, load_rules(rules, "r", june), june)
        if r.official == "CB-B"
    )
    assert b.level == "Hoàn thành nhiệm vụ"
    assert b.caps == ["Trên 30% bước xử lý trễ hạn"]


def test_rules_that_cannot_rate_an_official_are_refused(tmp_path):
    rules = tmp_path / "rules.yaml"
    text = RULES.read_text(encoding="utf-8").replace(
        "  components:\n",
        "  components:\n    - {id: X, title: Đơn vị, max: 10, rule: {unit: {of: index}}}\n",
    )
    rules.write_text(text.replace("min: 90", "min: chín mươi"), encoding="utf-8")
    with pytest.raises(ParindexError) as err:
        load_rules(rules, "rules.yaml", parse_period("2016-06"))
    assert [d.code for d in err.value.diagnostics] == ["PR041"]
    rules.write_text(text, encoding="utf-8")
    with pytest.raises(ParindexError, match="PR042"):
        load_rules(rules, "rules.yaml", parse_period("2016-06"))


def test_officials_command_prints_and_writes_every_format(tmp_path):
    d, s = records(tmp_path)
    out = tmp_path / "out"
    done = CliRunner().invoke(
        main,
        ["officials", str(d), "--steps", str(s), "--month", "2016-06", "--out", str(out)],
    )
    assert done.exit_code == 0, done.output
    assert "CB-A" in done.output and "Không hoàn thành nhiệm vụ" in done.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["officials-2016-06.csv", "officials-2016-06.json", "officials-2016-06.xlsx"]
    doc = json.loads((out / "officials-2016-06.json").read_text(encoding="utf-8"))
    assert [o["official"] for o in doc["officials"]] == ["CB-A", "CB-B"]
    assert len(doc["provenance"]["records[2]"]["sha256"]) == 64
    excel = (out / "officials-2016-06.csv").read_bytes()  # Excel on a Vietnamese PC
    assert excel.startswith(b"\xef\xbb\xbf")
    lines = excel.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Cán bộ;") and lines[1].startswith("CB-A;SNV;3;1;33,3%;")
    plain = tmp_path / "plain"
    done = CliRunner().invoke(
        main,
        ["officials", str(d), "--steps", str(s), "--month", "2016-06", "--out", str(plain),
         "--csv", "plain", "--format", "csv", "--quiet"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    lines = (plain / "officials-2016-06.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "official,unit,steps_handled,steps_late,late_share,score,level,caps"
    assert lines[1].startswith("CB-A,SNV,3,1,0.333")


def test_heads_indicators_come_from_the_steps_when_records_are_given(tmp_path):
    d, _ = records(tmp_path)
    steps = tmp_path / "steps.csv"
    steps.write_text(
        "Mã hồ sơ,Bước,Mã cán bộ,Hạn xử lý bước,Ngày hoàn thành bước,Vai trò\n"
        "H1,1,CB-A,2016-06-02 17:00,2016-06-02 10:00,chuyên viên\n"
        "H1,2,GD-SNV,2016-06-03 17:00,2016-06-03 08:00,người đứng đầu\n"
        "H3,2,GD-SNV,2016-06-04 17:00,2016-06-05 09:00,người đứng đầu\n"  # late at the head's step
        "H2,2,PGD-SNV,2016-06-04 17:00,2016-06-04 09:00,cấp phó\n",
        encoding="utf-8",
    )
    done = CliRunner().invoke(
        main,
        [
            "rank",
            "--dossiers",
            str(d),
            "--steps",
            str(steps),
            "--period",
            "2016",
            "--quiet",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert done.exit_code == 0, done.output
    roster = (tmp_path / "out" / "heads-roster-2016.csv").read_text(encoding="utf-8")
    snv = [line.split(";") for line in roster.splitlines() if line.startswith("SNV;")]
    # first term (Jan–Jun): 3 dossiers resolved (H1–H3), 2 with a step of the head, 1 late;
    # second term: nothing resolved, so the share does not apply
    assert [row[6:8] for row in snv] == [["0,6667", "1"], ["KAD", "0"]]
    doc = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    first = next(h for h in doc["heads"] if h["unit"] == "SNV")
    assert (first["components"]["TN2"], first["components"]["TN3"]) == (5.0, 9.0)
    assert doc["provenance"]["heads"]["path"].endswith("heads-roster-2016.csv")
