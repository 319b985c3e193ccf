"""Records → checked, aggregated counts per unit and period, and the rates formed from them.

The library call behind `parindex rank --dossiers` and `parindex records indicators`: attach the
files, run every check (raise with all problems, nothing aggregated), then run the aggregation
on the chosen engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from parindex.errors import Diagnostic, ParindexError, file_error, t
from parindex.records.aggregate import COUNTS, indicator_sql
from parindex.records.periods import Period
from parindex.records.schema import DOSSIER_FIELDS, STEP_FIELDS
from parindex.records.sources import Opened, attach
from parindex.records.validate import validate

# rate → (numerator, denominator); every rate is written beside both counts
RATES = {
    "late_rate": ("dossiers_late", "dossiers_resolved"),
    "early_on_time_rate": ("dossiers_early_on_time", "dossiers_resolved"),
    "online_share": ("dossiers_online", "dossiers_received"),
    "procedures_online_share": ("procedures_online", "procedures_received"),
    "post_share": ("results_by_post", "dossiers_resolved"),
    "online_payment_share": ("dossiers_paid_online", "dossiers_received"),
    "digitised_share": ("dossiers_digitised", "dossiers_received"),
    "results_digitised_share": ("results_digitised", "dossiers_resolved"),
    "apology_share": ("apology_letters", "dossiers_late"),
    "dissatisfied_share": ("dossiers_dissatisfied", "dossiers_rated"),
}
# the column types Spark needs to read a file as it is (what `records convert` writes)
SPARK_TYPES = {
    "text": "VARCHAR",
    "code": "VARCHAR",
    "time": "TIMESTAMP",
    "flag": "BOOLEAN",
    "count": "INTEGER",
    "rating": "INTEGER",
}
MEASURES = (*COUNTS, "dossiers_early_on_time")  # what a criteria indicator may take from here


@dataclass(frozen=True)
class Records:
    """Attached, checked records."""

    con: Any  # the DuckDB connection holding the views `dossiers` (and `steps`)
    opened: Opened
    cutoff: datetime  # first instant after the records were taken
    has_steps: bool
    dossier_files: list[tuple[Path, str]]
    step_files: list[tuple[Path, str]]

    @property
    def files(self) -> list[tuple[Path, str]]:
        """Every records file, for the provenance stamp."""
        return [*self.dossier_files, *self.step_files]


def open_records(
    dossiers: list[tuple[Path, str]],
    steps: list[tuple[Path, str]] | None = None,
    *,
    units: set[str] | None = None,
    cutoff: datetime | None = None,
) -> Records:
    """Attach and check the records; raise ParindexError with every problem found.

    `cutoff`: when the records were taken; default, the end of the day of their latest time.
    `units`: the unit ids the records may name (others are errors).
    """
    from parindex.records.engines import duckdb_connection

    con = duckdb_connection()
    opened = Opened()
    problems: list[Diagnostic] = []
    try:
        attach(con, "dossiers", dossiers, DOSSIER_FIELDS, opened)
    except ParindexError as exc:
        problems += exc.diagnostics
    if steps:
        try:
            attach(con, "steps", steps, STEP_FIELDS, opened)
        except ParindexError as exc:
            problems += exc.diagnostics
    if problems:
        raise ParindexError(problems)
    if units is not None:
        con.execute("CREATE TEMP TABLE units (unit_id VARCHAR)")
        con.executemany("INSERT INTO units VALUES (?)", [(u,) for u in sorted(units)])
    if cutoff is None:
        latest = con.execute("SELECT max(greatest(received_at, finished_at)) FROM dossiers")
        last = latest.fetchone()[0]
        if last is None:
            raise file_error(dossiers[0][1], "PR005", t("the records hold no dossier"))
        cutoff = datetime.combine(last.date() + timedelta(days=1), datetime.min.time())
    found = validate(con, opened, cutoff, has_units=units is not None, has_steps=bool(steps))
    if found:
        raise ParindexError(found)
    return Records(con, opened, cutoff, bool(steps), dossiers, steps or [])


def open_count(rec: Records) -> int:
    """Dossiers still open at the cut-off (reported, not an error)."""
    return int(
        rec.con.execute("SELECT count(*) FROM dossiers WHERE finished_at IS NULL").fetchone()[0]
    )


def aggregate(
    rec: Records,
    grain: str,
    first: int,
    last: int,
    *,
    engine: str = "duckdb",
    master: str = "local[2]",
) -> list[dict[str, Any]]:
    """One dict per unit and period: `unit_id`, `period` and every count of MEASURES."""
    from parindex.records.engines import run_duckdb, run_spark

    sql = indicator_sql(grain, rec.cutoff, first, last)
    if engine == "spark":
        rows = run_spark(master, spark_inputs(rec), sql)
    else:
        rows = run_duckdb(rec.con, sql)
    out = []
    for r in rows:
        d: dict[str, Any] = dict(zip(("unit_id", "bucket", *COUNTS), r, strict=True))
        d["period"] = Period(grain, int(d.pop("bucket"))).label
        d["dossiers_early_on_time"] = d["dossiers_early"] + d["dossiers_on_time"]
        out.append(d)
    return out


def spark_inputs(rec: Records) -> list[str]:
    """The dossier files, when Spark can read them as they are: Parquet with canonical names."""
    problems = []
    paths = []
    for i, (path, shown) in enumerate(rec.dossier_files):
        cols = rec.opened.columns.get(shown, {})
        named = all(h == f for f, (h, _) in cols.items()) and len(cols) == len(DOSSIER_FIELDS)
        types = rec.opened.types.get(shown, {})
        typed = all(types.get(f.name, "").startswith(SPARK_TYPES[f.kind]) for f in DOSSIER_FIELDS)
        if path.suffix.lower() != ".parquet" or not named or not typed:
            problems.append(
                Diagnostic(
                    shown,
                    None,
                    None,
                    "",
                    "PR006",
                    t(
                        "Spark reads Parquet records with every canonical column, so named and "
                        "typed, only"
                    ),
                    hint=t("write them with `parindex records convert`, or use --engine duckdb"),
                )
            )
            continue
        for f in DOSSIER_FIELDS:
            if not f.codes:
                continue
            codes = ", ".join(f"'{c}'" for c, _ in f.codes)
            odd = rec.con.execute(
                f"SELECT DISTINCT {f.name} FROM dossiers_raw_{i} "
                f"WHERE {f.name} NOT IN ({codes}) LIMIT 3"
            ).fetchall()
            if odd:
                words = ", ".join(f"`{r[0]}`" for r in odd)
                problems.append(
                    Diagnostic(
                        shown,
                        None,
                        None,
                        f.name,
                        "PR006",
                        t(
                            "Spark reads the canonical codes only ({codes}); the file has {words}",
                            codes=codes,
                            words=words,
                        ),
                        hint=t(
                            "write them with `parindex records convert`, or use --engine duckdb"
                        ),
                    )
                )
        paths.append(str(path.resolve()))
    if problems:
        raise ParindexError(problems)
    return paths


def with_rates(row: dict[str, Any]) -> dict[str, Any]:
    """The row with every rate added (None where the denominator is zero)."""
    out = dict(row)
    for name, (num, den) in RATES.items():
        out[name] = row[num] / row[den] if row[den] else None
    return out
