"""The scoring engine on small hand-worked cases: every expected number is worked out here."""

import math

import numpy as np
import pytest

from parindex.criteria import model as m
from parindex.data.table import IndicatorTable
from parindex.scoring.compile import compile_plan
from parindex.scoring.engine import NOT_APPLICABLE, evaluate
from parindex.scoring.explain import explain
from parindex.scoring.kernels import round_half_up


def build(areas, *, indicators, derived=None, caps=(), ranking=None, blocks=("department",)):
    return compile_plan(
        m.CriteriaSet(
            schema_version=1,
            id="t",
            title="t",
            period="2024",
            blocks={b: m.Block(label=b) for b in blocks},
            indicators={
                k: m.Indicator(label=k, kind=v[0], missing=v[1] if len(v) > 1 else "error")
                for k, v in indicators.items()
            },
            derived=derived or {},
            areas=areas,
            classes=[
                m.ClassDef(label="Tốt", min=85),
                m.ClassDef(label="Khá", min=70),
                m.ClassDef(label="Trung bình", min=50),
                m.ClassDef(label="Yếu"),
            ],
            caps=list(caps),
            ranking=ranking or m.Ranking(),
        )
    )


def leaf(cid, cmax, rule, **kw):
    return m.Criterion(id=cid, title=cid, max=cmax, rule=rule, **kw)


LATE_BANDS = m.BandsRule(
    bands=m.Bands(
        of="late_rate",
        better="lower",
        cuts=[
            m.Cut(below=0.02, points=3),
            m.Cut(below=0.05, points=2),
            m.Cut(below=0.10, points=1),
        ],
    )
)


def late_plan(**kw):
    return build(
        [
            m.Area(
                id="3",
                title="TTHC",
                criteria=[
                    leaf("3.3", 3, LATE_BANDS),
                    leaf("3.9", 7, m.AppraisedRule(appraised=m.Appraised())),
                ],
            )
        ],
        indicators={"late": ("count",), "resolved": ("count",)},
        derived={
            "late_rate": m.Derived(
                formula="late / resolved", kind="rate", zero_denominator="full_marks"
            )
        },
        **kw,
    )


def table(rows, block="department"):
    return IndicatorTable.from_records(
        [{"id": f"u{i}", "block": block, **r} for i, r in enumerate(rows)]
    )


def test_bands_are_half_open_at_each_cut():
    plan = late_plan()
    # late rates 1.99%, exactly 2%, 4.99%, exactly 10%, no dossier at all
    res = evaluate(
        plan,
        table(
            [
                {"late": 199, "resolved": 10000, "3.9": 7},
                {"late": 2, "resolved": 100, "3.9": 7},
                {"late": 499, "resolved": 10000, "3.9": 7},
                {"late": 10, "resolved": 100, "3.9": 7},
                {"late": 0, "resolved": 0, "3.9": 7},
            ]
        ),
    )
    assert res.points[:, 0].tolist() == [3, 2, 2, 0, 3]  # the last: no cases = full marks
    assert res.band[:, 0].tolist() == [0, 1, 1, -1, -1]
    assert res.index.tolist() == pytest.approx([100, 90, 90, 70, 100])


def test_not_applicable_points_leave_the_maximum():
    plan = late_plan()
    res = evaluate(plan, table([{"late": None, "resolved": None, "3.9": 5.25}]))
    assert res.status[0, 0] == NOT_APPLICABLE
    assert res.possible[0] == 7  # 3.3 left the maximum
    assert res.index[0] == pytest.approx(5.25 / 7 * 100)  # 75.0


def test_survey_rescale_zero_and_proportional_target():
    plan = build(
        [
            m.Area(
                id="1",
                title="a",
                criteria=[
                    leaf(
                        "1.1",
                        70,
                        m.ProportionalRule(proportional=m.Proportional(of="online", target=0.5)),
                    ),
                    leaf("8.1", 30, m.SurveyRule(survey=m.Survey(of="sipas"))),
                ],
            )
        ],
        indicators={"online": ("rate",), "sipas": ("percent", "not_applicable")},
    )
    res = evaluate(plan, table([{"online": 0.25, "sipas": 80}, {"online": 0.6, "sipas": None}]))
    # u0: 70 × 0.25/0.5 = 35; 30 × 0.8 = 24 → 59 / 100. u1: 70 (capped at target) / 70 → 100
    assert res.points[0].tolist() == pytest.approx([35, 24])
    assert res.index.tolist() == pytest.approx([59, 100])
    assert math.isnan(res.points[1, 1])


