"""Revising the criteria: the structural diff and its impact, on hand-worked cases."""

import json

import pytest

from parindex.criteria import model as m
from parindex.criteria.diff import Change, diff
from parindex.data.table import IndicatorTable
from parindex.scoring.compile import compile_plan
from parindex.scoring.engine import evaluate
from parindex.scoring.impact import impact

from test_cli import run

LATE = [m.Cut(below=0.02, points=3), m.Cut(below=0.05, points=2), m.Cut(below=0.10, points=1)]


def cset(*, late=LATE, online_max=2.0, appraised_id="1.2", renamed=None, cap=0.2, extra=None):
    crits = [
        m.Criterion(
            id="1.1",
            title="Trễ hẹn",
            max=3,
            rule=m.BandsRule(bands=m.Bands(of="late_rate", better="lower", cuts=late)),
        ),
        m.Criterion(
            id=appraised_id,
            title="Kiểm tra",
            max=5,
            rule=m.AppraisedRule(appraised=m.Appraised(column="1.2")),
        ),
        m.Criterion(
            id="1.3",
            title="Trực tuyến",
            max=online_max,
            rule=m.ProportionalRule(proportional=m.Proportional(of="online")),
        ),
    ]
    crits += extra or []
    return m.CriteriaSet(
        schema_version=1,
        id="s",
        title="s",
        period="2024",
        total=10,
        blocks={"department": m.Block(label="Sở")},
        indicators={
            "late": m.Indicator(label="l", kind="count"),
            "resolved": m.Indicator(label="r", kind="count"),
            "online": m.Indicator(label="o", kind="rate"),
        },
        derived={"late_rate": m.Derived(formula="late / resolved", kind="rate")},
        areas=[m.Area(id="1", title="a", criteria=crits)],
        classes=[
            m.ClassDef(label="Tốt", min=85),
            m.ClassDef(label="Khá", min=70),
            m.ClassDef(label="Yếu"),
        ],
        caps=[m.Cap(when=f"late_rate > {cap}", at_most="Khá", reason="trễ")],
        renamed=renamed or {},
    )


def test_diff_names_each_change_by_id():
    new = cset(
        late=[m.Cut(below=0.01, points=3), m.Cut(below=0.03, points=2)],
        online_max=4,
        appraised_id="1.5",
        renamed={"1.2": "1.5"},
        cap=0.15,
        extra=[m.Criterion(id="1.4", title="Bưu chính", max=1, rule=m.YesNoRule(yes_no="online"))],
    )
    assert diff(cset(), new) == [
        Change("max", "area 1", "10", "13"),
        Change(
            "bands",
            "criterion 1.1",
            "<0.02→3, <0.05→2, <0.1→1, otherwise 0",
            "<0.01→3, <0.03→2, otherwise 0",
        ),
        Change("renamed", "criterion 1.5", "1.2", "1.5"),
        Change(
            "rule",
            "criterion 1.5",
            "self-assessment column 1.2:self",
            "self-assessment column 1.5:self",
        ),
        Change("max", "criterion 1.3", "2", "4"),
        Change("added", "criterion 1.4", None, "Bưu chính (max 1)"),
        Change("sum of maxima", "block department", "10 (= total 10)", "13 (≠ total 10)"),
        Change("cap", "cap 1", "late_rate > 0.2 → ≤ Khá", "late_rate > 0.15 → ≤ Khá"),
    ]


def test_without_the_rename_it_is_a_removal_and_an_addition():
    changes = diff(cset(), cset(appraised_id="1.5"))
    assert Change("added", "criterion 1.5", None, "Kiểm tra (max 5)") in changes
    assert Change("removed", "criterion 1.2", "Kiểm tra (max 5)", None) in changes


def test_identical_sets_have_no_diff():
    assert diff(cset(), cset()) == []


def score(cs, rows):
    return [
        evaluate(
            compile_plan(cs),
            IndicatorTable.from_records([{"block": "department", **r} for r in rows]),
        )
    ]


