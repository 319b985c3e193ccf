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
from datetime import date, datetime
from typing import Any

import xlsxwriter

from parindex.document import view
from parindex.i18n import _
from parindex.reports.tabular import natural
from parindex.reports.text import Words, blocks, provenance, reason, title

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
    w = Words(doc, lang)
    f = _formats(wb, sorted(set(w.decimals_of.values()) | {2}))
    names: set[str] = set()

    def sheet(name: str) -> Any:
        ws = wb.add_worksheet(_sheet_name(name, names))
        # printed as an annex is: A4 landscape, the header row on every page, one page wide
        ws.set_landscape()
        ws.set_paper(9)
        ws.repeat_rows(0)
        ws.fit_to_pages(1, 0)
        return ws

    for block, _label, units in blocks(doc):
        _ranking(sheet(w.block(block)), f, units, doc, w)
    _points(sheet(_("Points", lang)), f, doc, w)
    _explanations(sheet(_("Explanations", lang)), f, doc, w)
    if doc.get("heads"):
        _heads(sheet(_("Heads of unit", lang)), f, doc, w)
    if doc.get("awards"):
        _awards(sheet(_("Emulation awards", lang)), f, doc, w)
    _info(sheet(_("About", lang)), f, doc, w)
    wb.close()
    return buf.getvalue()


def _formats(wb: Any, decimals: list[int]) -> dict[str, Any]:
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
        "pts": wb.add_format({**base, "border": 1, "num_format": "0.##"}),
        "date": wb.add_format({**base, "border": 1, "num_format": "dd/mm/yyyy"}),
        "pct": wb.add_format({**base, "border": 1, "num_format": "0%"}),
        "na": wb.add_format(
            {**base, "border": 1, "font_color": "#808080", "italic": True, "align": "center"}
        ),
        "title": wb.add_format({**base, "bold": True, "font_size": 14}),
    }
    for d in decimals:  # the index as `ranking.decimals` says: 94.5, not 94.50, for decimals 1
        f[f"num{d}"] = wb.add_format(
            {**base, "border": 1, "num_format": "0." + "0" * d if d else "0"}
        )
    for k, colour in enumerate(CLASS_COLOURS):
        f[f"class{k}"] = wb.add_format({**base, "border": 1, "bg_color": colour})
    return f


