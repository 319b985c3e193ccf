"""Filling generated forms as a unit would, from the demo province's values (tests, bench)."""

from __future__ import annotations

import math
from pathlib import Path

from parindex.data.cells import norm
from parindex.data.indicators import column_specs, read_indicators
from parindex.forms.columns import header_lookup
from parindex.forms.template import GUIDE_SHEET
from parindex.run import DEMO_DATA


def demo_values(plans):
    """unit id → column → the value a unit would type (number, Có/Không, KAD or None)."""
    table = read_indicators(DEMO_DATA, plans)
    specs = {bid: column_specs(p) for p in plans for bid in p.criteria.blocks}
    out = {}
    for i, uid in enumerate(table.ids):
        own = specs[table.blocks[i]]
        row = {}
        for name, spec in own.items():
            v = float(table.values[name][i])
            if math.isnan(v):
                row[name] = None if spec.missing in ("optional", "not_applicable") else "KAD"
            elif spec.kind == "yes_no":
                row[name] = "Có" if v == 1 else "Không"
            else:
                row[name] = int(v) if spec.kind == "count" else v
        out[uid] = row
    return out


def fill(path: Path, plans, values) -> None:
    """Type each unit's values into its row of every block sheet of the form at `path`."""
    from openpyxl import load_workbook

    lookup = header_lookup(plans)
    wb = load_workbook(path)
    for ws in wb.worksheets:
        if ws.title == GUIDE_SHEET:
            continue
        header = [c.value for c in ws[1]]
        names = [lookup.get(norm(h)) if h else None for h in header]
        for row in ws.iter_rows(min_row=2):
            mine = values[row[0].value]
            for cell, name in zip(row, names, strict=True):
                if name is not None and name in mine:
                    cell.value = mine[name]
    wb.save(path)
