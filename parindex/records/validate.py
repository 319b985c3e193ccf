"""Every check on the records, as SQL over the typed views: counts in one scan, then the first
rows of each failing check, located by file, row and column.

A record that fails any check stops the run: a bad record never silently changes a rate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from parindex.errors import Diagnostic, Text, t
from parindex.records.schema import DOSSIER_FIELDS, STEP_FIELDS, Field
from parindex.records.sources import OFFSET, Opened

OPEN_ENDED = ("finished_at", "step_finished")  # blank: not finished yet
SHOWN = 10  # rows shown per check; the count says how many there are in all


@dataclass(frozen=True)
class Check:
    code: str
    view: str  # dossiers | steps
    field: str  # the column pointed at
    where: str  # SQL condition over the view's row
    # its fields are filled from the failing row's columns (dossier_id, received_at …)
    message: Text | None  # None for PR010: the message depends on the value (_bad_value)


# source types whose every value is valid for the field: no text to parse, nothing to check
NATIVE = {"time": ("TIMESTAMP", "DATE"), "flag": ("BOOLEAN",)}


def _value_checks(view: str, fields: tuple[Field, ...], native: set[str]) -> list[Check]:
    out = []
    for f in fields:
        if f.name in native and not f.required:
            continue
        if f.kind == "text":
            if f.required:
                out.append(Check("PR011", view, f.name, f"{f.name} IS NULL", _blank(f)))
            continue
        bad = f"{f.name} IS NULL AND {f.name}__raw IS NOT NULL"  # the text only where needed
        if f.name not in native:
            out.append(Check("PR010", view, f.name, bad, None))
        if f.required and f.name not in OPEN_ENDED:
            out.append(
                Check(
                    "PR011",
                    view,
                    f.name,
                    f"{f.name} IS NULL AND {f.name}__raw IS NULL",
                    _blank(f),
                )
            )
    return out


def _blank(f: Field) -> Text:
    return t("{field} is blank", field=f.label)


def native_fields(opened: Opened, view: str, fields: tuple[Field, ...]) -> set[str]:
    """Fields every file of `view` gives in a type that cannot hold a bad value (a Parquet
    timestamp, a boolean)."""
    files = [t for name, t in opened.types.items() if opened.views.get(name) == view]
    out = set()
    for f in fields:
        kinds = NATIVE.get(f.kind, ())
        typed = [t.get(f.name, "") for t in files]
        if kinds and files and all(t.startswith(kinds) and "ZONE" not in t for t in typed):
            out.add(f.name)
    return out


def checks(
    cutoff: datetime, has_units: bool, has_steps: bool, native: frozenset[str] = frozenset()
) -> list[Check]:
    at = f"TIMESTAMP '{cutoff:%Y-%m-%d %H:%M:%S}'"
    shown = f"{cutoff:%d/%m/%Y %H:%M}"  # as Vietnamese documents write a time, in both languages
    out = _value_checks("dossiers", DOSSIER_FIELDS, set(native))
    out += [
        Check(
            "PR020",
            "dossiers",
            "finished_at",
            "finished_at < received_at",
            t(
                "dossier `{dossier_id}` finished ({finished_at}) before it was received "
                "({received_at})"
            ),
        ),
        Check(
            "PR021",
            "dossiers",
            "due_at",
            "due_at < received_at",
            t("dossier `{dossier_id}` is due ({due_at}) before it was received ({received_at})"),
        ),
        Check(
            "PR024",
            "dossiers",
            "finished_at",
            f"received_at >= {at} OR finished_at >= {at}",
            t(
                "dossier `{dossier_id}` has a time after the cut-off {cutoff}",
                cutoff=shown,
            ),
        ),
        Check(
            "PR025",
            "dossiers",
            "finished_at",
            "withdrawn AND finished_at IS NULL",
            t("dossier `{dossier_id}` is withdrawn but has no finishing time"),
        ),
    ]
    if has_units:
        out.append(
            Check(
                "PR022",
                "dossiers",
                "unit_id",
                "unit_id IS NOT NULL AND unit_id NOT IN (SELECT unit_id FROM units)",
                t("dossier `{dossier_id}`: unknown unit `{unit_id}`"),
            )
        )
    if has_steps:
        out += _value_checks("steps", STEP_FIELDS, set())
        out.append(
            Check(
                "PR030",
                "steps",
                "dossier_id",
                "dossier_id IS NOT NULL AND dossier_id NOT IN (SELECT dossier_id FROM dossiers)",
                t("step {step} is for dossier `{dossier_id}`, which is not in the records"),
            )
        )
    return out


def validate(
    con: Any,
    opened: Opened,
    cutoff: datetime,
    *,
    has_units: bool,
    has_steps: bool,
) -> list[Diagnostic]:
    """Every problem of the attached records (see `checks`), at most SHOWN rows per check."""
    found: list[Diagnostic] = []
    native = frozenset(native_fields(opened, "dossiers", DOSSIER_FIELDS))
    todo = checks(cutoff, has_units, has_steps, native)
    for view in ("dossiers", "steps") if has_steps else ("dossiers",):
        mine = [c for c in todo if c.view == view]
        counts = con.execute(
            "SELECT "
            + ", ".join(f"count(*) FILTER (WHERE {c.where})" for c in mine)
            + f" FROM {view}"
        ).fetchone()
        for c, n in zip(mine, counts, strict=True):
            if n:
                found += _rows(con, opened, c, int(n))
    found += _duplicates(con, opened)
    return found


def _rows(con: Any, opened: Opened, c: Check, n: int) -> list[Diagnostic]:
    ids = "dossier_id, step" if c.view == "steps" else "dossier_id"
    extra = ", unit_id, received_at, due_at, finished_at" if c.view == "dossiers" else ""
    raw = f"{c.field}__raw" if c.code == "PR010" else "NULL"
    cur = con.execute(
        f"SELECT _file, _row, {raw} AS raw, {ids}{extra} FROM {c.view} WHERE {c.where} "
        f"ORDER BY _file, _row LIMIT {SHOWN}"
    )
    names = [d[0] for d in cur.description]
    out = []
    for values in cur.fetchall():
        row = dict(zip(names, values, strict=True))
        header, column = opened.columns.get(row["_file"], {}).get(c.field, (c.field, None))
        # the row's values are text as read, times as the records give them
        shown = {k: "" if v is None else str(v) for k, v in row.items()}
        text = (
            _bad_value(c, row["raw"])
            if c.message is None
            else Text(c.message.template, {**shown, **c.message.fields})
        )
        out.append(Diagnostic(row["_file"], row["_row"], column, header, c.code, text))
    if n > SHOWN:
        out.append(
            Diagnostic(
                out[0].file,
                None,
                None,
                "",
                c.code,
                t(
                    "{count} rows in all have this problem ({code}); the first {shown} are shown",
                    count=float(n),  # grouped as the language groups thousands
                    code=c.code,
                    shown=SHOWN,
                ),
            )
        )
    return out


def _bad_value(c: Check, raw: str) -> Text:
    f = next(f for f in (*DOSSIER_FIELDS, *STEP_FIELDS) if f.name == c.field)
    if f.kind == "time":
        if re.search(OFFSET, raw):
            return t(
                "`{raw}` carries a time-zone offset other than +07:00 (Asia/Ho_Chi_Minh)", raw=raw
            )
        return t(
            "`{raw}` is not a time: write ISO (2016-06-01 08:30, +07:00 allowed), "
            "01/06/2016 08:30, or an Excel serial",
            raw=raw,
        )
    if f.kind == "code":
        words = [w for _, (w, *_) in f.codes]
        return t(
            "`{raw}` is not a known {field}: one of {words}",
            raw=raw,
            field=f.label.lower(),
            words=words,
        )
    if f.kind == "flag":
        return t("`{raw}` is not a yes/no: write có/không, x or blank, 1/0", raw=raw)
    if f.kind == "rating":
        return t("`{raw}` is not a rating from 1 to 5", raw=raw)
    return t("`{raw}` is not a whole number of zero or more", raw=raw)


def _duplicates(con: Any, opened: Opened) -> list[Diagnostic]:
    n = con.execute(
        "SELECT count(*) FROM (SELECT dossier_id FROM dossiers WHERE dossier_id IS NOT NULL "
        "GROUP BY dossier_id HAVING count(*) > 1)"
    ).fetchone()[0]
    if not n:
        return []
    rows = con.execute(
        "SELECT dossier_id, list(_file ORDER BY _file, _row), list(_row ORDER BY _file, _row) "
        "FROM dossiers WHERE dossier_id IN (SELECT dossier_id FROM dossiers "
        "GROUP BY dossier_id HAVING count(*) > 1) GROUP BY dossier_id "
        f"ORDER BY min(_file), min(_row) LIMIT {SHOWN}"
    ).fetchall()
    out = []
    for did, files, numbers in rows:
        first = t("{file} row {row}", file=files[0], row=numbers[0])
        header, column = opened.columns.get(files[1], {}).get("dossier_id", ("dossier_id", None))
        out.append(
            Diagnostic(
                files[1],
                numbers[1],
                column,
                header,
                "PR023",
                t(
                    "dossier id `{dossier}` is used twice (first at {place})",
                    dossier=did,
                    place=first,
                ),
            )
        )
    if n > SHOWN:
        out.append(
            Diagnostic(
                out[0].file,
                None,
                None,
                "",
                "PR023",
                t(
                    "{count} dossier ids in all are used more than once",
                    count=float(n),  # grouped as the language groups thousands
                ),
            )
        )
    return out
