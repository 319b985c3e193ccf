"""The two engines agree: the same transpiled aggregation on DuckDB and on Spark (local[2]).

Skipped, with its reason, where pyspark or Java is missing — except in CI (CI=true), where .ci/run
installs both and a missing one is a failure.
"""

import os
import shutil

import pytest

from parindex.records.generate import generate, national_units
from parindex.records.indicators import aggregate, open_records
from parindex.records.periods import parse_period


def _need_spark() -> None:
    missing = []
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing.append("pyspark (pip install '.[spark]')")
    if shutil.which("java") is None:
        missing.append("Java 17 (apt-get install openjdk-17-jre-headless)")
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail("missing in CI: " + ", ".join(missing))
        pytest.skip("not installed here: " + ", ".join(missing))


def test_duckdb_and_spark_give_identical_indicator_tables(tmp_path):
    _need_spark()
    path = generate(tmp_path, national_units(40, seed=11), 30_000, seed=11)[0]
    rec = open_records([(path, "dossiers.parquet")])
    year = parse_period("2016")
    first, last = year.bucket * 12, year.bucket * 12 + 11
    local = aggregate(rec, "month", first, last)
    spark = aggregate(rec, "month", first, last, engine="spark", master="local[2]")
    units = rec.con.execute("SELECT count(DISTINCT unit_id) FROM dossiers").fetchone()[0]
    assert len(local) == units * 12 and units > 30
    assert spark == local
    h1 = parse_period("2016-H1")
    assert aggregate(rec, "half", h1.bucket, h1.bucket, engine="spark") == aggregate(
        rec, "half", h1.bucket, h1.bucket
    )


def test_spark_reads_converted_records_and_refuses_others(tmp_path):
    _need_spark()
    import pyarrow.parquet as pq
    from click.testing import CliRunner
    from test_records import GOOD

    from parindex.cli import main
    from parindex.errors import ParindexError

    csv = tmp_path / "hs.csv"
    csv.write_text(GOOD, encoding="utf-8")
    june = 2016 * 12 + 5
    rec = open_records([(csv, "hs.csv")])
    with pytest.raises(ParindexError, match="PR006"):
        aggregate(rec, "month", june, june, engine="spark")
    out = tmp_path / "hs.parquet"
    done = CliRunner().invoke(main, ["records", "convert", str(csv), "--out", str(out)])
    assert done.exit_code == 0, done.output
    converted = open_records([(out, "hs.parquet")])
    assert aggregate(converted, "month", june, june, engine="spark") == aggregate(
        rec, "month", june, june
    )
    # Vietnamese codes in a canonical-named file would silently count no online dossier
    table = pq.read_table(out)
    words = [{"online": "trực tuyến"}.get(c, c) for c in table.column("channel").to_pylist()]
    viet = table.set_column(table.schema.get_field_index("channel"), "channel", [words])
    pq.write_table(viet, tmp_path / "viet.parquet")
    with pytest.raises(ParindexError, match="the file has `trực tuyến`"):
        aggregate(
            open_records([(tmp_path / "viet.parquet", "viet.parquet")]),
            "month",
            june,
            june,
            engine="spark",
        )
