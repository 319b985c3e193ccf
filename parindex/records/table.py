"""Aggregated counts → the indicator table the criteria already read (CSV), so ranking from
records goes through the same reader, checks and provenance as a table typed by hand.

The units (id, name, block) and every indicator the records do not give (plans, surveys,
appraised points …) come from a base table: the `--data` file, or a units file. Its columns
that the records give are replaced; those the criteria need and the base lacks are added.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from parindex.data.cells import norm, text_of
from parindex.data.indicators import BASE, column_specs
from parindex.data.sheet import Sheet
from parindex.errors import Diagnostic, ParindexError, t
from parindex.records.indicators import MEASURES


def base_ids(sheet: Sheet) -> tuple[int, list[str]]:
    """The id column of the base table and its ids; raise when it has none."""
    for j, h in enumerate(sheet.header):
        if norm(h) in BASE["id"]:
            return j, [text_of(r[j]) for _, r in sheet.rows if text_of(r[j])]
    raise ParindexError(
        [
            Diagnostic(
                sheet.file, sheet.header_row, None, "", "PD002", t("no column for the unit's id")
            )
        ]
    )


def indicator_csv(
    sheet: Sheet, plans: list[Any], counts: dict[str, dict[str, int]], numbers: str = "vi"
) -> bytes:
    """The base table with the records' counts written in; `counts`: unit id → measure → n.

    A unit of the base table with no dossier in the period gets zeros: the one-stop system
    is the register of every dossier, so no record means none was received or resolved.
    """
    lookup: dict[str, str] = {}
    for plan in plans:
        for spec in column_specs(plan).values():
            for h in spec.headers:
                lookup.setdefault(h, spec.name)
    id_col, _ = base_ids(sheet)
    keep: list[tuple[int, str | None]] = []  # (base column, measure written there or None)
    present: set[str] = set()
    for j, h in enumerate(sheet.header):
        key = norm(h)
        if any(key in alts for alts in BASE.values()):
            keep.append((j, None))
        elif key in lookup:
            name = lookup[key]
            present.add(name)
            keep.append((j, name if name in MEASURES else None))
    wanted = sorted({n for n in lookup.values() if n in MEASURES} - present)
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    w.writerow([sheet.header[j] for j, _ in keep] + wanted)
    for _, row in sheet.rows:
        uid = text_of(row[id_col])
        mine = counts.get(uid, {})
        cells = [
            str(mine.get(m, 0)) if m else _cell(row[j] if j < len(row) else None, numbers)
            for j, m in keep
        ]
        w.writerow(cells + [str(mine.get(m, 0)) for m in wanted])
    return out.getvalue().encode("utf-8")


def _cell(cell: Any, numbers: str) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):  # from an Excel base: written the way the reader will read it
        text = repr(int(cell)) if cell.is_integer() else repr(cell)
        return text.replace(".", ",") if numbers == "vi" else text
    return str(cell)
