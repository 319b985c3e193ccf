"""The Excel workbook the Home Affairs department works in (XlsxWriter).

A ranking sheet per block, a points sheet (unit × criterion, not applicable shown as KAD in
grey), explanations, heads and awards when present, and an information sheet with the
provenance and the criteria sets. Numbers stay numbers; every text is written as text
(`strings_to_formulas` off, `write_string` throughout), so a unit named "=HYPERLINK(…)" can never
become a formula.
"""

from __future__ import annotations

import io
import re
from typing import Any

import xlsxwriter

from parindex.reports.labels import t
from parindex.reports.tabular import natural, provenance_lines
from parindex.reports.text import block_label, blocks, klass, lift_text, reason, rule_text, title

CLASS_COLOURS = ["#C6EFCE", "#DDEBF7", "#FFEB9C", "#FFC7CE", "#F4B084"]  # best → worst


def files(doc: dict[str, Any], lang: str) -> dict[str, bytes]:
    return {"results.xlsx": workbook(doc, lang)}


def workbook(doc: dict[str, Any], lang: str) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    f = _formats(wb)
    names: set[str] = set()
    for _, _label, units in blocks(doc):
        _ranking(
            wb.add_worksheet(_sheet_name(block_label(units, lang), names)), f, units, doc, lang
        )
    _points(wb.add_worksheet(_sheet_name(t("points", lang), names)), f, doc, lang)
    _explanations(
        wb.add_worksheet(_sheet_name(t("rule", lang) if lang == "en" else "Giải trình", names)),
        f,
        doc,
        lang,
    )
    if doc.get("heads"):
        _heads(wb.add_worksheet(_sheet_name(t("heads_title", lang), names)), f, doc, lang)
    if doc.get("awards"):
        _awards(wb.add_worksheet(_sheet_name(t("awards_title", lang), names)), f, doc, lang)
    _info(wb.add_worksheet(_sheet_name("Thông tin" if lang == "vi" else "About", names)), f, doc)
    wb.close()
    return buf.getvalue()


def _formats(wb: Any) -> dict[str, Any]:
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}
    f = {
        "head": wb.add_format(
            {
                **base,
                "bold": True,
                "bg_color": "#1F4E78",
                "font_color": "#FFFFFF",
                "text_wrap": True,
                "border": 1,
            }
        ),
        "text": wb.add_format({**base, "border": 1}),
        "wrap": wb.add_format({**base, "border": 1, "text_wrap": True}),
        "int": wb.add_format({**base, "border": 1, "num_format": "0"}),
        "num": wb.add_format({**base, "border": 1, "num_format": "0.00"}),
        "na": wb.add_format(
            {**base, "border": 1, "font_color": "#808080", "italic": True, "align": "center"}
        ),
        "title": wb.add_format({**base, "bold": True, "font_size": 14}),
    }
    for k, colour in enumerate(CLASS_COLOURS):
        f[f"class{k}"] = wb.add_format({**base, "border": 1, "bg_color": colour})
    return f


