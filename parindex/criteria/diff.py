"""What changed between two criteria sets, matched by id (not by line).

Criteria and areas renumbered on purpose are declared in the new file (`renamed:`), so they are
matched rather than shown as a removal and an addition. The result is a list of plain records;
`reports/` renders it as a terminal table, Markdown or JSON.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from parindex.criteria.model import Area, CriteriaSet, Criterion, rule_body, rule_kind


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | renamed | moved | max | rule | bands | title | blocks | …
    subject: str  # "criterion 3.3", "area 7", "class Tốt (district)", "derived late_rate"
    old: str | None
    new: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "old": self.old, "new": self.new}


def _g(x: float | None) -> str | None:
    return None if x is None else f"{x:g}"


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


def _bands_text(body: Any) -> str:
    sign = "≥" if body.better == "higher" else "<"
    cuts = ", ".join(f"{sign}{c.bound:g}→{c.points:g}" for c in body.cuts)
    return f"{cuts}, otherwise {body.otherwise:g}"


def diff(old: CriteriaSet, new: CriteriaSet) -> list[Change]:
    """Every difference that changes what a unit is scored on, in the order of the new file."""
    out: list[Change] = []
    back = {n: o for o, n in new.renamed.items()}  # new id → old id

    def old_id(new_id: str) -> str:
        return back.get(new_id, new_id)

    # totals
    if not math.isclose(old.total, new.total):
        out.append(Change("total", "declared total", _g(old.total), _g(new.total)))
    for block in sorted(set(old.blocks) | set(new.blocks)):
        if block not in new.blocks:
            out.append(Change("removed", f"block {block}", block, None))
        elif block not in old.blocks:
            out.append(Change("added", f"block {block}", None, block))
    # areas
    old_areas = {a.id: a for a in old.areas}
    new_areas = {a.id: a for a in new.areas}
    for a in new.areas:
        was = old_areas.get(old_id(a.id))
        if was is None:
            out.append(Change("added", f"area {a.id}", None, a.title))
            continue
        if was.id != a.id:
            out.append(Change("renamed", f"area {a.id}", was.id, a.id))
        if not math.isclose(_area_max(was), _area_max(a)):
            out.append(Change("max", f"area {a.id}", _g(_area_max(was)), _g(_area_max(a))))
    renamed_areas = {old_id(a) for a in new_areas}
    for a in old.areas:
        if a.id not in renamed_areas:
            out.append(Change("removed", f"area {a.id}", a.title, None))
    # criteria
    old_nodes = _nodes(old)
    new_nodes = _nodes(new)
    for cid, (area, parent, c) in new_nodes.items():
        subject = f"criterion {cid}"
        found = old_nodes.get(old_id(cid))
        if found is None:
            out.append(Change("added", subject, None, f"{c.title} (max {_max(c):g})"))
            continue
        o_area, o_parent, o = found
        if o.id != cid:
            out.append(Change("renamed", subject, o.id, cid))
        if old_id(area) != o_area:
            out.append(Change("moved", subject, f"area {o_area}", f"area {area}"))
        elif parent != o_parent and not parent.startswith("area "):
            out.append(Change("moved", subject, o_parent, parent))
        if not math.isclose(_max(o), _max(c)):
            out.append(Change("max", subject, _g(_max(o)), _g(_max(c))))
        if o.title != c.title:
            out.append(Change("title", subject, o.title, c.title))
        if (o.blocks or []) != (c.blocks or []):
            out.append(
                Change(
                    "blocks",
                    subject,
                    ", ".join(o.blocks or ["all"]),
                    ", ".join(c.blocks or ["all"]),
                )
            )
        if o.not_applicable_if != c.not_applicable_if:
            out.append(
                Change("not_applicable_if", subject, o.not_applicable_if, c.not_applicable_if)
            )
        out += _rule_changes(subject, o, c)
    kept = {old_id(cid) for cid in new_nodes}
    for cid, (_, _, o) in old_nodes.items():
        if cid not in kept:
            out.append(Change("removed", f"criterion {cid}", f"{o.title} (max {_max(o):g})", None))
    # does each block's sum of maxima still match the declared total?
    for block in sorted(set(old.blocks) & set(new.blocks)):
        o_sum, n_sum = _block_sum(old, block), _block_sum(new, block)
        if not math.isclose(o_sum, n_sum):
            out.append(
                Change(
                    "sum of maxima",
                    f"block {block}",
                    _sum_text(o_sum, old.total),
                    _sum_text(n_sum, new.total),
                )
            )
    # indicators and derived formulas
    for name in sorted(set(old.indicators) | set(new.indicators)):
        oi, ni = old.indicators.get(name), new.indicators.get(name)
        if oi is None or ni is None:
            out.append(
                Change(
                    "added" if oi is None else "removed",
                    f"indicator {name}",
                    oi.label if oi else None,
                    ni.label if ni else None,
                )
            )
        elif oi.kind != ni.kind or oi.value_range() != ni.value_range():
            out.append(Change("indicator", f"indicator {name}", oi.kind, ni.kind))
    for name in sorted(set(old.derived) | set(new.derived)):
        od, nd = old.derived.get(name), new.derived.get(name)
        if od is None or nd is None:
            out.append(
                Change(
                    "added" if od is None else "removed",
                    f"derived {name}",
                    od.formula if od else None,
                    nd.formula if nd else None,
                )
            )
        elif od.formula != nd.formula:
            out.append(Change("formula", f"derived {name}", od.formula, nd.formula))
        elif od.zero_denominator != nd.zero_denominator:
            out.append(
                Change(
                    "zero_denominator", f"derived {name}", od.zero_denominator, nd.zero_denominator
                )
            )
    # classes, caps, ranking
    for block in sorted(set(old.blocks) & set(new.blocks)):
        o_cls = {k.label: k.min for k in old.classes_for(block)}
        n_cls = {k.label: k.min for k in new.classes_for(block)}
        for label in list(n_cls) + [x for x in o_cls if x not in n_cls]:
            if o_cls.get(label, -1) != n_cls.get(label, -1):
                out.append(
                    Change(
                        "class",
                        f"class {label} ({block})",
                        _min_text(o_cls, label),
                        _min_text(n_cls, label),
                    )
                )
    for i in range(max(len(old.caps), len(new.caps))):
        oc = old.caps[i] if i < len(old.caps) else None
        nc = new.caps[i] if i < len(new.caps) else None
        o_text = f"{oc.when} → ≤ {oc.at_most}" if oc else None
        n_text = f"{nc.when} → ≤ {nc.at_most}" if nc else None
        if o_text != n_text:
            out.append(Change("cap", f"cap {i + 1}", o_text, n_text))
    if old.ranking != new.ranking:
        out.append(
            Change(
                "ranking", "ranking", old.ranking.model_dump_json(), new.ranking.model_dump_json()
            )
        )
    return out


def _block_sum(cs: CriteriaSet, block: str) -> float:
    def leaves(c: Criterion, blocks: list[str] | None) -> float:
        if c.blocks and block not in c.blocks:
            return 0.0
        if c.criteria is None:
            return c.max or 0.0
        return sum(leaves(s, blocks) for s in c.criteria)

    return sum(
        leaves(c, None) for a in cs.areas if not a.blocks or block in a.blocks for c in a.criteria
    )


def _sum_text(total: float, declared: float) -> str:
    sign = "=" if math.isclose(total, declared) else "≠"
    return f"{total:g} ({sign} total {declared:g})"


def _min_text(classes: dict[str, float | None], label: str) -> str | None:
    if label not in classes:
        return None
    low = classes[label]
    return "no minimum" if low is None else f"≥ {low:g}"


def _rule_changes(subject: str, o: Criterion, c: Criterion) -> list[Change]:
    if o.rule is None or c.rule is None:
        if (o.rule is None) != (c.rule is None):
            return [
                Change(
                    "rule",
                    subject,
                    "sub-criteria" if o.rule is None else "a rule",
                    "sub-criteria" if c.rule is None else "a rule",
                )
            ]
        return []
    ok, nk = rule_kind(o.rule), rule_kind(c.rule)
    if ok != nk:
        return [Change("rule", subject, ok, nk)]
    ob: Any = rule_body(o.rule)
    nb: Any = rule_body(c.rule)
    if ok == "appraised":
        # what matters is the data column read, whether written out or left to the default
        before = (ob.column or o.id, ob.self_column or f"{o.id}:self")
        after = (nb.column or c.id, nb.self_column or f"{c.id}:self")
        if before[0] != after[0]:
            return [
                Change(
                    "rule", subject, f"appraised column {before[0]}", f"appraised column {after[0]}"
                )
            ]
        if before[1] != after[1]:
            return [
                Change(
                    "rule",
                    subject,
                    f"self-assessment column {before[1]}",
                    f"self-assessment column {after[1]}",
                )
            ]
        return []
    if ok == "bands":
        if (ob.better, ob.cuts, ob.otherwise, ob.of) != (nb.better, nb.cuts, nb.otherwise, nb.of):
            return [Change("bands", subject, _bands_text(ob), _bands_text(nb))]
        return []
    if ob != nb:
        return [Change("rule", subject, _params(ok, ob), _params(nk, nb))]
    return []


def _params(kind: str, body: Any) -> str:
    if isinstance(body, str):
        return f"{kind}: {body}"
    shown = ", ".join(f"{k}={v}" for k, v in body.model_dump(exclude_none=True).items())
    return f"{kind}: {shown}"