_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def _sheet_name(text: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, not starting or ending with an
    apostrophe, not "History", unique ignoring case."""
    name = _BAD.sub("-", " ".join(text.split()))[:31].strip("'").strip() or "Sheet"
    if name.casefold() == "history":
        name += " (1)"
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
    ws: Any, f: dict[str, Any], units: list[dict[str, Any]], doc: dict[str, Any], w: Words
) -> None:
    lang = w.lang
    areas = sorted({a for u in units for a in u["areas"]}, key=natural)
    # the area titles of the criteria set that ranks this block, not of another block's set
    titles: dict[str, str] = next(
        (
            s.get("areas_en" if lang == "en" else "areas", {})
            for s in doc.get("criteria_sets", [])
            if s["id"] == units[0]["criteria_set"]
        ),
        {},
    )
    heads = [_("Rank", lang), _("ID", lang), _("Unit", lang), _("Index (%)", lang)]
    heads += [_("Class", lang)]
    heads += [f"{a}. {titles.get(a, '')}".strip() for a in areas]
    heads += [_("Self-assessed (%)", lang), _("Note", lang)]
    _header(ws, f, heads, [7, 10, 38, 11, 14] + [12] * len(areas) + [12, 40])
    order = _class_order(units)
    num = f[f"num{w.decimals(units[0])}"]
    for r, u in enumerate(units, start=1):
        colour = f"class{min(order.index(u['class']), len(CLASS_COLOURS) - 1)}"
        _s(ws, r, 0, u["rank"], f["int"])
        _s(ws, r, 1, u["id"], f["text"])
        _s(ws, r, 2, u["name"], f["text"])
        _s(ws, r, 3, u["index"], num)
        _s(ws, r, 4, w.klass(u["class"]), f[colour])
        for k, a in enumerate(areas):
            _s(ws, r, 5 + k, u["areas"].get(a, {}).get("index"), f["num"])
        _s(ws, r, 5 + len(areas), u["index_self"], num)
        _s(ws, r, 6 + len(areas), "; ".join(w.notes(u)) or None, f["wrap"])
    ws.autofilter(0, 0, len(units), 6 + len(areas))


def _points(ws: Any, f: dict[str, Any], doc: dict[str, Any], w: Words) -> None:
    lang = w.lang
    units = doc["units"]
    crits = sorted({c for u in units for c in u["criteria"]}, key=natural)
    heads = [_("ID", lang), _("Unit", lang), _("Block", lang), *crits]
    _header(ws, f, heads, [10, 38, 16] + [8] * len(crits))
    ws.repeat_rows(0, 1)
    ws.freeze_panes(2, 3)
    ws.write_string(1, 2, _("Max", lang), f["head"])
    ws.write_blank(1, 0, None, f["head"])
    ws.write_blank(1, 1, None, f["head"])
    facts = {s["id"]: s["criteria"] for s in doc["criteria_sets"]}
    maxima: dict[str, float] = {}
    for u in units:
        for c, e in u["criteria"].items():
            if e["status"] != "not_in_block":
                maxima.setdefault(c, facts[u["criteria_set"]][c]["max"])
    for k, c in enumerate(crits):
        _s(ws, 1, 3 + k, maxima.get(c), f["head"])
    for r, u in enumerate(units, start=2):
        _s(ws, r, 0, u["id"], f["text"])
        _s(ws, r, 1, u["name"], f["text"])
        _s(ws, r, 2, w.block(u["block"]), f["text"])
        for k, c in enumerate(crits):
            e = u["criteria"].get(c)
            if e is None or e["status"] == "not_in_block":
                ws.write_blank(r, 3 + k, None, f["text"])
            elif e["status"] == "not_applicable":
                ws.write_string(r, 3 + k, "KAD", f["na"])
            else:
                _s(ws, r, 3 + k, e["points"], f["pts"])
    ws.autofilter(1, 0, len(units) + 1, 2 + len(crits))


def _explanations(ws: Any, f: dict[str, Any], doc: dict[str, Any], w: Words) -> None:
    lang = w.lang
    heads = [
        _("ID", lang),
        _("Unit", lang),
        _("Criterion", lang),
        _("Rule", lang),
        _("Points", lang),
        _("Max", lang),
        _("Lost", lang),
    ]
    _header(ws, f, heads, [10, 32, 48, 40, 9, 9, 9])
    r = 1
    for u in doc["units"]:
        for c in view.criteria(doc, u):
            _s(ws, r, 0, u["id"], f["text"])
            _s(ws, r, 1, u["name"], f["text"])
            _s(ws, r, 2, f"{c['id']} {title(c, lang)}", f["wrap"])
            _s(ws, r, 3, w.rule(c), f["wrap"])
            _s(ws, r, 4, c["points"], f["pts"])
            _s(ws, r, 5, c["max"], f["pts"])
            _s(ws, r, 6, c["lost"] if c["points"] is not None else None, f["pts"])
            r += 1
        for line in w.lift(u):
            _s(ws, r, 0, u["id"], f["text"])
            _s(ws, r, 1, u["name"], f["text"])
            ws.merge_range(r, 2, r, 6, line, f["wrap"])
            r += 1
    ws.autofilter(0, 0, r - 1, 6)


def _heads(ws: Any, f: dict[str, Any], doc: dict[str, Any], w: Words) -> None:
    lang = w.lang
    heads = [
        _("ID", lang),
        _("Unit", lang),
        _("Head", lang),
        _("Position", lang),
        _("From", lang),
        _("To", lang),
        _("Share of unit result", lang),
        _("Score", lang),
        _("Level", lang),
        _("Note", lang),
    ]
    _header(ws, f, heads, [10, 32, 24, 16, 12, 12, 12, 9, 26, 32])
    for r, h in enumerate(doc["heads"], start=1):
        for col, (value, fmt) in enumerate(
            [
                (h["unit"], "text"),
                (h["unit_name"], "text"),
                (h["head"], "text"),
                (h["position"], "text"),
                (date.fromisoformat(h["start"]), "date"),
                (date.fromisoformat(h["end"]), "date"),
                (h["weight_of_unit_result"], "pct"),
                (h["score"], "num"),
                (w.level(h["level"]), "text"),
                ("; ".join(reason(c, lang) for c in h["caps"] if c["lowered"]) or None, "wrap"),
            ]
        ):
            if isinstance(value, date):
                ws.write_datetime(r, col, datetime(value.year, value.month, value.day), f[fmt])
            else:
                _s(ws, r, col, value, f[fmt])
    ws.autofilter(0, 0, len(doc["heads"]), len(heads) - 1)


def _awards(ws: Any, f: dict[str, Any], doc: dict[str, Any], w: Words) -> None:
    lang = w.lang
    heads = [
        _("ID", lang),
        _("Unit", lang),
        _("Block", lang),
        _("Award", lang),
        _("Result", lang),
        _("Reasons", lang),
    ]
    _header(ws, f, heads, [10, 32, 16, 36, 16, 60])
    for r, a in enumerate(doc["awards"], start=1):
        _s(ws, r, 0, a["unit"], f["text"])
        _s(ws, r, 1, a["unit_name"], f["text"])
        _s(ws, r, 2, w.block(a["block"]), f["text"])
        _s(ws, r, 3, w.award(a), f["text"])
        _s(
            ws,
            r,
            4,
            _("eligible", lang) if a["eligible"] else (w.undecided([a]) or _("not eligible", lang)),
            f["class0"] if a["eligible"] else f["text"],
        )
        _s(ws, r, 5, "; ".join(w.award_reasons(a)) or None, f["wrap"])
    ws.autofilter(0, 0, len(doc["awards"]), len(heads) - 1)


def _info(ws: Any, f: dict[str, Any], doc: dict[str, Any], w: Words) -> None:
    lang = w.lang
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 90)
    ws.write_string(0, 0, _("About these results", lang), f["title"])
    r = 2
    for key, value in provenance(doc, lang):
        ws.write_string(r, 0, key, f["text"])
        ws.write_string(r, 1, value, f["text"])
        r += 1
    r += 1
    for s in doc.get("criteria_sets", []):
        ws.write_string(r, 0, _("Criteria set", lang), f["text"])
        name = (s.get("title_en") if lang == "en" else None) or s.get("title", "")
        ws.write_string(r, 1, f"{name} — {s.get('period', '')}", f["text"])
        r += 1
        areas = s.get("areas_en" if lang == "en" else "areas", {})
        for aid, area_title in areas.items():
            ws.write_string(r, 1, f"{aid}. {area_title}", f["text"])
            r += 1
