"""results.json and results.csv: the machine-readable outputs of a ranking run.

JSON keeps the full record of each unit; CSV keeps one flat row per unit (the area sub-indices
and criterion points as columns) and is written with a UTF-8 BOM so Excel shows Vietnamese
correctly when the file is double-clicked.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from parindex.run import RankRun

JSON_FORMAT = "parindex.results/1"


def to_json(run: RankRun, rows: list[dict[str, Any]]) -> bytes:
    doc = {"format": JSON_FORMAT, "provenance": run.provenance.as_dict(), "units": rows}
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
        "capped_by",
    ]
    head += [f"area {a}" for a in areas] + [f"criterion {c}" for c in crits]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
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
            "; ".join(c["reason"] for c in r["caps"] if c["lowered"]),
        ]
        line += [r["areas"].get(a, {}).get("index") for a in areas]
        line += [_points(r["criteria"].get(c)) for c in crits]
        w.writerow(["" if v is None else v for v in line])
    prov = run.provenance
    w.writerow([])
    w.writerow(
        [f"# parindex {prov.version}", f"time {prov.time}"]
        + [f"criteria {c.path} sha256:{c.sha256}" for c in prov.criteria]
        + ([f"data {prov.data.path} sha256:{prov.data.sha256}"] if prov.data else [])
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
