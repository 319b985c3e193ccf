"""Why a unit got its points, and what would lift it to the next class — as data, not text.

Per unit: each criterion's trace (status, value read, band, points), the caps that fired, and
the lift, which joins the criteria `scoring.lift` picks to their traces. Apart from `lift`
because the results document needs only the picks, while an explanation is an object per
criterion of every unit.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from parindex.scoring.engine import FULL_NO_CASES, NOT_IN_BLOCK, STATUS_NAMES, Results
from parindex.scoring.lift import lift_picks
from parindex.scoring.params import BandsParams, RelativeParams


class LeafFacts(NamedTuple):
    """What a criterion's trace says whatever the unit: shared by every unit's trace."""

    id: str
    title: str
    title_en: str | None
    area: str
    kind: str
    max: float
    of: str | None
    better: str | None


class CriterionTrace(NamedTuple):
    """One criterion for one unit. A tuple over shared facts: an explanation of every unit
    holds units × criteria of these, so each costs a tuple, not a dict."""

    facts: LeafFacts
    points: float | None  # None: not applicable
    status: str
    value: float | None  # the value the rule read (None: not applicable)
    band: int | None  # 1-based band that matched; 0 = `otherwise`; None: not a band rule
    bound: float | None  # that band's cut point

    @property
    def id(self) -> str:
        return self.facts.id

    @property
    def title(self) -> str:
        return self.facts.title

    @property
    def title_en(self) -> str | None:
        return self.facts.title_en

    @property
    def area(self) -> str:
        return self.facts.area

    @property
    def kind(self) -> str:
        return self.facts.kind

    @property
    def max(self) -> float:
        return self.facts.max

    @property
    def of(self) -> str | None:
        return self.facts.of

    @property
    def better(self) -> str | None:
        return self.facts.better

    @property
    def lost(self) -> float:
        return 0.0 if self.points is None else self.facts.max - self.points


@dataclass(frozen=True)
class CapTrace:
    when: str
    at_most: str
    reason: str
    lowered: bool  # False: the condition held but the class was already at or below


@dataclass(frozen=True)
class Lift:
    target_class: str
    target_class_en: str | None
    target_min: float
    needed_points: float  # points to recover; 0 when only a cap stands in the way
    steps: list[CriterionTrace]  # recover these criteria in full
    reachable: bool
    blocking_caps: list[CapTrace] = field(default_factory=list)


@dataclass(frozen=True)
class Explanation:
    id: str
    name: str
    block: str
    index: float
    rounded: float
    klass: str
    klass_en: str | None
    class_before_caps: str
    rank: int
    block_size: int
    achieved: float
    possible: float
    self_index: float | None
    criteria: list[CriterionTrace]
    caps: list[CapTrace]
    lift: Lift | None


def explain(res: Results, unit: int) -> Explanation:
    """Why one unit got its points and what would lift it (see `explain_all` for every unit)."""
    return _explainer(res).explain(unit)


def explain_all(res: Results) -> list[Explanation]:
    """Every unit's explanation, in the table's order; the work shared by all units is done
    once (per-criterion facts, block sizes, points lost), so the cost is linear in units."""
    ex = _explainer(res)
    # millions of small acyclic objects: the cyclic collector, run every few hundred
    # allocations over every object alive, would make this quadratic in units
    paused = gc.isenabled()
    gc.disable()
    try:
        return [ex.explain(i) for i in range(len(res.table))]
    finally:
        if paused:
            gc.enable()


def _explainer(res: Results) -> _Explainer:
    # one per Results: repeated `explain(res, i)` calls share the per-criterion work
    return res.derived(_Explainer)


class _Explainer:
    def __init__(self, res: Results) -> None:
        plan = res.plan
        self.res = res
        self.columns: dict[tuple[str, bool], list[float]] = {}
        # per criterion: index, fixed facts, the column read (as a list), band cut points
        self.leaf_facts: list[tuple[int, LeafFacts, list[float] | None, list[float] | None]] = []
        for leaf in plan.leaves:
            p = leaf.params
            better = p.better if isinstance(p, BandsParams | RelativeParams) else None
            facts = LeafFacts(
                leaf.id,
                leaf.title,
                leaf.title_en,
                plan.areas[leaf.area][0],
                leaf.kind,
                leaf.max,
                leaf.of,
                better,
            )
            bounds = p.bounds.tolist() if isinstance(p, BandsParams) else None
            self.leaf_facts.append((leaf.index, facts, self.column(leaf.of, leaf.kind), bounds))
        self.block_size = {b: res.table.blocks.count(b) for b in set(res.table.blocks)}
        self.classes = {b: plan.classes(b) for b in plan.blocks}
        self.labels_en = {b: plan.class_labels_en(b) for b in plan.blocks}
        self.cap_when = [plan.criteria.caps[c.index].when for c in plan.caps]

    def column(self, of: str | None, kind: str) -> list[float] | None:
        if of is None:
            return None
        key = (of, kind == "appraised")
        if key not in self.columns:
            res = self.res
            v = res.table.column(of) if kind == "appraised" else res.values.value[of]
            self.columns[key] = v.tolist()
        return self.columns[key]

    def explain(self, unit: int) -> Explanation:
        res = self.res
        plan = res.plan
        block = res.table.blocks[unit]
        classes = self.classes[block]
        cl = res.classification
        statuses = res.status[unit].tolist()
        points = res.points[unit].tolist()
        bands = res.band[unit].tolist()
        traces: list[CriterionTrace] = []
        kept: list[int] = []
        new = tuple.__new__  # CriterionTrace's own __new__ is a Python call; this is not
        for k, facts, col, bounds in self.leaf_facts:
            status = statuses[k]
            if status == NOT_IN_BLOCK:
                continue
            pts = points[k]
            value = None if col is None else col[unit]
            band = bound = None
            if bounds is not None:
                b = bands[k]
                band = None if status == FULL_NO_CASES else (b + 1 if b >= 0 else 0)
                bound = bounds[b] if b >= 0 else None
            trace = new(
                CriterionTrace,
                (
                    facts,
                    None if pts != pts else pts,  # NaN: not applicable
                    STATUS_NAMES[status],
                    None if value != value else value,
                    band,
                    bound,
                ),
            )
            traces.append(trace)
            kept.append(k)
        caps = [
            CapTrace(
                self.cap_when[c.index], c.at_most, c.reason, bool(cl.caps_lowered[unit, c.index])
            )
            for c in plan.caps
            if cl.caps_fired[unit, c.index]
        ]
        position = int(cl.class_index[unit])
        return Explanation(
            id=res.table.ids[unit],
            name=res.table.names[unit],
            block=block,
            index=float(res.index[unit]),
            rounded=float(cl.rounded[unit]),
            klass=classes[position][0],
            klass_en=self.labels_en[block][position],
            class_before_caps=classes[int(cl.class_before_caps[unit])][0],
            rank=int(cl.rank[unit]),
            block_size=self.block_size[block],
            achieved=float(res.achieved[unit]),
            possible=float(res.possible[unit]),
            self_index=None if np.isnan(res.self_index[unit]) else float(res.self_index[unit]),
            criteria=traces,
            caps=caps,
            lift=self.lift(unit, traces, kept, caps, classes, position, self.labels_en[block]),
        )

    def lift(
        self,
        unit: int,
        traces: list[CriterionTrace],
        kept: list[int],
        caps: list[CapTrace],
        classes: list[tuple[str, float | None]],
        position: int,
        labels_en: list[str | None],
    ) -> Lift | None:
        pick = lift_picks(self.res)[unit]
        if pick is None:
            return None  # already in the best class
        target, target_min = classes[position - 1]
        assert target_min is not None  # only the last class has no minimum
        blocking = [c for c in caps if _rank_of(classes, c.at_most) >= position]
        needed, reachable = pick.needed, pick.reachable
        chosen = [traces[bisect_left(kept, k)] for k in pick.steps]
        return Lift(
            target, labels_en[position - 1], target_min, float(needed), chosen, reachable, blocking
        )


def _rank_of(classes: list[tuple[str, float | None]], label: str) -> int:
    labels = [c[0].casefold() for c in classes]
    return labels.index(label.casefold())