def test_deduct_bonus_and_relative_to_best():
    plan = build(
        [
            m.Area(
                id="1",
                title="a",
                criteria=[
                    leaf("1.1", 3, m.DeductRule(deduct=m.PerCount(of="n", each=0.5, cap=2))),
                    leaf("1.2", 2, m.BonusRule(bonus=m.PerCount(of="n", each=0.75))),
                    leaf("1.3", 4, m.RelativeRule(relative_to_best=m.RelativeToBest(of="s"))),
                    leaf(
                        "1.4",
                        1,
                        m.RelativeRule(relative_to_best=m.RelativeToBest(of="s", better="lower")),
                    ),
                ],
            )
        ],
        indicators={"n": ("count",), "s": ("count",)},
    )
    res = evaluate(plan, table([{"n": 1, "s": 40}, {"n": 10, "s": 10}, {"n": 0, "s": 0}]))
    assert res.points[:, 0].tolist() == [2.5, 1.0, 3.0]  # deduction capped at 2
    assert res.points[:, 1].tolist() == [0.75, 2.0, 0.0]  # bonus capped at the max
    assert res.points[:, 2].tolist() == [4.0, 1.0, 0.0]  # 40 is best: 10/40 × 4
    assert res.points[:, 3].tolist() == [0.0, 0.0, 1.0]  # lower is better: 0 is best


def test_a_cap_lowers_the_class_and_says_so():
    cap = m.Cap(when="late_rate > 0.2", at_most="Khá", reason="Trễ hẹn trên 20%")
    plan = late_plan(caps=[cap])
    # 25% late: 3.3 scores 0, 3.9 full 7 → 70 → Khá anyway; the cap fires but lowers nothing
    res = evaluate(plan, table([{"late": 25, "resolved": 100, "3.9": 7}]))
    assert res.classification.label(plan, "department", 0) == "Khá"
    assert res.classification.caps_fired[0, 0] and not res.classification.caps_lowered[0, 0]
    strict = late_plan(
        caps=[m.Cap(when="late_rate > 0.01", at_most="Trung bình", reason="Trễ hẹn trên 1%")]
    )
    # 3% late: 2 + 7 = 90 → Tốt before the cap, Trung bình after it
    res = evaluate(strict, table([{"late": 3, "resolved": 100, "3.9": 7}]))
    assert res.classification.class_before_caps[0] == 0
    assert res.classification.label(strict, "department", 0) == "Trung bình"
    assert res.classification.caps_lowered[0, 0]


@pytest.mark.parametrize(("skip", "ranks"), [(True, [1, 2, 2, 4]), (False, [1, 2, 2, 3])])
def test_ties_share_a_rank_skipping_or_not(skip, ranks):
    plan = late_plan(ranking=m.Ranking(skip_after_tie=skip))
    rows = [{"late": 0, "resolved": 10, "3.9": s} for s in (7, 6, 6, 5)]
    res = evaluate(plan, table(rows))
    assert res.classification.rank.tolist() == ranks


def test_tie_break_and_rounding_decide_ties():
    plan = late_plan(
        ranking=m.Ranking(decimals=1, tie_break=[m.TieBreak(of="late_rate", better="lower")])
    )
    # 95.71 and 95.74 both show as 95.7 and tie; the lower late rate wins the tie-break
    rows = [{"late": 3, "resolved": 100, "3.9": 6.7}, {"late": 1, "resolved": 100, "3.9": 6.7}]
    res = evaluate(plan, table(rows))
    assert res.classification.rounded.tolist() == [87.0, 97.0]
    rows = [{"late": 0, "resolved": 100, "3.9": 6.571}, {"late": 1, "resolved": 100, "3.9": 6.574}]
    res = evaluate(plan, table(rows))
    assert res.classification.rounded.tolist() == [95.7, 95.7]
    assert res.classification.rank.tolist() == [1, 2]  # u0 has no late dossier


def test_round_half_up_as_officials_do():
    assert round_half_up(np.array([84.995, 84.994, 69.995, 0.125]), 2).tolist() == [
        85.0,
        84.99,
        70.0,
        0.13,
    ]


def test_self_assessed_index_is_kept_beside_the_appraised_one():
    plan = late_plan()
    res = evaluate(
        plan,
        table(
            [
                {"late": 0, "resolved": 10, "3.9": 5, "3.9:self": 7},
                {"late": 0, "resolved": 10, "3.9": 5, "3.9:self": None},
            ]
        ),
    )
    assert res.index.tolist() == pytest.approx([80, 80])
    assert res.self_index[0] == pytest.approx(100)
    assert math.isnan(res.self_index[1])  # incomplete self-assessment: no self index


