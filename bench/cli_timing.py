"""Benchmark: whole commands as a user runs them (new process each time, start-up included).

Usage: python bench/cli_timing.py [repeats]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd: list[str], repeats: int) -> tuple[float, float]:
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        out.append(time.perf_counter() - t)
    return statistics.median(out), min(out)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    exe = [sys.executable, "-m", "parindex"]
    with tempfile.TemporaryDirectory() as out:
        rows = [
            ("python -c pass (interpreter start-up alone)", [sys.executable, "-c", "pass"]),
            ("parindex --help", [*exe, "--help"]),
            (
                "parindex rank --quiet (demo: 166 units, 3 sets)",
                [*exe, "rank", "--quiet", "--out", out],
            ),
            ("parindex rank (with the terminal tables)", [*exe, "rank", "--out", out]),
            ("parindex explain SXD", [*exe, "explain", "SXD"]),
        ]
        print(f"{repeats} runs each | median s | min s")
        for label, cmd in rows:
            med, low = timed(cmd, repeats)
            print(f"{label} | {med:.3f} | {low:.3f}")


if __name__ == "__main__":
    main()
