"""Rules of the same kind scored together: a few array operations per kind, not per criterion.

A group holds its criteria's parameters as columns (one row per criterion), so the points of
every criterion of the group over every unit come out of one expression over the stacked
input values (criteria × units). Band tables of different lengths share a padded cut matrix.
Relative-to-best rules compare units within a block and stay one criterion at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, assert_never

import numpy as np
from numpy.typing import NDArray

from parindex.scoring.params import (
    AppraisedParams,
    BandsParams,
    BonusParams,
    DeductParams,
    ProportionalParams,
    RelativeParams,
    SurveyParams,
    UnitParams,
    YesNoParams,
)

if TYPE_CHECKING:
    from parindex.scoring.compile import LeafPlan

Array = NDArray[np.float64]
Col = NDArray[np.float64]  # (criteria × 1): one parameter per row, broadcast over units


@dataclass(frozen=True)
class BandGroup:
    leaves: NDArray[np.intp]
    bounds: Array  # (L × K) cut points, padded with -inf (never passed)
    # (L × (K+1)) points by the number of cut points the value stays below: the band itself
    # when higher is better, n_cuts minus the band when lower is better
    table: Array
    n_cuts: NDArray[np.int8]  # (L × 1)
    higher: NDArray[np.bool_]  # (L × 1)

    def band(self, below: NDArray[np.int8]) -> NDArray[np.int8]:
        """The band matched (0 = first; -1 = `otherwise`) from the count `points` returned."""
        band = np.where(self.higher, below, self.n_cuts - below).astype(np.int8, copy=False)
        band[band == self.n_cuts] = -1
        return band


@dataclass(frozen=True)
class ShareGroup:
    """Proportional and survey rules: scale × clip((v − floor) ÷ span, 0, 1)."""

    leaves: NDArray[np.intp]
    scale: Col
    floor: Col
    span: Col


@dataclass(frozen=True)
class YesNoGroup:
    leaves: NDArray[np.intp]
    scale: Col


@dataclass(frozen=True)
class CountGroup:
    """Deductions and bonuses: base + sign × min(each × max(v, 0), cap)."""

    leaves: NDArray[np.intp]
    base: Col  # the max for a deduction, 0 for a bonus
    sign: Col  # -1 for a deduction, +1 for a bonus
    each: Col
    cap: Col


@dataclass(frozen=True)
class AppraisedGroup:
    leaves: NDArray[np.intp]
    scale: Col


Group = BandGroup | ShareGroup | YesNoGroup | CountGroup | AppraisedGroup


def build_groups(leaves: list[LeafPlan]) -> list[Group]:
    """The batched groups of a plan's leaves (relative-to-best leaves are left out)."""
    bands: list[LeafPlan] = []
    shares: list[tuple[LeafPlan, float, float]] = []  # leaf, target, floor
    yes_no: list[LeafPlan] = []
    counts: list[tuple[LeafPlan, float, float, bool]] = []  # leaf, each, cap, deduct
    appraised: list[LeafPlan] = []
    for leaf in leaves:
        p = leaf.params
        match p:
            case BandsParams():
                bands.append(leaf)
            case ProportionalParams():
                shares.append((leaf, p.target, p.floor))
            case SurveyParams():
                shares.append((leaf, p.target, 0.0))
            case YesNoParams():
                yes_no.append(leaf)
            case DeductParams():
                counts.append((leaf, p.each, p.cap, True))
            case BonusParams():
                counts.append((leaf, p.each, p.cap, False))
            case AppraisedParams():
                appraised.append(leaf)
            case RelativeParams() | UnitParams():
                pass  # scored one at a time
            case _:
                assert_never(p)
    out: list[Group] = []
    if bands:
        out.append(_band_group(bands))
    if shares:
        out.append(
            ShareGroup(
                _idx([x[0] for x in shares]),
                _col([x[0].max for x in shares]),
                _col([x[2] for x in shares]),
                _col([x[1] - x[2] for x in shares]),
            )
        )
    if yes_no:
        out.append(YesNoGroup(_idx(yes_no), _col([x.max for x in yes_no])))
    if counts:
        out.append(
            CountGroup(
                _idx([x[0] for x in counts]),
                _col([x[0].max if x[3] else 0.0 for x in counts]),
                _col([-1.0 if x[3] else 1.0 for x in counts]),
                _col([x[1] for x in counts]),
                _col([x[2] for x in counts]),
            )
        )
    if appraised:
        out.append(AppraisedGroup(_idx(appraised), _col([x.max for x in appraised])))
    return out


