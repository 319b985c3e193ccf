"""The aggregation, written once: dossier records → counts per unit and period.

One SQL text in DuckDB's dialect; the Spark engine runs the same text transpiled by SQLGlot, so
the two cannot drift (SQL was chosen over an Ibis expression: the counting rules read as the
DOMAIN text writes them, SQLGlot is a small pure-Python dependency, and DuckDB runs the text
without a translation layer in the way). The counting rules (DOMAIN.md, "Counting dossiers"):

- received in a period: received in it; the online share, online payment, digitised-on-receipt
  and the supplement-more-than-once count refer to these;
- resolved: finished in it, withdrawn dossiers included; late = finished strictly after the due
  time; early = not late and on a calendar day before the due day; on time = not late, on the due
  day; withdrawn dossiers are none of the three;
- open, and open and overdue, at the earlier of the period's end and the cut-off. Computed as
  running sums over the periods (received so far − finished so far; due so far − cleared so far,
  where a dossier is cleared once both its due time and its finishing time have passed), which
  needs one pass over the records instead of one per period.
"""

from __future__ import annotations

from datetime import datetime

from parindex.records.periods import bucket_sql
from parindex.records.schema import SATISFIED_AT_LEAST

# every count the aggregation yields, in its output order; rates are formed from them later
RECEIVED = (
    "dossiers_received",
    "dossiers_online",
    "procedures_received",
    "procedures_online",
    "dossiers_paid_online",
    "dossiers_digitised",
    "dossiers_resupplied",
)
RESOLVED = (
    "dossiers_resolved",
    "dossiers_withdrawn",
    "dossiers_early",
    "dossiers_on_time",
    "dossiers_late",
    "results_by_post",
    "results_digitised",
    "apology_letters",
    "dossiers_rated",
    "dossiers_dissatisfied",
)
OPEN = ("dossiers_open", "dossiers_open_overdue")
COUNTS = RECEIVED + RESOLVED + OPEN
_RUNNING = ("due_so_far", "cleared_so_far")


def _n(condition: str) -> str:
    # FILTER rather than SUM(CASE …): DuckDB counts selected rows without materialising the
    # 0/1 column (~25% faster here); Spark 3+ reads the same clause
    return f"COUNT(*) FILTER (WHERE {condition})"


def _part(select: dict[str, str], bucket: str, where: str) -> str:
    """One UNION ALL branch: its own counts, zero for every other column."""
    cols = [f"{select.get(c, '0')} AS {c}" for c in RECEIVED + RESOLVED + _RUNNING]
    return (
        f"SELECT unit_id, {bucket} AS bucket, {', '.join(cols)} "
        f"FROM d WHERE {where} GROUP BY unit_id, {bucket}"
    )


def indicator_sql(grain: str, cutoff: datetime, first: int, last: int) -> str:
    """Counts per (unit_id, bucket) for every unit with records and every bucket first..last,
    in DuckDB SQL (a unit with nothing received or finished in a period still has its open
    dossiers counted there).

    Reads a relation `dossiers` with the canonical columns of schema.DOSSIER_FIELDS; `cutoff`
    is the first instant after the records were taken (nothing in them is at or after it).
    """
    cut = f"TIMESTAMP '{cutoff:%Y-%m-%d %H:%M:%S}'"
    received = {
        "dossiers_received": "COUNT(*)",
        "dossiers_online": _n("online"),
        "procedures_received": "COUNT(DISTINCT procedure)",
        "procedures_online": "COUNT(DISTINCT CASE WHEN online THEN procedure END)",
        "dossiers_paid_online": _n("online_payment"),
        "dossiers_digitised": _n("digitised_on_receipt"),
        "dossiers_resupplied": _n("supplement_requests > 1"),
    }
    resolved = {
        "dossiers_resolved": "COUNT(*)",
        "dossiers_withdrawn": _n("withdrawn"),
        "dossiers_early": _n("NOT withdrawn AND NOT late AND finish_day < due_day"),
        "dossiers_on_time": _n("NOT withdrawn AND NOT late AND finish_day = due_day"),
        "dossiers_late": _n("NOT withdrawn AND late"),
        "results_by_post": _n("post_return"),
        "results_digitised": _n("result_digitised"),
        "apology_letters": _n("NOT withdrawn AND late AND apology_letter"),
        "dossiers_rated": _n("satisfaction IS NOT NULL"),
        "dossiers_dissatisfied": _n(f"satisfaction < {SATISFIED_AT_LEAST}"),
    }
    parts = [
        _part(received, bucket_sql("received_at", grain), "TRUE"),
        _part(resolved, bucket_sql("finished_at", grain), "finished_at IS NOT NULL"),
        _part({"due_so_far": "COUNT(*)"}, bucket_sql("due_at", grain), f"due_at < {cut}"),
        _part(
            {"cleared_so_far": "COUNT(*)"},
            bucket_sql("cleared_at", grain),
            f"cleared_at < {cut}",
        ),
    ]
    sums = ", ".join(f"SUM({c}) AS {c}" for c in RECEIVED + RESOLVED + _RUNNING)
    zeros = ", ".join(f"0 AS {c}" for c in RECEIVED + RESOLVED + _RUNNING)
    buckets = ", ".join(f"({b})" for b in range(first, last + 1))
    window = "PARTITION BY unit_id ORDER BY bucket ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
    outs = ", ".join(f"CAST({c} AS BIGINT) AS {c}" for c in RECEIVED + RESOLVED)
    return f"""
WITH d AS (
  SELECT unit_id, procedure, channel = 'online' AS online, received_at, due_at, finished_at,
    withdrawn, post_return, online_payment, supplement_requests, apology_letter,
    digitised_on_receipt, result_digitised, satisfaction,
    finished_at > due_at AS late,
    CAST(finished_at AS DATE) AS finish_day, CAST(due_at AS DATE) AS due_day,
    CASE WHEN finished_at IS NOT NULL THEN GREATEST(due_at, finished_at) END AS cleared_at
  FROM dossiers
),
parts AS (
  {" UNION ALL ".join(parts)}
),
seen AS (
  SELECT unit_id, bucket, {sums} FROM parts GROUP BY unit_id, bucket
),
padded AS (
  SELECT * FROM seen
  UNION ALL
  SELECT u.unit_id, t.b AS bucket, {zeros}
  FROM (SELECT DISTINCT unit_id FROM seen) AS u CROSS JOIN (VALUES {buckets}) AS t(b)
),
per AS (
  SELECT unit_id, bucket, {sums} FROM padded GROUP BY unit_id, bucket
),
run AS (
  SELECT unit_id, bucket, {outs},
    CAST(SUM(dossiers_received - dossiers_resolved) OVER ({window}) AS BIGINT) AS dossiers_open,
    CAST(SUM(due_so_far - cleared_so_far) OVER ({window}) AS BIGINT) AS dossiers_open_overdue
  FROM per
)
SELECT unit_id, bucket, {", ".join(COUNTS)} FROM run
WHERE bucket BETWEEN {first} AND {last}
ORDER BY unit_id, bucket
"""


def spark_sql(sql: str) -> str:
    """The same text in Spark SQL."""
    import sqlglot

    return str(sqlglot.transpile(sql, read="duckdb", write="spark")[0])
