"""What changed between two criteria sets, matched by id (not by line).

Criteria and areas renumbered on purpose are declared in the new file (`renamed:`), so they are
matched rather than shown as a removal and an addition. The result is a list of plain records;
`reports/` renders it as a terminal table, Markdown or JSON.
"""

from __future__ import annotations

import math
from typing import Any

from parindex.criteria.change import Change, g, named
from parindex.criteria.diff_rules import rule_changes
from parindex.criteria.diff_sets import set_changes
from parindex.criteria.model import Area, CriteriaSet, Criterion


def _nodes(cs: CriteriaSet) -> dict[str, tuple[str, str, Criterion]]:
    """Every criterion (leaf or parent) by id: (area id, parent id or area, criterion)."""
    out: dict[str, tuple[str, str, Criterion]] = {}

    def walk(c: Criterion, area: str, parent: str) -> None:
        out[c.id] = (area, parent, c)
        for sub in c.criteria or []:
            walk(sub, area, c.id)

    for a in cs.areas:
        for c in a.criteria:
            walk(c, a.id, f"area {a.id}")
    return out


def _max(c: Criterion) -> float:
    return c.max if c.max is not None else sum(_max(s) for s in c.criteria or [])


def _area_max(a: Area) -> float:
    return sum(_max(c) for c in a.criteria)


def diff(old: CriteriaSet, new: CriteriaSet) -> list[Change]:
    """Every difference that changes what a unit is scored on, in the order of the new file."""
    out: list[Change] = []
    back = {n: o for o, n in new.renamed.items()}  # new id → old id

    def old_id(new_id: str) -> str:
        return back.get(new_id, new_id)

    # totals
    if not math.isclose(old.total, new.total):
        out.append(
            Change(
                "total",
                "declared total",
                g(old.total),
                g(new.total),
                "total",
                "",
                None,
                None,
                old.total,
                new.total,
            )
        )
    for block in sorted(set(old.blocks) | set(new.blocks)):
        blk = new.blocks.get(block) or old.blocks[block]
        name = named(blk.label, blk.label_en)
        if block not in new.blocks:
            out.append(Change("removed", f"block {block}", block, None, "block", block, name))
        elif block not in old.blocks:
            out.append(Change("added", f"block {block}", None, block, "block", block, name))
    # areas
    old_areas = {a.id: a for a in old.areas}
    new_areas = {a.id: a for a in new.areas}
    for a in new.areas:
        was = old_areas.get(old_id(a.id))
        at: dict[str, Any] = {"what": "area", "ref": a.id, "name": named(a.title, a.title_en)}
        if was is None:
            out.append(Change("added", f"area {a.id}", None, a.title, **at))
            continue
        if was.id != a.id:
            out.append(Change("renamed", f"area {a.id}", was.id, a.id, **at))
        o_max, n_max = _area_max(was), _area_max(a)
        if not math.isclose(o_max, n_max):
            out.append(
                Change("max", f"area {a.id}", g(o_max), g(n_max), **at, before=o_max, after=n_max)
            )
    renamed_areas = {old_id(a) for a in new_areas}
    for a in old.areas:
        if a.id not in renamed_areas:
            name = named(a.title, a.title_en)
            out.append(Change("removed", f"area {a.id}", a.title, None, "area", a.id, name))
    # criteria
    old_nodes = _nodes(old)
    new_nodes = _nodes(new)
    for cid, (area, parent, c) in new_nodes.items():
        subject = f"criterion {cid}"
        it: dict[str, Any] = {"what": "criterion", "ref": cid, "name": named(c.title, c.title_en)}
        found = old_nodes.get(old_id(cid))
        if found is None:
            out.append(
                Change("added", subject, None, f"{c.title} (max {_max(c):g})", **it, after=_leaf(c))
            )
            continue
        o_area, o_parent, o = found
        if o.id != cid:
            out.append(Change("renamed", subject, o.id, cid, **it, before=o.id, after=cid))
        if old_id(area) != o_area:
            out.append(
                Change(
                    "moved",
                    subject,
                    f"area {o_area}",
                    f"area {area}",
                    **it,
                    before={"area": o_area},
                    after={"area": area},
                )
            )
        elif parent != o_parent and not parent.startswith("area "):
            out.append(
                Change(
                    "moved",
                    subject,
                    o_parent,
                    parent,
                    **it,
                    before={"criterion": o_parent},
                    after={"criterion": parent},
                )
            )
        if not math.isclose(_max(o), _max(c)):
            out.append(
                Change("max", subject, g(_max(o)), g(_max(c)), **it, before=_max(o), after=_max(c))
            )
        if o.title != c.title:
            out.append(
                Change(
                    "title",
                    subject,
                    o.title,
                    c.title,
                    **it,
                    before=named(o.title, o.title_en),
                    after=it["name"],
                )
            )
        if (o.blocks or []) != (c.blocks or []):
            out.append(
                Change(
                    "blocks",
                    subject,
                    ", ".join(o.blocks or ["all"]),
                    ", ".join(c.blocks or ["all"]),
                    **it,
                    before=o.blocks or None,
                    after=c.blocks or None,
                )
            )
        if o.not_applicable_if != c.not_applicable_if:
            out.append(
                Change(
                    "not_applicable_if",
                    subject,
                    o.not_applicable_if,
                    c.not_applicable_if,
                    **it,
                    before=o.not_applicable_if,
                    after=c.not_applicable_if,
                )
            )
        out += rule_changes(subject, o, c, it)
    kept = {old_id(cid) for cid in new_nodes}
    for cid, (_, _, o) in old_nodes.items():
        if cid not in kept:
            out.append(
                Change(
                    "removed",
                    f"criterion {cid}",
                    f"{o.title} (max {_max(o):g})",
                    None,
                    "criterion",
                    cid,
                    named(o.title, o.title_en),
                    before=_leaf(o),
                )
            )
    out += set_changes(old, new)
    return out


def _leaf(c: Criterion) -> dict[str, Any]:
    return {"title": c.title, "title_en": c.title_en, "max": _max(c)}


__all__ = ["Change", "diff"]
