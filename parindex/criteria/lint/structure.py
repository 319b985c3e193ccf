"""The hierarchy and the rules: ids, maxima adding up, bands, targets, caps on deductions."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from parindex.criteria import formula as fx
from parindex.criteria.lint.base import (
    Base,
    W,
    _kind_of,
    _leaves_in_block,
    _max_of,
    _range_of,
    _range_text,
    _walk,
)
from parindex.criteria.model import (
    Area,
    Bands,
    Criterion,
    Indicator,
    PerCount,
    Proportional,
    rule_body,
    rule_kind,
)
from parindex.criteria.source import Path_


class Structure(Base):
    def hierarchy(self) -> None:
        seen_area: dict[str, Path_] = {}
        seen_crit: dict[str, Path_] = {}
        columns: dict[str, tuple[Path_, str]] = {}
        for ai, area in enumerate(self.cs.areas):
            apath: Path_ = ("areas", ai)
            self._unique(seen_area, area.id, (*apath, "id"), "area")
            self.blocks((*apath, "blocks"), area.blocks)
            if area.max is not None:
                self._sum_matches(apath, f"area {area.id}", area.max, area.criteria)
            for ci, crit in enumerate(area.criteria):
                for cpath, c in _walk((*apath, "criteria", ci), crit):
                    self._unique(seen_crit, c.id, (*cpath, "id"), "criterion")
                    self.blocks((*cpath, "blocks"), c.blocks)
                    if c.not_applicable_if:
                        for r in sorted(fx.names(fx.parse(c.not_applicable_if))):
                            self.ref((*cpath, "not_applicable_if"), r)
                    if c.criteria is not None and c.max is not None:
                        self._sum_matches(cpath, f"criterion {c.id}", c.max, c.criteria)
                    if c.rule is not None and c.max is not None:
                        self.rule((*cpath, "rule"), c, c.max, columns)

    def _sum_matches(
        self, path: Path_, what: str, declared: float, children: list[Criterion]
    ) -> None:
        total = sum(_max_of(c) for c in children)
        if not math.isclose(total, declared, abs_tol=1e-9):
            self.add(
                (*path, "max"),
                "PX102",
                f"{what} declares max {declared:g} but its criteria add up to {total:g}",
            )

    def rule(
        self, path: Path_, c: Criterion, cmax: float, columns: dict[str, tuple[Path_, str]]
    ) -> None:
        assert c.rule is not None
        kind = rule_kind(c.rule)
        body: Any = rule_body(c.rule)
        bpath: Path_ = (*path, kind)
        if kind == "yes_no":
            if self.ref(bpath, body):
                ind = self.cs.indicators.get(body)
                if ind is not None and ind.kind != "yes_no":
                    self.add(
                        bpath,
                        "PX125",
                        f"`{body}` is a {ind.kind} indicator, not yes/no",
                        severity=W,
                        hint="a yes/no rule gives full points when the value is 1",
                    )
            return
        if kind == "appraised":
            col = body.column or c.id
            self_col = body.self_column or f"{c.id}:self"
            for key, name in (("column", col), ("self_column", self_col)):
                if name in columns:
                    _, other_id = columns[name]
                    self.add(
                        (*bpath, key) if getattr(body, key) else bpath,
                        "PX143",
                        f"column `{name}` is already read by criterion {other_id}",
                    )
                else:
                    columns[name] = (bpath, c.id)
            return
        self.ref((*bpath, "of"), body.of)
        if isinstance(body, Bands):
            self.bands(bpath, body, cmax)
        elif kind in ("proportional", "survey"):
            self.target(bpath, body, kind)
        elif isinstance(body, PerCount) and body.cap is not None and body.cap > cmax:
            self.add(
                (*bpath, "cap"),
                "PX126",
                f"the {kind} cap {body.cap:g} is above the criterion's max {cmax:g}",
            )

    def bands(
        self, path: Path_, b: Bands, cmax: float, indicators: dict[str, Indicator] | None = None
    ) -> None:
        """Band checks; `indicators` names where `of` is declared (default: the unit's)."""
        want = "at_least" if b.better == "higher" else "below"
        if indicators is None:
            kind = _kind_of(self.cs, b.of)
            rng = _range_of(self.cs, b.of)
        else:
            kind = indicators[b.of].kind if b.of in indicators else None
            rng = indicators[b.of].value_range() if b.of in indicators else None
        prev = None
        for i, cut in enumerate(b.cuts):
            cpath: Path_ = (*path, "cuts", i)
            have = "at_least" if cut.at_least is not None else "below"
            if have != want:
                self.add(
                    (*cpath, have),
                    "PX114",
                    f"band {i + 1} uses `{have}` but `better: {b.better}` bands use `{want}`",
                    hint=f"write `{want}: {cut.bound:g}`",
                    at_key=True,
                )
                continue
            if cut.points > cmax:
                self.add(
                    (*cpath, "points"),
                    "PX112",
                    f"band {i + 1} gives {cut.points:g} points, above the max {cmax:g}",
                )
            if rng and (cut.bound < rng[0] or (rng[1] is not None and cut.bound > rng[1])):
                hint = (
                    f"did you mean {cut.bound / 100:g}?"
                    if kind == "rate" and 1 < cut.bound <= 100
                    else None
                )
                self.add(
                    (*cpath, have),
                    "PX115",
                    f"band {i + 1} cut {cut.bound:g} is outside the range of `{b.of}` "
                    f"({_range_text(rng)})",
                    severity=W,
                    hint=hint,
                )
            if prev is not None:
                j, pcut = prev
                ordered = cut.bound < pcut.bound if b.better == "higher" else cut.bound > pcut.bound
                if not ordered:
                    sign = "≥" if want == "at_least" else "<"
                    self.add(
                        (*cpath, have),
                        "PX111",
                        f"band {i + 1} ({sign} {cut.bound:g}) overlaps band {j + 1} "
                        f"({sign} {pcut.bound:g}): list cuts from the best value to the worst",
                        at_key=True,
                    )
                elif cut.points > pcut.points:
                    self.add(
                        (*cpath, "points"),
                        "PX113",
                        f"band {i + 1} gives more points ({cut.points:g}) than the better "
                        f"band {j + 1} ({pcut.points:g})",
                    )
            prev = (i, cut)
        if b.otherwise > cmax:
            self.add(
                (*path, "otherwise"),
                "PX112",
                f"`otherwise` gives {b.otherwise:g} points, above the max {cmax:g}",
            )
        best = max([b.otherwise, *(c.points for c in b.cuts)])
        if best < cmax:
            self.add(
                path,
                "PX116",
                f"the best band gives {best:g} points but the criterion's max is {cmax:g}: no "
                f"unit can get full marks, and every unit loses {cmax - best:g} point(s)",
                hint=f"give the best band {cmax:g} points, or lower `max` to {best:g}",
            )
        if b.otherwise > min(c.points for c in b.cuts):
            self.add(
                (*path, "otherwise"),
                "PX113",
                f"`otherwise` gives {b.otherwise:g} points, more than a listed band",
            )

    def target(self, path: Path_, body: Any, kind: str) -> None:
        ind = self.cs.indicators.get(body.of)
        if body.target is None:
            if ind is not None and ind.kind in ("count", "points"):
                self.add(
                    path,
                    "PX124",
                    f"a {kind} rule on the {ind.kind} `{body.of}` needs a "
                    "`target` (the value that earns full points)",
                )
            return
        floor = body.floor if isinstance(body, Proportional) else 0.0
        if math.isclose(body.target, floor):
            self.add(
                (*path, "target"),
                "PX124",
                f"`target` {body.target:g} equals `floor` {floor:g}: no value can score",
            )

    def totals(self) -> None:
        for block in self.cs.blocks:
            total = sum(leaf.max or 0 for area, leaf in self._leaves_for(block))
            if not math.isclose(total, self.cs.total, abs_tol=1e-9):
                where: Path_ = ("total",) if "total" in self.src.data else ("areas",)
                self.add(
                    where,
                    "PX101",
                    f"for block `{block}` the criteria maxima add up to {total:g}, not the "
                    f"declared total {self.cs.total:g}",
                )

    def _leaves_for(self, block: str) -> Iterator[tuple[Area, Criterion]]:
        for area in self.cs.areas:
            if area.blocks and block not in area.blocks:
                continue
            for c in area.criteria:
                yield from ((area, leaf) for leaf in _leaves_in_block(c, block))
