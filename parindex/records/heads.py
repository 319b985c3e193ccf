"""The heads' own indicators, from the records: per head's term, the share of the unit's
dossiers the head processed personally (a step of theirs, `role` head, on a dossier resolved in
the term) and the steps late at the head's own hand (finished in the term after the step's
deadline). They replace the values typed into the heads roster when records are given.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

MEASURES = ("head_processed_share", "head_late")


def head_values(con: Any, terms: list[tuple[str, date, date]]) -> list[tuple[float | None, int]]:
    """(share processed personally or None without resolved dossiers, late steps) per term
    (unit id, first day, last day)."""
    if not terms:
        return []
    rows = ", ".join(
        f"({i}, '{u.replace(chr(39), chr(39) * 2)}', TIMESTAMP '{s:%Y-%m-%d}', "
        f"TIMESTAMP '{datetime.combine(e + timedelta(days=1), datetime.min.time()):%Y-%m-%d}')"
        for i, (u, s, e) in enumerate(terms)
    )
    found = con.execute(
        f"""
WITH t(i, unit_id, s, e) AS (VALUES {rows}),
res AS (
  SELECT t.i, count(*) AS n FROM dossiers AS d JOIN t
    ON d.unit_id = t.unit_id AND d.finished_at >= t.s AND d.finished_at < t.e
  GROUP BY t.i),
own AS (
  SELECT t.i, count(DISTINCT d.dossier_id) AS n
  FROM steps AS st JOIN dossiers AS d ON d.dossier_id = st.dossier_id JOIN t
    ON d.unit_id = t.unit_id AND d.finished_at >= t.s AND d.finished_at < t.e
  WHERE st.role = 'head' GROUP BY t.i),
late AS (
  SELECT t.i, count(*) AS n
  FROM steps AS st JOIN dossiers AS d ON d.dossier_id = st.dossier_id JOIN t
    ON d.unit_id = t.unit_id AND st.step_finished >= t.s AND st.step_finished < t.e
  WHERE st.role = 'head' AND st.step_finished > st.step_due GROUP BY t.i)
SELECT t.i, res.n, own.n, late.n FROM t
  LEFT JOIN res ON res.i = t.i LEFT JOIN own ON own.i = t.i LEFT JOIN late ON late.i = t.i
ORDER BY t.i
"""
    ).fetchall()
    return [
        ((own or 0) / resolved if resolved else None, int(late or 0))
        for _, resolved, own, late in found
    ]


def roster_csv(
    sheet: Any, headers: dict[str, frozenset[str]], con: Any, first: date, last: date
) -> bytes:
    """The heads roster with its MEASURES columns computed from the records over each term
    clipped to first..last; `headers`: measure → the normalised headers it may have. A row whose
    unit or dates cannot be read is left as written, for the roster reader to report."""
    import csv
    import io

    from parindex.data.cells import norm, text_of
    from parindex.data.roster import COLUMNS, parse_date

    where = {
        k: j for j, h in enumerate(sheet.header) for k, alts in COLUMNS.items() if norm(h) in alts
    }
    at = {
        m: j for j, h in enumerate(sheet.header) for m in MEASURES if norm(h) in headers.get(m, ())
    }
    header = list(sheet.header) + [m for m in MEASURES if m not in at]
    for extra, m in enumerate(m for m in MEASURES if m not in at):
        at[m] = len(sheet.header) + extra
    rows: list[list[str]] = []
    terms: list[tuple[str, date, date]] = []
    index: list[int] = []
    for _, cells in sheet.rows:
        row = [text_of(c) if isinstance(c, float) else ("" if c is None else str(c)) for c in cells]
        row += [""] * (len(header) - len(row))
        unit = text_of(cells[where["unit"]]) if "unit" in where else ""
        start = parse_date(cells[where["start"]]) if "start" in where else first
        end = parse_date(cells[where["end"]]) if "end" in where else last
        if unit and start is not None and end is not None:
            index.append(len(rows))
            terms.append((unit, max(start, first), min(end, last)))
        rows.append(row)
    for i, (share, late) in zip(index, head_values(con, terms), strict=True):
        # no dossier resolved in the term: the share does not apply (KAD), it is not zero
        text = "KAD" if share is None else f"{share:.4f}".replace(".", ",")
        rows[i][at["head_processed_share"]] = text
        rows[i][at["head_late"]] = str(late)
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode("utf-8")
