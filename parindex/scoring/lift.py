"""What would lift each unit to the next class, as numbers, for every unit at once.

The lift is the smallest set of criteria whose lost points, recovered, reach the next class's
threshold: greedy on the largest losses gives the fewest criteria; the last pick is then
swapped for the smallest loss that still suffices, so no more is asked than needed. Caps that
hold the class down are listed separately: no amount of points clears them.

Apart from `explain` because the results document needs only these numbers (`run.rows`), made
over arrays, while an explanation traces every criterion of one unit.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from parindex.scoring.engine import Results


class LiftPick(NamedTuple):
    """A unit's lift as numbers: the class to reach (its position among the block's classes),
    the points to recover, whether the criteria still short can give them, the criteria to
    recover in full (leaf indices, smallest loss first) and the fired caps that hold the class
    down whatever the points (cap indices)."""

    position: int
    needed: float
    reachable: bool
    steps: list[int]
    blocking: list[int]


def lift_picks(res: Results) -> list[LiftPick | None]:
    """Every unit's lift (None: already in the best class), in the table's order; the greedy
    choice made over arrays for all units at once."""
    return _lifter(res).picks()


def _lifter(res: Results) -> _Lifter:
    # one per Results: `explain` asks for one unit's pick at a time, the picks are made once
    return res.derived(_Lifter)


class _Lifter:
    def __init__(self, res: Results) -> None:
        plan = res.plan
        self.res = res
        self.lost = np.nan_to_num(plan.maxima[None, :] - res.points)  # not applicable: 0
        # every unit's criteria by points lost, largest first (a stable sort keeps ties in
        # criterion order); the first n_lost of each row lost anything at all
        self.order = np.argsort(-self.lost, axis=1, kind="stable")
        self.n_lost = (self.lost > 1e-12).sum(axis=1)
        self.classes = {b: plan.classes(b) for b in plan.blocks}
        # position of each cap's `at_most` among each block's classes, where it can fire
        self.cap_ranks: dict[str, dict[int, int]] = {}
        for b in plan.blocks:
            folded = [label.casefold() for label, _ in self.classes[b]]
            self.cap_ranks[b] = {
                c.index: folded.index(c.at_most.casefold())
                for c in plan.caps
                if c.at_most.casefold() in folded
            }
        self._picks: list[LiftPick | None] | None = None

    def picks(self) -> list[LiftPick | None]:
        if self._picks is None:
            n = len(self.res.table)
            self._picks = []
            for start in range(0, n, _CHUNK):  # bounded memory: a few arrays of a chunk
                self._picks += self._pick(start, min(n, start + _CHUNK))
        return self._picks

    def _pick(self, start: int, stop: int) -> list[LiftPick | None]:
        """The lifts of units start..stop. For each unit: take criteria by points lost,
        largest first, until the points needed are reached; then swap the last pick for the
        smallest loss that still reaches them (so no more is asked than needed)."""
        res, cl = self.res, self.res.classification
        units = range(start, stop)
        blocks = res.table.blocks[start:stop]
        position = cl.class_index[start:stop].astype(np.intp)
        target_min = np.array(
            [
                self.classes[b][p - 1][1] if p > 0 else np.nan
                for b, p in zip(blocks, position.tolist(), strict=True)
            ],
            dtype=np.float64,
        )
        with np.errstate(invalid="ignore"):
            needed = np.maximum(0.0, target_min / 100.0 * res.possible[units] - res.achieved[units])
        goal = (needed - _EPS)[:, None]
        order = self.order[start:stop]
        lost = np.take_along_axis(self.lost[start:stop], order, axis=1)  # largest first
        width = lost.shape[1]
        counted = np.arange(width)[None, :] < self.n_lost[start:stop, None]
        # the running total before each pick, summed in the order a loop would add them
        total = np.cumsum(np.where(counted, lost, 0.0), axis=1)
        before = np.concatenate([np.zeros((len(units), 1)), total[:, :-1]], axis=1)
        k = (counted & (before < goal)).sum(axis=1)
        reached = np.where(k > 0, total[np.arange(len(units)), np.maximum(k - 1, 0)], 0.0)
        reachable = reached >= goal[:, 0]
        last = np.maximum(k - 1, 0)
        rest = reached - lost[np.arange(len(units)), last]
        fits = counted & (np.arange(width)[None, :] >= last[:, None])
        fits &= rest[:, None] + lost >= goal
        swap = np.argmin(np.where(fits, lost, np.inf), axis=1)
        out: list[LiftPick | None] = []
        lost_all = self.lost
        fired = cl.caps_fired
        for j, i in enumerate(units):
            p = int(position[j])
            if p == 0:
                out.append(None)
                continue
            n = int(k[j])
            ok = bool(reachable[j])
            steps = order[j, :n].tolist()
            if ok and n:
                steps[-1] = int(order[j, swap[j]])
            steps.sort(key=lost_all[i].__getitem__)  # stable: ties keep the order picked
            ranks = self.cap_ranks[blocks[j]]
            blocking = [c for c in np.flatnonzero(fired[i]).tolist() if ranks[c] >= p]
            out.append(LiftPick(p, float(needed[j]), ok, steps, blocking))
        return out


_CHUNK = 4096
_EPS = 1e-9
