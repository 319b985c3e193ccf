"""Benchmark: `parindex rank` as a whole process at 1,000 / 10,000 units × 150 criteria.

Usage:
  python bench/rank_scale.py                 # 1k and 10k: wall time and peak RSS
  python bench/rank_scale.py --base 1000     # also the baseline's command at these sizes
  python bench/rank_scale.py --sizes 1000 10000 100000   # these sizes instead
  python bench/rank_scale.py --profile N     # cProfile of one N-unit run, top functions

Writes the synthetic criteria of score_synthetic.py as a YAML file and its data as a CSV under
a temporary folder, then runs `parindex rank --quiet` on them in a new process and measures the
child's peak RSS with `/usr/bin/time`-style wait4 (each run on its own, not the running maximum
of getrusage(RUSAGE_CHILDREN)).
"""

from __future__ import annotations

import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).parent))
import baseline
from score_synthetic import criteria, data


def write_inputs(folder: Path, n: int) -> tuple[Path, Path]:
    cs = criteria()
    doc = cs.model_dump(mode="json", exclude_none=True, exclude_defaults=True, by_alias=True)
    doc["schema_version"] = 1
    crit = folder / "criteria.yaml"
    crit.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    table = data(cs, n)
    cols = list(table.values)
    lines = [",".join(["id", "name", "block", *cols])]
    for i in range(n):
        cells = [table.ids[i], table.names[i], table.blocks[i]]
        for c in cols:
            v = table.values[c][i]
            cells.append("" if np.isnan(v) else f"{v:g}")
        lines.append(",".join(cells))
    path = folder / "data.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return crit, path


def command(crit: Path, path: Path, out: Path) -> list[str]:
    return [
        "rank", "--criteria", str(crit), "--data", str(path),
        "--numbers", "en", "--out", str(out), "--quiet",
    ]  # fmt: skip


def run(n: int, base: bool = False) -> None:
    """One `parindex rank` process; `base`: the baseline's (parindex at baseline.DEFAULT_REF)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        crit, path = write_inputs(folder, n)
        args = [sys.executable, "-m", "parindex", *command(crit, path, folder / "out")]
        if base:
            home = Path(baseline.load().__file__).parent.parent
            boot = (
                f"import sys; sys.path.insert(0, {str(home)!r}); from parindex_base.cli import main"
            )
            args = [sys.executable, "-c", boot + "; main()", *args[3:]]
        t = time.perf_counter()
        log = folder / "stderr.txt"
        with log.open("wb") as err:
            child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(child.pid, 0)  # this child's own peak RSS
            child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t
        if child.returncode != 0:
            print(log.read_text(encoding="utf-8")[-3000:])
            raise SystemExit(f"parindex rank exited {child.returncode}")
        size = sum(f.stat().st_size for f in (folder / "out").rglob("*") if f.is_file())
        peak = usage.ru_maxrss / 1024
        who = "baseline" if base else "current"
        mib = size / 2**20
        print(f"{who} | {n:,} | {wall:.1f} s | {peak:,.0f} MiB | {mib:,.1f} MiB", flush=True)


def profile(n: int) -> None:
    from parindex.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        crit, path = write_inputs(folder, n)
        prof = cProfile.Profile()
        prof.enable()
        try:
            cli(command(crit, path, folder / "out"), standalone_mode=False)
        finally:
            prof.disable()
        stats = pstats.Stats(prof)
        stats.sort_stats("cumulative").print_stats(40)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--profile":
        profile(int(sys.argv[2]))
        return
    options: dict[str, list[int]] = {"--base": [], "--sizes": [1_000, 10_000]}
    key = None
    for arg in sys.argv[1:]:
        if arg in options:
            key = arg
            options[key] = []
        elif key is not None:
            options[key].append(int(arg))
    print("code | units × 150 criteria | wall | peak RSS | output files")
    for n in options["--sizes"]:
        run(n)
        if n in options["--base"]:
            run(n, base=True)


if __name__ == "__main__":
    main()
