"""results.json and the CSV files: the machine-readable outputs of a ranking run.

JSON keeps the full record of each unit (and of each head and award decision when there are
any); each CSV keeps one flat row per record and is written with a UTF-8 BOM so Excel shows
Vietnamese correctly when the file is double-clicked. Every file ends with the provenance.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from parindex.reports.rows import set_rows
from parindex.run import RankRun

JSON_FORMAT = "parindex.results/1"


def to_json(
    run: RankRun,
    rows: list[dict[str, Any]],
    heads: list[dict[str, Any]] | None = None,
    awards: list[dict[str, Any]] | None = None,
) -> bytes:
    doc: dict[str, Any] = {
        "format": JSON_FORMAT,
        "provenance": run.provenance.as_dict(),
        "criteria_sets": set_rows(run),
        "units": rows,
    }
    if heads:
        doc["heads"] = heads
    if awards:
        doc["awards"] = awards
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_csv(run: RankRun, rows: list[dict[str, Any]]) -> bytes:
    areas = sorted({a for r in rows for a in r["areas"]}, key=_natural)
    crits = sorted({c for r in rows for c in r["criteria"]}, key=_natural)
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
    return _csv(run, head, lines)


def heads_csv(run: RankRun, heads: list[dict[str, Any]]) -> bytes:
    comps = sorted({c for h in heads for c in h["components"]}, key=_natural)
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
    return _csv(run, head, lines)


def awards_csv(run: RankRun, awards: list[dict[str, Any]]) -> bytes:
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
        for a in awards
    ]
    return _csv(run, head, lines)


def _csv(run: RankRun, head: list[str], lines: list[list[Any]]) -> bytes:
    """Header, rows, then the provenance as a last `#` line; UTF-8 with a BOM for Excel."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    for line in lines:
        w.writerow(["" if v is None else v for v in line])
    prov = run.provenance
    w.writerow([])
    w.writerow(
        [f"# parindex {prov.version}", f"time {prov.time}"]
        + [f"criteria {c.path} sha256:{c.sha256}" for c in prov.criteria]
        + ([f"data {prov.data.path} sha256:{prov.data.sha256}"] if prov.data else [])
        + [f"{role} {f.path} sha256:{f.sha256}" for role, f in prov.inputs.items()]
    )
    return buf.getvalue().encode("utf-8-sig")


def _points(entry: dict[str, Any] | None) -> Any:
    if entry is None or entry["status"] == "not_in_block":
        return None
    if entry["status"] == "not_applicable":
        return "KAD"
    return entry["points"]


def _natural(key: str) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in key.replace("-", ".").split(".")]
