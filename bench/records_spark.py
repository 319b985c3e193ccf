"""The aggregation on Spark local[2] against DuckDB, same records, same process.

    python bench/records_spark.py RECORDS.parquet [repeats]

RECORDS: canonical Parquet (`parindex records generate DIR --scale national --dossiers
10000000`). Per-unit monthly indicators for 2016 on each engine (Spark's session started once
before timing, its start-up reported apart); the tables must be identical.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime
from pathlib import Path


def main() -> None:
    from parindex.records.engines import spark_session
    from parindex.records.indicators import aggregate, open_records

    path = Path(sys.argv[1])
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    t0 = time.perf_counter()
    spark_session("local[2]")
    start = time.perf_counter() - t0
    rec = open_records([(path, path.name)], cutoff=datetime(2017, 1, 1))
    n = rec.con.execute("SELECT count(*) FROM dossiers").fetchall()[0][0]
    found: dict[str, list[float]] = {"duckdb": [], "spark local[2]": []}
    tables = {}
    for _ in range(repeats):
        for engine, name in (("duckdb", "duckdb"), ("spark", "spark local[2]")):
            t0 = time.perf_counter()
            tables[engine] = aggregate(rec, "month", 2016 * 12, 2016 * 12 + 11, engine=engine)
            found[name].append(time.perf_counter() - t0)
            print(name, f"{found[name][-1]:.1f} s", flush=True)
    print(f"{n:,} dossiers; Spark session start {start:.1f} s; repeats {repeats}")
    print(f"identical tables: {tables['duckdb'] == tables['spark']} ({len(tables['duckdb'])} rows)")
    for name, runs in found.items():
        print(f"{name}: median {statistics.median(runs):.1f} s, min {min(runs):.1f} s")


if __name__ == "__main__":
    main()
