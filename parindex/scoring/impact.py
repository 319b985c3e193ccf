"""What a revision of the criteria does to the ranking: both sets scored on the same data.

Units are matched by id, criteria by id through the new set's `renamed:`; each unit's index,
class and rank before and after, and the criteria whose points moved, largest first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from parindex.scoring.engine import Results


@dataclass(frozen=True)
class CriterionDelta:
    id: str  # the id in the new set
    old_id: str
    before: float | None  # None: not applicable or not in the set
    after: float | None
    max_before: float | None
    max_after: float | None

    @property
    def delta(self) -> float:
        return (self.after or 0.0) - (self.before or 0.0)


@dataclass(frozen=True)
class UnitImpact:
    id: str
    name: str
    block: str
    index_before: float
    index_after: float
    class_before: str
    class_after: str
    direction: int  # +1 the class rose, −1 it fell, 0 the same
    rank_before: int
    rank_after: int
    criteria: list[CriterionDelta] = field(default_factory=list)  # moved points, largest first
    caps_before: list[str] = field(default_factory=list)  # reasons of caps that lowered the class
    caps_after: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BlockImpact:
    block: str
    units: int
    rose: int
    fell: int
    same: int
    mean_change: float  # of the index, in points


def impact(old: list[Results], new: list[Results]) -> tuple[list[UnitImpact], list[BlockImpact]]:
    before = {r.table.ids[i]: (r, i) for r in old for i in range(len(r.table))}
    units: list[UnitImpact] = []
    for res in new:
        back = {n: o for o, n in res.plan.criteria.renamed.items()}
        for i, uid in enumerate(res.table.ids):
            if uid not in before:
                continue
            ores, oi = before[uid]
            units.append(_unit(ores, oi, res, i, back))
    blocks: list[BlockImpact] = []
    for block in dict.fromkeys(u.block for u in units):
        mine = [u for u in units if u.block == block]
        changes = [
            u.index_after - u.index_before
            for u in mine
            if not (math.isnan(u.index_after) or math.isnan(u.index_before))
        ]
        blocks.append(
            BlockImpact(
                block,
                len(mine),
                sum(u.direction > 0 for u in mine),
                sum(u.direction < 0 for u in mine),
                sum(u.direction == 0 for u in mine),
                sum(changes) / len(changes) if changes else math.nan,
            )
        )
    return units, blocks


def _unit(ores: Results, oi: int, res: Results, i: int, back: dict[str, str]) -> UnitImpact:
    block = res.table.blocks[i]
    ocl, ncl = ores.classification, res.classification
    o_pos, n_pos = int(ocl.class_index[oi]), int(ncl.class_index[i])
    old_leaves = {leaf.id: leaf for leaf in ores.plan.leaves}
    deltas = []
    seen_old: set[str] = set()
    for leaf in res.plan.leaves:
        oid = back.get(leaf.id, leaf.id)
        seen_old.add(oid)
        ol = old_leaves.get(oid)
        after = _pts(res, i, leaf.index)
        before = _pts(ores, oi, ol.index) if ol is not None else None
        d = CriterionDelta(leaf.id, oid, before, after, ol.max if ol else None, leaf.max)
        if abs(d.delta) > 1e-9 or d.max_before != d.max_after:
            deltas.append(d)
    for oid, ol in old_leaves.items():
        if oid not in seen_old:
            d = CriterionDelta(oid, oid, _pts(ores, oi, ol.index), None, ol.max, None)
            deltas.append(d)
    deltas.sort(key=lambda d: (-abs(d.delta), d.id))
    return UnitImpact(
        id=res.table.ids[i],
        name=res.table.names[i],
        block=block,
        index_before=float(ocl.rounded[oi]),
        index_after=float(ncl.rounded[i]),
        class_before=ocl.label(ores.plan, ores.table.blocks[oi], oi),
        class_after=ncl.label(res.plan, block, i),
        direction=(o_pos > n_pos) - (o_pos < n_pos),
        rank_before=int(ocl.rank[oi]),
        rank_after=int(ncl.rank[i]),
        criteria=deltas,
        caps_before=[c.reason for c in ores.plan.caps if ocl.caps_lowered[oi, c.index]],
        caps_after=[c.reason for c in res.plan.caps if ncl.caps_lowered[i, c.index]],
    )


def _pts(res: Results, unit: int, leaf: int) -> float | None:
    p = float(res.points[unit, leaf])
    return None if math.isnan(p) else p
