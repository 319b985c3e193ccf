"""Class positions and ranks within blocks, for one set of indices or many draws at once.

Written once and used by the engine (one row) and the robustness analysis (a draws × units
matrix), so the two cannot drift apart. Every function takes the rounded index: the index as
published decides class and rank, so two units shown with the same index share both.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Ints = NDArray[np.intp]

# the rounded index in units of 10⁻⁶ (`ranking.decimals` is at most 6): exact integer keys
_SCALE = 10.0**6
_SPAN = int(100 * _SCALE) + 2  # every key of one block fits in [0, _SPAN)


def class_positions(rounded: Array, mins: Array, floor: Ints | None = None) -> Ints:
    """Class position (0 = best) of each index: the number of class minimums not reached, then
    no better than `floor` (the caps that hold). `rounded`: (units) or (draws × units);
    `mins`: (units × classes) each unit's block's minimums, padded with -inf."""
    r = np.nan_to_num(rounded, nan=-np.inf)  # no index: the last class
    pos = np.zeros(r.shape, dtype=np.intp)
    for k in range(mins.shape[1]):
        pos += r < mins[:, k]
    if floor is not None:
        np.maximum(pos, floor, out=pos)
    return pos


def tie_place(keys: list[Array], n: int) -> Ints:
    """Each unit's place under the tie-break keys alone (smaller first; equal keys share it).

    Each key is already signed so that smaller is better; NaN loses every tie.
    """
    if not keys or n == 0:
        return np.zeros(n, dtype=np.intp)
    cleaned = [np.nan_to_num(k, nan=np.inf) for k in keys]
    # equal keys share a place, so the sort need not be stable; lexsort sorts by its last key
    order = np.argsort(cleaned[0]) if len(cleaned) == 1 else np.lexsort(cleaned[::-1])
    new = np.zeros(order.size, dtype=bool)
    new[0] = True
    for k in cleaned:
        s = k[order]
        new[1:] |= s[1:] != s[:-1]
    place = np.empty(order.size, dtype=np.intp)
    place[order] = np.cumsum(new) - 1
    return place


def ranks(rounded: Array, block: Ints, tie: Ints | None, skip_after_tie: bool) -> Ints:
    """Ranks 1… within each block, highest index first, then by `tie` (a place, smaller
    first); equal index and place share a rank. Competition ranks (1, 2, 2, 4) when
    `skip_after_tie`, else dense (1, 2, 2, 3). `rounded`: (units) or (draws × units)."""
    r2 = np.atleast_2d(rounded)
    b, n = r2.shape
    if tie is None or tie.size == 0:
        tie = np.zeros(n, dtype=np.intp)
    places = int(tie.max()) + 1 if n else 1
    q = r2 * _SCALE
    np.rint(q, out=q)
    np.copyto(q, -1.0, where=np.isnan(q))  # no index: below every index
    np.minimum(q, 100 * _SCALE, out=q)
    # one exact integer per unit: block, then index (high first; none last), then tie place
    lead = (block.astype(np.int64) * _SPAN + int(100 * _SCALE)) * places + tie
    key = q.astype(np.int64)
    key *= -places
    key += lead
    s, order = _sorted(key, int(lead.max()) + places if n else 0)
    # one flat index per draw and unit: 1-D scatters, far cheaper than 2-D ones
    order += (np.arange(b, dtype=np.intp) * n)[:, None]
    flat = order.reshape(-1)
    new = np.ones(s.shape, dtype=bool)
    np.not_equal(s[:, 1:], s[:, :-1], out=new[:, 1:])
    # the block is the key's leading part, so in every row each block holds the same run of
    # sorted positions: where each run starts is known before sorting
    sizes = np.bincount(block, minlength=int(block.max()) + 1 if n else 0)
    start = np.repeat(np.cumsum(sizes) - sizes, sizes)
    new[:, start] = True
    if skip_after_tie:
        # a rank is one more than the number of units of the block strictly ahead: each
        # position carries back the position where its run of equal keys begins (over the
        # flattened draws, as every draw's first position begins a run)
        at = np.arange(b * n, dtype=np.intp).reshape(b, n)
        at *= new
        np.maximum.accumulate(at.reshape(-1), out=at.reshape(-1))
        at -= (np.arange(b, dtype=np.intp) * n)[:, None]
        at -= start - 1
        sorted_ranks = at
    else:
        dense = np.cumsum(new, axis=1)
        sorted_ranks = dense - dense[:, start] + 1
    out = np.empty(s.shape, dtype=np.intp)
    out.reshape(-1)[flat] = sorted_ranks.reshape(-1)
    return out if np.ndim(rounded) == 2 else out[0]


def _sorted(key: NDArray[np.int64], top: int) -> tuple[NDArray[np.int64], Ints]:
    """Each row of non-negative `key` (all below `top`) sorted, and the order that sorts it.

    Where each key shifted left leaves room for its column number below it, one sort of the
    combined integers gives both, about twice as fast as an argsort followed by a gather;
    equal keys then come in column order, which no caller relies on.
    """
    n = key.shape[1]
    shift = max(n - 1, 1).bit_length()
    if top < 1 << (62 - shift):
        combined = key << shift
        combined += np.arange(n, dtype=np.int64)
        combined.sort(axis=1)
        order = (combined & ((1 << shift) - 1)).astype(np.intp)
        combined >>= shift
        return combined, order
    order = np.argsort(key, axis=1)  # equal keys share a rank: no need for a stable sort
    return np.take_along_axis(key, order, axis=1), order
