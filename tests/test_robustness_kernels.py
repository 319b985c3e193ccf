"""The fast paths of the robustness analysis against plain definitions: the appraisal noise is
standard normal, ranks equal a unit-by-unit count on both sort paths, and rounding into a
given buffer gives the same numbers as without one."""

import math

import numpy as np
import pytest

from parindex.scoring import ranking
from parindex.scoring.kernels import round_half_up
from parindex.scoring.robustness import normals


def plain_ranks(r, block, tie, skip):
    """One draw ranked by definition: count the units of the block strictly ahead (or, dense,
    the distinct (index, place) pairs ahead)."""
    tie = np.zeros(r.size, dtype=int) if tie is None else tie
    key = [(-1.0 if math.isnan(x) else x, -t) for x, t in zip(r, tie, strict=True)]
    out = []
    for i in range(r.size):
        mine = [key[j] for j in range(r.size) if block[j] == block[i]]
        ahead = [k for k in mine if k > key[i]]
        out.append(1 + (len(ahead) if skip else len(set(ahead))))
    return out


@pytest.mark.parametrize("combined", [True, False])
def test_ranks_match_their_definition_on_both_sort_paths(combined, monkeypatch):
    if not combined:  # as when block × index × place leaves no room for a column number
        monkeypatch.setattr(ranking, "_sorted", _argsort_only)
    rng = np.random.default_rng(7)
    for trial in range(60):
        n, b = int(rng.integers(1, 40)), int(rng.integers(1, 4))
        r = np.round(rng.uniform(60, 100, (b, n)), int(rng.integers(0, 2)))
        r[rng.random((b, n)) < 0.15] = np.nan
        r[rng.random((b, n)) < 0.1] = 100.0
        block = rng.integers(0, int(rng.integers(1, 4)), n)
        block = np.unique(block, return_inverse=True)[1]
        tie = rng.integers(0, 3, n) if trial % 3 else None
        for skip in (True, False):
            got = ranking.ranks(r, block, tie, skip)
            for d in range(b):
                assert got[d].tolist() == plain_ranks(r[d], block, tie, skip), (trial, skip)


_combined_or_not = ranking._sorted


def _argsort_only(key, top):
    return _combined_or_not(key, 1 << 62)  # beyond the combined path's room


def test_the_combined_sort_gives_sorted_keys_and_their_order():
    rng = np.random.default_rng(3)
    key = rng.integers(0, 1000, (5, 300))
    for top in (1000, 1 << 62):  # the combined path, then argsort
        s, order = ranking._sorted(key.copy(), top)
        assert np.array_equal(s, np.sort(key, axis=1))
        assert np.array_equal(np.take_along_axis(key, order, axis=1), s)


def test_noise_is_standard_normal():
    z = normals(np.random.default_rng(11), (4, 250_001)).astype(np.float64).ravel()
    assert z.shape == (1_000_004,) and np.isfinite(z).all()
    assert abs(z.mean()) < 0.005 and abs(z.std() - 1) < 0.005
    # the share beyond 1, 2 and 3 sd, and the median of |z|, as a normal has them
    for k, want in ((1, 0.3173105), (2, 0.0455003), (3, 0.0026998)):
        assert abs(np.mean(np.abs(z) > k) - want) < 4 * math.sqrt(want / z.size) + 1e-4
    assert abs(np.median(np.abs(z)) - 0.6744898) < 0.003
    # adjacent numbers are independent …
    assert abs(np.corrcoef(z[:-1], z[1:])[0, 1]) < 0.005
    # … and so are the two of one transform (r·cos θ and r·sin θ, 65,536 apart in each piece
    # of 131,072): a shared radius would correlate their squares, a shared angle their values
    x, y = z[: 7 * 131_072].reshape(7, 2, 65_536).transpose(1, 0, 2).reshape(2, -1)
    assert abs(np.corrcoef(x, y)[0, 1]) < 0.006
    assert abs(np.corrcoef(x * x, y * y)[0, 1]) < 0.006
    assert abs(np.mean(x * x + y * y) - 2) < 0.01  # r² is exponential with mean 2
    assert np.abs(z).max() < 5.9


def test_noise_is_reproducible_by_seed():
    a = normals(np.random.default_rng(5), (3, 1001))
    b = normals(np.random.default_rng(5), (3, 1001))
    c = normals(np.random.default_rng(6), (3, 1001))
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_rounding_into_a_buffer_gives_the_same_numbers():
    x = np.random.default_rng(2).uniform(0, 100, 10_000)
    x[:4] = [84.995, 2.675, 0.005, 99.9949999]
    for decimals in (0, 1, 2, 3):
        want = round_half_up(x, decimals)
        buf = x.copy()
        assert np.array_equal(round_half_up(buf, decimals, out=buf), want)
