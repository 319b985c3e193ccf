"""A ranking run → the results document (`parindex.results/1`): the shape results.json holds
and every report format renders, in a stable order (criteria set, block, rank, id).

Nothing here computes a score: every number is read from the Results. The explanations are
derived here, once, so that reports only render.
"""

from __future__ import annotations

import gc
import math
from typing import Any

from parindex.document.model import FORMAT
from parindex.run.pipeline import RankRun
from parindex.scoring.engine import STATUS_NAMES, Results
from parindex.scoring.explain import CriterionTrace, Explanation, LeafFacts, explain_all


def build(run: RankRun, *, explanations: bool = True) -> dict[str, Any]:
    """The whole document. `explanations=False` leaves out each unit's explanation (the
    costliest part at national scale) for outputs that do not show it."""
    # millions of small acyclic dicts at national scale: the cyclic collector, run every few
    # hundred allocations over every object alive, would make building quadratic in units
    paused = gc.isenabled()
    gc.disable()
    try:
        return _build(run, explanations)
    finally:
        if paused:
            gc.enable()


def _build(run: RankRun, explanations: bool) -> dict[str, Any]:
    rows = unit_rows(run, explanations=explanations)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "provenance": run.provenance.as_dict(),
        "criteria_sets": set_rows(run),
        "units": rows,
    }
    heads = head_rows(run, rows)
    if heads:
        doc["heads"] = heads
    awards = award_rows(run, rows)
    if awards:
        doc["awards"] = awards
    return doc


def _num(x: float, digits: int = 6) -> float | None:
    return None if math.isnan(x) else round(float(x), digits)


def unit_rows(run: RankRun, *, explanations: bool = True) -> list[dict[str, Any]]:
    """One record per unit: ordered by criteria set, block, rank, then id."""
    rows: list[dict[str, Any]] = []
    for res in run.results:
        rows += _rows(res, explanations)
    return rows


def _rows(res: Results, explanations: bool) -> list[dict[str, Any]]:
    plan = res.plan
    cl = res.classification
    cs = plan.criteria
    area_index = res.area_index
    area_self = res.area_self_index
    watch = cs.self_assessment.flag_gap_above if cs.self_assessment else None
    out = []
    order = sorted(
        range(len(res.table)),
        key=lambda i: (plan.blocks.index(res.table.blocks[i]), int(cl.rank[i]), res.table.ids[i]),
    )
    sizes = {b: res.table.blocks.count(b) for b in plan.blocks}
    reasons_en = {c.reason: c.reason_en for c in plan.caps}
    explained = explain_all(res) if explanations else None
    for i in order:
        block = res.table.blocks[i]
        classes = cs.classes_for(block)
        k = classes[int(cl.class_index[i])]
        self_index = _num(res.self_index[i], 2)
        gap = (
            None
            if self_index is None or math.isnan(cl.rounded[i])
            else round(self_index - float(cl.rounded[i]), 2)
        )
        row: dict[str, Any] = {
            "id": res.table.ids[i],
            "name": res.table.names[i],
            "block": block,
            "block_label": cs.blocks[block].label,
            "block_label_en": cs.blocks[block].label_en,
            "index": _num(cl.rounded[i], cs.ranking.decimals),
            "index_exact": _num(res.index[i]),
            "class": k.label,
            "class_en": k.label_en,
            "class_before_caps": classes[int(cl.class_before_caps[i])].label,
            "rank": int(cl.rank[i]),
            "block_size": sizes[block],
            "index_self": self_index,
            "self_gap": gap,
            "self_flag": watch is not None and gap is not None and gap > watch,
            "caps": [
                {
                    "reason": c.reason,
                    "reason_en": c.reason_en,
                    "at_most": c.at_most,
                    "lowered": bool(cl.caps_lowered[i, c.index]),
                }
                for c in plan.caps
                if cl.caps_fired[i, c.index]
            ],
            "points": _num(res.achieved[i]),
            "possible": _num(res.possible[i]),
            "areas": {
                aid: {
                    "points": _num(res.area_points[i, a]),
                    "max": _num(res.area_possible[i, a]),
                    "index": _num(area_index[i, a], 2),
                    "index_self": _num(area_self[i, a], 2),
                    "self_gap": _num(area_self[i, a] - area_index[i, a], 2),
                }
                for a, (aid, _) in enumerate(plan.areas)
            },
            "criteria": {
                leaf.id: {
                    "points": _num(res.points[i, leaf.index]),
                    "max": leaf.max,
                    "status": STATUS_NAMES[int(res.status[i, leaf.index])],
                }
                for leaf in plan.leaves
            },
            "values": {
                name: _num(float(res.values.value[name][i]))
                for name in [*cs.indicators, *cs.derived]
            },
            "criteria_set": cs.id,
        }
        if explained is not None:
            row["explanation"] = explanation_row(explained[i], reasons_en)
        out.append(row)
    return out


def _order(run: RankRun, units: list[dict[str, Any]] | None) -> dict[str, int]:
    """Unit id → its position in the document's unit order."""
    rows = units if units is not None else unit_rows(run, explanations=False)
    return {r["id"]: k for k, r in enumerate(rows)}