def test_blocks_only_score_their_own_criteria():
    plan = build(
        [
            m.Area(
                id="1",
                title="a",
                criteria=[
                    leaf("1.1", 5, m.YesNoRule(yes_no="y")),
                    leaf("1.2", 5, m.YesNoRule(yes_no="y2"), blocks=["district"]),
                ],
            )
        ],
        indicators={"y": ("yes_no",), "y2": ("yes_no", "not_applicable")},
        blocks=("department", "district"),
    )
    t = IndicatorTable.from_records(
        [
            {"id": "a", "block": "department", "y": 1, "y2": None},
            {"id": "b", "block": "district", "y": 1, "y2": 0},
        ]
    )
    res = evaluate(plan, t)
    assert res.possible.tolist() == [5, 10]
    assert res.index.tolist() == [100, 50]
    assert res.classification.rank.tolist() == [1, 1]  # each first in its own block


def test_explain_lists_rules_and_the_cheapest_lift():
    plan = build(
        [
            m.Area(
                id="1",
                title="a",
                criteria=[
                    leaf("1.1", 10, m.AppraisedRule(appraised=m.Appraised())),
                    leaf("1.2", 5, m.AppraisedRule(appraised=m.Appraised())),
                    leaf("1.3", 3, LATE_BANDS),
                ],
            )
        ],
        indicators={"late": ("count",), "resolved": ("count",)},
        derived={"late_rate": m.Derived(formula="late / resolved", kind="rate")},
    )
    # 6 + 4 + 1 (late 6%) = 11 of 18 = 61.1 → Trung bình; Khá needs 70% of 18 = 12.6 points:
    # 1.6 more. Losses: 1.1 4, 1.2 1, 1.3 2. Fewest criteria: one; the smallest that suffices
    # is 1.3 (2 points), not 1.1 (4).
    res = evaluate(plan, table([{"1.1": 6, "1.2": 4, "late": 6, "resolved": 100}]))
    e = explain(res, 0)
    assert e.klass == "Trung bình" and e.lift is not None
    assert e.lift.target_class == "Khá"
    assert e.lift.needed_points == pytest.approx(1.6)
    assert [s.id for s in e.lift.steps] == ["1.3"]
    band = next(c for c in e.criteria if c.id == "1.3")
    assert (band.band, band.bound, band.value) == (3, 0.10, 0.06)


def range_plan():
    return build(
        [
            m.Area(
                id="3",
                title="TTHC",
                criteria=[
                    leaf("3.1", 4, m.ProportionalRule(proportional=m.Proportional(of="early"))),
                    leaf("3.2", 2, m.DeductRule(deduct=m.PerCount(of="backlog", each=0.5))),
                    leaf("3.3", 1, m.ProportionalRule(proportional=m.Proportional(of="huge"))),
                ],
            )
        ],
        indicators={"ahead": ("count",), "on_time": ("count",), "done": ("count",)},
        derived={
            "early": m.Derived(formula="(ahead + on_time) / done", kind="rate"),
            "backlog": m.Derived(formula="done - ahead - on_time", kind="count"),
            "huge": m.Derived(formula="ahead * ahead * done"),
        },
    )


def test_derived_values_outside_their_range_are_refused_by_name():
    # early-or-on-time 117.7 %: full marks if unchecked; a negative backlog: no deduction
    res = evaluate(
        range_plan(),
        table(
            [
                {"ahead": 50, "on_time": 50, "done": 100},
                {"ahead": 100, "on_time": 100.4, "done": 170.3},
            ]
        ),
    )
    found = sorted((p.unit, p.column, p.code) for p in res.problems)
    assert found == [(1, "backlog", "PD007"), (1, "early", "PD007")]
    early = next(p for p in res.problems if p.column == "early")
    assert str(early.message) == (
        "`early` = (ahead + on_time) / done is 1.17675 for this unit, above 1, the most a `rate` "
        "value can be: check the values it reads"
    )
    assert early.message.render("vi") == (
        "`early` = (ahead + on_time) / done của đơn vị này là 1,17675, lớn hơn 1 — giá trị lớn "
        "nhất mà một giá trị kiểu `rate` có thể có: hãy kiểm tra các giá trị mà nó sử dụng"
    )
    backlog = next(p for p in res.problems if p.column == "backlog")
    assert "is -30.1 for this unit, below 0, the least a `count` value can be" in str(
        backlog.message
    )


def test_an_overflow_is_refused_and_no_index_becomes_null():
    # 1e200 × 1e200 × 1 overflows to inf: never a silent full mark or a NaN index
    res = evaluate(range_plan(), table([{"ahead": 1e200, "on_time": 0, "done": 1e200}]))
    # early = 1e200 / 1e200 = 1 and backlog = 0 are fine; huge is not
    assert [(p.unit, p.column, p.code) for p in res.problems] == [(0, "huge", "PD007")]
    assert "not a finite number" in str(res.problems[0].message)
    assert np.isfinite(res.index).all()
    assert res.status[0, 2] == NOT_APPLICABLE  # the criterion reading it does not count
