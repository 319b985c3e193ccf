"""Policy checks on a valid criteria set: what YAML and the schema allow but a ranking must not.

Each check has a stable code (listed in `CODES`, documented in the README); errors fail
`parindex validate`, warnings are shown by `parindex lint`. Every finding points at the line of
the key it is about.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

from parindex.criteria import formula as fx
from parindex.criteria.consequences import Level
from parindex.criteria.lint_consequences import check_consequences
from parindex.criteria.loader import LoadedCriteria
from parindex.criteria.model import (
    DEFAULT_RANGE,
    Area,
    Bands,
    ClassDef,
    CriteriaSet,
    Criterion,
    Indicator,
    PerCount,
    Proportional,
    rule_body,
    rule_kind,
)
from parindex.criteria.source import Path_, SourceTree, did_you_mean
from parindex.errors import Diagnostic, Severity

W = Severity.WARNING

CODES: dict[str, str] = {
    "PX101": "leaf maxima of a block do not add up to the declared total",
    "PX102": "a parent's max differs from the sum of its sub-criteria",
    "PX111": "band cut points out of order or overlapping",
    "PX112": "band points above the criterion's max",
    "PX113": "band points break the declared direction",
    "PX114": "band bound does not match the direction (`at_least` vs `below`)",
    "PX115": "band cut point outside the indicator's range (warning)",
    "PX121": "reference to an undeclared indicator",
    "PX122": "derived indicators that depend on each other in a loop",
    "PX124": "proportional or survey rule without a usable target",
    "PX125": "yes/no rule on an indicator that is not yes/no (warning)",
    "PX126": "bonus or deduction cap above the criterion's max",
    "PX131": "class thresholds not decreasing, or a class that can never be reached",
    "PX132": "cap naming an unknown class",
    "PX133": "cap that can never lower a class (warning)",
    "PX141": "duplicate id",
    "PX142": "reference to an undeclared block",
    "PX143": "two criteria read the same appraised-points column",
    "PX151": "indicator declared but never used (warning)",
    "PX161": "example that names an unknown indicator, criterion, class or block",
    "PX174": "indicator range or missing-value policy that contradicts itself",
    "PX181": "accountability component reading an unknown head indicator or unit result",
    "PX182": "head level thresholds not decreasing, or a level that can never be reached",
    "PX183": "head cap or award naming an unknown level or class",
    "PX184": "award conditions that can never hold together, or need what the file lacks",
    "PX185": "self-assessment watch on a set without appraised criteria (warning)",
}


class _Linter:
    def __init__(self, loaded: LoadedCriteria) -> None:
        self.cs: CriteriaSet = loaded.criteria
        self.src: SourceTree = loaded.source
        self.found: list[Diagnostic] = []
        self.names = set(self.cs.indicators) | set(self.cs.derived)
        self.used: set[str] = set()

    def add(
        self,
        path: Path_,
        code: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        hint: str | None = None,
        at_key: bool = False,
    ) -> None:
        self.found.append(
            self.src.diag(path, code, message, severity=severity, hint=hint, at_key=at_key)
        )

    def ref(self, path: Path_, name: str, what: str = "indicator") -> bool:
        self.used.add(name)
        if name in self.names:
            return True
        self.add(
            path,
            "PX121",
            f"unknown {what} `{name}`",
            hint=did_you_mean(name, self.names) or "declare it under `indicators` or `derived`",
        )
        return False

    def blocks(self, path: Path_, blocks: list[str] | None) -> None:
        for i, b in enumerate(blocks or []):
            if b not in self.cs.blocks:
                self.add(
                    (*path, i),
                    "PX142",
                    f"unknown block `{b}`",
                    hint=did_you_mean(b, set(self.cs.blocks))
                    or f"declared blocks: {', '.join(self.cs.blocks)}",
                )

    # ------------------------------------------------------------ the walk

    def run(self) -> list[Diagnostic]:
        self.indicators()
        self.derived()
        self.hierarchy()
        self.totals()
        self.classes()
        self.caps()
        self.ranking()
        self.renames()
        self.examples()
        self.unused()
        check_consequences(self)
        return sorted(self.found, key=lambda d: d.sort_key)

    def indicators(self) -> None:
        for name, ind in self.cs.indicators.items():
            path: Path_ = ("indicators", name)
            low, high = ind.value_range()
            if high is not None and low > high:
                self.add((*path, "min"), "PX174", f"`min` {low:g} is above `max` {high:g}")
            if ind.at_most is not None:
                self.ref((*path, "at_most"), ind.at_most)
            if ind.missing == "impute" and ind.impute is None:
                self.add((*path, "missing"), "PX174", "`missing: impute` needs an `impute` value")
            if ind.impute is not None and ind.missing != "impute":
                self.add(
                    (*path, "impute"),
                    "PX174",
                    f"`impute` is ignored because `missing` is `{ind.missing}`",
                    severity=W,
                    hint="set `missing: impute` or remove `impute`",
                )

    def derived(self) -> None:
        graph: dict[str, set[str]] = {}
        for name, d in self.cs.derived.items():
            path: Path_ = ("derived", name, "formula")
            if name in self.cs.indicators:
                self.add(
                    ("derived", name),
                    "PX141",
                    f"`{name}` is declared both as an indicator and as a derived indicator",
                    at_key=True,
                )
            refs = fx.names(fx.parse(d.formula))
            graph[name] = refs & set(self.cs.derived)
            for r in sorted(refs):
                self.ref(path, r)
        for cycle in _cycles(graph):
            loop = " → ".join([*cycle, cycle[0]])
            self.add(
                ("derived", cycle[0], "formula"),
                "PX122",
                f"derived indicators depend on each other in a loop: {loop}",
            )

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

    def _unique(self, seen: dict[str, Path_], ident: str, path: Path_, what: str) -> None:
        if ident in seen:
            line, _ = self.src.position(seen[ident])
            self.add(path, "PX141", f"duplicate {what} id `{ident}` (first used at line {line})")
        else:
            seen[ident] = path

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

    def classes(self) -> None:
        self._class_list(("classes",), self.cs.classes)
        for name, block in self.cs.blocks.items():
            if block.classes is not None:
                self._class_list(("blocks", name, "classes"), block.classes)

    def _class_list(
        self,
        path: Path_,
        classes: Sequence[ClassDef] | Sequence[Level],
        what: str = "class",
        code: str = "PX131",
    ) -> None:
        labels: set[str] = set()
        plural = "classes" if what == "class" else f"{what}s"
        ranked: list[Any] = list(classes)  # classes and head levels: a label and a minimum
        for i, k in enumerate(ranked):
            kpath: Path_ = (*path, i)
            if k.label.casefold() in labels:
                self.add((*kpath, "label"), "PX141", f"duplicate {what} `{k.label}`")
            labels.add(k.label.casefold())
            last = i == len(classes) - 1
            if k.min is None and not last:
                self.add(
                    kpath,
                    code,
                    f"{what} `{k.label}` has no `min`, so the {plural} after it can never be "
                    "reached",
                    hint=f"only the last {what} may omit `min`",
                )
            if last and k.min is not None and k.min > 0:
                self.add(
                    (*kpath, "min"),
                    code,
                    f"the last {what} `{k.label}` has `min: {k.min:g}`, so a unit below it "
                    f"has no {what}",
                    hint=f"remove `min` from the last {what}",
                )
            if i > 0 and k.min is not None:
                above = ranked[i - 1].min
                if above is not None and k.min >= above:
                    self.add(
                        (*kpath, "min"),
                        code,
                        f"{what} `{k.label}` (min {k.min:g}) can never be reached: "
                        f"`{ranked[i - 1].label}` above it starts at {above:g}",
                        hint=f"list {plural} from best to worst with decreasing `min`",
                    )

    def caps(self) -> None:
        for i, cap in enumerate(self.cs.caps):
            path: Path_ = ("caps", i)
            for r in sorted(fx.names(fx.parse(cap.when))):
                self.ref((*path, "when"), r)
            self.blocks((*path, "blocks"), cap.blocks)
            for block in cap.blocks or list(self.cs.blocks):
                if block not in self.cs.blocks:
                    continue
                labels = [k.label for k in self.cs.classes_for(block)]
                if not _has_label(labels, cap.at_most):
                    self.add(
                        (*path, "at_most"),
                        "PX132",
                        f"unknown class `{cap.at_most}` for block `{block}`",
                        hint=did_you_mean(cap.at_most, set(labels))
                        or f"classes: {', '.join(labels)}",
                    )
                    break
                if _same(labels[0], cap.at_most):
                    self.add(
                        (*path, "at_most"),
                        "PX133",
                        f"`at_most: {cap.at_most}` is the best class: this cap never applies",
                        severity=W,
                    )
                    break

    def renames(self) -> None:
        ids = {a.id for a in self.cs.areas} | {
            c.id for a in self.cs.areas for top in a.criteria for _, c in _walk((), top)
        }
        for old, new in self.cs.renamed.items():
            if new not in ids:
                self.add(
                    ("renamed", old),
                    "PX121",
                    f"`{old}` is renamed to `{new}`, which is "
                    "not an area or criterion of this file",
                    hint=did_you_mean(new, ids),
                )
            elif old in ids:
                self.add(
                    ("renamed", old),
                    "PX141",
                    f"`{old}` is renamed, yet this file still "
                    "has an area or criterion with that id",
                )

    def ranking(self) -> None:
        areas = {a.id for a in self.cs.areas}
        for i, tb in enumerate(self.cs.ranking.tie_break):
            path: Path_ = ("ranking", "tie_break", i, "of")
            if tb.of.startswith("area:"):
                if tb.of[5:] not in areas:
                    self.add(
                        path,
                        "PX121",
                        f"unknown area `{tb.of[5:]}`",
                        hint=did_you_mean(tb.of[5:], areas),
                    )
            else:
                self.ref(path, tb.of)

    def examples(self) -> None:
        leaves = {leaf.id: leaf for _, leaf in self.cs.leaves()}
        columns = set(self.names)
        for leaf in leaves.values():
            if leaf.rule is not None and rule_kind(leaf.rule) == "appraised":
                body: Any = rule_body(leaf.rule)
                columns |= {body.column or leaf.id, body.self_column or f"{leaf.id}:self"}
        for i, ex in enumerate(self.cs.examples):
            path: Path_ = ("examples", i)
            block = ex.block
            if block is None and len(self.cs.blocks) > 1:
                self.add(
                    path,
                    "PX161",
                    f"example `{ex.name}` must say which `block` it is for",
                    hint=f"blocks: {', '.join(self.cs.blocks)}",
                )
            elif block is not None and block not in self.cs.blocks:
                self.add(
                    (*path, "block"),
                    "PX142",
                    f"unknown block `{block}`",
                    hint=did_you_mean(block, set(self.cs.blocks)),
                )
                block = None
            for key in ex.given:
                if key not in columns:
                    self.add(
                        (*path, "given", key),
                        "PX161",
                        f"unknown indicator `{key}`",
                        hint=did_you_mean(key, columns),
                        at_key=True,
                    )
            for key in ex.expect.points:
                if key not in leaves:
                    self.add(
                        (*path, "expect", "points", key),
                        "PX161",
                        f"unknown criterion `{key}`",
                        hint=did_you_mean(key, set(leaves)),
                        at_key=True,
                    )
            if ex.expect.class_ is not None:
                labels = [k.label for k in self.cs.classes_for(block or next(iter(self.cs.blocks)))]
                if not _has_label(labels, ex.expect.class_):
                    self.add(
                        (*path, "expect", "class"),
                        "PX161",
                        f"unknown class `{ex.expect.class_}`",
                        hint=did_you_mean(ex.expect.class_, set(labels)),
                    )

    def unused(self) -> None:
        for name in self.cs.indicators:
            if name not in self.used:
                self.add(
                    ("indicators", name),
                    "PX151",
                    f"indicator `{name}` is declared but no rule, formula or cap uses it",
                    severity=W,
                    at_key=True,
                )


def lint(loaded: LoadedCriteria) -> list[Diagnostic]:
    """Every policy finding in a loaded criteria set, sorted by position."""
    return _Linter(loaded).run()


def _walk(path: Path_, c: Criterion) -> Iterator[tuple[Path_, Criterion]]:
    yield path, c
    for i, sub in enumerate(c.criteria or []):
        yield from _walk((*path, "criteria", i), sub)


def _max_of(c: Criterion) -> float:
    if c.max is not None:
        return c.max
    return sum(_max_of(s) for s in c.criteria or [])


def _leaves_in_block(c: Criterion, block: str) -> Iterator[Criterion]:
    if c.blocks and block not in c.blocks:
        return
    if c.criteria is None:
        yield c
    else:
        for sub in c.criteria:
            yield from _leaves_in_block(sub, block)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each loop in the dependency graph once, in the order a depth-first walk meets it."""
    out: list[list[str]] = []
    done: set[str] = set()
    stack: list[str] = []

    def visit(n: str) -> None:
        if n in stack:
            cycle = stack[stack.index(n) :]
            if not any(set(cycle) == set(c) for c in out):
                out.append(cycle)
            return
        if n in done:
            return
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            visit(m)
        stack.pop()
        done.add(n)

    for start in graph:
        visit(start)
    return out


def _kind_of(cs: CriteriaSet, name: str) -> str | None:
    if name in cs.indicators:
        return cs.indicators[name].kind
    return cs.derived[name].kind if name in cs.derived else None


def _range_of(cs: CriteriaSet, name: str) -> tuple[float, float | None] | None:
    if name in cs.indicators:
        return cs.indicators[name].value_range()
    kind = _kind_of(cs, name)
    return DEFAULT_RANGE[kind] if kind else None


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _has_label(labels: list[str], label: str) -> bool:
    return any(_same(x, label) for x in labels)


def _range_text(rng: tuple[float, float | None]) -> str:
    low, high = rng
    return f"{low:g} to {high:g}" if high is not None else f"at least {low:g}"