def head_rows(run: RankRun, units: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One record per head's term, in the order of the units' rows (`units`, when the caller
    has them already)."""
    if run.heads is None:
        return []
    order = _order(run, units)
    out = []
    for h in sorted(run.heads, key=lambda h: (order[h.unit.id], h.start)):
        out.append(
            {
                "unit": h.unit.id,
                "unit_name": h.unit.name,
                "block": h.unit.block,
                "head": h.name,
                "position": h.position,
                "start": h.start,
                "end": h.end,
                "share_of_period": round(h.share, 4),
                "weight_of_unit_result": round(h.weight, 4),
                "components": {
                    k: _num(v) if v is not None else None for k, v in h.components.items()
                },
                "score": _num(h.score, 2),
                "level": h.level,
                "level_en": h.level_en,
                "level_before_caps": h.level_before_caps,
                "caps": [
                    {
                        "reason": c.reason,
                        "reason_en": c.reason_en,
                        "at_most": c.at_most,
                        "lowered": c.lowered,
                    }
                    for c in h.caps
                ],
                "unit_result": {
                    "index": h.unit.index,
                    "class": h.unit.klass,
                    "rank": h.unit.rank,
                    "block_size": h.unit.block_size,
                },
            }
        )
    return out


def award_rows(run: RankRun, units: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One record per unit and award: eligible or not, and every reason; in the units' order
    (block, rank, id) whatever the order of the data rows, then the awards' order."""
    if run.awards is None:
        return []
    order = _order(run, units)
    decisions = sorted(run.awards, key=lambda d: order.get(d.unit, len(order)))
    return [
        {
            "unit": d.unit,
            "unit_name": d.name,
            "block": d.block,
            "award": d.award,
            "title": d.title,
            "eligible": d.eligible,
            "excluded": d.excluded,
            "checks": [
                {
                    "condition": c.condition,
                    "held": c.held,
                    "value": c.value,
                    "required": c.required,
                    # the same as data, so that reports say it in any language
                    "got": c.got,
                    "need": c.need,
                    "before": c.before,
                    "after": c.after,
                    "gain": c.gain,
                    "missing": c.missing,
                }
                for c in d.checks
            ],
            "quota": d.quota,
            "exclusion": d.exclusion,
            "quota_detail": d.quota_detail,
            "undetermined": d.undetermined,
            "reasons": d.reasons,
        }
        for d in decisions
    ]


def set_rows(run: RankRun) -> list[dict[str, Any]]:
    """What each criteria set was: enough for a later period's comparison to read rates."""
    out = []
    for res in run.results:
        cs = res.plan.criteria
        out.append(
            {
                "id": cs.id,
                "title": cs.title,
                "title_en": cs.title_en,
                "period": cs.period,
                "blocks": {b: blk.label for b, blk in cs.blocks.items()},
                "areas": {a.id: a.title for a in cs.areas},
                "areas_en": {a.id: a.title_en or a.title for a in cs.areas},
                "classes": {
                    b: [
                        {"label": k.label, "label_en": k.label_en, "min": k.min}
                        for k in cs.classes_for(b)
                    ]
                    for b in cs.blocks
                },
                "derived": {
                    n: {"formula": d.formula, "label": d.label, "kind": d.kind}
                    for n, d in cs.derived.items()
                },
                # what reports need to speak of the set's things in words, in either language
                "decimals": cs.ranking.decimals,
                "blocks_en": {b: blk.label_en for b, blk in cs.blocks.items()},
                "indicators": {
                    **{
                        n: {"label": d.label, "label_en": d.label_en, "kind": d.kind}
                        for n, d in cs.indicators.items()
                    },
                    **{
                        n: {"label": d.label or n, "label_en": d.label_en, "kind": d.kind}
                        for n, d in cs.derived.items()
                    },
                },
                "award_titles": {
                    a.id: {"title": a.title, "title_en": a.title_en}
                    for a in (cs.awards.awards if cs.awards else [])
                },
                "exclusions": [
                    {"reason": x.reason, "reason_en": x.reason_en}
                    for x in (cs.awards.exclude if cs.awards else [])
                ],
                "levels": [
                    {"label": lv.label, "label_en": lv.label_en}
                    for lv in (cs.accountability.levels if cs.accountability else [])
                ],
            }
        )
    return out


_FACTS: dict[LeafFacts, dict[str, Any]] = {}


def explanation_row(
    e: Explanation, reasons_en: dict[str, str | None] | None = None
) -> dict[str, Any]:
    """Why a unit got its points and what would lift it, as plain data for every format;
    `reasons_en` gives each cap reason's English, when the criteria have one."""
    en = reasons_en or {}

    def trace(c: CriterionTrace) -> dict[str, Any]:
        # the facts every unit shares become a dict once (a million traces at national scale)
        facts = c.facts
        static = _FACTS.get(facts)
        if static is None:
            static = _FACTS[facts] = facts._asdict()
        points = c.points
        lost = 0.0 if points is None else round(facts.max - points, 6)
        return static | {
            "points": points,
            "lost": lost,
            "status": c.status,
            "value": c.value,
            "band": c.band,
            "bound": c.bound,
        }

    lift = None
    if e.lift is not None:
        lift = {
            "target_class": e.lift.target_class,
            "target_class_en": e.lift.target_class_en,
            "target_min": e.lift.target_min,
            "needed_points": round(e.lift.needed_points, 4),
            "reachable": e.lift.reachable,
            "steps": [trace(s) for s in e.lift.steps],
            "blocking_caps": [
                {
                    "when": c.when,
                    "at_most": c.at_most,
                    "reason": c.reason,
                    "reason_en": en.get(c.reason),
                }
                for c in e.lift.blocking_caps
            ],
        }
    return {
        "criteria": [trace(c) for c in e.criteria],
        "caps": [
            {
                "when": c.when,
                "at_most": c.at_most,
                "reason": c.reason,
                "reason_en": en.get(c.reason),
                "lowered": c.lowered,
            }
            for c in e.caps
        ],
        "lift": lift,
    }
