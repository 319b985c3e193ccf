"""A unit's criteria with their facts joined: the one place renderers read explanations from.

The document states each criterion's facts once, under its criteria set, and each unit only
what is its own; `criteria` and `lift_steps` put the two together as the rows every format
shows (title, rule, value read, band, points, maximum, points lost).
"""

from __future__ import annotations

from typing import Any

from parindex.document.model import Trace


def criteria(doc: dict[str, Any], unit: dict[str, Any]) -> list[Trace]:
    """The unit's criteria in the set's order, leaving out those not of the unit's block."""
    facts = _facts(doc, unit)
    values = unit["values"]
    return [
        _joined(cid, facts[cid], e, values)
        for cid, e in unit["criteria"].items()
        if e["status"] != "not_in_block"
    ]


def lift_steps(doc: dict[str, Any], unit: dict[str, Any]) -> list[Trace]:
    """The criteria whose full points would lift the unit to the next class, smallest loss
    first; empty when the unit has no lift."""
    lift = unit["explanation"]["lift"]
    if lift is None:
        return []
    facts = _facts(doc, unit)
    return [_joined(c, facts[c], unit["criteria"][c], unit["values"]) for c in lift["steps"]]


def _facts(doc: dict[str, Any], unit: dict[str, Any]) -> dict[str, Any]:
    for s in doc["criteria_sets"]:
        if s["id"] == unit["criteria_set"]:
            return s["criteria"]  # type: ignore[no-any-return]
    raise KeyError(unit["criteria_set"])


def _joined(cid: str, f: dict[str, Any], e: dict[str, Any], values: dict[str, Any]) -> Trace:
    points = e["points"]
    band = e.get("band")
    bounds = f.get("bounds")
    of = f["of"]
    return {
        "id": cid,
        "title": f["title"],
        "title_en": f["title_en"],
        "area": f["area"],
        "kind": f["kind"],
        "max": f["max"],
        "points": points,
        "lost": 0.0 if points is None else round(f["max"] - points, 6),
        "status": e["status"],
        "of": of,
        # the value the rule read, from the unit's values (none for an appraised criterion,
        # whose value is its points)
        "value": values.get(of) if of is not None else None,
        "band": band,
        "bound": bounds[band - 1] if bounds and band and band <= len(bounds) else None,
        "better": f["better"],
    }
