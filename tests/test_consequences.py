"""Heads' accountability and award eligibility on small hand-checked cases.

The unit criteria here are one appraised criterion worth 100 points, so a unit's index is the
number written in its row; every expected figure is worked out in the comments.
"""

from datetime import date

import numpy as np
import pytest

from parindex.criteria import model as m
from parindex.criteria.consequences import (
    Accountability,
    Attribution,
    Award,
    Awards,
    Conditions,
    Exclusion,
    HeadCap,
    HeadComponent,
    Level,
    Period,
    Quota,
)
from parindex.criteria.rules import UnitResult, UnitRule
from parindex.data.table import HeadTable, IndicatorTable
from parindex.scoring.accountability import assess
from parindex.scoring.awards import decide
from parindex.scoring.compile import compile_plan
from parindex.scoring.engine import evaluate

LEVELS = [
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
]


def results(indices, *, caps=(), blocks=None):
    cs = m.CriteriaSet(
        schema_version=1,
        id="t",
        title="t",
        period="2023",
        total=100,
        blocks={"department": m.Block(label="Sở")},
        indicators={"late": m.Indicator(label="late", kind="rate", missing="zero")},
        areas=[
            m.Area(
                id="1",
                title="a",
                criteria=[
                    m.Criterion(
                        id="1.1", title="t", max=100, rule=m.AppraisedRule(appraised=m.Appraised())
                    )
                ],
            )
        ],
        classes=[
            m.ClassDef(label="Tốt", min=85),
            m.ClassDef(label="Khá", min=70),
            m.ClassDef(label="Trung bình", min=50),
            m.ClassDef(label="Yếu"),
        ],
        caps=list(caps),
    )
    rows = [
        {"id": uid, "block": "department", "1.1": v, "late": late}
        for uid, (v, late) in indices.items()
    ]
    return [evaluate(compile_plan(cs), IndicatorTable.from_records(rows))]


def model(**kw):
    base = dict(
        period=Period(start=date(2023, 1, 1), end=date(2023, 12, 31)),  # 365 days
        indicators={
            "share": m.Indicator(label="share", kind="rate"),
            "late": m.Indicator(label="late", kind="count"),
            "reviews": m.Indicator(label="reviews", kind="count", max=12),
        },
        components=[
            HeadComponent(id="TN1", title="unit", max=60, rule=UnitRule(unit=UnitResult())),
            HeadComponent(
                id="TN2",
                title="share",
                max=15,
                rule=m.BandsRule(
                    bands=m.Bands(
                        of="share",
                        better="higher",
                        cuts=[m.Cut(at_least=0.9, points=15), m.Cut(at_least=0.7, points=10)],
                    )
                ),
            ),
            HeadComponent(
                id="TN3",
                title="late",
                max=10,
                rule=m.DeductRule(deduct=m.PerCount(of="late", each=1)),
            ),
            HeadComponent(
                id="TN4",
                title="reviews",
                max=15,
                rule=m.ProportionalRule(proportional=m.Proportional(of="reviews", target=12)),
            ),
        ],
        levels=[
            Level(label=LEVELS[0], min=90),
            Level(label=LEVELS[1], min=75),
            Level(label=LEVELS[2], min=50),
            Level(label=LEVELS[3]),
        ],
        caps=[
            HeadCap(disciplined=True, at_most=LEVELS[3], reason="kỷ luật"),
            HeadCap(unit_class=["Yếu"], at_most=LEVELS[2], reason="đơn vị Yếu"),
        ],
    )
    base.update(kw)
    return Accountability(**base)


def roster(rows):
    """rows: (unit, start, end, disciplined, share, late, reviews)."""
    return HeadTable(
        units=[r[0] for r in rows],
        names=[f"head {k}" for k in range(len(rows))],
        positions=["Giám đốc"] * len(rows),
        starts=[r[1] for r in rows],
        ends=[r[2] for r in rows],
        disciplined=np.array([r[3] for r in rows]),
        values={
            "share": np.array([r[4] for r in rows], dtype=float),
            "late": np.array([r[5] for r in rows], dtype=float),
            "reviews": np.array([r[6] for r in rows], dtype=float),
        },
        na={k: np.zeros(len(rows), dtype=bool) for k in ("share", "late", "reviews")},
    )


JAN1, DEC31 = date(2023, 1, 1), date(2023, 12, 31)


def test_a_full_year_head():
    res = results({"A": (80, 0)})
    [h] = assess(model(), roster([("A", JAN1, DEC31, False, 0.8, 2, 12)]), res)
    # unit 80% of 60 = 48; share 0.8 → band 2 = 10; late 2 → 10 − 2 = 8; reviews 12/12 → 15
    assert h.components == {"TN1": 48.0, "TN2": 10.0, "TN3": 8.0, "TN4": 15.0}
    assert h.score == 81.0 and h.level == LEVELS[1] and h.caps == []
    assert (h.unit.index, h.unit.klass, h.unit.rank) == (80.0, "Khá", 1)


