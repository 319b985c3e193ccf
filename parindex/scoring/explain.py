"""Why a unit got its points, and what would lift it to the next class — as data, not text.

The lift is the smallest set of criteria whose lost points, recovered, reach the next class's
threshold: greedy on the largest losses gives the fewest criteria; the last pick is then
swapped for the smallest loss that still suffices, so no more is asked than needed. Caps that
hold the class down are listed separately: no amount of points clears them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from parindex.scoring.engine import FULL_NO_CASES, NOT_IN_BLOCK, STATUS_NAMES, Results


@dataclass(frozen=True)
class CriterionTrace:
    id: str
    title: str
    title_en: str | None
    area: str
    kind: str
    max: float
    points: float | None  # None: not applicable
    status: str
    of: str | None
    value: float | None  # the value the rule read (None: not applicable)
    band: int | None  # 1-based band that matched; 0 = `otherwise`; None: not a band rule
    bound: float | None  # that band's cut point
    better: str | None

    @property
    def lost(self) -> float:
        return 0.0 if self.points is None else self.max - self.points


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
    plan = res.plan
    block = res.table.blocks[unit]
    classes = plan.classes(block)
    cl = res.classification
    traces = []
    for leaf in plan.leaves:
        status = int(res.status[unit, leaf.index])
        if status == NOT_IN_BLOCK:
            continue
        pts = float(res.points[unit, leaf.index])
        value = _value(res, unit, leaf.of, leaf.kind)
        band = None
        bound = None
        if leaf.kind == "bands":
            b = int(res.band[unit, leaf.index])
            band = b + 1 if b >= 0 else 0
            bound = float(leaf.params["bounds"][b]) if b >= 0 else None
        better = None
        if "higher" in leaf.params:
            better = "higher" if leaf.params["higher"] else "lower"
        traces.append(
            CriterionTrace(
                id=leaf.id,
                title=leaf.title,
                title_en=leaf.title_en,
                area=plan.areas[leaf.area][0],
                kind=leaf.kind,
                max=leaf.max,
                points=None if math.isnan(pts) else pts,
                status=STATUS_NAMES[status],
                of=leaf.of,
                value=value,
                band=band if status != FULL_NO_CASES else None,
                bound=bound,
                better=better,
            )
        )
    caps = [
        CapTrace(
            plan.criteria.caps[c.index].when,
            c.at_most,
            c.reason,
            bool(cl.caps_lowered[unit, c.index]),
        )
        for c in plan.caps
        if cl.caps_fired[unit, c.index]
    ]
    position = int(cl.class_index[unit])
    members = [i for i, b in enumerate(res.table.blocks) if b == block]
    return Explanation(
        id=res.table.ids[unit],
        name=res.table.names[unit],
        block=block,
        index=float(res.index[unit]),
        rounded=float(cl.rounded[unit]),
        klass=classes[position][0],
        klass_en=plan.class_labels_en(block)[position],
        class_before_caps=classes[int(cl.class_before_caps[unit])][0],
        rank=int(cl.rank[unit]),
        block_size=len(members),
        achieved=float(res.achieved[unit]),
        possible=float(res.possible[unit]),
        self_index=None if np.isnan(res.self_index[unit]) else float(res.self_index[unit]),
        criteria=traces,
        caps=caps,
        lift=_lift(res, unit, traces, caps, classes, position, plan.class_labels_en(block)),
    )


def _value(res: Results, unit: int, of: str | None, kind: str) -> float | None:
    if of is None:
        return None
    if kind == "appraised":
        v = float(res.table.column(of)[unit])
    else:
        v = float(res.values.value[of][unit])
    return None if math.isnan(v) else v


def _lift(
    res: Results,
    unit: int,
    traces: list[CriterionTrace],
    caps: list[CapTrace],
    classes: list[tuple[str, float | None]],
    position: int,
    labels_en: list[str | None],
) -> Lift | None:
    if position == 0:
        return None  # already in the best class
    target, target_min = classes[position - 1]
    assert target_min is not None  # only the last class has no minimum
    blocking = [c for c in caps if _rank_of(classes, c.at_most) >= position]
    needed = max(0.0, target_min / 100.0 * res.possible[unit] - res.achieved[unit])
    candidates = sorted((t for t in traces if t.lost > 1e-12), key=lambda t: -t.lost)
    steps: list[CriterionTrace] = []
    total = 0.0
    for t in candidates:
        if total >= needed - 1e-9:
            break
        steps.append(t)
        total += t.lost
    reachable = bool(total >= needed - 1e-9)
    if reachable and steps:
        # the last pick may overshoot: take the smallest loss that still reaches the need
        before = total - steps[-1].lost
        fits = [t for t in candidates if t not in steps[:-1] and before + t.lost >= needed - 1e-9]
        steps[-1] = min(fits, key=lambda t: t.lost)
    steps.sort(key=lambda t: t.lost)  # cheapest first
    return Lift(
        target, labels_en[position - 1], target_min, float(needed), steps, reachable, blocking
    )


def _rank_of(classes: list[tuple[str, float | None]], label: str) -> int:
    labels = [c[0].casefold() for c in classes]
    return labels.index(label.casefold())
