"""Record files → typed DuckDB views with canonical column names, file and row kept.

Each file (Parquet, CSV, Excel) becomes a raw relation; its headers are matched to the canonical
fields (schema.py); then one SQL view per file casts every cell to its field's type, keeping the
text as written beside it (`<field>__raw`) so a cell that does not parse can be shown to the user.
The union of the per-file views is `dossiers` (or `steps`). Nothing is read into Python memory
except Excel files, which are small by nature.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parindex.criteria.source import did_you_mean
from parindex.data.cells import norm
from parindex.errors import Diagnostic, ParindexError, file_error, t
from parindex.records.schema import Field, code_words, lookup

INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"}
EXCEL = {".xlsx", ".xlsm", ".xls", ".ods"}
TRUE_WORDS = ("1", "true", "có", "co", "x", "yes", "y", "đã", "da")
FALSE_WORDS = ("0", "false", "không", "khong", "no", "n", "chưa", "chua")
# an offset written after the time of day: +07:00 is local time, anything else is refused
OFFSET = r":[0-9]{2}(\.[0-9]+)?([+-][0-9]{2}(:?[0-9]{2})?|Z)$"
LOCAL_OFFSET = r"(\+07(:?00)?)$"


@dataclass
class Opened:
    """The columns each file gave each field: header text and 1-based column number."""

    columns: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)  # file → …
    types: dict[str, dict[str, str]] = field(default_factory=dict)  # file → field → SQL type
    views: dict[str, str] = field(default_factory=dict)  # file → the view it is part of


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    """A quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def attach(
    con: Any,
    view: str,
    files: list[tuple[Path, str]],
    fields: tuple[Field, ...],
    opened: Opened,
) -> None:
    """Create `view` over every file (path, shown name); raise with every header problem."""
    problems: list[Diagnostic] = []
    parts: list[str] = []
    for i, (path, shown) in enumerate(files):
        raw = f"{view}_raw_{i}"
        try:
            _raw_relation(con, raw, path, shown)
        except ParindexError as exc:
            problems += exc.diagnostics
            continue
        described = con.execute(f"DESCRIBE {raw}").fetchall()
        columns = [(str(r[0]), str(r[1])) for r in described if r[0] != "_row"]
        found = _match(columns, fields, shown, problems)
        opened.columns[shown] = {f: (columns[j][0], j + 1) for f, j in found.items()}
        types = {f: columns[j][1] for f, j in found.items()}
        opened.types[shown] = types
        opened.views[shown] = view
        select = [f"{lit(shown)} AS _file", "_row"]
        for f in fields:
            j = found.get(f.name)
            src = q(columns[j][0]) if j is not None else None
            select += _typed(f, src, types.get(f.name, "VARCHAR"))
        parts.append(f"SELECT {', '.join(select)} FROM {raw}")
    if problems:
        raise ParindexError(problems)
    con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS " + " UNION ALL ".join(parts))


def _raw_relation(con: Any, name: str, path: Path, shown: str) -> None:
    if not path.is_file():
        raise file_error(shown, "PR001", t("no such file"))
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * EXCLUDE (file_row_number), "
                f"file_row_number + 1 AS _row "
                f"FROM read_parquet({lit(str(path))}, file_row_number = true)"
            )
        elif suffix in EXCEL:
            con.register(f"{name}_arrow", _excel(path, shown))
            con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM {name}_arrow")
        else:
            # the header is line 1, so the first record is line 2
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT *, "
                f"row_number() OVER () + 1 AS _row FROM read_csv({lit(str(path))}, "
                "all_varchar = true, header = true)"
            )
        con.execute(f"SELECT * FROM {name} LIMIT 0").fetchall()
    except ParindexError:
        raise
    except Exception as exc:  # DuckDB's own error types: the file cannot be read as a table
        first = str(exc).splitlines()[0]
        hint = None
        if suffix not in EXCEL and suffix != ".parquet":
            hint = t("CSV records are read as UTF-8 (with or without BOM): save them as CSV UTF-8")
        raise file_error(
            shown, "PR001", t("cannot read the records: {reason}", reason=first), hint
        ) from None


