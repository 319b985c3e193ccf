"""Benchmark: `parindex --help` and `parindex rank --help`, here and in a baseline checkout, side
by side (interleaved runs, new process each time, start-up included).

Usage: python bench/help_timing.py BASELINE_SRC [repeats]
BASELINE_SRC is a folder holding another version's `parindex` package, e.g. made with
`git archive <commit> | tar -x -C /tmp/base`; it is put first on PYTHONPATH.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = str(Path(__file__).parent.parent)


def once(cmd: list[str], src: str, lang: str) -> float:
    env = {**os.environ, "PYTHONPATH": src, "PARINDEX_LANG": lang}
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - t


def main() -> None:
    base = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    exe = [sys.executable, "-m", "parindex"]
    rows = [
        ("parindex --help", [*exe, "--help"]),
        ("parindex rank --help", [*exe, "rank", "--help"]),
    ]
    print(f"{repeats} runs each, interleaved | baseline median s | this tree median s | ratio")
    for label, cmd in rows:
        for lang in ("vi", "en"):
            times: dict[str, list[float]] = {"base": [], "here": []}
            for _ in range(repeats):
                times["base"].append(once(cmd, base, lang))
                times["here"].append(once(cmd, HERE, lang))
            b, h = statistics.median(times["base"]), statistics.median(times["here"])
            print(f"{label} (PARINDEX_LANG={lang}) | {b:.3f} | {h:.3f} | {h / b:.2f}")


if __name__ == "__main__":
    main()
