"""Benchmark: evaluate + classify + rank on a synthetic province at national scale.

Usage:
  python bench/score_synthetic.py              # the full report (sizes 1k/10k/100k, ratios)
  python bench/score_synthetic.py --one N      # one size in this process (used for peak RSS)

The criteria set has 150 leaf criteria in 10 areas across 3 blocks (bands, proportional,
yes/no, deductions, relative-to-best, appraised, survey) and 20 indicators with 5 derived
rates; criteria are compiled and data built before timing, as the issue asks.
"""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from typing import Any

import baseline
import numpy as np

from parindex.criteria import model as m
from parindex.data.table import IndicatorTable
from parindex.scoring import reference
from parindex.scoring.compile import compile_plan
from parindex.scoring.engine import evaluate

BLOCKS = ["department", "district", "commune"]
N_LEAVES = 150


def criteria(m: Any = m, only_bands: bool = False) -> Any:
    """The synthetic set, built with the model module `m` (the current one or the baseline's).
    `only_bands`: all 150 criteria are bands (the decision-table comparison)."""
    indicators = {f"c{i}": m.Indicator(label=f"c{i}", kind="count") for i in range(10)}
    indicators |= {f"r{i}": m.Indicator(label=f"r{i}", kind="rate") for i in range(5)}
    indicators |= {f"y{i}": m.Indicator(label=f"y{i}", kind="yes_no") for i in range(4)}
    indicators["sipas"] = m.Indicator(label="sipas", kind="percent", missing="not_applicable")
    derived = {
        f"d{i}": m.Derived(
            formula=f"c{2 * i} / c{2 * i + 1}", kind="rate", zero_denominator="full_marks"
        )
        for i in range(5)
    }
    rates = [*(f"r{i}" for i in range(5)), *(f"d{i}" for i in range(5))]
    areas = []
    k = 0
    for a in range(10):
        crits = []
        for _ in range(N_LEAVES // 10):
            kind = k % 4 if only_bands else k % 10
            of = rates[k % len(rates)]
            if kind < 4:
                higher = kind % 2 == 0
                bounds = [0.95, 0.9, 0.8, 0.5] if higher else [0.02, 0.05, 0.1, 0.2]
                rule: Any = m.BandsRule(
                    bands=m.Bands(
                        of=of,
                        better="higher" if higher else "lower",
                        cuts=[
                            m.Cut(**{"at_least" if higher else "below": b}, points=p)
                            for b, p in zip(bounds, [1, 0.75, 0.5, 0.25], strict=True)
                        ],
                    )
                )
            elif kind < 6:
                rule = m.ProportionalRule(proportional=m.Proportional(of=of))
            elif kind == 6:
                rule = m.YesNoRule(yes_no=f"y{k % 4}")
            elif kind == 7:
                rule = m.DeductRule(deduct=m.PerCount(of=f"c{k % 10}", each=0.01))
            elif kind == 8:
                rule = m.AppraisedRule(appraised=m.Appraised())
            else:
                rule = (
                    m.SurveyRule(survey=m.Survey(of="sipas"))
                    if k % 20 == 9
                    else m.RelativeRule(relative_to_best=m.RelativeToBest(of=f"c{k % 10}"))
                )
            crits.append(m.Criterion(id=f"{a + 1}.{k + 1}", title="t", max=1, rule=rule))
            k += 1
        areas.append(m.Area(id=str(a + 1), title=f"area {a + 1}", criteria=crits))
    return m.CriteriaSet(
        schema_version=1,
        id="bench",
        title="bench",
        period="2024",
        total=N_LEAVES,
        blocks={b: m.Block(label=b) for b in BLOCKS},
        indicators=indicators,
        derived=derived,
        areas=areas,
        classes=[
            m.ClassDef(label="Tốt", min=85),
            m.ClassDef(label="Khá", min=70),
            m.ClassDef(label="Trung bình", min=50),
            m.ClassDef(label="Yếu"),
        ],
        caps=[m.Cap(when="d0 > 0.2", at_most="Khá", reason="late")],
        ranking=m.Ranking(tie_break=[m.TieBreak(of="d1", better="lower")]),
    )


def data(cs: Any, n: int, seed: int = 1, table_cls: Any = IndicatorTable) -> Any:
    rng = np.random.default_rng(seed)
    values: dict[str, np.ndarray] = {}
    for name, ind in cs.indicators.items():
        if ind.kind == "count":
            values[name] = rng.integers(0, 1000, n).astype(np.float64)
        elif ind.kind == "rate":
            values[name] = rng.random(n)
        elif ind.kind == "yes_no":
            values[name] = (rng.random(n) < 0.8).astype(np.float64)
        else:
            v = rng.uniform(60, 100, n)
            v[rng.random(n) < 0.05] = np.nan
            values[name] = v
    for i in range(5):  # a part never exceeds its whole: derived rates stay within 0–1
        values[f"c{2 * i}"] = np.floor(values[f"c{2 * i + 1}"] * rng.random(n))
    for area in cs.areas:
        for c in area.criteria:
            if c.rule is not None and type(c.rule).__name__ == "AppraisedRule":
                values[c.id] = np.round(rng.random(n) * 4) / 4
    return table_cls(
        ids=[f"u{i}" for i in range(n)],
        names=[f"Đơn vị {i}" for i in range(n)],
        blocks=[BLOCKS[i % 3] for i in range(n)],
        values=values,
        na={k: np.isnan(v) for k, v in values.items()},
    )


def timed(fn: Any, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def side_by_side(fns: dict[str, Any], repeats: int) -> dict[str, list[float]]:
    """Time each function `repeats` times, interleaved, so machine load hits all alike."""
    out: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeats):
        for k, fn in fns.items():
            out[k] += timed(fn, 1)
    return out


def engines() -> tuple[Any, Any]:
    """(evaluate on the current plan, evaluate on the baseline's plan), for one table size."""
    base = baseline.load()
    from parindex_base.criteria import model as bm
    from parindex_base.scoring.compile import compile_plan as b_compile
    from parindex_base.scoring.engine import evaluate as b_evaluate
    from parindex_base.scoring.table import IndicatorTable as BTable

    assert base is not None
    return (compile_plan, evaluate, m, IndicatorTable), (b_compile, b_evaluate, bm, BTable)


def one(n: int) -> None:
    """One size in this process: current and baseline interleaved; the traced peak of each."""
    (compile_, evaluate_, mm, tcls), (b_compile, b_evaluate, bm, btcls) = engines()
    plan = compile_(criteria(mm))
    table = data(criteria(mm), n, table_cls=tcls)
    b_plan = b_compile(criteria(bm))
    b_table = data(criteria(bm), n, table_cls=btcls)
    new = evaluate_(plan, table)
    old = b_evaluate(b_plan, b_table)
    assert np.array_equal(new.classification.rank, old.classification.rank)
    assert np.allclose(new.index, old.index, rtol=0, atol=1e-9)
    repeats = 21 if n <= 10_000 else 5
    t = side_by_side(
        {"new": lambda: evaluate_(plan, table), "base": lambda: b_evaluate(b_plan, b_table)},
        repeats,
    )
    peaks = []
    for fn in (lambda: evaluate_(plan, table), lambda: b_evaluate(b_plan, b_table)):
        tracemalloc.start()
        fn()
        peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
    med = {k: statistics.median(v) * 1000 for k, v in t.items()}
    low = {k: min(v) * 1000 for k, v in t.items()}
    print(
        f"{n:,} | {med['new']:.1f} | {low['new']:.1f} | {med['base']:.1f} | {low['base']:.1f} | "
        f"{med['base'] / med['new']:.1f}x | {peaks[0]:.0f} | {peaks[1]:.0f}"
    )


def naive_searchsorted(plan: Any, values: dict[str, np.ndarray]) -> np.ndarray:
    """Points of every band criterion, one np.searchsorted per criterion (the plain numpy way)."""
    n = len(next(iter(values.values())))
    out = np.empty((len(plan.leaves), n))
    for leaf in plan.leaves:
        p = leaf.params
        v = np.nan_to_num(values[leaf.of])
        pts = np.append(p.points, p.otherwise)
        if p.higher:  # cuts decrease: the band is the number of cuts above v
            band = len(p.bounds) - np.searchsorted(p.bounds[::-1], v, side="right")
        else:  # cuts increase: the band is the number of cuts at or below v
            band = np.searchsorted(p.bounds, v, side="right")
        out[leaf.index] = pts[band]
    return out


def zen_graph(plan: Any) -> dict[str, Any]:
    """One ZEN decision graph: a first-hit decision table per band criterion."""
    nodes: list[dict[str, Any]] = [
        {"id": "in", "type": "inputNode", "name": "in", "position": {"x": 0, "y": 0}},
        {"id": "out", "type": "outputNode", "name": "out", "position": {"x": 0, "y": 0}},
    ]
    edges = []
    for leaf in plan.leaves:
        k, p = leaf.index, leaf.params
        op = ">=" if p.higher else "<"
        rules = [
            {"_id": f"r{k}_{j}", f"i{k}": f"{op} {b!r}", f"o{k}": repr(float(pt))}
            for j, (b, pt) in enumerate(zip(p.bounds.tolist(), p.points.tolist(), strict=True))
        ]
        rules.append({"_id": f"r{k}_x", f"i{k}": "", f"o{k}": repr(float(p.otherwise))})
        nodes.append(
            {
                "id": f"t{k}",
                "type": "decisionTableNode",
                "name": f"t{k}",
                "position": {"x": 0, "y": 0},
                "content": {
                    "hitPolicy": "first",
                    "inputs": [{"id": f"i{k}", "name": "v", "field": f"v{k}"}],
                    "outputs": [{"id": f"o{k}", "name": "p", "field": f"p{k}"}],
                    "rules": rules,
                },
            }
        )
        edges += [
            {"id": f"a{k}", "sourceId": "in", "targetId": f"t{k}", "type": "edge"},
            {"id": f"b{k}", "sourceId": f"t{k}", "targetId": "out", "type": "edge"},
        ]
    return {"nodes": nodes, "edges": edges}


def bands_only(n: int) -> None:
    """150 band criteria, 10,000 units: the batched engine, per-criterion np.searchsorted,
    the previous engine, and GoRules ZEN (a decision-table engine) in its fastest form."""
    (compile_, evaluate_, mm, tcls), (b_compile, b_evaluate, bm, btcls) = engines()
    plan = compile_(criteria(mm, only_bands=True))
    table = data(criteria(mm, only_bands=True), n, table_cls=tcls)
    b_plan = b_compile(criteria(bm, only_bands=True))
    b_table = data(criteria(bm, only_bands=True), n, table_cls=btcls)
    for t in (table, b_table):  # every rate defined: the points are the band tables' alone
        for i in range(5):
            t.values[f"c{2 * i + 1}"][t.values[f"c{2 * i + 1}"] == 0] = 1.0
    res = evaluate_(plan, table)
    want, values = res.counted_points, res.values.value
    assert np.array_equal(naive_searchsorted(plan, values), want)
    t = side_by_side(
        {
            "engine": lambda: evaluate_(plan, table),
            "kernels": lambda: _band_kernels(plan, values),
            "searchsorted": lambda: naive_searchsorted(plan, values),
            "base": lambda: b_evaluate(b_plan, b_table),
        },
        21,
    )
    med = {k: statistics.median(v) * 1000 for k, v in t.items()}
    print(
        f"\n150 band criteria × {n:,} units (median of 21, ms): "
        + ", ".join(f"{k} {v:.1f}" for k, v in med.items())
    )
    try:
        import zen
    except ImportError:
        print("zen-engine is not installed (pip install zen-engine): no decision-table figure")
        return
    graph = zen_graph(plan)
    z = min(n, 2_000)  # ZEN's cost per unit does not depend on the unit count: time a part
    contexts = [
        {f"v{leaf.index}": float(np.nan_to_num(values[leaf.of][i])) for leaf in plan.leaves}
        for i in range(z)
    ]
    engine = zen.ZenEngine({"loader": {"type": "static", "content": {"g": graph}}})
    decision = zen.ZenEngine().create_decision(json.dumps(graph))
    requests = [{"key": "g", "context": c} for c in contexts]
    t0 = time.perf_counter()
    batch = engine.evaluate_batch(requests)
    t_batch = time.perf_counter() - t0
    t0 = time.perf_counter()
    single = [decision.evaluate(c) for c in contexts]
    t_single = time.perf_counter() - t0
    t_batch, t_single = t_batch * n / z, t_single * n / z
    got = np.array(
        [[float(r["data"]["result"][f"p{k}"]) for k in range(len(plan.leaves))] for r in batch]
    )
    assert np.array_equal(got.T, want[:, :z]), "ZEN and the engine disagree"
    assert single[0]["result"] == batch[0]["data"]["result"]
    best = min(t_batch, t_single)
    print(
        f"ZEN {zen_version()} ({z:,} units timed, × {n / z:g}): evaluate_batch "
        f"{t_batch * 1000:,.0f} ms, one decision.evaluate per unit {t_single * 1000:,.0f} ms "
        "(contexts built before timing; identical points); "
        f"best / engine = {best * 1000 / med['engine']:,.0f}x, "
        f"best / kernels alone = {best * 1000 / med['kernels']:,.0f}x"
    )


def _band_kernels(plan: Any, values: dict[str, np.ndarray]) -> None:
    """The band kernels alone, on the stacked inputs (what ZEN and searchsorted compute)."""
    from parindex.scoring import batch

    for group in plan.groups:
        rows = [plan.leaves[k] for k in group.leaves]
        v = np.stack([np.nan_to_num(values[leaf.of]) for leaf in rows])
        batch.points(group, v, np.empty(v.shape))


def zen_version() -> str:
    from importlib.metadata import version

    return version("zen-engine")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        one(int(sys.argv[2]))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--bands":
        bands_only(int(sys.argv[2]))
        return
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}, numpy {np.__version__}; "
        f"baseline: parindex at {baseline.DEFAULT_REF}, in the same processes"
    )
    print(f"criteria: {N_LEAVES} leaves, 10 areas, 3 blocks; compiled before timing\n")
    print(
        "units | new median ms | new min ms | baseline median ms | baseline min ms | ratio of "
        "medians | new traced peak MiB | baseline traced peak MiB"
    )
    for n in (1_000, 10_000, 100_000):
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True
        )
        print(done.stdout.strip())
    done = subprocess.run(
        [sys.executable, __file__, "--bands", "10000"], check=True, capture_output=True, text=True
    )
    print(done.stdout.rstrip())
    # the reference evaluator, on the same data, in this run
    cs = criteria()
    plan = compile_plan(cs)
    n = 1_000
    table = data(cs, n)
    records = []
    for i in range(n):
        rec: dict[str, Any] = {"id": table.ids[i], "block": table.blocks[i]}
        for k, v in table.values.items():
            rec[k] = None if np.isnan(v[i]) else float(v[i])
        records.append(rec)
    engine = statistics.median(timed(lambda: evaluate(plan, table), 15))
    ref = statistics.median(timed(lambda: reference.evaluate(cs, records), 3))
    print(
        f"\nreference evaluator, {n:,} units: {ref * 1000:,.0f} ms; engine {engine * 1000:.1f} ms;"
        f" ratio {ref / engine:,.0f}x"
    )
    explanations()


def explanations() -> None:
    """Every unit's explanation: `explain_all` against the baseline's `explain` per unit (its
    cost per unit grows with the unit count, so it is timed on the first 300 units)."""
    from parindex.scoring.explain import explain_all

    (compile_, evaluate_, mm, tcls), (b_compile, b_evaluate, bm, btcls) = engines()
    from parindex_base.scoring.explain import explain as b_explain

    print("\nunits | explain_all ms/unit | baseline explain ms/unit (300 units timed)")
    for n in (1_000, 10_000):
        res = evaluate_(compile_(criteria(mm)), data(criteria(mm), n, table_cls=tcls))
        t0 = time.perf_counter()
        explain_all(res)
        new = (time.perf_counter() - t0) / n
        old_res = b_evaluate(b_compile(criteria(bm)), data(criteria(bm), n, table_cls=btcls))
        t0 = time.perf_counter()
        for i in range(300):
            b_explain(old_res, i)
        old = (time.perf_counter() - t0) / 300
        print(f"{n:,} | {new * 1000:.3f} | {old * 1000:.3f} | {old / new:.0f}x")


if __name__ == "__main__":
    main()
