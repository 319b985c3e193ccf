"""Benchmark: the Monte Carlo robustness analysis, against the baseline and re-scoring per draw.

Usage: python bench/robustness.py [--base REF] [--repeats N]

1. 10,000 draws over the demo province (166 units, bundled criteria with awards).
2. 1,000 draws over 10,000 units × 150 criteria (the synthetic set of score_synthetic.py).
Each is run with the current code and the baseline (parindex at REF, by default
`baseline.DEFAULT_REF`) in this process, alternately N times (medians, minimum and maximum
printed), and compared with the naive approach — the whole engine re-run on
a perturbed plan and table once per draw (the tests' oracle `score_one_draw`), timed on a few
draws.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
import baseline
from score_synthetic import criteria, data

from parindex.criteria import model as m
from parindex.criteria.validate import bundled_sets
from parindex.data.indicators import read_indicators
from parindex.run import DEMO_DATA, load_criteria, score
from parindex.scoring.compile import compile_plan
from parindex.scoring.engine import evaluate
from parindex.scoring.robustness import Perturbation, analyse, draw

from conftest import score_one_draw  # the slow per-draw oracle lives with the tests

PERT = dict(weights=0.1, cuts=0.05, appraised=0.05)


def naive(res, draws: int) -> float:
    """Seconds per draw, each scored through the whole engine."""
    d = draw(res, Perturbation(**PERT), np.random.default_rng(0), draws)
    t = time.perf_counter()
    for j in range(draws):
        score_one_draw(res, d, j)
    return (time.perf_counter() - t) / draws


CPU: dict[str, list[float]] = {"new": [], "old": []}  # the process's CPU seconds of each run


def timed(fn, who: str) -> float:
    t, c = time.perf_counter(), time.process_time()
    fn()
    CPU[who].append(time.process_time() - c)
    return time.perf_counter() - t


def alternate(new, old, repeats: int) -> tuple[list[float], list[float]]:
    """Seconds of `new` and `old`, run one after the other `repeats` times."""
    a, b = [], []
    CPU["new"].clear()
    CPU["old"].clear()
    for _ in range(repeats):
        a.append(timed(new, "new"))
        b.append(timed(old, "old"))
    return a, b


def cpu() -> str:
    new, old = (statistics.median(CPU[w]) for w in ("new", "old"))
    return f"  CPU time, median: {new:.2f} s new, {old:.2f} s baseline ({old / new:.1f}x)"


def show(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default=baseline.DEFAULT_REF, help="git ref of the baseline")
    ap.add_argument("--repeats", type=int, default=1, help="alternating runs of each case")
    args = ap.parse_args()
    baseline.load(args.base)
    from parindex_base.criteria import model as bm
    from parindex_base.criteria.validate import bundled_sets as b_sets
    from parindex_base.data.indicators import read_indicators as b_read
    from parindex_base.run import load_criteria as b_load
    from parindex_base.run import score as b_score
    from parindex_base.scoring.compile import compile_plan as b_compile
    from parindex_base.scoring.engine import evaluate as b_evaluate
    from parindex_base.scoring.robustness import Perturbation as BPert
    from parindex_base.scoring.robustness import analyse as b_analyse

    try:  # where the table lives depends on the baseline's age
        from parindex_base.data.table import IndicatorTable as BTable
    except ModuleNotFoundError:
        from parindex_base.scoring.table import IndicatorTable as BTable

    print(f"baseline: parindex at {args.base}, in this process; {args.repeats} repeat(s)\n")
    print("case | new: median (min–max) | baseline | ratio of medians | naive (engine per draw)")
    bundle = load_criteria(bundled_sets())
    demo = score(bundle, read_indicators(DEMO_DATA, bundle.plans))
    b_bundle = b_load(b_sets())
    b_demo = b_score(b_bundle, b_read(DEMO_DATA, b_bundle.plans))
    new, old = alternate(
        lambda: [
            analyse(res, Perturbation(**PERT, draws=10_000), res.plan.criteria.awards)
            for res in demo
        ],
        lambda: [
            b_analyse(res, BPert(**PERT, draws=10_000), res.plan.criteria.awards) for res in b_demo
        ],
        args.repeats,
    )
    slow = sum(naive(res, 100) for res in demo)
    ratio = statistics.median(old) / statistics.median(new)
    print(
        f"demo, 166 units, 10,000 draws | {show(new)} | {show(old)} | {ratio:.1f}x | "
        f"{slow * 1e3:.2f} ms/draw (100 timed) → {slow * 10_000:.1f} s"
    )
    print(cpu())
    res = evaluate(compile_plan(criteria(m)), data(criteria(m), 10_000))
    b_res = b_evaluate(b_compile(criteria(bm)), data(criteria(bm), 10_000, table_cls=BTable))
    new, old = alternate(
        lambda: analyse(res, Perturbation(**PERT, draws=1_000)),
        lambda: b_analyse(b_res, BPert(**PERT, draws=1_000)),
        args.repeats,
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    slow = naive(res, 10)
    ratio = statistics.median(old) / statistics.median(new)
    print(
        f"synthetic, 10,000 units × 150 criteria, 1,000 draws | {show(new)} | {show(old)} | "
        f"{ratio:.1f}x | {slow * 1e3:.1f} ms/draw (10 timed) → {slow * 1000:.1f} s"
    )
    print(cpu())
    print(f"\nprocess peak RSS after both codes' runs: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
