"""Where the aggregation runs: DuckDB in this process (default), or Apache Spark.

DuckDB spills to disk when the records are larger than memory (`memory_limit`, temp directory).
Spark reads Parquet records written with the canonical column names (schema.py; the generator's
output, or `parindex records convert`) and runs the aggregation's SQL transpiled by SQLGlot.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

MEMORY_LIMIT = os.environ.get("PARINDEX_MEMORY_LIMIT", "1GB")


def duckdb_connection() -> Any:
    """An in-memory DuckDB that stays under MEMORY_LIMIT and spills beyond it."""
    import duckdb

    con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT})
    spill = Path(tempfile.gettempdir()) / "parindex-duckdb"
    con.execute(f"SET temp_directory = '{spill.as_posix()}'")
    con.execute("SET preserve_insertion_order = false")
    return con


def run_duckdb(con: Any, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in con.execute(sql).fetchall()]


def spark_session(master: str) -> Any:
    """A Spark session on `master` (local[2], spark://host:7077, yarn, k8s://…)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise RuntimeError(
            "--engine spark needs pyspark: pip install 'parindex[spark]' (and Java 17)"
        ) from None
    return (
        SparkSession.builder.master(master)
        .appName("parindex")
        # local wall-clock times stay as written: no shift by the machine's zone
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )


def run_spark(master: str, parquet: list[str], sql: str) -> list[tuple[Any, ...]]:
    """The transpiled aggregation over canonical Parquet files (paths or URIs the cluster reads)."""
    from parindex.records.aggregate import spark_sql

    spark = spark_session(master)
    spark.sparkContext.setLogLevel("ERROR")
    spark.read.parquet(*parquet).createOrReplaceTempView("dossiers")
    return [tuple(r) for r in spark.sql(spark_sql(sql)).collect()]
