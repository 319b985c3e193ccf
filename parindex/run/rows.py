"""The results document's unit rows, made from the Results' arrays a chunk of units at a time.

Per chunk, each array is sliced, rounded and turned into Python lists in one C call; the
Python work left per unit is putting those values into the row's dicts. Nothing here
computes a score.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from parindex.scoring.engine import SCORED, STATUS_NAMES, Results
from parindex.scoring.lift import LiftPick, lift_picks
from parindex.scoring.params import BandsParams

CHUNK = 1024  # units whose rows are made from one slice of the arrays
NO_BAND = -2
_STATUS = np.array([STATUS_NAMES[k] for k in sorted(STATUS_NAMES)], dtype=object)


def unit_order(res: Results) -> list[int]:
    """The set's units (table positions) in the document's order: block, rank, id."""
    blocks = res.plan.blocks
    where = np.array([blocks.index(b) for b in res.table.blocks], dtype=np.intp)
    ids = np.array(res.table.ids, dtype=str)
    order: list[int] = np.lexsort((ids, res.classification.rank, where)).tolist()
    return order


def rows(res: Results, explanations: bool) -> Iterator[dict[str, Any]]:
    """The set's unit rows in the document's order; with `explanations`, each unit's caps and
    lift, and the band each band criterion reached."""
    made = _Rows(res, explanations)
    order = unit_order(res)
    # millions of small acyclic dicts at national scale: the cyclic collector, run every few
    # hundred allocations over every object alive, would make building quadratic in units
    paused = gc.isenabled()
    gc.disable()
    try:
        for start in range(0, len(order), CHUNK):
            yield from made.chunk(np.array(order[start : start + CHUNK], dtype=np.intp))
    finally:
        if paused:
            gc.enable()


def _num(x: float, digits: int = 6) -> float | None:
    return None if math.isnan(x) else round(float(x), digits)


def _lists(a: Any, digits: int | None = None) -> list[list[float | None]]:
    """Rows of a 2-D array as lists, rounded, NaN → None (JSON null); made in C."""
    rounded = np.round(a, digits) if digits is not None else a
    cells = rounded.astype(object)
    cells[np.isnan(rounded)] = None
    out: list[list[float | None]] = cells.tolist()
    return out


class _Rows:
    """What the rows of one criteria set share, prepared once."""

    def __init__(self, res: Results, explanations: bool) -> None:
        self.res = res
        plan = res.plan
        cs = plan.criteria
        self.ids = [leaf.id for leaf in plan.leaves]
        self.cols = np.array([leaf.index for leaf in plan.leaves], dtype=np.intp)
        self.names = [*cs.indicators, *cs.derived]
        self.areas = [aid for aid, _ in plan.areas]
        self.watch = cs.self_assessment.flag_gap_above if cs.self_assessment else None
        self.sizes = {b: res.table.blocks.count(b) for b in plan.blocks}
        self.classes = {b: cs.classes_for(b) for b in plan.blocks}
        self.reasons_en = {c.reason: c.reason_en for c in plan.caps}
        self.when = {c.index: cs.caps[c.index].when for c in plan.caps}
        self.caps = {c.index: c for c in plan.caps}
        self.picks: list[LiftPick | None] | None = lift_picks(res) if explanations else None
        bands = [k for k, leaf in enumerate(plan.leaves) if isinstance(leaf.params, BandsParams)]
        self.band_at = np.array(bands, dtype=np.intp)  # positions among the leaves
        self.band_cols = self.cols[bands]

    def chunk(self, idx: np.ndarray[Any, Any]) -> Iterator[dict[str, Any]]:
        res = self.res
        cl = res.classification
        status = res.status[idx][:, self.cols]
        points = _lists(res.points[idx][:, self.cols], 6)
        statuses = _STATUS[status].tolist()
        read = [res.values.value[v][idx] for v in self.names]
        values = _lists(np.column_stack(read)) if read else [[] for _ in idx]
        a_index, a_self = res.area_index[idx], res.area_self_index[idx]
        areas = zip(
            _lists(res.area_points[idx], 6),
            _lists(res.area_possible[idx], 6),
            _lists(a_index, 2),
            _lists(a_self, 2),
            _lists(a_self - a_index, 2),
            strict=True,
        )
        # the band each criterion reached, as a row's entries need it: NO_BAND for a criterion
        # that is not a band rule (or without explanations), -1 where no value was read
        reached = np.full(status.shape, NO_BAND, dtype=np.intp)
        if self.picks is not None and len(self.band_cols):
            b = res.band[idx][:, self.band_cols].astype(np.intp)
            reached[:, self.band_at] = np.where(status[:, self.band_at] == SCORED, b + 1, -1)
        bands = reached.tolist()
        fired = cl.caps_fired[idx]
        any_fired = fired.any(axis=1).tolist() if fired.shape[1] else [False] * len(idx)
        for j, (i, area) in enumerate(zip(idx.tolist(), areas, strict=True)):
            criteria = {
                cid: {"points": p, "status": s}
                if r == NO_BAND
                else {"points": p, "status": s, "band": r if r >= 0 else None}
                for cid, p, s, r in zip(self.ids, points[j], statuses[j], bands[j], strict=True)
            }
            caps = [self.caps[c] for c in np.flatnonzero(fired[j]).tolist()] if any_fired[j] else []
            row = self.row(i, caps)
            row["areas"] = {
                aid: {"points": p, "max": m, "index": x, "index_self": s, "self_gap": g}
                for aid, p, m, x, s, g in zip(self.areas, *area, strict=True)
            }
            row["criteria"] = criteria
            row["values"] = dict(zip(self.names, values[j], strict=True))
            row["criteria_set"] = res.plan.criteria.id
            if self.picks is not None:
                row["explanation"] = self.explanation(i, caps, self.picks[i])
            yield row

    def row(self, i: int, caps: list[Any]) -> dict[str, Any]:
        """The unit's own scalars: who it is, its index, class and rank, and its caps."""
        res = self.res
        cl = res.classification
        cs = res.plan.criteria
        block = res.table.blocks[i]
        ks = self.classes[block]
        k = ks[int(cl.class_index[i])]
        self_index = _num(res.self_index[i], 2)
        gap = (
            None
            if self_index is None or math.isnan(cl.rounded[i])
            else round(self_index - float(cl.rounded[i]), 2)
        )
        return {
            "id": res.table.ids[i],
            "name": res.table.names[i],
            "block": block,
            "block_label": cs.blocks[block].label,
            "block_label_en": cs.blocks[block].label_en,
            "index": _num(cl.rounded[i], cs.ranking.decimals),
            "index_exact": _num(res.index[i]),
            "class": k.label,
            "class_en": k.label_en,
            "class_before_caps": ks[int(cl.class_before_caps[i])].label,
            "rank": int(cl.rank[i]),
            "block_size": self.sizes[block],
            "index_self": self_index,
            "self_gap": gap,
            "self_flag": self.watch is not None and gap is not None and gap > self.watch,
            "caps": [
                {
                    "reason": c.reason,
                    "reason_en": c.reason_en,
                    "at_most": c.at_most,
                    "lowered": bool(cl.caps_lowered[i, c.index]),
                }
                for c in caps
            ],
            "points": _num(res.achieved[i]),
            "possible": _num(res.possible[i]),
        }

    def explanation(self, i: int, caps: list[Any], pick: LiftPick | None) -> dict[str, Any]:
        """The caps that held and what would lift the unit to the next class; the criteria's
        own part (points, band) is in the row's `criteria`, their facts in the set's."""
        lowered = self.res.classification.caps_lowered
        return {
            "caps": [{**self.cap(c), "lowered": bool(lowered[i, c.index])} for c in caps],
            "lift": None if pick is None else self.lift(self.res.table.blocks[i], pick),
        }

    def lift(self, block: str, pick: LiftPick) -> dict[str, Any]:
        target = self.classes[block][pick.position - 1]
        return {
            "target_class": target.label,
            "target_class_en": target.label_en,
            "target_min": target.min,
            "needed_points": round(pick.needed, 4),
            "reachable": pick.reachable,
            "steps": [self.ids[k] for k in pick.steps],
            "blocking_caps": [self.cap(self.caps[c]) for c in pick.blocking],
        }

    def cap(self, c: Any) -> dict[str, Any]:
        return {
            "when": self.when[c.index],
            "at_most": c.at_most,
            "reason": c.reason,
            "reason_en": self.reasons_en.get(c.reason),
        }
