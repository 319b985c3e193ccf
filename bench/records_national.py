"""Dossier records at national scale → per-unit monthly indicators, against a hand-written
DuckDB GROUP BY over the same Parquet that computes the same counts.

    python bench/records_national.py RECORDS.parquet [repeats]

RECORDS: `parindex records generate DIR --scale national --dossiers 100000000` (canonical
Parquet). Each measurement runs in its own process (peak RSS per process from wait4), the two
alternating, so both see the same machine load. Measured:

- baseline: the hand-written query straight on read_parquet (date_trunc, FILTER, GROUP BY ALL,
  joins and windows for the open counts);
- parindex aggregation: the one aggregation text over the records' typed view (what
  `parindex records indicators --by month` runs after checking);
- parindex checks: every validation check over the same file (reported apart: the hand query
  checks nothing).

Both results are compared row by row (every count of every unit and month).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

YEAR = 2016
CUTOFF = f"TIMESTAMP '{YEAR + 1}-01-01 00:00:00'"

BASELINE = f"""
WITH d AS (SELECT * FROM read_parquet('{{path}}')),
rec AS (
  SELECT unit_id, date_trunc('month', received_at) AS m, count(*) AS received,
    count(*) FILTER (channel = 'online') AS online, count(DISTINCT procedure) AS procs,
    count(DISTINCT procedure) FILTER (channel = 'online') AS procs_online,
    count(*) FILTER (online_payment) AS paid, count(*) FILTER (digitised_on_receipt) AS dig,
    count(*) FILTER (supplement_requests > 1) AS resupplied
  FROM d GROUP BY ALL),
res AS (
  SELECT unit_id, date_trunc('month', finished_at) AS m, count(*) AS resolved,
    count(*) FILTER (withdrawn) AS withdrawn,
    count(*) FILTER (NOT withdrawn AND finished_at <= due_at
                     AND finished_at::DATE < due_at::DATE) AS early,
    count(*) FILTER (NOT withdrawn AND finished_at <= due_at
                     AND finished_at::DATE = due_at::DATE) AS on_time,
    count(*) FILTER (NOT withdrawn AND finished_at > due_at) AS late,
    count(*) FILTER (post_return) AS post, count(*) FILTER (result_digitised) AS rdig,
    count(*) FILTER (NOT withdrawn AND finished_at > due_at AND apology_letter) AS apology,
    count(satisfaction) AS rated, count(*) FILTER (satisfaction < 3) AS dissatisfied
  FROM d WHERE finished_at IS NOT NULL GROUP BY ALL),
due AS (SELECT unit_id, date_trunc('month', due_at) AS m, count(*) AS n FROM d
        WHERE due_at < {CUTOFF} GROUP BY ALL),
clr AS (SELECT unit_id, date_trunc('month', greatest(due_at, finished_at)) AS m, count(*) AS n
        FROM d WHERE finished_at IS NOT NULL AND greatest(due_at, finished_at) < {CUTOFF}
        GROUP BY ALL),
keys AS (
  SELECT unit_id, m FROM rec UNION SELECT unit_id, m FROM res
  UNION SELECT unit_id, m FROM due UNION SELECT unit_id, m FROM clr
  UNION SELECT u.unit_id, t.m FROM (SELECT DISTINCT unit_id FROM rec) u
    CROSS JOIN generate_series(TIMESTAMP '{YEAR}-01-01', TIMESTAMP '{YEAR}-12-01',
                               INTERVAL 1 MONTH) t(m))
SELECT k.unit_id, year(k.m) * 12 + month(k.m) - 1 AS bucket,
  coalesce(received, 0), coalesce(online, 0), coalesce(procs, 0), coalesce(procs_online, 0),
  coalesce(paid, 0), coalesce(dig, 0), coalesce(resupplied, 0), coalesce(resolved, 0),
  coalesce(withdrawn, 0), coalesce(early, 0), coalesce(on_time, 0), coalesce(late, 0),
  coalesce(post, 0), coalesce(rdig, 0), coalesce(apology, 0), coalesce(rated, 0),
  coalesce(dissatisfied, 0),
  sum(coalesce(received, 0) - coalesce(resolved, 0)) OVER w,
  sum(coalesce(due.n, 0) - coalesce(clr.n, 0)) OVER w
FROM keys k LEFT JOIN rec USING (unit_id, m) LEFT JOIN res USING (unit_id, m)
  LEFT JOIN due USING (unit_id, m) LEFT JOIN clr USING (unit_id, m)
WINDOW w AS (PARTITION BY k.unit_id ORDER BY k.m)
QUALIFY k.m >= TIMESTAMP '{YEAR}-01-01' AND k.m < TIMESTAMP '{YEAR + 1}-01-01'
ORDER BY 1, 2
"""


def child(mode: str, path: str) -> None:
    """One measurement, in this process; prints seconds and a digest of the result."""
    import hashlib
    from datetime import datetime

    from parindex.records.engines import duckdb_connection
    from parindex.records.indicators import COUNTS, aggregate, open_records
    from parindex.records.schema import DOSSIER_FIELDS
    from parindex.records.sources import Opened, attach

    t0 = time.perf_counter()
    if mode == "baseline":
        con = duckdb_connection()
        rows = [tuple(r) for r in con.execute(BASELINE.format(path=path)).fetchall()]
    elif mode == "checks":
        open_records([(Path(path), "records")], cutoff=datetime(YEAR + 1, 1, 1))
        rows = []
    else:
        from parindex.records.indicators import Records

        con = duckdb_connection()
        opened = Opened()
        attach(con, "dossiers", [(Path(path), "records")], DOSSIER_FIELDS, opened)
        rec = Records(con, opened, datetime(YEAR + 1, 1, 1), False, [(Path(path), "r")], [])
        out = aggregate(rec, "month", YEAR * 12, YEAR * 12 + 11)
        month = {f"{YEAR}-{m:02d}": YEAR * 12 + m - 1 for m in range(1, 13)}
        rows = [(r["unit_id"], month[r["period"]], *(r[c] for c in COUNTS)) for r in out]
    seconds = time.perf_counter() - t0
    digest = hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()[:16]
    print(json.dumps({"seconds": seconds, "rows": len(rows), "digest": digest}))


def measure(mode: str, path: str) -> dict[str, float]:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", mode, path], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{mode} failed")
    found = json.loads(out)
    found["rss_mib"] = usage.ru_maxrss / 1024
    return found


def main() -> None:
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    import duckdb

    n = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()
    size = Path(path).stat().st_size / 2**30
    print(
        f"{n[0]:,} dossiers, {size:.2f} GiB Parquet; {platform.processor() or platform.machine()}"
    )
    print(f"python {platform.python_version()}, duckdb {duckdb.__version__}, repeats {repeats}")
    found: dict[str, list[dict[str, float]]] = {"baseline": [], "parindex": [], "checks": []}
    for _ in range(repeats):
        for mode in ("baseline", "parindex"):
            found[mode].append(measure(mode, path))
            print(mode, found[mode][-1], flush=True)
    found["checks"].append(measure("checks", path))
    print("checks", found["checks"][-1], flush=True)
    b = statistics.median(r["seconds"] for r in found["baseline"])
    p = statistics.median(r["seconds"] for r in found["parindex"])
    same = {r["digest"] for r in found["baseline"]} == {r["digest"] for r in found["parindex"]}
    print(f"median baseline {b:.1f} s, parindex {p:.1f} s, ratio {p / b:.2f}; identical: {same}")
    for mode, runs in found.items():
        print(f"{mode}: peak RSS {max(r['rss_mib'] for r in runs):.0f} MiB")


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()
