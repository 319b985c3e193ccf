"""Head-of-unit accountability: a score and a rating level for every head's term, with reasons.

A head's score = (w × unit-result points + own-indicator points) ÷ (w × unit-result maximum +
own-indicator maximum) × 100, where w is the share of the unit's result the head carries
(`attribution`: the share of the period served, or all-or-nothing around a minimum term). The
level follows the thresholds, then caps: the unit's class (only when the head carries some of
its result), discipline, or a condition on the head's own indicators.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from parindex.criteria import formula as fx
from parindex.criteria.consequences import Accountability
from parindex.data.table import HeadTable
from parindex.scoring import kernels
from parindex.scoring.engine import Results
from parindex.scoring.formulas import evaluate as eval_formula
from parindex.scoring.params import UnitParams, compile_rule
from parindex.scoring.params import score as score_rule

Array = NDArray[np.float64]


@dataclass(frozen=True)
class UnitDrawnOn:
    """The unit results a head's rating drew on."""

    id: str
    name: str
    block: str
    index: float
    klass: str
    rank: int
    block_size: int


@dataclass(frozen=True)
class HeadCapApplied:
    reason: str
    reason_en: str | None
    at_most: str
    lowered: bool


@dataclass(frozen=True)
class HeadResult:
    unit: UnitDrawnOn
    name: str
    position: str
    start: str  # ISO dates
    end: str
    share: float  # of the period served
    weight: float  # of the unit's result carried
    components: dict[str, float | None]  # component id → points (None: not applicable)
    score: float
    level: str
    level_en: str | None
    level_before_caps: str
    caps: list[HeadCapApplied]


def unit_lookup(results: list[Results]) -> dict[str, tuple[Results, int]]:
    return {r.table.ids[i]: (r, i) for r in results for i in range(len(r.table))}


def assess(acc: Accountability, heads: HeadTable, results: list[Results]) -> list[HeadResult]:
    """Score and rate every head in the roster (all their units are in `results`)."""
    n = len(heads)
    lookup = unit_lookup(results)
    share = np.array(
        [
            ((e - s).days + 1) / acc.period.days
            for s, e in zip(heads.starts, heads.ends, strict=True)
        ]
    )
    if acc.attribution.mode == "proportional":
        weight = share
    else:
        weight = np.where(share >= acc.attribution.minimum_share - 1e-12, 1.0, 0.0)
    drawn = [_drawn(lookup[u]) for u in heads.units]
    points = np.zeros(n)
    maximum = np.zeros(n)
    per_component: dict[str, list[float | None]] = {}
    kinds = {name: ind.kind for name, ind in acc.indicators.items()}
    for comp in acc.components:
        rule = compile_rule(comp.rule, comp.max, kinds.get, comp.id)
        if isinstance(rule.params, UnitParams):
            value = np.array([_unit_value(lookup[u], rule.params.of) for u in heads.units])
            p = np.nan_to_num(value) / 100.0 * comp.max
            applies = ~np.isnan(value) & (weight > 0)
            p, m = p * weight, np.where(applies, comp.max * weight, 0.0)
        else:
            # the head's own indicators: points where the value is present
            p = score_rule(rule.params, np.nan_to_num(heads.values[rule.of]), comp.max)
            applies = ~heads.na[rule.of]
            m = np.where(applies, comp.max, 0.0)
        p = np.where(applies, p, 0.0)
        points += p
        maximum += m
        per_component[comp.id] = [float(x) if a else None for x, a in zip(p, applies, strict=True)]
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(maximum > 0, points / maximum * 100.0, np.nan)
    score = kernels.round_half_up(score, acc.decimals)
    mins = np.array([lv.min for lv in acc.levels if lv.min is not None])
    before = (np.nan_to_num(score, nan=-np.inf)[:, None] < mins[None, :]).sum(axis=1)
    labels = [lv.label.casefold() for lv in acc.levels]
    after = before.copy()
    fired: list[list[tuple[int, int]]] = [[] for _ in range(n)]  # (cap index, limit)
    env = {k: heads.values[k] for k in heads.values}
    for ci, cap in enumerate(acc.caps):
        holds = np.ones(n, dtype=bool)
        if cap.unit_class is not None:
            wanted = {c.casefold() for c in cap.unit_class}
            holds &= np.array([d.klass.casefold() in wanted for d in drawn]) & (weight > 0)
        if cap.disciplined is not None:
            holds &= heads.disciplined == cap.disciplined
        if cap.when is not None:
            cond, _ = eval_formula(fx.parse(cap.when), env, n)
            holds &= cond != 0
        limit = labels.index(cap.at_most.casefold())
        for k in np.flatnonzero(holds):
            fired[int(k)].append((ci, limit))
        after = np.where(holds, np.maximum(after, limit), after)
    out = []
    for i in range(n):
        caps = [
            HeadCapApplied(
                acc.caps[ci].reason,
                acc.caps[ci].reason_en,
                acc.caps[ci].at_most,
                lowered=bool(limit > before[i] and limit == after[i]),
            )
            for ci, limit in fired[i]
        ]
        level = acc.levels[int(after[i])]
        out.append(
            HeadResult(
                unit=drawn[i],
                name=heads.names[i],
                position=heads.positions[i],
                start=heads.starts[i].isoformat(),
                end=heads.ends[i].isoformat(),
                share=float(share[i]),
                weight=float(weight[i]),
                components={cid: vals[i] for cid, vals in per_component.items()},
                score=float(score[i]),
                level=level.label,
                level_en=level.label_en,
                level_before_caps=acc.levels[int(before[i])].label,
                caps=caps,
            )
        )
    return out


def _drawn(found: tuple[Results, int]) -> UnitDrawnOn:
    res, i = found
    block = res.table.blocks[i]
    cl = res.classification
    return UnitDrawnOn(
        id=res.table.ids[i],
        name=res.table.names[i],
        block=block,
        index=float(cl.rounded[i]),
        klass=cl.label(res.plan, block, i),
        rank=int(cl.rank[i]),
        block_size=res.table.blocks.count(block),
    )


def _unit_value(found: tuple[Results, int], of: str) -> float:
    res, i = found
    if of == "index":
        return float(res.classification.rounded[i])
    area_ids = [a for a, _ in res.plan.areas]
    if of.startswith("area:") and of[5:] in area_ids:
        return float(res.area_index[i, area_ids.index(of[5:])])
    return math.nan
