"""What `collect` writes: the merged indicator table and its collection log, and reading it back.

The table is one sheet the indicator reader reads as it is (`parindex rank --data`); the log
(`<table>.collect.json`) names every file collected with its SHA-256 and the units it gave, and
the SHA-256 of the table it describes, so `rank` can carry it into its provenance and a log
left beside a table edited since is recognised as stale.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from parindex import __version__
from parindex.data.indicators import column_specs
from parindex.data.units import BASE_LABEL
from parindex.errors import ParindexError, file_error, t
from parindex.forms.collect import Collection
from parindex.forms.columns import NUMBER_FORMAT, form_columns, header_lookup
from parindex.scoring.compile import Plan

LOG_FORMAT = "parindex.collect/1"
SHEET = "Số liệu"


def log_path(table: Path) -> Path:
    """data.xlsx → data.collect.json, beside it."""
    return table.with_name(f"{table.stem}.collect.json")


def merged_workbook(collection: Collection, plans: list[Plan]) -> bytes:
    """One row per unit, one column per input of any criteria set; a unit's cells outside its
    own set stay blank. Not applicable is written KAD, yes/no as có/không."""
    import xlsxwriter

    lookup = header_lookup(plans)
    headers: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for plan in plans:
        for col in form_columns(plan, lookup):
            headers.setdefault(col.name, col.header)
            kinds.setdefault(col.name, col.spec.kind)
    specs = {bid: column_specs(p) for p in plans for bid in p.criteria.blocks}
    labels = {bid: b.label for p in plans for bid, b in p.criteria.blocks.items()}
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = {k: wb.add_format({"num_format": f}) for k, f in NUMBER_FORMAT.items()}
    ws = wb.add_worksheet(SHEET)
    names = list(headers)
    for j, text in enumerate([*BASE_LABEL.values(), *headers.values()]):
        ws.write_string(0, j, text, bold)
    for i, r in enumerate(collection.rows, start=1):
        ws.write_string(i, 0, r.unit.id)
        ws.write_string(i, 1, r.unit.name)
        ws.write_string(i, 2, labels[r.unit.block])
        own = specs[r.unit.block]
        for j, name in enumerate(names, start=3):
            spec = own.get(name)
            if spec is None or name not in r.values:
                continue
            v = r.values[name]
            if math.isnan(v):
                if spec.missing != "optional":  # a blank self score stays blank
                    ws.write_string(i, j, "KAD")
            elif spec.kind == "yes_no":
                ws.write_string(i, j, "có" if v == 1 else "không")
            else:
                ws.write_number(i, j, v, formats[kinds[name]])
    ws.freeze_panes(1, 3)
    ws.set_column(1, 1, 32)
    ws.set_column(2, 2 + len(names), 16)
    wb.close()
    return buf.getvalue()


def collection_log(
    collection: Collection,
    *,
    table: tuple[str, bytes],
    criteria: list[tuple[str, str]],
    units_list: tuple[str, str],
    prefer: str | None,
) -> bytes:
    """The log as JSON bytes. `table`: (shown path, bytes) of the merged table; `criteria`
    and `units_list`: (shown path, SHA-256)."""
    doc = {
        "format": LOG_FORMAT,
        "parindex_version": __version__,
        "time": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "table": {"path": table[0], "sha256": hashlib.sha256(table[1]).hexdigest()},
        "criteria": [{"path": p, "sha256": h} for p, h in criteria],
        "units_list": {"path": units_list[0], "sha256": units_list[1]},
        "prefer": prefer,
        "files": [
            {
                "path": f.shown,
                "sha256": f.sha256,
                "modified": datetime.fromtimestamp(f.modified, UTC).isoformat(),
                "units_read": f.units,
                "units_kept": f.kept,
            }
            for f in collection.files
        ],
        "missing": [u.id for u in collection.missing],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_collection_log(path: Path, display: str | None = None) -> dict[str, Any]:
    """A collection log, checked for the fields a reader relies on."""
    file = display or str(path)
    hint = t("give the .collect.json that `parindex collect` wrote")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise file_error(
            file, "PD001", t("cannot read the file: {reason}", reason=str(exc.strerror))
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise file_error(
            file, "PD001", t("not a collection log: {reason}", reason=str(exc)), hint=hint
        ) from None
    ok = (
        isinstance(doc, dict)
        and doc.get("format") == LOG_FORMAT
        and isinstance(doc.get("table"), dict)
        and isinstance(doc["table"].get("sha256"), str)
        and isinstance(doc.get("files"), list)
        and all(
            isinstance(f, dict)
            and isinstance(f.get("path"), str)
            and isinstance(f.get("sha256"), str)
            and isinstance(f.get("units_read"), list)
            for f in doc["files"]
        )
    )
    if not ok:
        raise file_error(
            file,
            "PD001",
            t("not a collection log (format `{format}`)", format=LOG_FORMAT),
            hint=hint,
        )
    checked: dict[str, Any] = doc
    return checked


def collection_log_for(table: Path) -> Path | None:
    """The log beside an indicator table when it describes this very table, else None."""
    log = log_path(table)
    if not log.is_file():
        return None
    try:
        doc = read_collection_log(log)
        digest = hashlib.sha256(table.read_bytes()).hexdigest()
    except (ParindexError, OSError):
        return None
    return log if doc["table"]["sha256"] == digest else None
