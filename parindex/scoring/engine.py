"""Evaluate a compiled Plan over an IndicatorTable: points, indices, classes, ranks.

All units are scored at once, one numpy operation per criterion; nothing here loops over units.
The result keeps the trace needed to explain each number: the status of every (unit, criterion)
pair, the band that matched, the values read, and the caps that fired.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from parindex.criteria.formula import names
from parindex.scoring import kernels
from parindex.scoring.classify import Classification, classify
from parindex.scoring.compile import LeafPlan, Plan
from parindex.scoring.formulas import evaluate as eval_formula
from parindex.scoring.table import IndicatorTable

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]

# status of a (unit, criterion) pair
SCORED = 0
FULL_NO_CASES = 1  # zero denominator with `full_marks`: "no cases = full marks"
NOT_APPLICABLE = 2  # points leave the maximum
NOT_IN_BLOCK = 3  # the criterion is not part of this unit's block

STATUS_NAMES = {
    SCORED: "scored",
    FULL_NO_CASES: "no_cases_full_marks",
    NOT_APPLICABLE: "not_applicable",
    NOT_IN_BLOCK: "not_in_block",
}


@dataclass(frozen=True)
class UnitProblem:
    """A data problem only scoring can see (a zero denominator the criteria call an error)."""

    unit: int
    column: str
    message: str


@dataclass
class Values:
    """Every indicator and derived value per unit, with not-applicable and full-marks flags."""

    value: dict[str, Array] = field(default_factory=dict)
    na: dict[str, Mask] = field(default_factory=dict)
    full: dict[str, Mask] = field(default_factory=dict)


@dataclass
class Results:
    plan: Plan
    table: IndicatorTable
    values: Values
    counted_points: Array  # (leaves, units): points, 0 where the criterion does not count
    status: NDArray[np.int8]  # (units, leaves)
    band: NDArray[np.int8]  # (units, leaves): matched band, -1 otherwise / not a band rule
    achieved: Array
    possible: Array
    index: Array  # unrounded, 0–100
    area_points: Array  # (units, areas)
    area_possible: Array
    self_index: Array  # NaN where the self-assessment is incomplete
    area_self_points: Array  # (units, areas): points with self-assessed values; NaN likewise
    classification: Classification
    problems: list[UnitProblem]

    @cached_property
    def points(self) -> Array:
        """(units, leaves): points, NaN where not applicable or not in the unit's block."""
        return np.where(self.status <= FULL_NO_CASES, self.counted_points.T, np.nan)

    @property
    def area_self_index(self) -> Array:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(
                self.area_possible > 0, self.area_self_points / self.area_possible * 100, np.nan
            )

    @property
    def area_index(self) -> Array:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(
                self.area_possible > 0, self.area_points / self.area_possible * 100, np.nan
            )


