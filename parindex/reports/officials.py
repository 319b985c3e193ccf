"""The officials' monthly rating as files (xlsx, csv, json) and a terminal table.

Takes plain rows (one dict per official, made by the command from the records' results) and a
provenance dict; computes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

HEADERS = {
    "vi": (
        "Cán bộ",
        "Đơn vị",
        "Số bước xử lý",
        "Số bước trễ hạn",
        "Tỷ lệ trễ hạn",
        "Điểm",
        "Xếp loại",
        "Giới hạn",
    ),
    "en": ("Official", "Unit", "Steps", "Late steps", "Late share", "Score", "Level", "Caps"),
}
KEYS = (
    "official",
    "unit",
    "steps_handled",
    "steps_late",
    "late_share",
    "score",
    "level",
    "caps",
)


def _cells(row: dict[str, Any], lang: str) -> list[Any]:
    level = row["level_en"] if lang == "en" and row["level_en"] else row["level"]
    return [*(row[k] for k in KEYS[:6]), level, "; ".join(row["caps"])]


def render(
    rows: list[dict[str, Any]], meta: dict[str, Any], formats: list[str], lang: str
) -> dict[str, bytes]:
    """file name → bytes for each of `formats` (json, csv, xlsx)."""
    month = meta["month"]
    out: dict[str, bytes] = {}
    if "json" in formats:
        doc = {**meta, "officials": rows}
        out[f"officials-{month}.json"] = json.dumps(doc, ensure_ascii=False, indent=1).encode()
    if "csv" in formats:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(HEADERS[lang])
        for r in rows:
            w.writerow(["" if v is None else v for v in _cells(r, lang)])
        out[f"officials-{month}.csv"] = buf.getvalue().encode("utf-8-sig")
    if "xlsx" in formats:
        out[f"officials-{month}.xlsx"] = _xlsx(rows, meta, lang)
    return out


def _xlsx(rows: list[dict[str, Any]], meta: dict[str, Any], lang: str) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    opts = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    wb = xlsxwriter.Workbook(buf, opts)
    ws = wb.add_worksheet(str(meta["month"]))
    bold = wb.add_format({"bold": True, "text_wrap": True, "border": 1})
    pct = wb.add_format({"num_format": "0.0%"})
    title = meta["title"] + f" — {meta['month']}"
    ws.write_string(0, 0, title, wb.add_format({"bold": True, "font_size": 13}))
    for j, h in enumerate(HEADERS[lang]):
        ws.write_string(2, j, h, bold)
    for i, r in enumerate(rows, start=3):
        for j, v in enumerate(_cells(r, lang)):
            if v is None:
                continue
            if isinstance(v, int | float):
                ws.write_number(i, j, v, pct if j == 4 else None)
            else:
                ws.write_string(i, j, str(v))
    ws.freeze_panes(3, 1)
    ws.autofilter(2, 0, 2 + len(rows), len(HEADERS[lang]) - 1)
    ws.set_column(0, 1, 16)
    ws.set_column(6, 7, 28)
    info = wb.add_worksheet("provenance")
    for i, (k, v) in enumerate(meta["provenance"].items()):
        info.write_string(i, 0, k)
        info.write_string(
            i, 1, json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v)
        )
    wb.close()
    return buf.getvalue()


def table(rows: list[dict[str, Any]], meta: dict[str, Any], lang: str) -> Any:
    from rich.table import Table

    t = Table(title=f"{meta['title']} — {meta['month']}")
    for h in HEADERS[lang]:
        t.add_column(h)
    for r in rows:
        cells = _cells(r, lang)
        cells[4] = "" if cells[4] is None else f"{cells[4]:.1%}"
        t.add_row(*("" if c is None else str(c) for c in cells))
    return t