_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(text: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    name = _BAD.sub("-", text)[:31] or "Sheet"
    base, k = name, 2
    while name.casefold() in taken:
        suffix = f" ({k})"
        name = base[: 31 - len(suffix)] + suffix
        k += 1
    taken.add(name.casefold())
    return name


def _s(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """Write a cell: numbers as numbers, everything else as text (never a formula)."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "✓" if value else "✗", fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _header(ws: Any, f: dict[str, Any], heads: list[str], widths: list[int]) -> None:
    for col, (h, w) in enumerate(zip(heads, widths, strict=True)):
        ws.write_string(0, col, h, f["head"])
        ws.set_column(col, col, w)
    ws.freeze_panes(1, 0)


def _class_order(units: list[dict[str, Any]]) -> list[str]:
    order: list[str] = []
    for u in sorted(units, key=lambda u: -(u["index"] or -1)):
        if u["class"] not in order:
            order.append(u["class"])
    return order


def _ranking(
    ws: Any, f: dict[str, Any], units: list[dict[str, Any]], doc: dict[str, Any], lang: str
) -> None:
    areas = sorted({a for u in units for a in u["areas"]}, key=natural)
    titles = {k: v for s in doc.get("criteria_sets", []) for k, v in s.get("areas", {}).items()}
    heads = [t("rank", lang), t("id", lang), t("unit", lang), t("index", lang), t("class", lang)]
    heads += [f"{a}. {titles.get(a, '')}".strip() for a in areas]
    heads += [t("self_index", lang), t("note", lang)]
    _header(ws, f, heads, [7, 10, 38, 11, 14] + [12] * len(areas) + [12, 40])
    order = _class_order(units)
    for r, u in enumerate(units, start=1):
        colour = f"class{min(order.index(u['class']), len(CLASS_COLOURS) - 1)}"
        _s(ws, r, 0, u["rank"], f["int"])
        _s(ws, r, 1, u["id"], f["text"])
        _s(ws, r, 2, u["name"], f["text"])
        _s(ws, r, 3, u["index"], f["num"])
        _s(ws, r, 4, klass(u, lang), f[colour])
        for k, a in enumerate(areas):
            _s(ws, r, 5 + k, u["areas"].get(a, {}).get("index"), f["num"])
        _s(ws, r, 5 + len(areas), u["index_self"], f["num"])
        notes = [reason(c, lang) for c in u["caps"] if c["lowered"]]
        if u.get("self_flag"):
            notes.append(f"{t('self_flag', lang)} {u['self_gap']:.2f}")
        _s(ws, r, 6 + len(areas), "; ".join(notes) or None, f["wrap"])
    ws.autofilter(0, 0, len(units), 6 + len(areas))


def _points(ws: Any, f: dict[str, Any], doc: dict[str, Any], lang: str) -> None:
    units = doc["units"]
    crits = sorted({c for u in units for c in u["criteria"]}, key=natural)
    heads = [t("id", lang), t("unit", lang), t("block", lang), *crits]
    _header(ws, f, heads, [10, 38, 12] + [8] * len(crits))
    ws.freeze_panes(2, 3)
    ws.write_string(1, 2, t("max", lang), f["head"])
    ws.write_blank(1, 0, None, f["head"])
    ws.write_blank(1, 1, None, f["head"])
    maxima: dict[str, float] = {}
    for u in units:
        for c, e in u["criteria"].items():
            if e["status"] != "not_in_block":
                maxima.setdefault(c, e["max"])
    for k, c in enumerate(crits):
        _s(ws, 1, 3 + k, maxima.get(c), f["head"])
    for r, u in enumerate(units, start=2):
        _s(ws, r, 0, u["id"], f["text"])
        _s(ws, r, 1, u["name"], f["text"])
        _s(ws, r, 2, u["block"], f["text"])
        for k, c in enumerate(crits):
            e = u["criteria"].get(c)
            if e is None or e["status"] == "not_in_block":
                ws.write_blank(r, 3 + k, None, f["text"])
            elif e["status"] == "not_applicable":
                ws.write_string(r, 3 + k, "KAD", f["na"])
            else:
                _s(ws, r, 3 + k, e["points"], f["num"])
    ws.autofilter(1, 0, len(units) + 1, 2 + len(crits))


def _explanations(ws: Any, f: dict[str, Any], doc: dict[str, Any], lang: str) -> None:
    heads = [
        t("id", lang),
        t("unit", lang),
        t("criterion", lang),
        t("rule", lang),
        t("points", lang),
        t("max", lang),
        t("lost", lang),
    ]
    _header(ws, f, heads, [10, 32, 48, 40, 9, 9, 9])
    r = 1
    for u in doc["units"]:
        for c in u["explanation"]["criteria"]:
            _s(ws, r, 0, u["id"], f["text"])
            _s(ws, r, 1, u["name"], f["text"])
            _s(ws, r, 2, f"{c['id']} {title(c, lang)}", f["wrap"])
            _s(ws, r, 3, rule_text(c, lang), f["wrap"])
            _s(ws, r, 4, c["points"], f["num"])
            _s(ws, r, 5, c["max"], f["num"])
            _s(ws, r, 6, c["lost"] if c["points"] is not None else None, f["num"])
            r += 1
        for line in lift_text(u, lang):
            _s(ws, r, 0, u["id"], f["text"])
            _s(ws, r, 1, u["name"], f["text"])
            ws.merge_range(r, 2, r, 6, line, f["wrap"])
            r += 1
    ws.autofilter(0, 0, r - 1, 6)


def _heads(ws: Any, f: dict[str, Any], doc: dict[str, Any], lang: str) -> None:
    heads = [
        t("id", lang),
        t("unit", lang),
        t("head", lang),
        t("position", lang),
        "Từ ngày" if lang == "vi" else "From",
        "Đến ngày" if lang == "vi" else "To",
        t("share", lang),
        t("score", lang),
        t("level", lang),
        t("note", lang),
    ]
    _header(ws, f, heads, [10, 32, 24, 16, 12, 12, 12, 9, 26, 32])
    for r, h in enumerate(doc["heads"], start=1):
        for col, (value, fmt) in enumerate(
            [
                (h["unit"], "text"),
                (h["unit_name"], "text"),
                (h["head"], "text"),
                (h["position"], "text"),
                (h["start"], "text"),
                (h["end"], "text"),
                (h["weight_of_unit_result"], "num"),
                (h["score"], "num"),
                (klass(h, lang, "level"), "text"),
                ("; ".join(reason(c, lang) for c in h["caps"] if c["lowered"]) or None, "wrap"),
            ]
        ):
            _s(ws, r, col, value, f[fmt])
    ws.autofilter(0, 0, len(doc["heads"]), len(heads) - 1)


def _awards(ws: Any, f: dict[str, Any], doc: dict[str, Any], lang: str) -> None:
    heads = [
        t("id", lang),
        t("unit", lang),
        t("block", lang),
        t("awards_title", lang),
        t("result", lang),
        t("reasons", lang),
    ]
    _header(ws, f, heads, [10, 32, 12, 36, 16, 60])
    for r, a in enumerate(doc["awards"], start=1):
        _s(ws, r, 0, a["unit"], f["text"])
        _s(ws, r, 1, a["unit_name"], f["text"])
        _s(ws, r, 2, a["block"], f["text"])
        _s(ws, r, 3, a["title"], f["text"])
        _s(
            ws,
            r,
            4,
            t("eligible", lang) if a["eligible"] else t("refused", lang),
            f["class0"] if a["eligible"] else f["text"],
        )
        _s(ws, r, 5, "; ".join(a["reasons"]) or None, f["wrap"])
    ws.autofilter(0, 0, len(doc["awards"]), len(heads) - 1)


def _info(ws: Any, f: dict[str, Any], doc: dict[str, Any]) -> None:
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 90)
    ws.write_string(0, 0, "parindex", f["title"])
    r = 2
    for line in provenance_lines(doc):
        key, _, rest = line.partition(" ")
        ws.write_string(r, 0, key, f["text"])
        ws.write_string(r, 1, rest, f["text"])
        r += 1
    r += 1
    for s in doc.get("criteria_sets", []):
        ws.write_string(r, 0, s.get("id", ""), f["text"])
        ws.write_string(r, 1, f"{s.get('title', '')} — {s.get('period', '')}", f["text"])
        r += 1
        for aid, area_title in s.get("areas", {}).items():
            ws.write_string(r, 1, f"{aid}. {area_title}", f["text"])
            r += 1
