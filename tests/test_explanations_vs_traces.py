"""The results document's explanations (built over arrays, run/rows.py and scoring/lift.py)
against the per-unit explainer (scoring/explain.py, one unit at a time, the plain reading of the
rules): the same points, status, value read, band and bound for every criterion of every unit,
and the same lift. The explainer is the reference here, as scoring/reference.py is the engine's."""

from __future__ import annotations

import math

import pytest

from parindex.document import view
from parindex.run import rank
from parindex.run.document import build
from parindex.scoring.explain import explain_all


def _same(a: float | None, b: float | None) -> bool:
    if a is None:  # the document writes a missing value as null, the explainer as None or NaN
        return b is None or math.isnan(b)
    if b is None:
        return False
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-6)


@pytest.fixture(scope="module")
def demo():
    run = rank()
    return run, build(run)


def test_every_criterion_of_every_unit_reads_as_the_explainer_says(demo):
    run, doc = demo
    units = {u["id"]: u for u in doc["units"]}
    checked = 0
    for res in run.results:
        for e in explain_all(res):
            rows = {r["id"]: r for r in view.criteria(doc, units[e.id])}
            for t in e.criteria:
                if t.status == "not_in_block":
                    continue
                r = rows[t.id]
                assert r["status"] == t.status, (e.id, t.id)
                assert _same(r["points"], t.points), (e.id, t.id, r["points"], t.points)
                assert r["max"] == t.max and r["title"] == t.title, (e.id, t.id)
                if t.status == "scored":  # the explainer says band 0 for a criterion not applicable
                    assert r["band"] == t.band, (e.id, t.id)
                    assert _same(r["bound"], t.bound), (e.id, t.id)
                if t.kind != "appraised":
                    assert _same(r["value"], t.value), (e.id, t.id, r["value"], t.value)
                checked += 1
    assert checked > 166 * 20


def test_every_unit_s_lift_is_the_explainer_s(demo):
    run, doc = demo
    units = {u["id"]: u for u in doc["units"]}
    lifted = 0
    for res in run.results:
        for e in explain_all(res):
            u = units[e.id]
            got = u["explanation"]["lift"]
            if e.lift is None:
                assert got is None, e.id
                continue
            lifted += 1
            assert got["target_class"] == e.lift.target_class, e.id
            assert math.isclose(got["needed_points"], e.lift.needed_points, abs_tol=1e-4), e.id
            assert [s["id"] for s in view.lift_steps(doc, u)] == [s.id for s in e.lift.steps]
    assert lifted > 50
