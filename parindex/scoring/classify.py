"""Classes, caps and ranks within each block, for one scoring run.

The index is rounded (half up, `ranking.decimals`) before it is compared with class thresholds
and ranked, so two units shown with the same index get the same class and share a rank. The
class and rank arithmetic lives in `ranking.py`, shared with the robustness analysis; this
module adds what only a real run has: which caps held for which unit, and the tie-break keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from parindex.scoring.formulas import evaluate as eval_formula
from parindex.scoring.kernels import round_half_up
from parindex.scoring.ranking import class_positions, ranks, tie_place

if TYPE_CHECKING:
    from parindex.scoring.compile import Plan
    from parindex.scoring.engine import Values

Array = NDArray[np.float64]
Ints = NDArray[np.intp]


@dataclass
class Classification:
    rounded: Array  # the index as published
    class_before_caps: Ints  # position in the block's class list, 0 = best
    class_index: Ints
    caps_fired: NDArray[np.bool_]  # (units, caps): the condition held for this unit
    caps_lowered: NDArray[np.bool_]  # (units, caps): and it lowered the class
    rank: Ints  # 1 = best, within the block
    cap_floor: Ints  # the best class position the caps that hold allow (0: no cap)
    tie: Ints  # place under the tie-break keys alone (0 = best), across all units
    block: Ints  # position of each unit's block in `plan.blocks`

    def label(self, plan: Plan, block: str, unit: int) -> str:
        return plan.class_table.labels[plan.blocks.index(block)][int(self.class_index[unit])]


def classify(
    plan: Plan,
    block: Ints,
    values: Values,
    index: Array,
    area_points: Array,
    area_possible: Array,
) -> Classification:
    """`block`: each unit's block position in `plan.blocks`; `area_*`: (units × areas)."""
    n = index.size
    table = plan.class_table
    rounded = round_half_up(index, plan.criteria.ranking.decimals)
    before = class_positions(rounded, table.mins[block])
    capped = before.copy()
    fired = np.zeros((n, len(plan.caps)), dtype=bool)
    lowered = np.zeros((n, len(plan.caps)), dtype=bool)
    floor = np.zeros(n, dtype=np.intp)
    for cap in plan.caps:
        limit = table.cap_limit[cap.index][block]
        cond, _ = eval_formula(cap.expr, values.value, n)
        holds = (cond != 0) & (limit >= 0)
        fired[:, cap.index] = holds
        lowered[:, cap.index] = holds & (capped < limit)
        np.maximum(capped, np.where(holds, limit, 0), out=capped)
        np.maximum(floor, np.where(holds, limit, 0), out=floor)
    tie = tie_place(_tie_keys(plan, values, area_points, area_possible), n)
    rank = ranks(rounded, block, tie, plan.criteria.ranking.skip_after_tie)
    return Classification(rounded, before, capped, fired, lowered, rank, floor, tie, block)


def _tie_keys(plan: Plan, values: Values, area_points: Array, area_possible: Array) -> list[Array]:
    """The tie-break keys, signed so that smaller is better."""
    keys: list[Array] = []
    area_ids = [a for a, _ in plan.areas]
    for tb in plan.criteria.ranking.tie_break:
        if tb.of.startswith("area:"):
            a = area_ids.index(tb.of[5:])
            with np.errstate(invalid="ignore", divide="ignore"):
                v = np.where(
                    area_possible[:, a] > 0, area_points[:, a] / area_possible[:, a], np.nan
                )
        else:
            v = values.value[tb.of]
        keys.append(-v if tb.better == "higher" else v)
    return keys
