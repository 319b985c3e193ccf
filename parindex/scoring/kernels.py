"""One vectorised kernel per rule kind: indicator values of all units in, points out.

Kernels see plain float arrays and never NaN-check: the engine decides beforehand which units
are not applicable or get full marks and overwrites those entries.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Ints = NDArray[np.intp]


def bands(
    v: Array, bounds: Array, points: Array, otherwise: float, higher: bool
) -> tuple[Array, Ints]:
    """Half-open bands, first match wins. Returns points and the matched band (-1: otherwise).

    Higher is better: cuts are `at_least` in decreasing order, band i holds v >= bounds[i].
    Lower is better: cuts are `below` in increasing order, band i holds v < bounds[i].
    """
    # the band is the number of cut points v fails to reach; a handful of comparisons per
    # unit is several times faster than np.searchsorted on such short tables
    band = np.zeros(v.shape, dtype=np.intp)
    for bound in bounds:
        band += (v < bound) if higher else (v >= bound)
    table = np.append(points, otherwise)
    band = np.minimum(band, len(bounds))
    return table[band], np.where(band == len(bounds), -1, band)


def proportional(v: Array, cmax: float, target: float, floor: float) -> Array:
    """cmax × (v − floor) / (target − floor), clipped to [0, cmax]."""
    share = (v - floor) / (target - floor)
    return cmax * np.clip(share, 0.0, 1.0)


def yes_no(v: Array, cmax: float) -> Array:
    return np.where(v >= 0.5, cmax, 0.0)


def deduct(v: Array, cmax: float, each: float, cap: float) -> Array:
    return cmax - np.minimum(each * np.maximum(v, 0.0), cap)


def bonus(v: Array, each: float, cap: float) -> Array:
    return np.minimum(each * np.maximum(v, 0.0), cap)


def relative_to_best(
    v: Array, cmax: float, higher: bool, group: Ints, scored: NDArray[np.bool_], n_groups: int
) -> Array:
    """v ÷ best of its group × cmax (lower is better: best ÷ v). Only `scored` units compete.

    A group whose best is 0 (higher is better) earns 0: nobody did anything to compare with.
    """
    fill = -np.inf if higher else np.inf
    best = np.full(n_groups, fill)
    contenders = np.where(scored, v, fill)
    (np.maximum if higher else np.minimum).at(best, group, contenders)
    b = best[group]
    with np.errstate(divide="ignore", invalid="ignore"):
        if higher:
            ratio = np.where(b > 0, v / np.where(b > 0, b, 1.0), 0.0)
        else:
            ratio = np.where(v > 0, b / np.where(v > 0, v, 1.0), 1.0)
    return cmax * np.clip(ratio, 0.0, 1.0)


def round_half_up(x: Array, decimals: int, out: Array | None = None) -> Array:
    """Round as officials do (84.995 → 85.00), not to even; tolerant of binary noise.
    `out` (may be `x`): where to write, sparing large batches their temporaries."""
    scale = 10.0**decimals
    if out is None:
        return np.floor(x * scale + 0.5 + 1e-9) / scale
    # the same operations in the same order as above, so the same numbers
    np.multiply(x, scale, out=out)
    out += 0.5
    out += 1e-9
    np.floor(out, out=out)
    out /= scale
    return out