def _excel(path: Path, shown: str) -> Any:
    """An Excel sheet as an Arrow table of text (times as ISO text), with `_row`."""
    import pyarrow as pa

    header, rows = read_sheet_with_times(path, shown)
    cols: dict[str, list[str | None]] = {h: [] for h in header}
    numbers: list[int] = []
    for number, cells in rows:
        numbers.append(number)
        for j, h in enumerate(header):
            cols[h].append(cells[j] if j < len(cells) else None)
    data = {h: pa.array(v, pa.string()) for h, v in cols.items()}
    data["_row"] = pa.array(numbers, pa.int64())
    return pa.table(data)


def read_sheet_with_times(path: Path, shown: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """The first sheet as text cells; unlike the indicator reader, a date keeps its time."""
    from datetime import date, datetime

    from python_calamine import CalamineWorkbook

    try:
        grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    except Exception as exc:  # calamine's own error types for damaged files
        raise file_error(
            shown, "PR001", t("the workbook cannot be read: {reason}", reason=str(exc))
        ) from None

    def text(v: Any) -> str | None:
        if isinstance(v, datetime):
            return v.isoformat(sep=" ")
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return None if v is None or v == "" else str(v)

    rows = [(i + 1, [text(v) for v in r]) for i, r in enumerate(grid) if any(v != "" for v in r)]
    if not rows:
        raise file_error(shown, "PR001", t("the workbook has no rows"))
    header = [c or "" for c in rows[0][1]]
    return header, rows[1:]


def _match(
    columns: list[tuple[str, str]],
    fields: tuple[Field, ...],
    shown: str,
    problems: list[Diagnostic],
) -> dict[str, int]:
    names = lookup(fields)
    found: dict[str, int] = {}
    for j, (header, _) in enumerate(columns):
        name = names.get(norm(header))
        if name is None:
            hint = did_you_mean(norm(header), set(names))
            problems.append(
                Diagnostic(
                    shown,
                    1,
                    j + 1,
                    header,
                    "PR003",
                    t("unknown column `{column}`", column=header),
                    hint=hint
                    or t(
                        "remove the column, or rename it to one of the record's fields "
                        "(`parindex records fields` lists them)"
                    ),
                )
            )
        elif name in found:
            first = columns[found[name]][0]
            problems.append(
                Diagnostic(
                    shown,
                    1,
                    j + 1,
                    header,
                    "PR004",
                    t("column `{column}` repeats `{first}`", column=header, first=first),
                )
            )
        else:
            found[name] = j
    for f in fields:
        if f.required and f.name not in found:
            problems.append(
                Diagnostic(
                    shown,
                    1,
                    None,
                    "",
                    "PR002",
                    t("no column for {field} ({label})", field=f.name, label=f.label),
                    hint=t("name a column `{column}` or `{label}`", column=f.label, label=f.name),
                )
            )
    return found


def _typed(f: Field, src: str | None, typ: str) -> list[str]:
    """The SQL for one field: its typed value, and for non-text fields the text as written."""
    if src is None:
        blank = {"text": "NULL", "code": "NULL", "time": "NULL", "flag": "FALSE"}
        value = blank.get(f.kind, "0" if f.kind == "count" else "NULL")
        cast = {"text": "VARCHAR", "code": "VARCHAR", "time": "TIMESTAMP", "flag": "BOOLEAN"}
        sql_type = cast.get(f.kind, "INTEGER")
        out = [f"CAST({value} AS {sql_type}) AS {f.name}"]
        return out if f.kind == "text" else [*out, f"CAST(NULL AS VARCHAR) AS {f.name}__raw"]
    v = f"NULLIF(trim(CAST({src} AS VARCHAR)), '')"
    if f.kind == "text":
        return [f"{v} AS {f.name}"]
    raw = f"{v} AS {f.name}__raw"
    typ = typ.upper()
    whole = typ in INTEGER_TYPES
    # canonical values (what the generator and `records convert` write) take a short path:
    # CASE evaluates the slow branch only for the rows that need it
    if f.kind == "code":
        codes = ", ".join(lit(c) for c, _ in f.codes)
        words = code_words(f)  # else the words as written, in any case, NFC or NFD
        whens = " ".join(f"WHEN {lit(w)} THEN {lit(c)}" for w, c in words.items())
        slow = f"CASE lower(nfc_normalize({v})) {whens} END"
        return [f"CASE WHEN {src} IN ({codes}) THEN {src} ELSE {slow} END AS {f.name}", raw]
    if f.kind in ("count", "rating") and whole:
        empty = "0" if f.kind == "count" else "NULL"
        ok = f"{src} BETWEEN 1 AND 5" if f.kind == "rating" else f"{src} >= 0"
        value = f"CASE WHEN {src} IS NULL THEN {empty} WHEN {ok} THEN CAST({src} AS INTEGER) END"
        return [f"{value} AS {f.name}", raw]
    if f.kind == "time":
        value = _time(src, v, typ)
    elif f.kind == "flag":
        if typ == "BOOLEAN":
            value = f"coalesce({src}, FALSE)"
        else:
            yes = ", ".join(lit(w) for w in TRUE_WORDS)
            no = ", ".join(lit(w) for w in FALSE_WORDS)
            low = f"lower(nfc_normalize({v}))"
            value = f"CASE WHEN {v} IS NULL THEN FALSE WHEN {low} IN ({yes}) THEN TRUE "
            value += f"WHEN {low} IN ({no}) THEN FALSE END"
    else:  # count, rating: whole numbers; a blank count is zero, a blank rating is none given
        empty = "0" if f.kind == "count" else "NULL"
        value = f"CASE WHEN {v} IS NULL THEN {empty} ELSE try_cast({v} AS INTEGER) END"
        if f.kind == "rating":
            value = f"CASE WHEN ({value}) BETWEEN 1 AND 5 THEN ({value}) END"
        else:
            value = f"CASE WHEN ({value}) >= 0 THEN ({value}) END"
    return [f"{value} AS {f.name}", raw]


def _time(src: str, v: str, typ: str) -> str:
    if typ.startswith("TIMESTAMP WITH TIME ZONE"):
        return f"timezone('Asia/Ho_Chi_Minh', {src})"
    if typ.startswith(("TIMESTAMP", "DATE")):
        return f"CAST({src} AS TIMESTAMP)"
    serial = (
        f"CASE WHEN CAST({v} AS DOUBLE) BETWEEN 1 AND 2958465 THEN "
        f"TIMESTAMP '1899-12-30 00:00:00' + to_seconds(CAST(round(CAST({v} AS DOUBLE) * 86400) "
        "AS BIGINT)) END"
    )
    if typ in {"DOUBLE", "FLOAT", "INTEGER", "BIGINT", "DECIMAL"} or typ.startswith("DECIMAL"):
        return serial  # Excel's day numbers
    local = f"regexp_replace({v}, '{LOCAL_OFFSET}', '')"
    return (
        f"CASE WHEN {v} IS NULL THEN NULL "
        f"WHEN regexp_full_match({v}, '[0-9]+(\\.[0-9]+)?') THEN {serial} "
        f"WHEN regexp_full_match({v}, '[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{4}}.*') THEN coalesce("
        f"try_strptime({v}, '%d/%m/%Y %H:%M:%S'), try_strptime({v}, '%d/%m/%Y %H:%M'), "
        f"try_strptime({v}, '%d/%m/%Y')) "
        f"WHEN regexp_matches({local}, '{OFFSET}') THEN NULL "
        f"ELSE try_cast({local} AS TIMESTAMP) END"
    )
