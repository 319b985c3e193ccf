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


def table_of(cs, units):
    """What a reader makes of the units: blanks replaced as each indicator's `missing:` says."""
    return IndicatorTable.from_records([reference._fill_blanks(cs, u) for u in units])


def agree(cs, plan, res, ref):
    """The engine's results `res` match the reference's `ref`, unit by unit."""
    # derived values, and which of them the run must refuse (a rate above 1, an overflow…)
    refused = {(p.unit, p.column) for p in res.problems if p.column in cs.derived}
    assert refused == {(i, name) for i, r in enumerate(ref) for name in r.problems}
    if refused:
        return  # the command stops here and scores nothing
    for i, r in enumerate(ref):
        for name in cs.derived:
            want = r.values[name]
            got = float(res.values.value[name][i])
            assert close(got, math.nan if want is None else want), (r.id, name, got, want)
            assert bool(res.values.full[name][i]) == (name in r.full), (r.id, name)
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


@settings(max_examples=400, deadline=None)
@given(cases())
def test_engine_agrees_with_reference(case):
    cs, units = case
    plan = compile_plan(cs)
    agree(cs, plan, evaluate(plan, table_of(cs, units)), reference.evaluate(cs, units))


@settings(max_examples=60, deadline=None)
@given(cases())
def test_read_then_scored_agrees_with_reference(tmp_path_factory, case):
    """Through a data file: blank cells take each indicator's `missing:` policy in the reader,
    KAD marks a value not applicable."""
    from parindex.data.indicators import read_indicators

    cs, units = case
    plan = compile_plan(cs)
    cols = sorted({k for u in units for k in u} - {"id", "block"})
    lines = [",".join(["id", "name", "block", *cols])]
    for u in units:
        cells = []
        for k in cols:
            v = u.get(k)
            cells.append("" if v is reference.BLANK else "KAD" if v is None else repr(float(v)))
        lines.append(",".join([u["id"], u["id"], u["block"], *cells]))
    path = tmp_path_factory.mktemp("data") / "data.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_indicators(path, [plan], numbers="en")
    agree(cs, plan, evaluate(plan, table), reference.evaluate(cs, units))


@settings(max_examples=100, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_row_order(case, rnd):
    cs, units = case
    plan = compile_plan(cs)
    shuffled = units[:]
    rnd.shuffle(shuffled)
    a = evaluate(plan, table_of(cs, units))
    b = evaluate(plan, table_of(cs, shuffled))
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
    res = evaluate(plan, table_of(cs, units))
    ok = ~np.isnan(res.index)
    assert np.all((res.index[ok] >= -1e-9) & (res.index[ok] <= 100 + 1e-9))
    pts = res.points
    finite = ~np.isnan(pts)
    assert np.all(pts[finite] >= -1e-9)
    assert np.all(pts[finite] <= np.broadcast_to(plan.maxima, pts.shape)[finite] + 1e-9)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_every_explanation_matches_the_unit_and_its_lift_is_the_fewest_criteria(case):
    from parindex.scoring.explain import explain, explain_all

    cs, units = case
    plan = compile_plan(cs)
    res = evaluate(plan, table_of(cs, units))
    if res.problems:
        return
    every = explain_all(res)
    assert len(every) == len(units)
    for i, e in enumerate(every):
        one = explain(res, i)
        assert (e.id, e.rank, e.klass, e.lift) == (one.id, one.rank, one.klass, one.lift)
        assert [c.points for c in e.criteria] == [c.points for c in one.criteria]
        shown = {c.id: c.points for c in e.criteria}
        for k, leaf in enumerate(plan.leaves):
            p = float(res.points[i, k])
            assert leaf.id not in shown or shown[leaf.id] == (None if math.isnan(p) else p)
        if e.lift is None or not e.lift.reachable:
            continue
        # recovering the steps reaches the next class; fewer criteria never could
        lost = sorted((c.lost for c in e.criteria if c.lost > 1e-12), reverse=True)
        steps = [c.lost for c in e.lift.steps]
        assert sum(steps) >= e.lift.needed_points - 1e-6
        fewer = len(steps) - 1
        assert fewer <= 0 or sum(lost[:fewer]) < e.lift.needed_points - 1e-9
        assert steps == sorted(steps)  # cheapest first
