"""Benchmark: evaluate + classify + rank on a synthetic province at national scale.

Usage:
  python bench/score_synthetic.py              # the full report (sizes 1k/10k/100k, ratios)
  python bench/score_synthetic.py --one N      # one size in this process (used for peak RSS)

The criteria set has 150 leaf criteria in 10 areas across 3 blocks (bands, proportional,
yes/no, deductions, relative-to-best, appraised, survey) and 20 indicators with 5 derived
rates; criteria are compiled and data built before timing, as the issue asks.
"""

from __future__ import annotations

import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from typing import Any

import numpy as np

from parindex.criteria import model as m
from parindex.data.table import IndicatorTable
from parindex.scoring import reference
from parindex.scoring.compile import compile_plan
from parindex.scoring.engine import evaluate

BLOCKS = ["department", "district", "commune"]
N_LEAVES = 150


def criteria() -> m.CriteriaSet:
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
            kind = k % 10
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


def data(cs: m.CriteriaSet, n: int, seed: int = 1) -> IndicatorTable:
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
            if c.rule is not None and m.rule_kind(c.rule) == "appraised":
                values[c.id] = np.round(rng.random(n) * 4) / 4
    return IndicatorTable(
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


def one(n: int) -> None:
    cs = criteria()
    plan = compile_plan(cs)
    table = data(cs, n)
    repeats = 15 if n <= 10_000 else 5
    evaluate(plan, table)  # warm-up
    times = timed(lambda: evaluate(plan, table), repeats)
    tracemalloc.start()
    evaluate(plan, table)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{n}\t{statistics.median(times) * 1000:.1f}\t{min(times) * 1000:.1f}\t"
        f"{peak / 2**20:.0f}\t{rss:.0f}"
    )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        one(int(sys.argv[2]))
        return
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )
    print(f"criteria: {N_LEAVES} leaves, 10 areas, 3 blocks; compiled before timing\n")
    print(
        "units | evaluate+classify+rank median ms | min ms | traced peak MiB | process peak RSS MiB"
    )
    for n in (1_000, 10_000, 100_000):
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True
        )
        cells = done.stdout.strip().split("\t")
        print(" | ".join(cells))
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


if __name__ == "__main__":
    main()
