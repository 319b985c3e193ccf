"""How solid is each class: a Monte Carlo uncertainty analysis of the ranking.

What the criteria make uncertain is perturbed draw by draw:
- weights: each criterion's points and maximum are multiplied by U(1 − w, 1 + w);
- band cut points: each cut × U(1 − c, 1 + c) (kept in order);
- appraised points: + N(0, a × max), clipped to [0, max].
Draws are evaluated in batches through the compiled plan's results: criteria nothing perturbs
contribute through one matrix product, only band and appraised criteria are re-scored, and caps
(which read indicator values, not points) hold as in the base run. Nothing re-runs the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from parindex.criteria.consequences import Award, Awards
from parindex.scoring.engine import FULL_NO_CASES, SCORED, Results
from parindex.scoring.kernels import round_half_up
from parindex.scoring.params import AppraisedParams, BandsParams
from parindex.scoring.ranking import class_positions, ranks

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Perturbation:
    weights: float = 0.0  # relative half-width of the weight multiplier
    cuts: float = 0.0  # relative half-width of the band cut-point multiplier
    appraised: float = 0.0  # standard deviation of appraisal noise, as a share of the max
    draws: int = 1000
    seed: int = 0
    flag_share: float = 0.2  # flag a unit whose class differs from its own in more draws
    # draws evaluated together; memory about batch × units × 8 bytes × (6 + appraised criteria / 2).
    # 256 measured best on the demo; at 10,000 units 128 was within the machine's noise of it
    batch: int = 256


@dataclass
class Draws:
    """One batch of random draws: weights (B × leaves), cut points and appraisal noise."""

    weights: Array
    bounds: dict[int, Array] = field(default_factory=dict)  # leaf → (B × cuts)
    noise: dict[int, NDArray[np.floating[Any]]] = field(default_factory=dict)  # leaf → (B × units)


@dataclass
class Outcome:
    """Per-draw results of one batch: rounded index, class position and rank (B × units)."""

    rounded: Array
    klass: NDArray[np.intp]
    rank: NDArray[np.intp]


@dataclass
class Robustness:
    ids: list[str]
    names: list[str]
    blocks: list[str]
    base_class: list[str]
    class_labels: dict[str, list[str]]  # block → its classes, best first
    class_share: dict[str, Array]  # block → (its units × classes): share of draws in each
    base_class_share: Array  # share of draws keeping the unit's own class
    median_rank: Array
    rank_p5: Array
    rank_p95: Array
    flagged: NDArray[np.bool_]
    award_share: dict[str, Array] = field(default_factory=dict)  # award id → share eligible
    draws: int = 0


def draw(res: Results, pert: Perturbation, rng: np.random.Generator, size: int) -> Draws:
    plan = res.plan
    n_leaves = len(plan.leaves)
    w = pert.weights
    weights = rng.uniform(1 - w, 1 + w, (size, n_leaves)) if w > 0 else np.ones((size, n_leaves))
    out = Draws(weights)
    noisy: list[int] = []
    for leaf in plan.leaves:
        p = leaf.params
        if isinstance(p, BandsParams) and pert.cuts > 0:
            moved = p.bounds * rng.uniform(1 - pert.cuts, 1 + pert.cuts, (size, len(p.bounds)))
            # keep the cut points in the order the band table needs
            moved.sort(axis=1)
            out.bounds[leaf.index] = moved[:, ::-1] if p.higher else moved
        elif isinstance(p, AppraisedParams) and pert.appraised > 0:
            noisy.append(leaf.index)
    if noisy:
        # every appraised criterion's noise in one draw, in single precision: the noise is a
        # model of the appraisal council's variation, not a quantity to 16 digits
        z = normals(rng, (len(noisy), size, len(res.table)))
        for i, k in enumerate(noisy):
            z[i] *= np.float32(pert.appraised * plan.leaves[k].max)
            out.noise[k] = z[i]
    return out


_UNIT = np.float32(2.0**-24)  # a 24-bit integer times this: a float32 in [0, 1)
_TWO_PI = np.float32(2.0 * np.pi)


def normals(rng: np.random.Generator, shape: tuple[int, ...]) -> NDArray[np.float32]:
    """Standard normal float32 numbers by the Box–Muller transform of the generator's raw bits.

    numpy's `standard_normal` draws one number at a time through its ziggurat (about 30 ns a
    number here); the transform over whole arrays costs a third of that. Both give an exact
    normal distribution; here each uniform has 24 bits, so |z| never exceeds √(2·ln 2²⁵) ≈ 5.9
    (a normal passes that once in 300 million draws).
    """
    out = np.empty(int(np.prod(shape)), dtype=np.float32)
    # pieces that stay in the core's cache between the passes over them
    step = 1 << 16
    cos = np.empty(step, dtype=np.float32)
    for start in range(0, out.size, 2 * step):
        piece = out[start : start + 2 * step]
        h = (piece.size + 1) // 2
        bits = rng.bit_generator.random_raw(h).view(np.uint32)  # 2h 32-bit words
        bits >>= 8
        r, t = bits[:h], bits[h:]
        u = np.multiply(r, _UNIT, dtype=np.float32, casting="unsafe")
        u += np.float32(2.0**-25)  # centre of its 2⁻²⁴ step: in (0, 1), so the log is finite
        np.log(u, out=u)
        u *= np.float32(-2.0)
        np.sqrt(u, out=u)  # the radius
        a = np.multiply(t, _UNIT * _TWO_PI, dtype=np.float32, casting="unsafe")  # the angle
        c = cos[:h]
        np.cos(a, out=c)
        np.sin(a, out=a)
        np.multiply(u, c, out=piece[:h])
        np.multiply(u[: piece.size - h], a[: piece.size - h], out=piece[h:])
    return out.reshape(shape)


def evaluate_draws(res: Results, d: Draws) -> Outcome:
    """Score one batch of draws; the same numbers `evaluate` would give draw by draw."""
    plan = res.plan
    pts0 = res.counted_points  # (leaves × units), 0 where a criterion does not count
    status = res.status.T  # (leaves × units)
    counted = (status <= FULL_NO_CASES).astype(np.float64)
    # every criterion at its base points, weighted per draw (one matrix product) …
    achieved = d.weights @ pts0
    # … the maximum of every criterion, less those a unit does not count (a few rows)
    w_max = d.weights * plan.maxima
    total = w_max.sum(axis=1)[:, None]
    partial = np.flatnonzero(~counted.all(axis=1))
    if partial.size:
        possible = w_max[:, partial] @ (1.0 - counted[partial])
        np.subtract(total, possible, out=possible)
    else:
        possible = np.repeat(total, pts0.shape[1], axis=1)
    # … then, for perturbed criteria, the change of points where it can change at all
    # band changes gather in a units × draws buffer, where each unit's draws are contiguous
    # (adding into scattered columns of the draws × units matrix would stride through memory)
    shift: Array | None = None
    for k, bounds in d.bounds.items():
        cols = np.flatnonzero(_sensitive(res, k, bounds) & (status[k] == SCORED))
        if cols.size:
            p = _bands(res, k, bounds, cols)
            p -= pts0[k, cols][:, None]
            p *= d.weights[:, k]
            if shift is None:
                shift = np.zeros((pts0.shape[1], achieved.shape[0]))
            shift[cols] += p
    if shift is not None:
        achieved += shift.T
    delta = np.empty_like(achieved) if d.noise else achieved
    for k, noise in d.noise.items():
        # clip(p + z, 0, max) − p = clip(z, −p, max − p): one pass, 0 where it does not count
        base = pts0[k]
        np.clip(noise, -base, (plan.leaves[k].max - base) * counted[k], out=delta)
        delta *= d.weights[:, k, None]
        achieved += delta
    # the index, rounded, written over `achieved`: each temporary is another pass over memory
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.divide(achieved, possible, out=achieved)
    index *= 100.0
    np.copyto(index, np.nan, where=~(possible > 0))
    rounded = round_half_up(index, plan.criteria.ranking.decimals, out=index)
    cl = res.classification
    klass = class_positions(rounded, plan.class_table.mins[cl.block], cl.cap_floor)
    rank = ranks(rounded, cl.block, cl.tie, plan.criteria.ranking.skip_after_tie)
    return Outcome(rounded, klass, rank)


def _sensitive(res: Results, k: int, bounds: Array) -> NDArray[np.bool_]:
    """Units whose band can differ between draws: a value within the range some cut point
    takes over the batch (base included). Every other unit keeps its base points."""
    leaf = res.plan.leaves[k]
    assert leaf.of is not None and isinstance(leaf.params, BandsParams)
    v = np.nan_to_num(res.values.value[leaf.of])
    base_sorted = np.sort(leaf.params.bounds)
    # the count of cuts a value passes ignores their order, so compare sorted with sorted
    lows = np.minimum(np.sort(bounds, axis=1).min(axis=0), base_sorted)
    highs = np.maximum(np.sort(bounds, axis=1).max(axis=0), base_sorted)
    out = np.zeros(v.size, dtype=bool)
    for lo, hi in zip(lows, highs, strict=True):
        out |= (v >= lo) & (v <= hi)
    return out


def _bands(res: Results, k: int, bounds: Array, cols: NDArray[np.intp]) -> Array:
    """A band criterion re-scored with each draw's cut points (len(cols) × B).

    Only a cut point whose range over the batch holds the value needs comparing draw by draw;
    every other cut is passed (or not) in every draw, which one comparison per unit settles.
    """
    leaf = res.plan.leaves[k]
    p = leaf.params
    assert leaf.of is not None and isinstance(p, BandsParams)
    v = np.nan_to_num(res.values.value[leaf.of])[cols]
    lows, highs = bounds.min(axis=0), bounds.max(axis=0)  # column j: the j-th cut of each draw
    fixed = np.zeros(v.size, dtype=np.intp)
    varying: list[tuple[int, NDArray[np.intp]]] = []
    for j in range(bounds.shape[1]):
        # higher is better: a cut counts when v < cut; lower is better: when v >= cut
        fixed += (v < lows[j]) if p.higher else (v >= highs[j])
        rows = np.flatnonzero((v >= lows[j]) & (v < highs[j]))
        if rows.size:
            varying.append((j, rows))
    # a band number is at most the count of cuts: small integers move an eighth of the bytes
    small = np.int8 if bounds.shape[1] < 127 else np.intp
    band = np.repeat(fixed.astype(small)[:, None], bounds.shape[0], axis=1)
    for j, rows in varying:
        cut = bounds[:, j]
        band[rows] += (v[rows, None] < cut) if p.higher else (v[rows, None] >= cut)
    # past the last band's points, `otherwise`: repeated so that every band number indexes it
    extra = max(bounds.shape[1] + 1 - len(p.points), 1)
    table = np.concatenate([p.points, np.full(extra, p.otherwise)])
    points: Array = table.take(band)
    return points


def analyse(
    res: Results,
    pert: Perturbation,
    awards: Awards | None = None,
    heads_ok: dict[str, dict[str, bool]] | None = None,
    previous: dict[str, float] | None = None,
) -> Robustness:
    """Run `pert.draws` draws in batches; class shares, rank spread and award shares per unit.

    `heads_ok`: award id → unit id → whether the unit's heads meet `head_at_least` (fixed:
    nothing here perturbs the heads' ratings).
    """
    rng = np.random.default_rng(pert.seed)
    n = len(res.table)
    cl = res.classification
    base = cl.class_index
    rank_draws = np.empty((pert.draws, n), dtype=np.int32)
    n_classes = max(len(res.plan.classes(b)) for b in res.plan.blocks)
    counts = np.zeros((n, n_classes))
    award_counts = {a.id: np.zeros(n) for a in awards.awards} if awards else {}
    done = 0
    while done < pert.draws:
        size = min(pert.batch, pert.draws - done)
        out = evaluate_draws(res, draw(res, pert, rng, size))
        rank_draws[done : done + size] = out.rank
        for k in range(n_classes):
            counts[:, k] += (out.klass == k).sum(axis=0)
        if awards is not None:
            for award in awards.awards:
                award_counts[award.id] += _eligible(
                    res, award, awards, out, heads_ok, previous
                ).sum(axis=0)
        done += size
    share = counts / pert.draws
    spread = np.percentile(rank_draws, [5, 50, 95], axis=0)  # one partial sort for all three
    base_share = share[np.arange(n), base]
    blocks = res.table.blocks
    labels = {b: [x for x, _ in res.plan.classes(b)] for b in res.plan.blocks}
    members = {b: [i for i, x in enumerate(blocks) if x == b] for b in res.plan.blocks}
    return Robustness(
        ids=res.table.ids,
        names=res.table.names,
        blocks=blocks,
        base_class=[labels[blocks[i]][int(base[i])] for i in range(n)],
        class_labels=labels,
        class_share={b: share[idx][:, : len(labels[b])] for b, idx in members.items() if idx},
        base_class_share=base_share,
        median_rank=spread[1],
        rank_p5=spread[0],
        rank_p95=spread[2],
        flagged=(1.0 - base_share) > pert.flag_share,
        award_share={k: v / pert.draws for k, v in award_counts.items()},
        draws=pert.draws,
    )


def _eligible(
    res: Results,
    award: Award,
    awards: Awards,
    out: Outcome,
    heads_ok: dict[str, dict[str, bool]] | None,
    previous: dict[str, float] | None,
) -> NDArray[np.bool_]:
    """Award eligibility in each draw (B × units), quota included."""
    plan = res.plan
    blocks = np.array(res.table.blocks, dtype=object)
    ok = np.ones(out.klass.shape, dtype=bool)
    if award.blocks is not None:
        ok &= np.isin(blocks, award.blocks)[None, :]
    for block in plan.blocks:
        cols = np.flatnonzero(blocks == block)
        labels = [x.casefold() for x, _ in plan.classes(block)]
        excluded = {
            labels.index(c.casefold())
            for ex in awards.exclude
            for c in ex.class_
            if c.casefold() in labels
        }
        wanted = None
        if award.conditions.class_ is not None:
            wanted = {
                labels.index(c.casefold())
                for c in award.conditions.class_
                if c.casefold() in labels
            }
        k = out.klass[:, cols]
        if excluded:
            ok[:, cols] &= ~np.isin(k, list(excluded))
        if wanted is not None:
            ok[:, cols] &= np.isin(k, list(wanted))
    c = award.conditions
    if c.rank_at_most is not None:
        ok &= out.rank <= c.rank_at_most
    if c.min_index is not None:
        ok &= out.rounded >= c.min_index - 1e-9
    if c.min_improvement is not None:
        last = np.array([(previous or {}).get(u, np.nan) for u in res.table.ids])
        ok &= (out.rounded - last[None, :]) >= c.min_improvement - 1e-9  # NaN → False
    if c.no_cap:
        capped: NDArray[np.bool_] = np.asarray(res.classification.caps_lowered.any(axis=1))
        ok &= ~capped[None, :]
    if c.head_at_least is not None:
        fine = (heads_ok or {}).get(award.id, {})
        ok &= np.array([fine.get(u, False) for u in res.table.ids])[None, :]
    if award.quota is not None:
        ok &= _within_quota(
            ok,
            out.rank,
            blocks,
            plan.blocks,
            award.quota.per_block,
            award.quota.ties == "include_all",
        )
    return ok


def _within_quota(
    ok: NDArray[np.bool_],
    rank: NDArray[np.intp],
    blocks: NDArray[np.object_],
    block_ids: list[str],
    limit: int,
    include_ties: bool,
) -> NDArray[np.bool_]:
    """Whether each eligible unit falls within its block's quota, draw by draw."""
    out = np.zeros(ok.shape, dtype=bool)
    for block in block_ids:
        cols = np.flatnonzero(blocks == block)
        if cols.size == 0:
            continue
        b, m = ok.shape[0], cols.size
        key = np.where(ok[:, cols], rank[:, cols], m + 1).astype(np.int64)
        offset = (np.arange(b) * (m + 2))[:, None]
        flat = np.sort(key, axis=1) + offset
        mine = rank[:, cols].astype(np.int64) + offset
        side: Literal["left", "right"] = "left" if include_ties else "right"
        ahead = np.searchsorted(flat.ravel(), mine.ravel(), side=side).reshape(b, m) - (
            np.arange(b)[:, None] * m
        )
        # include_all: fewer than `limit` eligible units strictly ahead;
        # exclude_all: the unit and everyone tied with it fit within `limit`
        inside = ahead < limit if include_ties else ahead <= limit
        out[:, cols] = ok[:, cols] & inside
    return out
