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
from parindex.criteria.messages import num, yaml_number
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
from parindex.errors import Text, t


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
                said = t(
                    "area {id} declares max {max} but its criteria add up to {total}",
                    id=area.id,
                    max=num(area.max),
                    total=num(sum(_max_of(c) for c in area.criteria)),
                )
                self._sum_matches(apath, said, area.max, area.criteria)
            for ci, crit in enumerate(area.criteria):
                for cpath, c in _walk((*apath, "criteria", ci), crit):
                    self._unique(seen_crit, c.id, (*cpath, "id"), "criterion")
                    self.blocks((*cpath, "blocks"), c.blocks)
                    if c.not_applicable_if:
                        for r in sorted(fx.names(fx.parse(c.not_applicable_if))):
                            self.ref((*cpath, "not_applicable_if"), r)
                    if c.criteria is not None and c.max is not None:
                        said = t(
                            "criterion {id} declares max {max} but its criteria add up to {total}",
                            id=c.id,
                            max=num(c.max),
                            total=num(sum(_max_of(s) for s in c.criteria)),
                        )
                        self._sum_matches(cpath, said, c.max, c.criteria)
                    if c.rule is not None and c.max is not None:
                        self.rule((*cpath, "rule"), c, c.max, columns)

    def _sum_matches(
        self, path: Path_, said: Text, declared: float, children: list[Criterion]
    ) -> None:
        total = sum(_max_of(c) for c in children)
        if not math.isclose(total, declared, abs_tol=1e-9):
            self.add((*path, "max"), "PX102", said)

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
                        t("`{name}` is a `{kind}` indicator, not yes/no", name=body, kind=ind.kind),
                        severity=W,
                        hint=t("a yes/no rule gives full points when the value is 1"),
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
                        t(
                            "column `{column}` is already read by criterion {id}",
                            column=name,
                            id=other_id,
                        ),
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
                t(
                    "the `{kind}` cap {cap} is above the criterion's max {max}",
                    kind=kind,
                    cap=num(body.cap),
                    max=num(cmax),
                ),
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
                    t(
                        "band {band} uses `{have}` but `better: {better}` bands use `{want}`",
                        band=i + 1,
                        have=have,
                        better=b.better,
                        want=want,
                    ),
                    hint=t("write `{key}: {value}`", key=want, value=yaml_number(cut.bound)),
                    at_key=True,
                )
                continue
            if cut.points > cmax:
                self.add(
                    (*cpath, "points"),
                    "PX112",
                    t(
                        "band {band} gives {points} points, above the max {max}",
                        band=i + 1,
                        points=num(cut.points),
                        max=num(cmax),
                    ),
                )
            if rng and (cut.bound < rng[0] or (rng[1] is not None and cut.bound > rng[1])):
                hint = (
                    t("did you mean {value}?", value=num(cut.bound / 100))
                    if kind == "rate" and 1 < cut.bound <= 100
                    else None
                )
                self.add(
                    (*cpath, have),
                    "PX115",
                    t(
                        "band {band} cut {cut} is outside the range of `{name}` ({range})",
                        band=i + 1,
                        cut=num(cut.bound),
                        name=b.of,
                        range=_range_text(rng),
                    ),
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
                        t(
                            "band {band} ({sign} {cut}) overlaps band {other} ({sign} {other_cut})"
                            ": list cuts from the best value to the worst",
                            band=i + 1,
                            sign=sign,
                            cut=num(cut.bound),
                            other=j + 1,
                            other_cut=num(pcut.bound),
                        ),
                        at_key=True,
                    )
                elif cut.points > pcut.points:
                    self.add(
                        (*cpath, "points"),
                        "PX113",
                        t(
                            "band {band} gives more points ({points}) than the better band "
                            "{other} ({other_points})",
                            band=i + 1,
                            points=num(cut.points),
                            other=j + 1,
                            other_points=num(pcut.points),
                        ),
                    )
            prev = (i, cut)
        if b.otherwise > cmax:
            self.add(
                (*path, "otherwise"),
                "PX112",
                t(
                    "`otherwise` gives {points} points, above the max {max}",
                    points=num(b.otherwise),
                    max=num(cmax),
                ),
            )
        best = max([b.otherwise, *(c.points for c in b.cuts)])
        if best < cmax:
            self.add(
                path,
                "PX116",
                t(
                    "the best band gives {best} points but the criterion's max is {max}: no "
                    "unit can get full marks, and every unit loses {lost} point(s)",
                    best=num(best),
                    max=num(cmax),
                    lost=num(cmax - best),
                ),
                hint=t(
                    "give the best band {max} points, or lower `max` to {best}",
                    max=num(cmax),
                    best=num(best),
                ),
            )
        if b.otherwise > min(c.points for c in b.cuts):
            self.add(
                (*path, "otherwise"),
                "PX113",
                t(
                    "`otherwise` gives {points} points, more than a listed band",
                    points=num(b.otherwise),
                ),
            )

    def target(self, path: Path_, body: Any, kind: str) -> None:
        ind = self.cs.indicators.get(body.of)
        if body.target is None:
            if ind is not None and ind.kind in ("count", "points"):
                self.add(
                    path,
                    "PX124",
                    t(
                        "a `{kind}` rule on the `{ind_kind}` indicator `{name}` needs a "
                        "`target` (the value that earns full points)",
                        kind=kind,
                        ind_kind=ind.kind,
                        name=body.of,
                    ),
                )
            return
        floor = body.floor if isinstance(body, Proportional) else 0.0
        if math.isclose(body.target, floor):
            self.add(
                (*path, "target"),
                "PX124",
                t(
                    "`target` {target} equals `floor` {floor}: no value can score",
                    target=num(body.target),
                    floor=num(floor),
                ),
            )

    def totals(self) -> None:
        for block in self.cs.blocks:
            total = sum(leaf.max or 0 for area, leaf in self._leaves_for(block))
            if not math.isclose(total, self.cs.total, abs_tol=1e-9):
                where: Path_ = ("total",) if "total" in self.src.data else ("areas",)
                self.add(
                    where,
                    "PX101",
                    t(
                        "for block `{block}` the criteria maxima add up to {total}, not the "
                        "declared total {declared}",
                        block=block,
                        total=num(total),
                        declared=num(self.cs.total),
                    ),
                )

    def _leaves_for(self, block: str) -> Iterator[tuple[Area, Criterion]]:
        for area in self.cs.areas:
            if area.blocks and block not in area.blocks:
                continue
            for c in area.criteria:
                yield from ((area, leaf) for leaf in _leaves_in_block(c, block))
