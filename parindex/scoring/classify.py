"""Classes, caps and ranks within each block.

The index is rounded (half up, `ranking.decimals`) before it is compared with class thresholds
and ranked, so two units shown with the same index get the same class and share a rank.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from parindex.scoring.formulas import evaluate as eval_formula
from parindex.scoring.kernels import round_half_up
from parindex.scoring.table import IndicatorTable

if TYPE_CHECKING:
    from parindex.scoring.compile import Plan
    from parindex.scoring.engine import Values

Array = NDArray[np.float64]


@dataclass
class Classification:
    rounded: Array  # the index as published
    class_before_caps: NDArray[np.intp]  # position in the block's class list, 0 = best
    class_index: NDArray[np.intp]
    caps_fired: NDArray[np.bool_]  # (units, caps): the condition held for this unit
    caps_lowered: NDArray[np.bool_]  # (units, caps): and it lowered the class
    rank: NDArray[np.intp]  # 1 = best, within the block

    def label(self, plan: Plan, block: str, unit: int) -> str:
        return plan.classes(block)[int(self.class_index[unit])][0]


def classify(
    plan: Plan,
    table: IndicatorTable,
    values: Values,
    index: Array,
    area_points: Array,
    area_possible: Array,
) -> Classification:
    n = len(table)
    decimals = plan.criteria.ranking.decimals
    rounded = round_half_up(index, decimals)
    blocks = np.array(table.blocks, dtype=object)
    before = np.zeros(n, dtype=np.intp)
    after = np.zeros(n, dtype=np.intp)
    fired = np.zeros((n, len(plan.caps)), dtype=bool)
    lowered = np.zeros((n, len(plan.caps)), dtype=bool)
    rank = np.zeros(n, dtype=np.intp)
    for block in plan.blocks:
        members = np.flatnonzero(blocks == block)
        if members.size == 0:
            continue
        classes = plan.classes(block)
        mins = np.array([m for _, m in classes if m is not None], dtype=np.float64)
        r = rounded[members]
        # classes run best first with decreasing minimums: count the thresholds not reached
        pos = (np.nan_to_num(r, nan=-np.inf)[:, None] < mins[None, :]).sum(axis=1)
        before[members] = pos
        capped = pos.copy()
        labels = [label.casefold() for label, _ in classes]
        for cap in plan.caps:
            if cap.blocks is not None and block not in cap.blocks:
                continue
            cond, _ = eval_formula(
                cap.expr, {k: v[members] for k, v in values.value.items()}, members.size
            )
            holds = cond != 0
            limit = labels.index(cap.at_most.casefold())
            fired[members, cap.index] = holds
            lowered[members, cap.index] = holds & (capped < limit)
            capped = np.where(holds, np.maximum(capped, limit), capped)
        after[members] = capped
        rank[members] = _ranks(
            plan, values, r, area_points[members], area_possible[members], members
        )
    return Classification(rounded, before, after, fired, lowered, rank)


def _ranks(
    plan: Plan,
    values: Values,
    rounded: Array,
    area_points: Array,
    area_possible: Array,
    members: NDArray[np.intp],
) -> NDArray[np.intp]:
    """Ranks 1… by rounded index (high first), then the tie-break keys; ties share a rank."""
    keys: list[Array] = [np.nan_to_num(-rounded, nan=np.inf)]
    area_ids = [a for a, _ in plan.areas]
    for tb in plan.criteria.ranking.tie_break:
        if tb.of.startswith("area:"):
            a = area_ids.index(tb.of[5:])
            with np.errstate(invalid="ignore", divide="ignore"):
                v = np.where(
                    area_possible[:, a] > 0, area_points[:, a] / area_possible[:, a], np.nan
                )
        else:
            v = values.value[tb.of][members]
        signed = -v if tb.better == "higher" else v
        keys.append(np.nan_to_num(signed, nan=np.inf))  # a missing value loses a tie
    order = np.lexsort(keys[::-1])  # lexsort sorts by the last key first
    stacked = np.stack([k[order] for k in keys], axis=1)
    new_group = np.ones(len(order), dtype=bool)
    new_group[1:] = (stacked[1:] != stacked[:-1]).any(axis=1)
    if plan.criteria.ranking.skip_after_tie:
        # 1, 2, 2, 4: a rank is one more than the number of units strictly ahead
        position = np.arange(1, len(order) + 1)
        ranks_sorted = np.maximum.accumulate(np.where(new_group, position, 0))
    else:
        ranks_sorted = np.cumsum(new_group)  # 1, 2, 2, 3
    out = np.empty(len(order), dtype=np.intp)
    out[order] = ranks_sorted
    return out
