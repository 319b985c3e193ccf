"""Evaluate a compiled Plan over an IndicatorTable: points, indices, classes, ranks.

All units are scored at once, one numpy operation per criterion; nothing here loops over units.
The result keeps the trace needed to explain each number: the status of every (unit, criterion)
pair, the band that matched, the values read, and the caps that fired.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    points: Array  # (units, leaves); NaN where not applicable or not in block
    status: NDArray[np.int8]  # (units, leaves)
    band: NDArray[np.int8]  # (units, leaves): matched band, -1 otherwise / not a band rule
    achieved: Array
    possible: Array
    index: Array  # unrounded, 0–100
    area_points: Array  # (units, areas)
    area_possible: Array
    self_index: Array  # NaN where the self-assessment is incomplete
    classification: Classification
    problems: list[UnitProblem]

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
    block_arr = np.array(table.blocks, dtype=object)
    block_codes = np.array([plan.blocks.index(b) for b in table.blocks], dtype=np.intp)
    n_leaves = len(plan.leaves)
    points = np.full((n, n_leaves), np.nan)
    status = np.full((n, n_leaves), NOT_IN_BLOCK, dtype=np.int8)
    band = np.full((n, n_leaves), -1, dtype=np.int8)
    self_points = np.full((n, n_leaves), np.nan)
    in_block_cache: dict[frozenset[str] | None, Mask] = {None: np.ones(n, dtype=bool)}
    for leaf in plan.leaves:
        if leaf.blocks not in in_block_cache:
            in_block_cache[leaf.blocks] = np.isin(block_arr, list(leaf.blocks or ()))
        in_block = in_block_cache[leaf.blocks]
        p, s, b = _score_leaf(
            leaf, values, table, in_block, block_codes, len(plan.blocks), problems
        )
        points[:, leaf.index] = p
        status[:, leaf.index] = s
        band[:, leaf.index] = b
        if leaf.kind == "appraised" and leaf.self_column in table.values:
            self_points[:, leaf.index] = table.values[leaf.self_column]
    counted = (status == SCORED) | (status == FULL_NO_CASES)
    pts0 = np.where(counted, points, 0.0)
    max0 = np.where(counted, plan.maxima, 0.0)
    achieved = pts0.sum(axis=1)
    possible = max0.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(possible > 0, achieved / possible * 100.0, np.nan)
    n_areas = len(plan.areas)
    area_points = np.zeros((n, n_areas))
    area_possible = np.zeros((n, n_areas))
    for a in range(n_areas):
        cols = plan.area_of_leaf == a
        area_points[:, a] = pts0[:, cols].sum(axis=1)
        area_possible[:, a] = max0[:, cols].sum(axis=1)
    self_index = _self_index(plan, points, self_points, counted, possible)
    for i in np.flatnonzero(possible == 0):
        problems.append(UnitProblem(int(i), "", "no criterion applies to this unit"))
    classification = classify(plan, table, values, index, area_points, area_possible)
    return Results(
        plan,
        table,
        values,
        points,
        status,
        band,
        achieved,
        possible,
        index,
        area_points,
        area_possible,
        self_index,
        classification,
        problems,
    )


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
    values: Values,
    table: IndicatorTable,
    in_block: Mask,
    block_codes: NDArray[np.intp],
    n_blocks: int,
    problems: list[UnitProblem],
) -> tuple[Array, NDArray[np.int8], NDArray[np.intp]]:
    n = len(table)
    assert leaf.of is not None
    if leaf.kind == "appraised":
        v = table.column(leaf.of)
        na = table.not_applicable(leaf.of)
        full = np.zeros(n, dtype=bool)
    else:
        v = values.value[leaf.of]
        na = values.na[leaf.of]
        full = values.full[leaf.of]
    if leaf.not_applicable_if is not None:
        cond, _ = eval_formula(leaf.not_applicable_if, values.value, n)
        na_condition = cond != 0
    else:
        na_condition = np.zeros(n, dtype=bool)
    band = np.full(n, -1, dtype=np.intp)
    prm = leaf.params
    m = leaf.max
    vz = np.where(np.isnan(v), 0.0, v)  # kernels never see NaN; those entries are overwritten
    if leaf.kind == "bands":
        p, band = kernels.bands(vz, prm["bounds"], prm["points"], prm["otherwise"], prm["higher"])
    elif leaf.kind in ("proportional",):
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
        scored = in_block & ~na & ~na_condition & ~full
        p = kernels.relative_to_best(vz, m, prm["higher"], block_codes, scored, n_blocks)
    else:  # appraised: the appraised points as entered (the reader checked 0 ≤ v ≤ max)
        p = np.clip(vz, 0.0, m)
    status = np.where(full, FULL_NO_CASES, SCORED).astype(np.int8)
    if leaf.kind == "survey" and prm["if_missing"] == "zero":
        p = np.where(na, 0.0, p)  # no survey: zero points, the maximum stays
        na = np.zeros(n, dtype=bool)
    elif leaf.kind == "survey" and prm["if_missing"] == "error":
        problems.extend(
            UnitProblem(
                int(i),
                leaf.of,
                f"criterion {leaf.id} has no survey value and the criteria set `if_missing: error`",
            )
            for i in np.flatnonzero(na & in_block & ~na_condition)
        )
    p = np.where(full, m, p)
    status[na | na_condition] = NOT_APPLICABLE
    status[~in_block] = NOT_IN_BLOCK
    p = np.where(status >= NOT_APPLICABLE, np.nan, p)
    band = np.where((status == SCORED) & (leaf.kind == "bands"), band, -1)
    return p, status, band


def _self_index(
    plan: Plan, points: Array, self_points: Array, counted: Mask, possible: Array
) -> Array:
    """Index with self-assessed points in place of appraised ones; NaN when any is missing."""
    appraised = np.array([leaf.kind == "appraised" for leaf in plan.leaves], dtype=bool)
    if not appraised.any():
        return np.full(points.shape[0], np.nan)
    need = counted & appraised
    incomplete = (need & np.isnan(self_points)).any(axis=1)
    mixed = np.where(appraised, self_points, points)
    total = np.where(counted, mixed, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        idx = np.where(possible > 0, total / possible * 100.0, np.nan)
    no_self = ~(need.any(axis=1))
    return np.where(incomplete | no_self, np.nan, idx)