def _idx(leaves: list[LeafPlan]) -> NDArray[np.intp]:
    return np.array([leaf.index for leaf in leaves], dtype=np.intp)


def _col(values: list[float]) -> Col:
    return np.array(values, dtype=np.float64)[:, None]


def _band_group(leaves: list[LeafPlan]) -> BandGroup:
    params = [leaf.params for leaf in leaves]
    assert all(isinstance(p, BandsParams) for p in params)
    width = max(len(p.bounds) for p in params if isinstance(p, BandsParams))
    bounds = np.full((len(leaves), width), -np.inf)
    table = np.empty((len(leaves), width + 1))
    n_cuts = np.empty((len(leaves), 1), dtype=np.int8)
    higher = np.empty((len(leaves), 1), dtype=bool)
    for i, p in enumerate(params):
        assert isinstance(p, BandsParams)
        k = len(p.bounds)
        bounds[i, :k] = p.bounds
        table[i, :] = p.otherwise
        if p.higher:  # below c cut points: band c (c = k: `otherwise`)
            table[i, :k] = p.points
        else:  # below c cut points: band k − c (c = 0: every cut passed, `otherwise`)
            table[i, 1 : k + 1] = p.points[::-1]
        n_cuts[i, 0] = k
        higher[i, 0] = p.higher
    return BandGroup(_idx(leaves), bounds, table, n_cuts, higher)


def points(group: Group, v: Array, out: Array) -> NDArray[np.int8] | None:
    """Points of every criterion of the group (rows) for every unit (columns), written into
    `out`, from the values they read (`v`: NaN-free, same shape); for bands also returns the
    number of cut points each value stays below, from which `BandGroup.band` tells the band."""
    match group:
        case BandGroup():
            return _bands(group, v, out)
        case ShareGroup():
            np.subtract(v, group.floor, out=out)
            out /= group.span
            np.clip(out, 0.0, 1.0, out=out)
            out *= group.scale
        case YesNoGroup():
            np.multiply(v >= 0.5, group.scale, out=out)
        case CountGroup():
            np.maximum(v, 0.0, out=out)
            out *= group.each
            np.minimum(out, group.cap, out=out)
            out *= group.sign
            out += group.base
        case AppraisedGroup():
            np.clip(v, 0.0, group.scale, out=out)
        case _:
            assert_never(group)
    return None


def _bands(g: BandGroup, v: Array, out: Array) -> NDArray[np.int8]:
    # higher is better: the band is the number of cut points v stays below (cuts decrease);
    # lower is better: n_cuts minus that number (cuts increase, band i holds v < cut i).
    # The table is laid out by that count, so one lookup serves both; padding cuts are -inf.
    below = (v < g.bounds[:, :1]).view(np.int8)
    if g.bounds.shape[1] > 1:
        below = below.copy()
        step = np.empty(v.shape, dtype=bool)
        for j in range(1, g.bounds.shape[1]):
            np.less(v, g.bounds[:, j : j + 1], out=step)
            below += step.view(np.int8)
    width = g.table.shape[1]
    flat = np.arange(0, below.shape[0] * width, width, dtype=np.intp)[:, None] + below
    # mode="clip": indices are in range by construction, and it writes to `out` unbuffered
    np.take(g.table.ravel(), flat, out=out, mode="clip")
    return below
