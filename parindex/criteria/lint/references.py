"""References between parts of the set: indicators, formulas, renames, tie-breaks, examples."""

from __future__ import annotations

from typing import Any

from parindex.criteria import formula as fx
from parindex.criteria.lint.base import (
    Base,
    W,
    _cycles,
    _has_label,
    _walk,
)
from parindex.criteria.messages import num, ticked
from parindex.criteria.model import (
    rule_body,
    rule_kind,
)
from parindex.criteria.source import Path_, did_you_mean
from parindex.errors import t


class References(Base):
    def indicators(self) -> None:
        for name, ind in self.cs.indicators.items():
            path: Path_ = ("indicators", name)
            low, high = ind.value_range()
            if high is not None and low > high:
                said = t("`min` {low} is above `max` {high}", low=num(low), high=num(high))
                self.add((*path, "min"), "PX174", said)
            if ind.at_most is not None:
                self.ref((*path, "at_most"), ind.at_most)
            if ind.missing == "impute" and ind.impute is None:
                said = t("`missing: impute` needs an `impute` value")
                self.add((*path, "missing"), "PX174", said)
            if ind.impute is not None and ind.missing != "impute":
                self.add(
                    (*path, "impute"),
                    "PX174",
                    t("`impute` is ignored because `missing` is `{policy}`", policy=ind.missing),
                    severity=W,
                    hint=t("set `missing: impute` or remove `impute`"),
                )
            for k, header in enumerate(ind.columns):
                # `[Hồ sơ (mức độ 3, 4)]` is two items in YAML: the comma splits the list
                if header.count("(") != header.count(")"):
                    self.add(
                        (*path, "columns", k),
                        "PX176",
                        t("column header `{header}` has an unmatched parenthesis", header=header),
                        severity=W,
                        hint=t(
                            "inside `[ … ]` a comma separates items: put headers that have "
                            "commas in quotes"
                        ),
                    )

    def derived(self) -> None:
        graph: dict[str, set[str]] = {}
        for name, d in self.cs.derived.items():
            path: Path_ = ("derived", name, "formula")
            if name in self.cs.indicators:
                self.add(
                    ("derived", name),
                    "PX141",
                    t(
                        "`{name}` is declared both as an indicator and as a derived indicator",
                        name=name,
                    ),
                    at_key=True,
                )
            tree = fx.parse(d.formula)
            self.zero_division(path, tree, d.formula)
            refs = fx.names(tree)
            graph[name] = refs & set(self.cs.derived)
            for r in sorted(refs):
                self.ref(path, r)
        for cycle in _cycles(graph):
            loop = " → ".join([*cycle, cycle[0]])
            self.add(
                ("derived", cycle[0], "formula"),
                "PX122",
                t("derived indicators depend on each other in a loop: {loop}", loop=loop),
            )

    def renames(self) -> None:
        ids = {a.id for a in self.cs.areas} | {
            c.id for a in self.cs.areas for top in a.criteria for _, c in _walk((), top)
        }
        for old, new in self.cs.renamed.items():
            if new not in ids:
                self.add(
                    ("renamed", old),
                    "PX121",
                    t(
                        "`{old}` is renamed to `{new}`, which is not an area or criterion of "
                        "this file",
                        old=old,
                        new=new,
                    ),
                    hint=did_you_mean(new, ids),
                )
            elif old in ids:
                self.add(
                    ("renamed", old),
                    "PX141",
                    t(
                        "`{old}` is renamed, yet this file still has an area or criterion with "
                        "that id",
                        old=old,
                    ),
                )

    def wholes(self) -> None:
        for whole, parts in self.cs.wholes.items():
            self.ref(("wholes", whole), whole)
            for i, part in enumerate(parts):
                self.ref(("wholes", whole, i), part)

    def ranking(self) -> None:
        areas = {a.id for a in self.cs.areas}
        for i, tb in enumerate(self.cs.ranking.tie_break):
            path: Path_ = ("ranking", "tie_break", i, "of")
            if tb.of.startswith("area:"):
                if tb.of[5:] not in areas:
                    self.add(
                        path,
                        "PX121",
                        t("unknown area `{id}`", id=tb.of[5:]),
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
                    t("example `{name}` must say which `block` it is for", name=ex.name),
                    hint=t("blocks: {blocks}", blocks=ticked(self.cs.blocks)),
                )
            elif block is not None and block not in self.cs.blocks:
                self.add(
                    (*path, "block"),
                    "PX142",
                    t("unknown block `{block}`", block=block),
                    hint=did_you_mean(block, set(self.cs.blocks)),
                )
                block = None
            for key in ex.given:
                if key not in columns:
                    self.add(
                        (*path, "given", key),
                        "PX161",
                        t("unknown indicator `{name}`", name=key),
                        hint=did_you_mean(key, columns),
                        at_key=True,
                    )
            for key in ex.expect.points:
                if key not in leaves:
                    self.add(
                        (*path, "expect", "points", key),
                        "PX161",
                        t("unknown criterion `{id}`", id=key),
                        hint=did_you_mean(key, set(leaves)),
                        at_key=True,
                    )
            if ex.expect.class_ is not None:
                labels = [k.label for k in self.cs.classes_for(block or next(iter(self.cs.blocks)))]
                if not _has_label(labels, ex.expect.class_):
                    self.add(
                        (*path, "expect", "class"),
                        "PX161",
                        t("unknown class `{label}`", label=ex.expect.class_),
                        hint=did_you_mean(ex.expect.class_, set(labels)),
                    )

    def unused(self) -> None:
        for name in self.cs.indicators:
            if name not in self.used:
                self.add(
                    ("indicators", name),
                    "PX151",
                    t(
                        "indicator `{name}` is declared but no rule, formula or cap uses it",
                        name=name,
                    ),
                    severity=W,
                    at_key=True,
                )
