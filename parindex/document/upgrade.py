"""A `parindex.results/1` document → the `parindex.results/2` shape, so `report`, `compare`
and `--previous` read the files an older parindex wrote.

/1 repeated each criterion's facts in every unit's explanation and its maximum in every unit's
points; /2 states them once under the criteria set. Everything /2 holds can be read back from a
/1 document except the cut points of bands no unit reached (null in `bounds`: nothing shows
them).
"""

from __future__ import annotations

from typing import Any

from parindex.document.model import FORMAT

V1 = "parindex.results/1"
_FACTS = ("title", "title_en", "area", "kind", "max", "of", "better")


def from_v1(doc: dict[str, Any]) -> dict[str, Any]:
    """The /2 form of a /1 document (a new mapping; `doc` is left as it was). A document
    damaged in a way this cannot read through is left for validation to refuse."""
    facts: dict[str, dict[str, dict[str, Any]]] = {}
    units = []
    for u in _list(doc.get("units")):
        if not isinstance(u, dict):
            units.append(u)
            continue
        mine = facts.setdefault(str(u.get("criteria_set")), {})
        explanation = u.get("explanation")
        traces = explanation.get("criteria") if isinstance(explanation, dict) else None
        bands: dict[str, Any] = {}
        for trace in _list(traces):
            if isinstance(trace, dict) and "id" in trace:
                _learn(mine, trace)
                if trace.get("kind") == "bands":
                    bands[trace["id"]] = trace.get("band")
        criteria = {}
        for cid, e in (u.get("criteria") or {}).items():
            if not isinstance(e, dict):
                criteria[cid] = e
                continue
            f = mine.setdefault(cid, {"title": cid, "title_en": None, "area": "", "kind": ""})
            f.setdefault("max", e.get("max"))
            row = {k: v for k, v in e.items() if k != "max"}
            if cid in bands:
                row["band"] = bands[cid]
            criteria[cid] = row
        row = {**u, "criteria": criteria}
        if isinstance(explanation, dict):
            row["explanation"] = _explanation(explanation)
        units.append(row)
    sets = [
        {**s, "criteria": _complete(facts.get(str(s.get("id")), {}))} if isinstance(s, dict) else s
        for s in _list(doc.get("criteria_sets"))
    ]
    return {**doc, "format": FORMAT, "criteria_sets": sets, "units": units}


def _learn(mine: dict[str, dict[str, Any]], trace: dict[str, Any]) -> None:
    f = mine.setdefault(trace["id"], {})
    for k in _FACTS:
        f.setdefault(k, trace.get(k))
    if trace.get("kind") == "bands":
        bounds = f.get("bounds") or []
        band = trace.get("band")
        if isinstance(band, int) and band > 0:
            bounds += [None] * (band - len(bounds))
            bounds[band - 1] = trace.get("bound")
        f["bounds"] = bounds


def _complete(facts: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    keys = (*_FACTS, "bounds")
    return {cid: {k: f.get(k) for k in keys} for cid, f in facts.items()}


def _explanation(e: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in e.items() if k != "criteria"}
    lift = e.get("lift")
    if isinstance(lift, dict):
        steps = [s.get("id") if isinstance(s, dict) else s for s in _list(lift.get("steps"))]
        out["lift"] = {**lift, "steps": steps}
    return out


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
