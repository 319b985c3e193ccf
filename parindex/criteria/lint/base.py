"""What every family of checks shares: the set, its source, and how a finding is added."""

from __future__ import annotations

from collections.abc import Iterator

from parindex.criteria import formula as fx
from parindex.criteria.loader import LoadedCriteria
from parindex.criteria.messages import num, ticked
from parindex.criteria.model import (
    DEFAULT_RANGE,
    CriteriaSet,
    Criterion,
)
from parindex.criteria.source import Path_, SourceTree, did_you_mean
from parindex.errors import Diagnostic, Severity, Text, t
from parindex.i18n import N_

W = Severity.WARNING


class Base:
    """The state of one lint run; each family of checks is a mixin over it."""

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
        message: Text,
        *,
        severity: Severity = Severity.ERROR,
        hint: Text | None = None,
        at_key: bool = False,
    ) -> None:
        self.found.append(
            self.src.diag(path, code, message, severity=severity, hint=hint, at_key=at_key)
        )

    def ref(self, path: Path_, name: str) -> bool:
        self.used.add(name)
        if name in self.names:
            return True
        self.add(
            path,
            "PX121",
            t("unknown indicator `{name}`", name=name),
            hint=did_you_mean(name, self.names) or t("declare it under `indicators` or `derived`"),
        )
        return False

    def blocks(self, path: Path_, blocks: list[str] | None) -> None:
        for i, b in enumerate(blocks or []):
            if b not in self.cs.blocks:
                self.add(
                    (*path, i),
                    "PX142",
                    t("unknown block `{block}`", block=b),
                    hint=did_you_mean(b, set(self.cs.blocks))
                    or t("declared blocks: {blocks}", blocks=ticked(self.cs.blocks)),
                )

    def _unique(self, seen: dict[str, Path_], ident: str, path: Path_, what: str) -> None:
        if ident in seen:
            line, _ = self.src.position(seen[ident])
            said = Text(_DUPLICATE[what], {"id": ident, "line": line or 0})
            self.add(path, "PX141", said)
        else:
            seen[ident] = path

    def zero_division(self, path: Path_, tree: fx.Expr, text: str) -> None:
        """A division by a constant zero gives no value for any unit: always a mistake."""
        for den in fx.denominators(tree):
            if fx.constant(den) == 0:
                self.add(
                    path,
                    "PX127",
                    t(
                        "`{formula}` divides by `{divisor}`, which is always zero: no unit "
                        "would get a value",
                        formula=text,
                        divisor=fx.unparse(den),
                    ),
                    hint=t(
                        "divide by the indicator that counts the whole (e.g. dossiers_resolved)"
                    ),
                )


_DUPLICATE = {
    "area": N_("duplicate area id `{id}` (first used at line {line})"),
    "criterion": N_("duplicate criterion id `{id}` (first used at line {line})"),
    "component": N_("duplicate component id `{id}` (first used at line {line})"),
    "award": N_("duplicate award id `{id}` (first used at line {line})"),
}


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


def _range_text(rng: tuple[float, float | None]) -> Text:
    low, high = rng
    if high is None:
        return t("at least {low}", low=num(low))
    return t("{low} to {high}", low=num(low), high=num(high))
