"""Compile a validated CriteriaSet once into a Plan the engine runs over any number of units.

Everything that does not depend on the data is decided here: formulas parsed and put in
dependency order, default targets resolved, band tables turned into arrays, the blocks each
leaf applies to, class thresholds per block, caps and tie-break keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from parindex.criteria import formula as fx
from parindex.criteria.model import CriteriaSet, Criterion
from parindex.scoring.batch import Group, build_groups
from parindex.scoring.params import (
    DEFAULT_TARGET,
    AppraisedParams,
    RuleParams,
    compile_rule,
)

__all__ = ["DEFAULT_TARGET", "CapPlan", "ClassTable", "DerivedPlan", "Layout", "LeafPlan", "Plan"]


@dataclass(frozen=True)
class DerivedPlan:
    name: str
    expr: fx.Expr
    zero_denominator: str
    kind: str | None = None  # declares the range a computed value must lie in
    text: str = ""  # the formula as written, for messages


@dataclass(frozen=True)
class LeafPlan:
    index: int
    id: str
    title: str
    title_en: str | None
    area: int  # index into Plan.areas
    max: float
    kind: str
    of: str | None  # the column read (indicator, derived, or appraised column)
    self_column: str | None  # appraised: the self-assessed column
    blocks: frozenset[str] | None  # None: every block of the set
    not_applicable_if: fx.Expr | None
    params: RuleParams


@dataclass(frozen=True)
class CapPlan:
    index: int
    expr: fx.Expr
    at_most: str
    reason: str
    reason_en: str | None
    blocks: frozenset[str] | None


@dataclass(frozen=True)
class ClassTable:
    """Class thresholds and cap limits as positions, one row per block of the plan.

    `mins[b, k]` is the k-th class minimum of block b (best first), padded with -inf so that
    counting the minimums an index fails to reach gives its class position; `cap_limit[c, b]`
    is the position cap c allows at most in block b, -1 where the cap does not apply there.
    """

    labels: list[list[str]]
    mins: NDArray[np.float64]
    cap_limit: NDArray[np.intp]


@dataclass(frozen=True)
class Layout:
    """Where each criterion's points live in the engine's working matrix: the criteria of a
    group side by side (so a group writes its rows in place), then those scored alone.

    `segments`: (area, first row, last row + 1) runs of one area, for the area sums.
    """

    row_of_leaf: NDArray[np.intp]
    group_rows: list[tuple[int, int]]
    segments: list[tuple[int, int, int]]

    @staticmethod
    def of(plan: Plan) -> Layout:
        grouped = [int(k) for g in plan.groups for k in g.leaves]
        alone = sorted(set(range(len(plan.leaves))) - set(grouped))
        order = np.array(grouped + alone, dtype=np.intp)
        row_of_leaf = np.empty(len(order), dtype=np.intp)
        row_of_leaf[order] = np.arange(len(order))
        group_rows, start = [], 0
        for g in plan.groups:
            group_rows.append((start, start + len(g.leaves)))
            start += len(g.leaves)
        segments: list[tuple[int, int, int]] = []
        areas = plan.area_of_leaf[order].tolist()
        for row, area in enumerate(areas):
            if segments and segments[-1][0] == area and segments[-1][2] == row:
                segments[-1] = (area, segments[-1][1], row + 1)
            else:
                segments.append((area, row, row + 1))
        return Layout(row_of_leaf, group_rows, segments)


@dataclass(frozen=True)
class Plan:
    criteria: CriteriaSet
    derived: list[DerivedPlan]
    leaves: list[LeafPlan]
    areas: list[tuple[str, str]]  # (id, title)
    area_of_leaf: NDArray[np.intp]
    maxima: NDArray[np.float64]
    caps: list[CapPlan]
    blocks: list[str]
    class_table: ClassTable
    groups: list[Group]  # leaves scored together by kind; the rest one by one

    @cached_property
    def layout(self) -> Layout:
        return Layout.of(self)

    def classes(self, block: str) -> list[tuple[str, float | None]]:
        return [(k.label, k.min) for k in self.criteria.classes_for(block)]

    def class_labels_en(self, block: str) -> list[str | None]:
        return [k.label_en for k in self.criteria.classes_for(block)]

    @cached_property
    def area_rows(self) -> list[tuple[int, int]]:
        """(first, last + 1) leaf of each area: leaves are numbered area by area."""
        stops = np.searchsorted(self.area_of_leaf, np.arange(len(self.areas)), side="right")
        starts = np.concatenate(([0], stops[:-1]))
        return list(zip(starts.tolist(), stops.tolist(), strict=True))

    @property
    def columns(self) -> set[str]:
        """Every data column this plan reads (indicators and appraised columns)."""
        cols = set(self.criteria.indicators)
        for leaf in self.leaves:
            if leaf.kind == "appraised" and leaf.of is not None:
                cols.add(leaf.of)
        return cols


def compile_plan(cs: CriteriaSet) -> Plan:
    """Compile a criteria set that has passed validation and lint without errors."""
    derived = _derived_in_order(cs)
    kinds: dict[str, str] = {n: i.kind for n, i in cs.indicators.items()}
    kinds |= {n: d.kind for n, d in cs.derived.items() if d.kind}
    leaves: list[LeafPlan] = []
    area_of_leaf: list[int] = []
    for ai, area in enumerate(cs.areas):
        base = frozenset(area.blocks) if area.blocks else None
        for c in area.criteria:
            for leaf, blocks in _leaves(c, base):
                leaves.append(_leaf(len(leaves), ai, leaf, blocks, kinds))
                area_of_leaf.append(ai)
    caps = [
        CapPlan(
            i,
            fx.parse(cap.when),
            cap.at_most,
            cap.reason,
            cap.reason_en,
            frozenset(cap.blocks) if cap.blocks else None,
        )
        for i, cap in enumerate(cs.caps)
    ]
    block_ids = list(cs.blocks)
    return Plan(
        criteria=cs,
        derived=derived,
        leaves=leaves,
        areas=[(a.id, a.title) for a in cs.areas],
        area_of_leaf=np.array(area_of_leaf, dtype=np.intp),
        maxima=np.array([leaf.max for leaf in leaves], dtype=np.float64),
        caps=caps,
        blocks=block_ids,
        class_table=_class_table(cs, block_ids, caps),
        groups=build_groups(leaves),
    )


def _class_table(cs: CriteriaSet, blocks: list[str], caps: list[CapPlan]) -> ClassTable:
    labels = [[k.label for k in cs.classes_for(b)] for b in blocks]
    width = max((len(x) for x in labels), default=1)
    mins = np.full((len(blocks), width), -np.inf)
    for bi, b in enumerate(blocks):
        found = [k.min for k in cs.classes_for(b) if k.min is not None]
        mins[bi, : len(found)] = found
    limit = np.full((len(caps), len(blocks)), -1, dtype=np.intp)
    for cap in caps:
        for bi, b in enumerate(blocks):
            folded = [x.casefold() for x in labels[bi]]
            if (cap.blocks is None or b in cap.blocks) and cap.at_most.casefold() in folded:
                limit[cap.index, bi] = folded.index(cap.at_most.casefold())
    return ClassTable(labels, mins, limit)


def _leaves(
    c: Criterion, blocks: frozenset[str] | None
) -> list[tuple[Criterion, frozenset[str] | None]]:
    own = frozenset(c.blocks) if c.blocks else None
    eff = own if blocks is None else (blocks if own is None else blocks & own)
    if c.criteria is None:
        return [(c, eff)]
    return [pair for sub in c.criteria for pair in _leaves(sub, eff)]


def _leaf(
    index: int, area: int, c: Criterion, blocks: frozenset[str] | None, kinds: dict[str, str]
) -> LeafPlan:
    assert c.rule is not None and c.max is not None
    rule = compile_rule(c.rule, c.max, kinds.get, c.id)
    params = rule.params
    return LeafPlan(
        index=index,
        id=c.id,
        title=c.title,
        title_en=c.title_en,
        area=area,
        max=c.max,
        kind=rule.kind,
        of=rule.of,
        self_column=params.self_column if isinstance(params, AppraisedParams) else None,
        blocks=blocks,
        not_applicable_if=fx.parse(c.not_applicable_if) if c.not_applicable_if else None,
        params=params,
    )


def _derived_in_order(cs: CriteriaSet) -> list[DerivedPlan]:
    """Derived indicators ordered so each comes after the ones it reads (lint forbids loops)."""
    parsed = {n: fx.parse(d.formula) for n, d in cs.derived.items()}
    order: list[str] = []
    seen: set[str] = set()

    def visit(n: str) -> None:
        if n in seen:
            return
        seen.add(n)
        for m in sorted(fx.names(parsed[n]) & set(parsed)):
            visit(m)
        order.append(n)

    for n in parsed:
        visit(n)
    return [
        DerivedPlan(n, parsed[n], d.zero_denominator, d.kind, d.formula)
        for n in order
        for d in (cs.derived[n],)
    ]