def evaluate(plan: Plan, table: IndicatorTable) -> Results:
    """Score every unit of `table` (all in blocks of this plan) on the plan's criteria."""
    n = len(table)
    problems: list[UnitProblem] = []
    values = _values(plan, table, problems)
    code_of = {b: i for i, b in enumerate(plan.blocks)}
    block_codes = np.array([code_of[b] for b in table.blocks], dtype=np.intp)
    n_leaves = len(plan.leaves)
    # criterion-major (leaves × units): each criterion fills one contiguous row, and adds
    # itself to its area's sums on the way (no second pass over the big matrix)
    n_areas = len(plan.areas)
    pts0 = np.empty((n_leaves, n))  # points that count, 0 elsewhere
    status = np.empty((n_leaves, n), dtype=np.int8)
    band = np.empty((n_leaves, n), dtype=np.int8)
    area_points_t = np.zeros((n_areas, n))
    area_possible_t = np.zeros((n_areas, n))
    counted = np.empty(n)
    in_block_cache: dict[frozenset[str] | None, Mask] = {None: np.ones(n, dtype=bool)}
    inputs = _Inputs(values, table)
    for leaf in plan.leaves:
        if leaf.blocks not in in_block_cache:
            codes = [code_of[b] for b in leaf.blocks or () if b in code_of]
            in_block_cache[leaf.blocks] = np.isin(block_codes, codes)
        in_block = in_block_cache[leaf.blocks]
        k = leaf.index
        p, status[k], band[k] = _score_leaf(
            leaf, inputs, values, in_block, block_codes, len(plan.blocks), problems
        )
        np.less_equal(status[k], FULL_NO_CASES, out=counted, casting="unsafe")
        np.multiply(p, counted, out=pts0[k])
        area_points_t[leaf.area] += pts0[k]
        area_possible_t[leaf.area] += leaf.max * counted
    achieved = area_points_t.sum(axis=0)
    possible = area_possible_t.sum(axis=0)
    area_points, area_possible = area_points_t.T, area_possible_t.T
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(possible > 0, achieved / possible * 100.0, np.nan)
    self_index, area_self_points = _self_index(
        plan, table, pts0, status, area_points_t, achieved, possible
    )
    for i in np.flatnonzero(possible == 0):
        problems.append(UnitProblem(int(i), "", "no criterion applies to this unit"))
    classification = classify(plan, table, values, index, area_points, area_possible)
    return Results(
        plan,
        table,
        values,
        pts0,
        status.T,
        band.T,
        achieved,
        possible,
        index,
        area_points,
        area_possible,
        self_index,
        area_self_points,
        classification,
        problems,
    )


class _Inputs:
    """The column each rule reads, its NaN-free copy and its flags; computed once per column."""

    def __init__(self, values: Values, table: IndicatorTable) -> None:
        self.values = values
        self.table = table
        self.cache: dict[tuple[str, bool], tuple[Array, Array, Mask, Mask | None]] = {}

    def get(self, name: str, appraised: bool) -> tuple[Array, Array, Mask, Mask | None]:
        key = (name, appraised)
        if key not in self.cache:
            if appraised:
                v = self.table.column(name)
                na = self.table.not_applicable(name)
                full: Mask | None = None
            else:
                v = self.values.value[name]
                na = self.values.na[name]
                full = self.values.full[name]
                full = full if full.any() else None
            vz = np.where(np.isnan(v), 0.0, v)  # kernels never see NaN
            self.cache[key] = (v, vz, na, full)
        return self.cache[key]


def _values(plan: Plan, table: IndicatorTable, problems: list[UnitProblem]) -> Values:
    n = len(table)
    vals = Values()
    no = np.zeros(n, dtype=bool)
    for name in plan.criteria.indicators:
        vals.value[name] = table.column(name)
        vals.na[name] = table.not_applicable(name)
        vals.full[name] = no
    for d in plan.derived:
        refs = sorted(names(d.expr))
        na_in = np.zeros(n, dtype=bool)
        full_in = np.zeros(n, dtype=bool)
        for r in refs:
            na_in |= vals.na[r]
            full_in |= vals.full[r]
        v, zero = eval_formula(d.expr, vals.value, n)
        zero &= ~na_in
        na = na_in.copy()
        full = full_in & ~na_in
        if d.zero_denominator == "not_applicable":
            na |= zero
        elif d.zero_denominator == "full_marks":
            full |= zero
        elif d.zero_denominator == "zero":
            v = np.where(zero, 0.0, v)
        else:
            problems.extend(
                UnitProblem(
                    int(i),
                    d.name,
                    f"`{d.name}` divides by zero and the criteria set `zero_denominator: error`",
                )
                for i in np.flatnonzero(zero)
            )
        vals.value[d.name] = np.where(na, np.nan, v)
        vals.na[d.name] = na
        vals.full[d.name] = full
    return vals


