"""The results document, results.json and the CSV files.

`document` gathers everything a run produced into one plain dict — the shape results.json
stores and every report format renders, so `parindex report results.json` can redraw any format
later without scoring again. Each CSV keeps one flat row per record and is written with a UTF-8
BOM so Excel shows Vietnamese correctly when the file is double-clicked. Every file ends with
the provenance.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any


def to_json(doc: dict[str, Any]) -> bytes:
    from parindex.document.io import to_json as strict

    return strict(doc)


def to_csv(doc: dict[str, Any]) -> bytes:
    rows = doc["units"]
    areas = sorted({a for r in rows for a in r["areas"]}, key=natural)
    crits = sorted({c for r in rows for c in r["criteria"]}, key=natural)
    head = [
        "id",
        "name",
        "block",
        "index",
        "class",
        "rank",
        "block_size",
        "index_self",
        "self_gap",
        "self_flag",
        "capped_by",
    ]
    head += [f"area {a}" for a in areas] + [f"criterion {c}" for c in crits]
    lines: list[list[Any]] = []
    for r in rows:
        line = [
            r["id"],
            r["name"],
            r["block"],
            r["index"],
            r["class"],
            r["rank"],
            r["block_size"],
            r["index_self"],
            r["self_gap"],
            r["self_flag"],
            "; ".join(c["reason"] for c in r["caps"] if c["lowered"]),
        ]
        line += [r["areas"].get(a, {}).get("index") for a in areas]
        line += [_points(r["criteria"].get(c)) for c in crits]
        lines.append(line)
    return _csv(doc, head, lines)


def heads_csv(doc: dict[str, Any]) -> bytes:
    heads = doc.get("heads", [])
    comps = sorted({c for h in heads for c in h["components"]}, key=natural)
    head = [
        "unit",
        "unit_name",
        "head",
        "position",
        "start",
        "end",
        "share_of_period",
        "weight_of_unit_result",
        "score",
        "level",
        "level_before_caps",
        "capped_by",
        "unit_index",
        "unit_class",
        "unit_rank",
        *[f"component {c}" for c in comps],
    ]
    lines = [
        [
            h["unit"],
            h["unit_name"],
            h["head"],
            h["position"],
            h["start"],
            h["end"],
            h["share_of_period"],
            h["weight_of_unit_result"],
            h["score"],
            h["level"],
            h["level_before_caps"],
            "; ".join(c["reason"] for c in h["caps"] if c["lowered"]),
            h["unit_result"]["index"],
            h["unit_result"]["class"],
            h["unit_result"]["rank"],
            *[h["components"].get(c) for c in comps],
        ]
        for h in heads
    ]
    return _csv(doc, head, lines)


def awards_csv(doc: dict[str, Any]) -> bytes:
    head = ["unit", "unit_name", "block", "award", "title", "eligible", "reasons"]
    lines = [
        [
            a["unit"],
            a["unit_name"],
            a["block"],
            a["award"],
            a["title"],
            a["eligible"],
            "; ".join(a["reasons"]),
        ]
        for a in doc.get("awards", [])
    ]
    return _csv(doc, head, lines)


def provenance_lines(doc: dict[str, Any]) -> list[str]:
    """The provenance as short lines: version, time, and each input with its SHA-256."""
    prov = doc["provenance"]
    out = [f"parindex {prov['parindex_version']}", f"time {prov['time']}"]
    out += [f"criteria {c['path']} sha256:{c['sha256']}" for c in prov["criteria"]]
    for role in ("data", "heads", "previous"):
        if prov.get(role):
            out.append(f"{role} {prov[role]['path']} sha256:{prov[role]['sha256']}")
    return out


def _csv(doc: dict[str, Any], head: list[str], lines: list[list[Any]]) -> bytes:
    """Header, rows, then the provenance as a last `#` line; UTF-8 with a BOM for Excel."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    for line in lines:
        w.writerow(["" if v is None else v for v in line])
    w.writerow([])
    w.writerow(["# " + " | ".join(provenance_lines(doc))])
    return buf.getvalue().encode("utf-8-sig")


def _points(entry: dict[str, Any] | None) -> Any:
    if entry is None or entry["status"] == "not_in_block":
        return None
    if entry["status"] == "not_applicable":
        return "KAD"
    return entry["points"]


# up to XXXIX: enough for areas, and letters such as C or D stay letters
_ROMAN = re.compile(r"X{0,3}(IX|IV|V?I{0,3})")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}


def natural(key: str) -> list[tuple[int, int, str]]:
    """Sort key for ids like 1.2 < 1.10 < 2, and II < IV < IX (Roman-numbered areas are common
    in provincial decisions); numbers and numerals sort together, before other text."""
    out = []
    for part in key.replace("-", ".").split("."):
        if part.isdigit():
            out.append((0, int(part), part))
        elif part and _ROMAN.fullmatch(part):
            out.append((0, _roman(part), part))
        else:
            out.append((1, 0, part))
    return out


def _roman(text: str) -> int:
    values = [_ROMAN_VALUE[c] for c in text]
    return sum(-v if v < nxt else v for v, nxt in zip(values, [*values[1:], 0], strict=True))


def json_files(doc: dict[str, Any], lang: str) -> dict[str, bytes]:
    return {"results.json": to_json(doc)}


def csv_files(doc: dict[str, Any], lang: str) -> dict[str, bytes]:
    out = {"results.csv": to_csv(doc)}
    if doc.get("heads"):
        out["heads.csv"] = heads_csv(doc)
    if doc.get("awards"):
        out["awards.csv"] = awards_csv(doc)
    return out
