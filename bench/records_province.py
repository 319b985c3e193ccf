"""A province-year of dossier records → indicators + ranking, as one command.

    python bench/records_province.py RECORDS_DIR [repeats]

RECORDS_DIR: `parindex records generate DIR` (1.5 M dossiers over the demo's 166 units). Runs,
alternating, each as a new process (start-up included), median of the repeats:

- `parindex rank --dossiers DIR/dossiers.parquet --period 2016` (check + aggregate + rank);
- `parindex rank --data <the indicator table that run wrote>` (the ranking alone), the
  baseline: the difference is what the records cost;
- `parindex records check` (the checks alone).

Also compares the two rankings (they must be the same).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(args: list[str], cwd: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(["parindex", *args], cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    records = Path(sys.argv[1]).resolve() / "dossiers.parquet"
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    work = Path(tempfile.mkdtemp())
    chained = ["rank", "--dossiers", str(records), "--period", "2016", "--quiet", "--out", "a"]
    timed(chained, work)  # warm the file cache; writes a/indicators-2016.csv
    table = work / "a" / "indicators-2016.csv"
    plain = ["rank", "--data", str(table), "--quiet", "--out", "b"]
    from parindex.run import DEMO_HEADS

    plain += ["--heads", str(DEMO_HEADS)]
    check = ["records", "check", str(records)]
    found: dict[str, list[float]] = {"rank --dossiers": [], "rank --data": [], "records check": []}
    for _ in range(repeats):
        found["rank --dossiers"].append(timed(chained, work))
        found["rank --data"].append(timed(plain, work))
        found["records check"].append(timed(check, work))
    a = json.loads((work / "a" / "results.json").read_text(encoding="utf-8"))
    b = json.loads((work / "b" / "results.json").read_text(encoding="utf-8"))
    same = [(u["id"], u["index"], u["rank"]) for u in a["units"]] == [
        (u["id"], u["index"], u["rank"]) for u in b["units"]
    ]
    import duckdb

    n = duckdb.connect().execute(f"SELECT count(*) FROM '{records}'").fetchall()[0][0]
    print(f"{n:,} dossiers; repeats {repeats}; same ranking: {same}")
    for name, runs in found.items():
        print(f"{name}: median {statistics.median(runs):.2f} s, min {min(runs):.2f} s")


if __name__ == "__main__":
    main()
