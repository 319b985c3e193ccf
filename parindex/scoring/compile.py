"""Compile a validated CriteriaSet once into a Plan the engine runs over any number of units.

Everything that does not depend on the data is decided here: formulas parsed and put in
dependency order, default targets resolved, band tables turned into arrays, the blocks each
leaf applies to, class thresholds per block, caps and tie-break keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from parindex.criteria import formula as fx
from parindex.criteria.model import (
    Appraised,
    Bands,
    CriteriaSet,
    Criterion,
    PerCount,
    Proportional,
    RelativeToBest,
    Survey,
    rule_body,
    rule_kind,
)

# default value earning full points, by the kind of the indicator read
DEFAULT_TARGET = {"rate": 1.0, "percent": 100.0, "score": 100.0, "yes_no": 1.0}


@dataclass(frozen=True)
class DerivedPlan:
    name: str
    expr: fx.Expr
    zero_denominator: str


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
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CapPlan:
    index: int
    expr: fx.Expr
    at_most: str
    reason: str
    reason_en: str | None
    blocks: frozenset[str] | None


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

    def classes(self, block: str) -> list[tuple[str, float | None]]:
        return [(k.label, k.min) for k in self.criteria.classes_for(block)]

    def class_labels_en(self, block: str) -> list[str | None]:
        return [k.label_en for k in self.criteria.classes_for(block)]

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
    return Plan(
        criteria=cs,
        derived=derived,
        leaves=leaves,
        areas=[(a.id, a.title) for a in cs.areas],
        area_of_leaf=np.array(area_of_leaf, dtype=np.intp),
        maxima=np.array([leaf.max for leaf in leaves], dtype=np.float64),
        caps=caps,
        blocks=list(cs.blocks),
    )


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
    kind = rule_kind(c.rule)
    body: Any = rule_body(c.rule)
    params: dict[str, Any] = {}
    of: str | None
    self_column = None
    if isinstance(body, str):  # yes_no
        of = body
    elif isinstance(body, Appraised):
        of = body.column or c.id
        self_column = body.self_column or f"{c.id}:self"
    else:
        of = body.of
    if isinstance(body, Bands):
        params["higher"] = body.better == "higher"
        params["bounds"] = np.array([cut.bound for cut in body.cuts], dtype=np.float64)
        params["points"] = np.array([cut.points for cut in body.cuts], dtype=np.float64)
        params["otherwise"] = body.otherwise
    elif isinstance(body, Proportional):
        params["target"] = body.target if body.target is not None else _target(of, kinds)
        params["floor"] = body.floor
    elif isinstance(body, Survey):
        params["target"] = body.target if body.target is not None else _target(of, kinds)
        params["if_missing"] = body.if_missing
    elif isinstance(body, PerCount):
        params["each"] = body.each
        params["cap"] = body.cap if body.cap is not None else c.max
    elif isinstance(body, RelativeToBest):
        params["higher"] = body.better == "higher"
    return LeafPlan(
        index=index,
        id=c.id,
        title=c.title,
        title_en=c.title_en,
        area=area,
        max=c.max,
        kind=kind,
        of=of,
        self_column=self_column,
        blocks=blocks,
        not_applicable_if=fx.parse(c.not_applicable_if) if c.not_applicable_if else None,
        params=params,
    )


def _target(of: str | None, kinds: dict[str, str]) -> float:
    return DEFAULT_TARGET.get(kinds.get(of or "", ""), 1.0)


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
    return [DerivedPlan(n, parsed[n], cs.derived[n].zero_denominator) for n in order]
