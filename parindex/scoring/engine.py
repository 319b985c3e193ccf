"""Evaluate a compiled Plan over an IndicatorTable: points, indices, classes, ranks.

All units are scored at once, one numpy operation per criterion; nothing here loops over units.
The result keeps the trace needed to explain each number: the status of every (unit, criterion)
pair, the band that matched, the values read, and the caps that fired.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from parindex.criteria.base import DEFAULT_RANGE
from parindex.criteria.formula import names
from parindex.criteria.messages import num
from parindex.data.table import IndicatorTable
from parindex.errors import Text, t
from parindex.scoring import batch, kernels
from parindex.scoring.batch import BandGroup
from parindex.scoring.classify import Classification, classify
from parindex.scoring.compile import DerivedPlan, LeafPlan, Plan
from parindex.scoring.formulas import evaluate as eval_formula
from parindex.scoring.params import RelativeParams, SurveyParams

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


D = TypeVar("D")


@dataclass(frozen=True)
class UnitProblem:
    """A data problem only scoring can see (a zero denominator the criteria call an error)."""

    unit: int
    column: str
    message: Text
    code: str = "PD013"  # PD007: a value outside its range


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
    grid: Array  # points that count (0 elsewhere), one row per criterion in `plan.layout` order
    status: NDArray[np.int8]  # (units, leaves)
    band_counts: list[tuple[BandGroup, NDArray[np.int8]]]  # what `band` is worked out from
    achieved: Array
    possible: Array
    index: Array  # unrounded, 0–100
    area_points: Array  # (units, areas)
    area_possible: Array
    self_index: Array  # NaN where the self-assessment is incomplete
    area_self_points: Array  # (units, areas): points with self-assessed values; NaN likewise
    classification: Classification
    problems: list[UnitProblem]

    def derived(self, make: Callable[[Results], D]) -> D:
        """What `make` works out from these results (the explainer, the lifts), made once and
        kept with them: repeated questions about single units share the work."""
        cache: dict[object, object] = self.__dict__.setdefault("_derived", {})
        if make not in cache:
            cache[make] = make(self)
        return cache[make]  # type: ignore[return-value]

    @cached_property
    def counted_points(self) -> Array:
        """(leaves, units): points, 0 where the criterion does not count."""
        return self.grid[self.plan.layout.row_of_leaf]

    @cached_property
    def band(self) -> NDArray[np.int8]:
        """(units, leaves): the band matched, -1 for `otherwise`, a rule without bands, or a
        criterion not scored by its rule; worked out when first asked (explanations)."""
        out = np.full((len(self.plan.leaves), len(self.table)), -1, dtype=np.int8)
        for group, below in self.band_counts:
            out[group.leaves] = group.band(below)
        out[self.status.T != SCORED] = -1
        return out.T

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
    block_codes = table.block_codes(plan.blocks)
    n_leaves = len(plan.leaves)
    inputs = _Inputs(values, table)
    # criterion-major (leaves × units), criteria of one kind side by side: each group of
    # criteria writes its block of rows in place
    layout = plan.layout
    grid = np.empty((n_leaves, n))  # points that count, 0 elsewhere
    status = np.zeros((n_leaves, n), dtype=np.int8)  # in criterion order
    below: list[tuple[batch.BandGroup, NDArray[np.int8]]] = []
    for group, (start, stop) in zip(plan.groups, layout.group_rows, strict=True):
        rows = [plan.leaves[k] for k in group.leaves]
        v = np.stack([inputs.get(leaf.of or "", leaf.kind == "appraised")[1] for leaf in rows])
        b = batch.points(group, v, grid[start:stop])
        if b is not None and isinstance(group, batch.BandGroup):
            below.append((group, b))
    # what differs from "scored, in every unit's block" is settled criterion by criterion:
    # not applicable, no cases, outside the block, rules that compare units
    in_block_cache: dict[frozenset[str] | None, Mask | None] = {None: None}
    left_out: list[int] = []  # criteria that some unit does not count
    for leaf in plan.leaves:
        if leaf.blocks not in in_block_cache:
            codes = [plan.blocks.index(b) for b in leaf.blocks or () if b in plan.blocks]
            mask = np.isin(block_codes, codes)
            in_block_cache[leaf.blocks] = None if mask.all() else mask
        _, _, na, full = inputs.get(leaf.of or "", leaf.kind == "appraised")
        if (
            na is None
            and full is None
            and in_block_cache[leaf.blocks] is None
            and leaf.not_applicable_if is None
            and not isinstance(leaf.params, RelativeParams)
        ):
            continue  # the rule's points stand for every unit
        row = grid[layout.row_of_leaf[leaf.index]]
        if _settle(
            leaf,
            inputs,
            values,
            in_block_cache[leaf.blocks],
            block_codes,
            plan,
            row,
            status[leaf.index],
            problems,
        ):
            left_out.append(leaf.index)
    # area sums: one reduction per run of rows of one area
    area_points_t = np.zeros((len(plan.areas), n))
    for area, start, stop in layout.segments:
        area_points_t[area] += grid[start:stop].sum(axis=0)
    area_possible_t = np.empty((len(plan.areas), n))
    for ai, (start, stop) in enumerate(plan.area_rows):
        area_possible_t[ai] = plan.maxima[start:stop].sum()
    for k in left_out:
        area_possible_t[plan.leaves[k].area] -= (status[k] > FULL_NO_CASES) * plan.maxima[k]
    achieved = area_points_t.sum(axis=0)
    possible = area_possible_t.sum(axis=0)
    area_points, area_possible = area_points_t.T, area_possible_t.T
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(possible > 0, achieved / possible * 100.0, np.nan)
    self_index, area_self_points = _self_index(
        plan, table, grid, status, area_points_t, achieved, possible
    )
    for i in np.flatnonzero(possible == 0):
        problems.append(UnitProblem(int(i), "", t("no criterion applies to this unit")))
    classification = classify(plan, block_codes, values, index, area_points, area_possible)
    return Results(
        plan,
        table,
        values,
        grid,
        status.T,
        below,
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
        self.cache: dict[tuple[str, bool], tuple[Array, Array, Mask | None, Mask | None]] = {}

    def get(self, name: str, appraised: bool) -> tuple[Array, Array, Mask | None, Mask | None]:
        """Values, values with NaN as 0, not-applicable mask and full-marks mask (None: none)."""
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
            nan = np.isnan(v)
            vz = np.where(nan, 0.0, v) if nan.any() else v  # kernels never see NaN
            self.cache[key] = (v, vz, na if na.any() else None, full)
        return self.cache[key]


def _values(plan: Plan, table: IndicatorTable, problems: list[UnitProblem]) -> Values:
    """Indicator columns and derived values, each derived value range-checked as computed."""
    n = len(table)
    vals = Values()
    no = np.zeros(n, dtype=bool)
    for name in plan.criteria.indicators:
        v = table.column(name)
        na = table.not_applicable(name)
        bad = np.isinf(v)
        if bad.any():  # the readers refuse these; a table built otherwise must not score them
            problems.extend(
                UnitProblem(
                    int(i),
                    name,
                    t("`{name}` is {value}, not a finite number", name=name, value=str(v[i])),
                    "PD007",
                )
                for i in np.flatnonzero(bad)
            )
            v, na = np.where(bad, np.nan, v), na | bad
        vals.value[name] = v
        vals.na[name] = na
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
                    t(
                        "`{name}` divides by zero and the criteria set `zero_denominator: error`",
                        name=d.name,
                    ),
                )
                for i in np.flatnonzero(zero)
            )
        computed = ~(na | full | (zero & (d.zero_denominator != "zero")))
        bad = _out_of_range(d, v, computed, problems)
        na |= bad
        vals.value[d.name] = np.where(na, np.nan, v)
        vals.na[d.name] = na
        vals.full[d.name] = full
    return vals


def _out_of_range(d: DerivedPlan, v: Array, computed: Mask, problems: list[UnitProblem]) -> Mask:
    """Report derived values that are not finite or outside their kind's range (a rate above
    1, a negative count); returns the non-finite ones, which no rule can score."""
    finite = np.isfinite(v)
    bad = computed & ~finite
    problems.extend(
        UnitProblem(
            int(i),
            d.name,
            t(
                "`{name}` = {formula} is not a finite number for this unit (an overflow or an "
                "undefined operation): check the values it reads",
                name=d.name,
                formula=d.text,
            ),
            "PD007",
        )
        for i in np.flatnonzero(bad)
    )
    if d.kind is None:
        return bad
    low, high = DEFAULT_RANGE[d.kind]
    ok = computed & finite
    tol = 1e-9 * max(1.0, abs(high or 0.0))
    for below, where, limit in (
        (True, ok & (v < low - tol), low),
        (False, ok & (v > (high if high is not None else np.inf) + tol), high),
    ):
        problems.extend(
            UnitProblem(int(i), d.name, _outside(d, float(v[i]), limit or 0.0, below), "PD007")
            for i in np.flatnonzero(where)
        )
    return bad


def _outside(d: DerivedPlan, value: float, limit: float, below: bool) -> Text:
    said = {"name": d.name, "formula": d.text, "value": num(value), "limit": num(limit)}
    if below:
        return t(
            "`{name}` = {formula} is {value} for this unit, below {limit}, the least a `{kind}` "
            "value can be: check the values it reads",
            kind=d.kind,
            **said,
        )
    return t(
        "`{name}` = {formula} is {value} for this unit, above {limit}, the most a `{kind}` "
        "value can be: check the values it reads",
        kind=d.kind,
        **said,
    )


def _settle(
    leaf: LeafPlan,
    inputs: _Inputs,
    values: Values,
    in_block: Mask | None,
    block_codes: NDArray[np.intp],
    plan: Plan,
    pts: Array,
    s: NDArray[np.int8],
    problems: list[UnitProblem],
) -> bool:
    """Statuses of one criterion, and its points where they are not the rule's own; points
    that do not count become 0. True when the criterion does not count for some unit."""
    n = pts.shape[0]
    _, vz, na, full = inputs.get(leaf.of or "", leaf.kind == "appraised")
    na_condition: Mask | None = None
    if leaf.not_applicable_if is not None:
        cond, _ = eval_formula(leaf.not_applicable_if, values.value, n)
        na_condition = cond != 0
        if not na_condition.any():
            na_condition = None
    prm = leaf.params
    if isinstance(prm, RelativeParams):
        scored = np.ones(n, dtype=bool) if in_block is None else in_block.copy()
        for mask in (na, na_condition, full):
            if mask is not None:
                scored &= ~mask
        pts[:] = kernels.relative_to_best(
            vz, leaf.max, prm.higher, block_codes, scored, len(plan.blocks)
        )
    elif isinstance(prm, SurveyParams) and na is not None:
        if prm.if_missing == "zero":
            pts[na] = 0.0  # no survey: zero points, the maximum stays
            na = None
        elif prm.if_missing == "error":
            bad = na.copy()
            for mask in (None if in_block is None else ~in_block, na_condition):
                if mask is not None:
                    bad &= ~mask
            problems.extend(
                UnitProblem(
                    int(i),
                    leaf.of or "",
                    t(
                        "criterion {id} has no survey value and the criteria set "
                        "`if_missing: error`",
                        id=leaf.id,
                    ),
                )
                for i in np.flatnonzero(bad)
            )
    if na is None and na_condition is None and full is None and in_block is None:
        return False
    if full is not None:
        pts[full] = leaf.max
        s[full] = FULL_NO_CASES
    if na is not None:
        s[na] = NOT_APPLICABLE
    if na_condition is not None:
        s[na_condition] = NOT_APPLICABLE
    if in_block is not None:
        s[~in_block] = NOT_IN_BLOCK
    out = s > FULL_NO_CASES
    if not out.any():
        return False
    pts[out] = 0.0
    return True


def _self_index(
    plan: Plan,
    table: IndicatorTable,
    grid: Array,
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
    delta = np.where(own, np.nan_to_num(mine), 0.0) - grid[plan.layout.row_of_leaf[idx]]
    areas = area_points_t.copy()
    np.add.at(areas, plan.area_of_leaf[idx], delta)
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(possible > 0, (achieved + delta.sum(axis=0)) / possible * 100.0, np.nan)
    index = np.where(incomplete, np.nan, index)
    return index, np.where(incomplete[:, None], np.nan, areas.T)
