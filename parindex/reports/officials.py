"""The officials' monthly rating as files (xlsx, csv, json) and a terminal table.

Takes plain rows (one dict per official, made by the command from the records' results) and a
provenance dict; computes nothing.
"""

from __future__ import annotations

import io
import json
from typing import Any

from parindex.i18n import N_, _, percent, short

_HEADERS = (
    N_("Official"),
    N_("Unit"),
    N_("Steps"),
    N_("Late steps"),
    N_("Late share"),
    N_("Score"),
    N_("Level"),
    N_("Caps"),
)
HEADERS = {lang: tuple(_(h, lang) for h in _HEADERS) for lang in ("vi", "en")}
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
    caps = row["caps"]
    if lang == "en":
        caps = [en or vi for vi, en in zip(caps, row.get("caps_en") or caps, strict=True)]
    return [*(row[k] for k in KEYS[:6]), level, "; ".join(caps)]


def render(
    rows: list[dict[str, Any]],
    meta: dict[str, Any],
    formats: list[str],
    lang: str,
    csv_mode: str | None = None,
) -> dict[str, bytes]:
    """file name → bytes for each of `formats` (json, csv, xlsx). The CSV as results.csv is:
    `excel-vi` (the default with Vietnamese) for Excel on a Vietnamese PC — `;`, BOM, decimal
    commas, headers in words; `plain` for programs — `,`, decimal points, ids as headers."""
    month = meta["month"]
    out: dict[str, bytes] = {}
    if "json" in formats:
        doc = {**meta, "officials": rows}
        out[f"officials-{month}.json"] = json.dumps(doc, ensure_ascii=False, indent=1).encode()
    if "csv" in formats:
        out[f"officials-{month}.csv"] = _csv(rows, lang, csv_mode or _default(lang))
    if "xlsx" in formats:
        out[f"officials-{month}.xlsx"] = _xlsx(rows, meta, lang)
    return out


def _default(lang: str) -> str:
    return "excel-vi" if lang == "vi" else "plain"


def _csv(rows: list[dict[str, Any]], lang: str, mode: str) -> bytes:
    from parindex.reports.tabular import table_csv

    if mode == "plain":
        lines = [[r["level"] if k == "level" else r[k] for k in KEYS[:7]] for r in rows]
        for line, r in zip(lines, rows, strict=True):
            line.append("; ".join(r["caps"]))
        return table_csv(list(KEYS), [["" if v is None else v for v in x] for x in lines], False)
    lines = []
    for r in rows:
        cells = _cells(r, "vi")
        cells[4] = percent(r["late_share"], "vi", 1)  # as the workbook shows it: 33,3%
        cells[5] = short(r["score"], "vi")
        lines.append(["" if v is None else v for v in cells])
    return table_csv(list(HEADERS["vi"]), lines, True)


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
    info = wb.add_worksheet(_("Provenance", lang))
    for i, (label, value) in enumerate(_provenance(meta["provenance"], lang)):
        info.write_string(i, 0, label)
        info.write_string(i, 1, value)
    wb.close()
    return buf.getvalue()


def _provenance(prov: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The inputs as (label, "path (SHA-256 …)") in words; the keys are the JSON's."""
    out = []
    for key, v in prov.items():
        if key == "rules":
            label = _("Rules", lang)
        else:
            label = _("Records file {n}", lang).format(n=key.removeprefix("records[").rstrip("]"))
        out.append(
            (label, f"{v['path']} (SHA-256 {v['sha256']})" if isinstance(v, dict) else str(v))
        )
    return out


def table(rows: list[dict[str, Any]], meta: dict[str, Any], lang: str) -> Any:
    from rich.table import Table

    t = Table(title=f"{meta['title']} — {meta['month']}")
    for h in HEADERS[lang]:
        t.add_column(h)
    for r in rows:
        cells = _cells(r, lang)
        cells[4] = percent(cells[4], lang, 1)
        cells[5] = short(cells[5], lang)
        t.add_row(*("" if c is None else str(c) for c in cells))
    return t
