"""Benchmark: the Monte Carlo robustness analysis against re-scoring once per draw.

Usage: python bench/robustness.py

1. 10,000 draws over the demo province (166 units, bundled criteria with awards).
2. 1,000 draws over 10,000 units × 150 criteria (the synthetic set of score_synthetic.py).
Each is compared with the naive approach — `evaluate` re-run once per draw on a perturbed plan
and table — timed on a number of draws that fits the run, per draw, in the same run.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
from score_synthetic import criteria, data

from parindex.criteria.validate import bundled_sets
from parindex.data.indicators import read_indicators
from parindex.run import DEMO_DATA, load_criteria, score
from parindex.scoring.compile import compile_plan
from parindex.scoring.engine import evaluate
from parindex.scoring.robustness import Perturbation, analyse, draw

from conftest import score_one_draw  # the slow per-draw oracle lives with the tests

PERT = dict(weights=0.1, cuts=0.05, appraised=0.05)


def naive(res, draws: int) -> float:
    """Seconds for `draws` draws scored one at a time through `evaluate`."""
    d = draw(res, Perturbation(**PERT), np.random.default_rng(0), draws)
    t = time.perf_counter()
    for j in range(draws):
        score_one_draw(res, d, j)
    return time.perf_counter() - t


def main() -> None:
    bundle = load_criteria(bundled_sets())
    demo = score(bundle, read_indicators(DEMO_DATA, bundle.plans))
    t = time.perf_counter()
    for res in demo:
        analyse(res, Perturbation(**PERT, draws=10_000), res.plan.criteria.awards)
    batch = time.perf_counter() - t
    slow = sum(naive(res, 200) for res in demo) / 200
    print(
        f"demo, 166 units, 10,000 draws: batched {batch:.2f} s "
        f"({batch / 10_000 * 1e3:.3f} ms/draw); naive {slow * 1e3:.2f} ms/draw "
        f"(200 draws timed) → {slow * 10_000:.1f} s for 10,000; ratio {slow * 10_000 / batch:.0f}x"
    )
    cs = criteria()
    res = evaluate(compile_plan(cs), data(cs, 10_000))
    t = time.perf_counter()
    analyse(res, Perturbation(**PERT, draws=1_000))
    batch = time.perf_counter() - t
    slow = naive(res, 20) / 20
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"synthetic, 10,000 units x 150 criteria, 1,000 draws: batched {batch:.2f} s; naive "
        f"{slow * 1e3:.1f} ms/draw (20 draws timed) → {slow * 1000:.1f} s for 1,000; "
        f"ratio {slow * 1000 / batch:.1f}x; process peak RSS {rss:.0f} MiB"
    )


if __name__ == "__main__":
    main()
