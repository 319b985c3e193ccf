"""Criteria files that used to crash or to score silently wrong; each is refused at its line."""

import numpy as np
import pytest

from parindex.data.table import IndicatorTable
from parindex.errors import ParindexError
from parindex.run import load_criteria, score

from conftest import MINIMAL, edit
from test_cli import run

CLASSES = """classes:
  - {label: Tốt, min: 85}
  - {label: Khá, min: 70}
  - {label: Trung bình, min: 50}
  - {label: Yếu}
"""

AWARDS = """awards:
  exclude:
    - {class: [Yếu], reason: Yếu không được xét}
  awards:
    - id: co
      title: Cờ thi đua
      conditions: {class: [Yếu], head_at_least: Hoàn thành tốt nhiệm vụ}
self_assessment: {flag_gap_above: 5}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "schema_version: 1\nid: x\x07\n",
            "f.yaml:2:6: PX006 error: a character YAML does not allow in text (U+0007, a "
            "control character)",
        ),
        (
            edit("  - {label: Tốt, min: 85}\n", "  - {label: Tốt, min: 85, above: 84}\n"),
            "f.yaml:36:27: PX014 error: classes[1].above: class `Tốt` has both `min` and "
            "`above`: write one (`min: 85` for “từ 85 điểm”, `above: 84` for “trên 84 điểm”)",
        ),
        (
            edit(CLASSES, ""),
            "f.yaml:7:3: PX015 error: blocks.department: no classes for block `department`: "
            "give `classes:` at the top of the file (for every block) or under each block",
        ),
        (
            edit(
                '      - {id: "1.2", title: Kiểm tra, max: 3, rule: {appraised: {}}}',
                '      - {id: "1.2", title: Kiểm tra, max: 3, rule: {appraised: {}}, '
                'criteria: [{id: "1.2.1", title: x, max: 3, rule: {appraised: {}}}]}',
            ),
            "f.yaml:19:9: PX016 error: areas[1].criteria[1.2]: criterion 1.2 has both `rule` "
            "and sub-criteria; a rule belongs on the leaves",
        ),
        (
            edit("{below: 0.05, points: 3}", "{below: 0.05, at_least: 0.01, points: 3}"),
            "f.yaml:32:17: PX017 error: areas[3].criteria[3.4].rule.bands.cuts[2]: a band "
            "needs exactly one of `at_least` (higher is better) or `below` (lower is better)",
        ),
        (
            "- a\n- b\n",
            "f.yaml:1:1: PX019 error: a criteria file must be a mapping of keys",
        ),
        (
            edit("{below: 0.02, points: 5}", "{below: 0.02, points: 4}"),
            "f.yaml:28:13: PX116 error: areas[3].criteria[3.4].rule.bands: the best band gives "
            "4 points but the criterion's max is 5: no unit can get full marks, and every unit "
            "loses 1 point(s)",
        ),
        (
            edit("formula: dossiers_late / dossiers_resolved", "formula: dossiers_late / (1 - 1)"),
            "f.yaml:13:24: PX127 error: derived.late_rate.formula: `dossiers_late / (1 - 1)` "
            "divides by `(1 - 1)`, which is always zero: no unit would get a value",
        ),
        (
            edit("when: late_rate > 0.2", "when: late_rate / 0 > 0.2"),
            "f.yaml:41:12: PX127 error: caps[1].when: `late_rate / 0 > 0.2` divides by `0`",
        ),
        (
            edit(
                "plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no}",
                "plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no, missing: impute, "
                "impute: nan}",
            ),
            "f.yaml:11:83: PX012 error: indicators.plan_on_time.impute: `impute` must be a "
            "finite number; got `nan`, which cannot be scored",
        ),
        (
            edit("total: 10", "total: 1e400"),
            "f.yaml:5:8: PX012 error: total: `total` must be a finite number",
        ),
        ("a: " + "[" * 200 + "]" * 200 + "\n", "PX009 error"),
        (
            MINIMAL + AWARDS,
            "PX184 error: awards.awards[co].conditions.class: award `co` asks for classes that "
            "`exclude` removes: no unit can get it",
        ),
        (MINIMAL + AWARDS, "PX184 error: awards.awards[co].conditions.head_at_least: "),
    ],
)
def test_each_trap_is_refused_where_it_is(problems, text, expected):
    found = problems(text)
    assert any(line.startswith(expected) or expected in line for line in found), found


def test_self_assessment_watch_without_appraised_criteria_warns(problems):
    text = edit(
        '      - {id: "1.2", title: Kiểm tra, max: 3, rule: {appraised: {}}}',
        '      - {id: "1.2", title: Kiểm tra, max: 3, rule: {yes_no: plan_on_time}}',
    )
    found = problems(text + "self_assessment: {flag_gap_above: 5}\n")
    assert any("PX185 warning: self_assessment: no criterion is appraised" in x for x in found)


def test_an_unreadable_criteria_file_is_px000(tmp_path):
    result = run("validate", str(tmp_path / "nothing.yaml"))
    assert result.exit_code == 2  # click refuses a path that does not exist
    folder = tmp_path / "d.yaml"
    folder.mkdir()
    from parindex.criteria.validate import check_file

    [diag] = check_file(folder, "d.yaml").diagnostics
    assert diag.render().startswith("d.yaml: PX000 error: cannot read the file: Is a directory")


def _classes(tmp_path, text, appraised):
    """The class of units that differ only in the appraised points of criterion 1.2."""
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    bundle = load_criteria([path])
    n = len(appraised)
    ones = np.ones(n)
    columns = {
        "dossiers_resolved": 100 * ones,
        "dossiers_late": 0 * ones,
        "plan_on_time": ones,
        "1.2": np.array(appraised, dtype=float),
    }
    ids = [f"U{i}" for i in range(n)]
    table = IndicatorTable(ids, ids, ["department"] * n, columns)
    [res] = score(bundle, table)
    cl = res.classification
    return [(float(cl.rounded[i]), cl.label(res.plan, "department", i)) for i in range(n)]


def test_above_ranks_84_below_and_84_01_above(tmp_path):
    text = edit("  - {label: Tốt, min: 85}\n", "  - {label: Tốt, above: 84}\n")
    assert _classes(tmp_path, text, [1.4, 1.401, 1.3994]) == [
        (84.0, "Khá"),
        (84.01, "Tốt"),
        (83.99, "Khá"),
    ]


def test_above_is_strictly_above_at_the_shown_decimals(loaded):
    cs = loaded(edit("  - {label: Tốt, min: 85}\n", "  - {label: Tốt, above: 84}\n")).criteria
    [good, *_] = cs.classes_for("department")
    assert (good.above, good.min) == (84, 84.01)
    cs = loaded(
        edit("  - {label: Tốt, min: 85}\n", "  - {label: Tốt, above: 84}\n")
        + "ranking: {decimals: 1}\n"
    ).criteria
    assert cs.classes_for("department")[0].min == 84.1


def test_classes_under_each_block_are_enough(loaded):
    text = edit(CLASSES, "").replace(
        '  department: {label: "Sở, ban, ngành"}',
        '  department:\n    label: "Sở, ban, ngành"\n    classes: [{label: Tốt, min: 80}, '
        "{label: Yếu}]",
    )
    cs = loaded(text).criteria
    assert [k.label for k in cs.classes_for("department")] == ["Tốt", "Yếu"]


def test_load_criteria_raises_every_problem_of_every_file(tmp_path):
    a = tmp_path / "a.yaml"
    a.write_text(edit("{below: 0.02, points: 5}", "{below: 0.02, points: 4}"), encoding="utf-8")
    b = tmp_path / "b.yaml"
    b.write_text("- a\n", encoding="utf-8")
    with pytest.raises(ParindexError) as caught:
        load_criteria([a, b])
    assert sorted(d.code for d in caught.value.diagnostics) == ["PX116", "PX019"][::-1]


def test_every_problem_of_a_file_in_one_run(problems):
    """A wrong type no longer hides the policy findings: they come in the same run, at their
    own lines, even for a criterion that follows the one left out."""
    text = edit(
        '      - {id: "1.1", title: Kế hoạch, max: 2, rule: {yes_no: plan_on_time}}',
        '      - {id: "1.1", title: Kế hoạch, max: hai, rule: {yes_no: plan_on_time}}',
    )
    text = edit(
        '      - {id: "1.2", title: Kiểm tra, max: 3, rule: {appraised: {}}}',
        '      - {id: "1.2", title: Kiểm tra, max: 3, rule: {bands: {of: late_rate, better: '
        "lower, cuts: [{below: 0.02, points: 3}, {below: 0.01, points: 1}]}}}",
        text,
    )
    text = edit("  - {label: Khá, min: 70}", "  - {label: Khá, min: 90}", text)
    assert [line.splitlines()[0] for line in problems(text)] == [
        "f.yaml:18:43: PX012 error: areas[1].criteria[1.1].max: `max` must be a number; got `hai`",
        "f.yaml:19:125: PX111 error: areas[1].criteria[1.2].rule.bands.cuts[2].below: band 2 "
        "(< 0.01) overlaps band 1 (< 0.02): list cuts from the best value to the worst",
        "f.yaml:37:23: PX131 error: classes[2].min: class `Khá` (min 90) can never be reached: "
        "`Tốt` above it starts at 85",
    ]


def test_findings_that_need_the_whole_file_wait_for_it(problems):
    # leaving out criterion 1.1 makes the maxima add up to 8, not 10: not reported (PX101)
    text = edit(
        '      - {id: "1.1", title: Kế hoạch, max: 2, rule: {yes_no: plan_on_time}}',
        '      - {id: "1.1", title: Kế hoạch, max: hai, rule: {yes_no: plan_on_time}}',
    )
    found = problems(text)
    assert [x.split(": ")[1] for x in found] == ["PX012 error"]
