"""The Monte Carlo robustness analysis: batches agree with scoring each draw on its own."""

import numpy as np
import pytest

from parindex.criteria.validate import bundled_sets
from parindex.data.indicators import read_indicators
from parindex.run import DEMO_DATA, load_criteria, score
from parindex.scoring.engine import evaluate
from parindex.scoring.robustness import (
    Perturbation,
    analyse,
    draw,
    evaluate_draws,
)

from conftest import score_one_draw


@pytest.fixture(scope="module")
def demo():
    bundle = load_criteria(bundled_sets())
    return score(bundle, read_indicators(DEMO_DATA, bundle.plans))


@pytest.fixture(scope="module")
def departments(demo):
    return next(r for r in demo if "department" in r.plan.blocks)


@pytest.mark.parametrize("block", ["department", "district", "commune"])
def test_no_perturbation_keeps_every_class_and_rank(demo, block):
    # districts break ties by satisfaction then late rate: ranks must follow the same keys
    res = next(r for r in demo if block in r.plan.blocks)
    r = analyse(res, Perturbation(draws=50, seed=3))
    assert np.all(r.base_class_share == 1.0)
    assert np.array_equal(r.median_rank, res.classification.rank)
    assert np.array_equal(r.rank_p5, r.rank_p95)
    assert not r.flagged.any()


def test_tie_breaks_order_equal_indices_as_the_engine_does():
    from parindex.scoring.ranking import ranks

    r = np.array([[90.0, 90.0, 85.0, 90.0, 70.0, 70.0, np.nan]])
    block = np.array([0, 0, 0, 0, 1, 1, 1])
    tie = np.array([1, 0, 0, 1, 3, 2, 0])  # unit 1 wins the tie-break; units 0 and 3 stay tied
    assert ranks(r, block, tie, True).tolist() == [[2, 1, 4, 2, 2, 1, 3]]
    assert ranks(r, block, tie, False).tolist() == [[2, 1, 3, 2, 2, 1, 3]]
    assert ranks(r[0], block, None, True).tolist() == [1, 1, 4, 1, 1, 1, 3]


@pytest.mark.parametrize("block", ["department", "district", "commune"])
def test_batches_agree_with_scoring_each_draw_alone(demo, block):
    # communes include units with no dossier (full marks) and no survey (not applicable)
    res = next(r for r in demo if block in r.plan.blocks)
    rng = np.random.default_rng(7)
    d = draw(res, Perturbation(weights=0.2, cuts=0.3, appraised=0.1), rng, 12)
    out = evaluate_draws(res, d)
    for j in range(12):
        rounded, klass, rank = score_one_draw(res, d, j)
        np.testing.assert_allclose(out.rounded[j], rounded, atol=1e-9)
        np.testing.assert_array_equal(out.klass[j], klass)
        np.testing.assert_array_equal(out.rank[j], rank)


def test_perturbation_moves_units_near_a_threshold(departments):
    r = analyse(departments, Perturbation(weights=0.3, cuts=0.2, appraised=0.1, draws=400, seed=1))
    assert np.all((r.base_class_share >= 0) & (r.base_class_share <= 1))
    shares = r.class_share["department"]
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    assert r.flagged.any() and not r.flagged.all()
    assert np.all(r.rank_p5 <= r.median_rank) and np.all(r.median_rank <= r.rank_p95)
    # the same seed gives the same answer
    again = analyse(
        departments, Perturbation(weights=0.3, cuts=0.2, appraised=0.1, draws=400, seed=1)
    )
    assert np.array_equal(r.base_class_share, again.base_class_share)


def test_no_cases_keep_full_marks_whatever_the_cut_points():
    from parindex.criteria import model as m
    from parindex.data.table import IndicatorTable
    from parindex.scoring.compile import compile_plan

    cs = m.CriteriaSet(
        schema_version=1,
        id="t",
        title="t",
        period="2024",
        total=10,
        blocks={"department": m.Block(label="Sở")},
        indicators={
            "ok": m.Indicator(label="ok", kind="count"),
            "all": m.Indicator(label="all", kind="count"),
        },
        derived={"rate": m.Derived(formula="ok / all", kind="rate", zero_denominator="full_marks")},
        areas=[
            m.Area(
                id="1",
                title="a",
                criteria=[
                    m.Criterion(
                        id="1.1",
                        title="t",
                        max=10,
                        rule=m.BandsRule(
                            bands=m.Bands(
                                of="rate",
                                better="higher",
                                cuts=[
                                    m.Cut(at_least=0.9, points=10),
                                    m.Cut(at_least=0.5, points=5),
                                ],
                            )
                        ),
                    )
                ],
            )
        ],
        classes=[m.ClassDef(label="Tốt", min=85), m.ClassDef(label="Yếu")],
    )
    res = evaluate(
        compile_plan(cs),
        IndicatorTable.from_records(
            [
                {"id": "none", "block": "department", "ok": 0, "all": 0},  # no dossier: full marks
                {"id": "half", "block": "department", "ok": 6, "all": 10},
            ]
        ),
    )
    out = evaluate_draws(res, draw(res, Perturbation(cuts=0.5), np.random.default_rng(0), 50))
    assert np.all(out.rounded[:, 0] == 100.0)


def test_without_perturbation_award_shares_match_the_award_decisions(demo):
    from parindex.run import DEMO_HEADS
    from parindex.run import consequences_of as consequences

    heads, decisions = consequences(demo, DEMO_HEADS, {u: 80.0 for r in demo for u in r.table.ids})
    assert heads is not None and decisions is not None
    for res in demo:
        cs = res.plan.criteria
        assert cs.awards is not None and cs.accountability is not None
        levels = [lv.label.casefold() for lv in cs.accountability.levels]
        ok = {}
        for award in cs.awards.awards:
            need = award.conditions.head_at_least
            if need is not None:
                worst = {}
                for h in heads:
                    worst[h.unit.id] = max(
                        worst.get(h.unit.id, 0), levels.index(h.level.casefold())
                    )
                ok[award.id] = {u: w <= levels.index(need.casefold()) for u, w in worst.items()}
        r = analyse(res, Perturbation(draws=5), cs.awards, ok, {u: 80.0 for u in res.table.ids})
        for award in cs.awards.awards:
            want = [
                next(d.eligible for d in decisions if d.unit == u and d.award == award.id)
                for u in res.table.ids
            ]
            assert r.award_share[award.id].tolist() == [float(x) for x in want], award.id


@pytest.mark.usefixtures("english")
def test_the_command_flags_units_and_is_repeatable():
    from test_cli import run

    a = run("robustness", "--draws", "300", "--seed", "5", "--format", "json")
    b = run("robustness", "--draws", "300", "--seed", "5", "--format", "json")
    assert a.exit_code == 0, a.output
    assert a.output == b.output
    import json

    units = json.loads(a.output[: a.output.rindex("}") + 1])["units"]
    assert len(units) == 166
    sxd = next(u for u in units if u["id"] == "SXD")
    assert sxd["class_share"]["Khá"] == 1.0  # the cap holds it at Khá in every draw
    none = run("robustness", "--draws", "50", "--weights", "0", "--cuts", "0", "--appraised", "0")
    assert none.exit_code == 0 and "0 of 166 unit(s) flagged" in none.output