def test_impact_per_unit_and_per_block():
    rows = [
        # A: late 1.5% → 3 points both years; appraised 5; online 0.5 → 1 of 2, then 2 of 4
        {"id": "A", "late": 3, "resolved": 200, "online": 0.5, "1.2": 5},
        # B: late 4% → 2 points, then 0 (below 3% needed); appraised 5; online 1.0 → full
        {"id": "B", "late": 4, "resolved": 100, "online": 1.0, "1.2": 5},
    ]
    new = cset(
        late=[m.Cut(below=0.01, points=3), m.Cut(below=0.03, points=2)],
        online_max=4,
        appraised_id="1.5",
        renamed={"1.2": "1.5"},
    )
    units, blocks = impact(score(cset(), rows), score(new, rows))
    a, b = units
    # A: late 1.5% → 3 points, then band 2 (< 3%) = 2; online 0.5 → 1 of 2, then 2 of 4;
    # 9/10 = 90 → (2 + 5 + 2)/12 = 75: Tốt → Khá
    assert (a.index_before, a.index_after) == (90.0, 75.0)
    assert (a.class_before, a.class_after, a.direction) == ("Tốt", "Khá", -1)
    assert [(d.id, d.old_id, d.delta) for d in a.criteria] == [
        ("1.1", "1.1", -1.0),
        ("1.3", "1.3", 1.0),
    ]
    # B: late 4% → 2 points, then 0 (not below 3%); online 1.0 → 2 of 2, then 4 of 4;
    # 9/10 = 90 → (0 + 5 + 4)/12 = 75: Tốt → Khá
    assert (b.index_before, b.index_after) == (90.0, 75.0)
    assert [(d.id, d.delta) for d in b.criteria] == [("1.1", -2.0), ("1.3", 2.0)]
    assert (a.rank_before, a.rank_after, b.rank_before, b.rank_after) == (1, 1, 1, 1)
    [blk] = blocks
    assert (blk.units, blk.rose, blk.fell, blk.same) == (2, 0, 2, 0)
    assert blk.mean_change == pytest.approx(-15.0)


def test_diff_and_impact_commands_on_the_bundled_revision():
    result = run(
        "diff",
        "parindex/criteria/sets/default",
        "parindex/criteria/sets/revised-2017",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output[: result.output.rindex("}") + 1])["changes"]
    subjects = {(c["kind"], c["subject"]) for c in changes}
    assert ("bands", "criterion 3.3") in subjects and ("max", "criterion 7.2") in subjects
    assert ("renamed", "criterion 3.9") in subjects
    result = run(
        "impact",
        "parindex/criteria/sets/default",
        "parindex/criteria/sets/revised-2017",
        "--format",
        "md",
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    assert "| Provincial departments | 21 |" in result.output
    assert "cap: More than 15% of dossiers were late" in result.output


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_revision_commands_render_tables_and_markdown(lang):
    sets = ("parindex/criteria/sets/default", "parindex/criteria/sets/revised-2017")
    table = run("diff", *sets, "--lang", lang)
    assert table.exit_code == 0, table.output
    assert ("mức chấm" if lang == "vi" else "bands") in table.output
    md = run("diff", *sets, "--format", "md", "--lang", "en")
    assert (
        "| PAR index criteria for provincial departments | maximum "
        "| Criterion 7.2: Online share of dossiers | 4 | 6 |"
    ) in md.output
    shown = run("impact", *sets, "--lang", lang, "--all")
    assert shown.exit_code == 0, shown.output
    assert "SXD" in shown.output  # --all lists every unit, not only those changing class
    robust = run("robustness", "--draws", "100", "--seed", "1", "--lang", lang, "--all")
    assert robust.exit_code == 0, robust.output
    assert ("Độ vững của xếp loại" if lang == "vi" else "How solid each class is") in (
        robust.output
    )
    robust_md = run("robustness", "--draws", "100", "--seed", "1", "--format", "md", "--lang", "en")
    assert robust_md.output.startswith("| ID | Unit | Class | Keeps class |")
