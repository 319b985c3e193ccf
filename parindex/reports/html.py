"""The HTML report: one self-contained file (no network) with charts, for screen and A4 print.

Rows come from the results document; charts are inline SVG; the page uses no script, no web
font and no external file, so it opens from a USB stick. Jinja2 escapes every value.
"""

from __future__ import annotations

import re
from statistics import mean
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from parindex.document import view
from parindex.i18n import _, day, number, short
from parindex.reports import charts
from parindex.reports.tabular import natural
from parindex.reports.text import Words, blocks, klass, provenance, reason, title

_ENV = Environment(
    loader=PackageLoader("parindex.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


PRINT_HEAT_ROWS = 40


def files(doc: dict[str, Any], lang: str) -> dict[str, bytes]:
    return {"report.html": render(doc, lang).encode("utf-8")}


def render(doc: dict[str, Any], lang: str, *, compact: bool = False) -> str:
    """The report page; `compact` leaves out the per-unit explanations (the PDF: they are in
    the HTML report and the workbook)."""
    return _ENV.get_template("report.html.j2").render(**context(doc, lang, compact=compact))


def context(doc: dict[str, Any], lang: str, *, compact: bool = False) -> dict[str, Any]:
    """Everything the template shows, already in words and formatted numbers."""
    sets = doc.get("criteria_sets", [])
    classes = {b: c for s in sets for b, c in s.get("classes", {}).items()}
    # each block's area titles come from the criteria set that ranks it
    area_titles = {
        b: s.get("areas_en" if lang == "en" else "areas", {}) for s in sets for b in s["blocks"]
    }
    periods = sorted({s.get("period", "") for s in sets} - {""})
    words = Words(doc, lang)
    out_blocks: list[dict[str, Any]] = []
    for block, _label, units in blocks(doc):
        label = words.block(block)
        dec = words.decimals(units[0])
        order = [
            (k["label_en"] if lang == "en" and k.get("label_en") else k["label"])
            for k in classes.get(block, [])
        ] or sorted({klass(u, lang) for u in units})
        counts = [sum(klass(u, lang) == c for u in units) for c in order]
        indices = [u["index"] for u in units if u["index"] is not None]
        thresholds = [
            ((k["label_en"] if lang == "en" and k.get("label_en") else k["label"]), k["min"])
            for k in classes.get(block, [])
            if k["min"] is not None
        ]
        areas = sorted({a for u in units for a in u["areas"]}, key=natural)
        out_blocks.append(
            {
                "id": block,
                "label": label,
                "count": len(units),
                "class_counts": list(zip(order, counts, strict=True)),
                "mean": number(mean(indices), lang, dec) if indices else "",
                "best": (units[0]["name"], words.index(units[0])),
                "worst": (units[-1]["name"], words.index(units[-1])),
                "bars": charts.ranked_bars(
                    tuple(f"{u['rank']}. {u['name']}" for u in units),
                    tuple(u["index"] or 0.0 for u in units),
                    tuple(
                        order.index(klass(u, lang)) if klass(u, lang) in order else 4 for u in units
                    ),
                    tuple(thresholds),
                    _("Index (%)", lang) + f" — {label}",
                    _("Index (%)", lang),
                ),
                "distribution": charts.class_counts(
                    tuple(order), tuple(counts), _("Class", lang) + f" — {label}"
                ),
                # on paper a heat map of more than PRINT_HEAT_ROWS units shrinks to unreadable
                # rows (and is WeasyPrint's slowest drawing): the PDF leaves it to the HTML
                "heat": ""
                if compact and len(units) > PRINT_HEAT_ROWS
                else charts.heat_map(
                    tuple(u["name"] for u in units),
                    tuple(areas),
                    tuple(tuple(u["areas"].get(a, {}).get("index") for a in areas) for u in units),
                    _("Area sub-indices", lang) + f" — {label}",
                ),
                "area_legend": [(a, area_titles.get(block, {}).get(a, a)) for a in areas],
                "units": [_unit(u, words, compact) for u in units],
            }
        )
    heads = [
        {
            "unit": h["unit"],
            "unit_name": h["unit_name"],
            "head": h["head"],
            "position": h["position"],
            "term": f"{day(h['start'], lang)}–{day(h['end'], lang)}",
            "share": number(h["weight_of_unit_result"] * 100, lang, 0) + "%",
            "score": number(h["score"], lang),
            "level": words.level(h["level"]),
            "note": "; ".join(reason(c, lang) for c in h["caps"] if c["lowered"]),
        }
        for h in doc.get("heads", [])
    ]
    awards: dict[str, dict[str, Any]] = {}
    for a in doc.get("awards", []):
        entry = awards.setdefault(
            a["award"],
            {"title": words.award(a), "eligible": [], "refused": 0, "undecided": None},
        )
        entry["undecided"] = entry["undecided"] or words.undecided([a])
        if a["eligible"]:
            entry["eligible"].append({**a, "block": words.block(a["block"])})
        else:
            entry["refused"] += 1
    for k, b in enumerate(out_blocks):
        for key in ("bars", "distribution", "heat"):
            b[key] = unique_ids(b[key], f"b{k}{key[0]}")
    chart_text = "".join(b["bars"] + b["distribution"] + b["heat"] for b in out_blocks)
    return {
        "lang": lang,
        "font_face": charts.font_face(_svg_text(chart_text)),
        "_": lambda message: _(message, lang),
        "title": _("PAR index results", lang) + (f" {', '.join(periods)}" if periods else ""),
        "sets": sets,
        "blocks": out_blocks,
        "heads": heads,
        "awards": list(awards.values()),
        "provenance": [f"{k}: {v}" for k, v in provenance(doc, lang)],
        "compact": compact,
    }


def _unit(u: dict[str, Any], words: Words, compact: bool) -> dict[str, Any]:
    lang = words.lang
    return {
        "id": u["id"],
        "name": u["name"],
        "rank": u["rank"],
        "block_size": u["block_size"],
        "index": words.index(u),
        "class": words.klass(u["class"]),
        "self": words.index(u, "index_self"),
        "notes": words.notes(u),
        "criteria": [
            {
                "id": c["id"],
                "title": title(c, lang),
                "rule": words.rule(c),
                "points": short(c["points"], lang) if c["points"] is not None else "—",
                "max": short(c["max"], lang),
                "lost": short(c["lost"], lang) if c["lost"] > 0 else "",
            }
            for c in view.criteria(words.doc, u)
        ],
        "lift": words.lift(u),
    }


def _svg_text(svg: str) -> str:
    """The characters the charts' <text> elements show (the font subset must hold them)."""
    return "".join(re.findall(r">([^<>]+)</text>", svg))


def unique_ids(svg: str, prefix: str) -> str:
    """The SVG with its ids (and the references to them) prefixed: each chart names its parts
    (the heat map's colour scale) alike, and one page holds many charts."""
    ids = set(re.findall(r'id="([^"]+)"', svg))
    if not ids:
        return svg
    pattern = re.compile(r'(id="|url\(#|href="#)(' + "|".join(map(re.escape, ids)) + r')([")])')
    return pattern.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}{m.group(3)}", svg)