def _score_leaf(
    leaf: LeafPlan,
    inputs: _Inputs,
    values: Values,
    in_block: Mask,
    block_codes: NDArray[np.intp],
    n_blocks: int,
    problems: list[UnitProblem],
) -> tuple[Array, NDArray[np.int8], NDArray[np.intp] | int]:
    n = len(in_block)
    assert leaf.of is not None
    _, vz, na, full = inputs.get(leaf.of, leaf.kind == "appraised")
    na_condition: Mask | None = None
    if leaf.not_applicable_if is not None:
        cond, _ = eval_formula(leaf.not_applicable_if, values.value, n)
        na_condition = cond != 0
    band: NDArray[np.intp] | int = -1
    prm = leaf.params
    m = leaf.max
    if leaf.kind == "bands":
        p, band = kernels.bands(vz, prm["bounds"], prm["points"], prm["otherwise"], prm["higher"])
    elif leaf.kind == "proportional":
        p = kernels.proportional(vz, m, prm["target"], prm["floor"])
    elif leaf.kind == "survey":
        p = kernels.proportional(vz, m, prm["target"], 0.0)
    elif leaf.kind == "yes_no":
        p = kernels.yes_no(vz, m)
    elif leaf.kind == "deduct":
        p = kernels.deduct(vz, m, prm["each"], prm["cap"])
    elif leaf.kind == "bonus":
        p = kernels.bonus(vz, prm["each"], prm["cap"])
    elif leaf.kind == "relative_to_best":
        scored = in_block & ~na
        if na_condition is not None:
            scored &= ~na_condition
        if full is not None:
            scored &= ~full
        p = kernels.relative_to_best(vz, m, prm["higher"], block_codes, scored, n_blocks)
    else:  # appraised: the appraised points as entered (the reader checked 0 ≤ v ≤ max)
        p = np.clip(vz, 0.0, m)
    if leaf.kind == "survey" and prm["if_missing"] == "zero":
        p = np.where(na, 0.0, p)  # no survey: zero points, the maximum stays
        na = np.zeros(n, dtype=bool)
    elif leaf.kind == "survey" and prm["if_missing"] == "error":
        bad = na & in_block if na_condition is None else na & in_block & ~na_condition
        problems.extend(
            UnitProblem(
                int(i),
                leaf.of,
                f"criterion {leaf.id} has no survey value and the criteria set `if_missing: error`",
            )
            for i in np.flatnonzero(bad)
        )
    status = np.zeros(n, dtype=np.int8)  # SCORED
    if full is not None:
        p = np.where(full, m, p)
        status[full] = FULL_NO_CASES
    out = na if na_condition is None else na | na_condition
    # most criteria apply to every unit: skip the masked writes when nothing is masked
    if out.any():
        status[out] = NOT_APPLICABLE
    if not in_block.all():
        status[~in_block] = NOT_IN_BLOCK
    if isinstance(band, np.ndarray):
        band = np.where(status == SCORED, band, -1)
    return p, status, band


def _self_index(
    plan: Plan,
    table: IndicatorTable,
    pts0: Array,
    status: NDArray[np.int8],
    area_points_t: Array,
    achieved: Array,
    possible: Array,
) -> tuple[Array, Array]:
    """The index and area points with self-assessed points in place of appraised ones.

    Only the appraised rows change, so their difference is added to the area sums. NaN for a
    unit whose self-assessment is incomplete.
    """
    n = len(table)
    n_areas = len(plan.areas)
    rows = [leaf for leaf in plan.leaves if leaf.kind == "appraised"]
    if not any(leaf.self_column in table.values for leaf in rows):
        return np.full(n, np.nan), np.full((n, n_areas), np.nan)
    idx = np.array([leaf.index for leaf in rows], dtype=np.intp)
    own = status[idx] <= FULL_NO_CASES
    mine = np.stack([table.column(leaf.self_column or "") for leaf in rows])
    incomplete: Mask = np.asarray((own & np.isnan(mine)).any(axis=0) | ~own.any(axis=0))
    delta = np.where(own, np.nan_to_num(mine), 0.0) - pts0[idx]
    areas = area_points_t.copy()
    np.add.at(areas, plan.area_of_leaf[idx], delta)
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(possible > 0, (achieved + delta.sum(axis=0)) / possible * 100.0, np.nan)
    index = np.where(incomplete, np.nan, index)
    return index, np.where(incomplete[:, None], np.nan, areas.T)