def test_two_heads_in_one_unit_carry_their_share_of_the_result():
    res = results({"A": (80, 0)})
    heads = roster(
        [
            ("A", JAN1, date(2023, 4, 30), False, 0.95, 0, 4),
            ("A", date(2023, 5, 1), DEC31, False, 0.5, 1, 8),
        ]
    )
    first, second = assess(model(), heads, res)
    w1, w2 = 120 / 365, 245 / 365
    assert first.share == pytest.approx(w1) and second.share == pytest.approx(w2)
    # first: unit 48·w1 of 60·w1; own 15 + 10 + 15·4/12 = 30 of 40
    assert first.score == pytest.approx(round((48 * w1 + 30) / (60 * w1 + 40) * 100, 2))
    # second: unit 48·w2 of 60·w2; own 0 + 9 + 15·8/12 = 19 of 40
    assert second.score == pytest.approx(round((48 * w2 + 19) / (60 * w2 + 40) * 100, 2))
    # by hand: (15.78 + 30) / (19.73 + 40) = 76.65; (32.22 + 19) / (40.27 + 40) = 63.81
    assert first.score == 76.65 and second.score == 63.81
    assert (first.level, second.level) == (LEVELS[1], LEVELS[2])


def test_minimum_term_attribution_all_or_nothing():
    acc = model(attribution=Attribution(mode="minimum_term", minimum_share=0.5))
    res = results({"A": (40, 0)})  # a Yếu unit
    short, long_ = assess(
        acc,
        roster(
            [
                ("A", JAN1, date(2023, 3, 31), False, 1.0, 0, 3),
                ("A", date(2023, 4, 1), DEC31, False, 1.0, 0, 9),
            ]
        ),
        res,
    )
    # short term (90 days < half): rated on own work only: 15 + 10 + 3.75 = 28.75 / 40
    assert short.weight == 0.0 and short.score == pytest.approx(71.88)
    assert short.components["TN1"] is None
    assert short.caps == []  # the unit's Yếu is not the short-term head's to carry
    # long term: whole result: 24 + 15 + 10 + 11.25 = 60.25 / 100; unit Yếu caps nothing here
    assert long_.weight == 1.0 and long_.score == 60.25 and long_.level == LEVELS[2]


def test_caps_discipline_and_unit_class():
    res = results({"A": (95, 0), "B": (45, 0)})
    a, b = assess(
        model(),
        roster([("A", JAN1, DEC31, True, 1.0, 0, 12), ("B", JAN1, DEC31, False, 1.0, 0, 12)]),
        res,
    )
    # A: 57 + 15 + 10 + 15 = 97 → xuất sắc, but disciplined → không hoàn thành
    assert (a.score, a.level_before_caps, a.level) == (97.0, LEVELS[0], LEVELS[3])
    assert [(c.reason, c.lowered) for c in a.caps] == [("kỷ luật", True)]
    # B: 27 + 40 = 67 → hoàn thành; the unit is Yếu (cap at hoàn thành): fires, lowers nothing
    assert (b.score, b.level) == (67.0, LEVELS[2])
    assert [(c.reason, c.lowered) for c in b.caps] == [("đơn vị Yếu", False)]


def test_cap_on_a_head_indicator_condition():
    acc = model(caps=[HeadCap(when="late > 3", at_most=LEVELS[2], reason="trễ")])
    [h] = assess(acc, roster([("A", JAN1, DEC31, False, 1.0, 4, 12)]), results({"A": (100, 0)}))
    assert (h.score, h.level_before_caps, h.level) == (96.0, LEVELS[0], LEVELS[2])


# ---------------------------------------------------------------- awards


def award(**conditions):
    quota = conditions.pop("quota", None)
    return Award(id="co", title="Cờ thi đua", conditions=Conditions(**conditions), quota=quota)


def decisions(awards, res, **kw):
    return {d.unit: d for d in decide(awards, res, **kw)}


