"""Benchmark: `parindex template` and `parindex collect` as a user runs them (new process each
time, start-up included), beside baselines measured in the same run.

The returns are the demo province's 166 units, each in its own form filled with the demo
values (as the round-trip test fills them). Targets (issue 9): `collect` over 166 per-unit
files ≤ 5 s; `template --per-unit` for 166 units ≤ 5 s.

Usage: python bench/forms_timing.py [repeats]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from parindex.criteria.validate import bundled_sets
from parindex.run import DEMO_DATA, load_criteria

from formfill import demo_values, fill


def timed(cmd: list[str], repeats: int, cwd: str) -> tuple[float, float]:
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=cwd)
        out.append(time.perf_counter() - t)
    return statistics.median(out), min(out)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    exe = [sys.executable, "-m", "parindex"]
    plans = load_criteria(bundled_sets()).plans
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        subprocess.run([*exe, "template", "--out", "returns", "--per-unit"], check=True, cwd=d)
        subprocess.run([*exe, "template", "--out", "all.xlsx"], check=True, cwd=d)
        values = demo_values(plans)
        returns = sorted((d / "returns").glob("*.xlsx"))
        for f in [*returns, d / "all.xlsx"]:
            fill(f, plans, values)
        rows = [
            ("parindex --help (start-up alone)", [*exe, "--help"]),
            (
                "baseline: parindex rank --quiet on the demo CSV (166 units)",
                [*exe, "rank", "--quiet", "--data", str(DEMO_DATA), "--out", "r"],
            ),
            (
                "parindex template --out one.xlsx (166 units, 3 block sheets)",
                [*exe, "template", "--out", "one.xlsx", "--force"],
            ),
            (
                f"parindex template --per-unit ({len(returns)} files)",
                [*exe, "template", "--out", "forms", "--per-unit", "--force"],
            ),
            (
                "parindex collect all.xlsx (one filled workbook, 166 units)",
                [*exe, "collect", "all.xlsx", "--out", "merged1.xlsx"],
            ),
            (
                f"parindex collect returns/ ({len(returns)} filled per-unit files)",
                [*exe, "collect", "returns", "--out", "merged.xlsx"],
            ),
        ]
        print(f"{sys.platform}, Python {sys.version.split()[0]}; {repeats} runs each")
        print("command | median s | min s")
        for label, cmd in rows:
            med, low = timed(cmd, repeats, tmp)
            print(f"{label} | {med:.3f} | {low:.3f}")


if __name__ == "__main__":
    main()
