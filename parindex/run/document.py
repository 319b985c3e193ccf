"""A ranking run → the results document (`parindex.results/2`): the shape results.json holds
and every report format renders, in a stable order (criteria set, block, rank, id).

Nothing here computes a score: every number is read from the Results. Each criterion's facts
are stated once, under its criteria set; a unit row holds only what is its own. Rows are made
from the Results' arrays a chunk of units at a time (`iter_units`), so a writer can stream
them without the whole document in memory.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from parindex.document.model import FORMAT
from parindex.run.pipeline import RankRun
from parindex.run.rows import rows, unit_order
from parindex.scoring.engine import Results
from parindex.scoring.params import BandsParams, RelativeParams


def build(run: RankRun, *, explanations: bool = True) -> dict[str, Any]:
    """The whole document. `explanations=False` leaves out each unit's explanation and the
    bands reached, for outputs that do not show them."""
    return {**head(run), "units": unit_rows(run, explanations=explanations), **tail(run)}


def head(run: RankRun) -> dict[str, Any]:
    """What comes before the units: format, provenance and the criteria sets."""
    return {
        "format": FORMAT,
        "provenance": run.provenance.as_dict(),
        "criteria_sets": set_rows(run),
    }


def tail(run: RankRun) -> dict[str, Any]:
    """What comes after the units: the heads' and the awards' rows, when there are any."""
    out: dict[str, Any] = {}
    heads = head_rows(run)
    if heads:
        out["heads"] = heads
    awards = award_rows(run)
    if awards:
        out["awards"] = awards
    return out


def unit_rows(run: RankRun, *, explanations: bool = True) -> list[dict[str, Any]]:
    """One record per unit: ordered by criteria set, block, rank, then id."""
    return list(iter_units(run, explanations=explanations))


def iter_units(run: RankRun, *, explanations: bool = True) -> Iterator[dict[str, Any]]:
    """The unit rows in the document's order, made as they are asked for."""
    for res in run.results:
        yield from rows(res, explanations)


def blocks(run: RankRun) -> list[str]:
    """The blocks that have units, in the document's order."""
    return [b for res in run.results for b in res.plan.blocks if b in set(res.table.blocks)]


def _num(x: float, digits: int = 6) -> float | None:
    return None if math.isnan(x) else round(float(x), digits)


def _order(run: RankRun) -> dict[str, int]:
    """Unit id → its position in the document's unit order."""
    ids = [res.table.ids[i] for res in run.results for i in unit_order(res)]
    return {u: k for k, u in enumerate(ids)}


def head_rows(run: RankRun) -> list[dict[str, Any]]:
    """One record per head's term, in the order of the units' rows."""
    if run.heads is None:
        return []
    order = _order(run)
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


def award_rows(run: RankRun) -> list[dict[str, Any]]:
    """One record per unit and award: eligible or not, and every reason; in the units' order
    (block, rank, id) whatever the order of the data rows, then the awards' order."""
    if run.awards is None:
        return []
    order = _order(run)
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
                "criteria": criterion_facts(res),
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


def criterion_facts(res: Results) -> dict[str, dict[str, Any]]:
    """What each criterion of the set is, whatever the unit: stated once in the document."""
    plan = res.plan
    out = {}
    for leaf in plan.leaves:
        p = leaf.params
        out[leaf.id] = {
            "title": leaf.title,
            "title_en": leaf.title_en,
            "area": plan.areas[leaf.area][0],
            "kind": leaf.kind,
            "max": leaf.max,
            "of": leaf.of,
            "better": p.better if isinstance(p, BandsParams | RelativeParams) else None,
            "bounds": p.bounds.tolist() if isinstance(p, BandsParams) else None,
        }
    return out
