"""The vectorised engine and the plain reference evaluator agree on random sets and data."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.data.table import IndicatorTable
from parindex.scoring import reference
from parindex.scoring.compile import compile_plan
from parindex.scoring.engine import evaluate

from strategies import criteria_sets, unit_values


@st.composite
def cases(draw):
    cs = draw(criteria_sets())
    units = draw(st.lists(unit_values(cs), min_size=1, max_size=12))
    for i, u in enumerate(units):
        u["id"] = f"u{i:02d}"
    return cs, units


def close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1e-9


@settings(max_examples=300, deadline=None)
@given(cases())
def test_engine_agrees_with_reference(case):
    cs, units = case
    plan = compile_plan(cs)
    table = IndicatorTable.from_records(units)
    res = evaluate(plan, table)
    ref = reference.evaluate(cs, units)
    leaf_ids = [leaf.id for leaf in plan.leaves]
    for i, r in enumerate(ref):
        for cid, p in r.points.items():
            got = float(res.points[i, leaf_ids.index(cid)])
            want = math.nan if p is None else p
            assert close(got, want), (r.id, cid, got, want)
        assert close(float(res.index[i]), r.index), (r.id, res.index[i], r.index)
        assert close(float(res.classification.rounded[i]), r.rounded)
        assert res.classification.label(plan, r.block, i) == r.klass, r.id
        assert int(res.classification.rank[i]) == r.rank, (r.id, res.classification.rank, r)


@settings(max_examples=100, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_row_order(case, rnd):
    cs, units = case
    plan = compile_plan(cs)
    shuffled = units[:]
    rnd.shuffle(shuffled)
    a = evaluate(plan, IndicatorTable.from_records(units))
    b = evaluate(plan, IndicatorTable.from_records(shuffled))
    pos = {u["id"]: i for i, u in enumerate(shuffled)}
    order = np.array([pos[u["id"]] for u in units])
    np.testing.assert_array_equal(a.classification.rank, b.classification.rank[order])
    np.testing.assert_array_equal(a.classification.class_index, b.classification.class_index[order])
    np.testing.assert_allclose(a.index, b.index[order], rtol=0, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(cases())
def test_index_is_a_percentage_and_points_stay_within_maxima(case):
    cs, units = case
    plan = compile_plan(cs)
    res = evaluate(plan, IndicatorTable.from_records(units))
    ok = ~np.isnan(res.index)
    assert np.all((res.index[ok] >= -1e-9) & (res.index[ok] <= 100 + 1e-9))
    pts = res.points
    finite = ~np.isnan(pts)
    assert np.all(pts[finite] >= -1e-9)
    assert np.all(pts[finite] <= np.broadcast_to(plan.maxima, pts.shape)[finite] + 1e-9)