def test_each_failed_condition_is_reported_with_its_value():
    res = results({"A": (92, 0), "B": (88, 0), "C": (75, 0), "D": (60, 0)})
    rules = Awards(
        awards=[award(**{"class": ["Tốt"]}, rank_at_most=1, min_index=90, min_improvement=2)]
    )
    got = decisions(rules, res, previous={"A": 89.5, "B": 80.0})
    assert got["A"].eligible and got["A"].reasons == []  # 92 − 89.5 = +2.5
    assert got["B"].reasons == [
        "rank_at_most: 2 (required ≤ 1)",
        "min_index: 88.00 (required ≥ 90)",
    ]
    assert got["C"].reasons == [
        "class: Khá (required Tốt)",
        "rank_at_most: 3 (required ≤ 1)",
        "min_index: 75.00 (required ≥ 90)",
        "min_improvement: no result in the previous period (required ≥ +2)",
    ]
    assert not got["D"].eligible


def test_improvement_needs_the_previous_period():
    res = results({"A": (92, 0)})
    rules = Awards(awards=[award(min_improvement=2)])
    assert decisions(rules, res)["A"].reasons == [
        "min_improvement: no previous period's results given (required ≥ +2)"
    ]
    assert decisions(rules, res, previous={"A": 91.0})["A"].reasons == [
        "min_improvement: +1.00 (91.00 → 92.00) (required ≥ +2)"
    ]


def test_exclusion_cap_and_head_conditions():
    cap = m.Cap(when="late > 0.2", at_most="Khá", reason="trễ hẹn")
    res = results({"A": (95, 0.3), "B": (95, 0), "C": (60, 0)}, caps=[cap])
    rules = Awards(
        exclude=[Exclusion(**{"class": ["Trung bình", "Yếu"]}, reason="không xét")],
        awards=[award(no_cap=True, head_at_least=LEVELS[1])],
    )
    heads = assess(
        model(),
        roster(
            [
                ("A", JAN1, DEC31, False, 1, 0, 12),
                ("B", JAN1, DEC31, True, 1, 0, 12),
                ("C", JAN1, DEC31, False, 1, 0, 12),
            ]
        ),
        res,
    )
    got = decisions(rules, res, heads=heads, levels=LEVELS)
    assert got["A"].reasons == ["no_cap: class capped (required no cap)"]
    assert got["B"].reasons == [f"head_at_least: {LEVELS[3]} (required ≥ {LEVELS[1]})"]
    assert got["C"].reasons == ["không xét (Trung bình)"]
    assert decisions(rules, res)["B"].reasons == [
        f"head_at_least: no head rating (no roster given) (required ≥ {LEVELS[1]})"
    ]


@pytest.mark.parametrize(
    ("ties", "eligible"), [("include_all", {"A", "B", "C"}), ("exclude_all", {"A"})]
)
def test_a_quota_with_a_tie_at_the_limit(ties, eligible):
    # ranks 1, 2, 2, 4: a quota of 2 stops inside the tie between B and C
    res = results({"A": (95, 0), "B": (90, 0), "C": (90, 0), "D": (86, 0)})
    rules = Awards(awards=[award(**{"class": ["Tốt"]}, quota=Quota(per_block=2, ties=ties))])
    got = decisions(rules, res)
    assert {u for u, d in got.items() if d.eligible} == eligible
    assert got["D"].quota == "quota of 2 per block reached (rank 4)"
    if ties == "exclude_all":
        assert got["B"].quota == (
            "quota of 2 per block reached (rank 2; ties at the limit are all excluded)"
        )


def test_an_award_closed_to_a_block():
    res = results({"A": (95, 0)})
    rules = Awards(awards=[Award(id="x", title="x", blocks=["district"], conditions=Conditions())])
    assert decisions(rules, res)["A"].reasons == ["award not open to this block"]


def test_self_assessment_gap_is_flagged_per_unit_and_area():
    from parindex.criteria.consequences import SelfAssessment
    from parindex.run import Provenance, RankRun
    from parindex.run.document import unit_rows

    [res] = results({"A": (70, 0), "B": (80, 0)})
    cs = res.plan.criteria.model_copy(update={"self_assessment": SelfAssessment(flag_gap_above=5)})
    table = IndicatorTable.from_records(
        [
            {"id": "A", "block": "department", "1.1": 70, "1.1:self": 78, "late": 0},
            {"id": "B", "block": "department", "1.1": 80, "1.1:self": 84, "late": 0},
        ]
    )
    res = evaluate(compile_plan(cs), table)
    run = RankRun([res], Provenance("test", [], None, "now"), table)
    rows = {r["id"]: r for r in unit_rows(run)}
    # A scored itself 8 points above the appraisal (> 5): flagged; B 4 points: not
    assert (rows["A"]["index_self"], rows["A"]["self_gap"], rows["A"]["self_flag"]) == (78, 8, True)
    assert (rows["B"]["self_gap"], rows["B"]["self_flag"]) == (4, False)
    assert rows["A"]["areas"]["1"] == {
        "points": 70,
        "max": 100,
        "index": 70,
        "index_self": 78,
        "self_gap": 8,
    }
