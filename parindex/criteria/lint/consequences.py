"""Policy checks for the consequences sections: accountability, awards, self-assessment watch.

Called by the main linter with itself, so findings share its locations and codes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from parindex.criteria import formula as fx
from parindex.criteria.rules import rule_body, rule_kind
from parindex.criteria.source import Path_, did_you_mean
from parindex.errors import Severity, t

if TYPE_CHECKING:
    from parindex.criteria.lint import Linter


def check_consequences(lt: Linter) -> None:
    cs = lt.cs
    if cs.accountability is not None:
        _accountability(lt)
    if cs.awards is not None:
        _awards(lt)
    if cs.self_assessment is not None and not any(
        leaf.rule is not None and rule_kind(leaf.rule) == "appraised" for _, leaf in cs.leaves()
    ):
        lt.add(
            ("self_assessment",),
            "PX185",
            t("no criterion is appraised, so there is no self-assessment to compare"),
            severity=Severity.WARNING,
            at_key=True,
        )


def _labels(labels: list[str]) -> set[str]:
    return {x.casefold() for x in labels}


def _accountability(lt: Linter) -> None:
    acc = lt.cs.accountability
    assert acc is not None
    root: Path_ = ("accountability",)
    names = set(acc.indicators)
    areas = {a.id for a in lt.cs.areas}
    seen: dict[str, Path_] = {}
    for i, comp in enumerate(acc.components):
        path: Path_ = (*root, "components", i)
        lt._unique(seen, comp.id, (*path, "id"), "component")
        kind = rule_kind(comp.rule)
        body: Any = rule_body(comp.rule)
        rpath: Path_ = (*path, "rule", kind)
        if kind == "unit":
            of = body.of
            if of != "index" and not (of.startswith("area:") and of[5:] in areas):
                lt.add(
                    (*rpath, "of"),
                    "PX181",
                    t("unknown unit result `{name}`", name=of),
                    hint=t("use `index` or `area:<id>` with an area of this file"),
                )
            continue
        ref = body if kind == "yes_no" else body.of
        if ref not in names:
            lt.add(
                rpath if kind == "yes_no" else (*rpath, "of"),
                "PX181",
                t("unknown head indicator `{name}`", name=ref),
                hint=did_you_mean(ref, names) or t("declare it under `accountability.indicators`"),
            )
            continue
        if kind == "bands":
            lt.bands(rpath, body, comp.max, acc.indicators)
    lt._class_list((*root, "levels"), acc.levels, what="level", code="PX182")
    levels = [lv.label for lv in acc.levels]
    for i, cap in enumerate(acc.caps):
        path = (*root, "caps", i)
        if cap.at_most.casefold() not in _labels(levels):
            lt.add(
                (*path, "at_most"),
                "PX183",
                t("unknown level `{label}`", label=cap.at_most),
                hint=did_you_mean(cap.at_most, set(levels)) or t("levels: {labels}", labels=levels),
            )
        for j, label in enumerate(cap.unit_class or []):
            _known_class(lt, (*path, "unit_class", j), label)
        if cap.when is not None:
            for r in sorted(fx.names(fx.parse(cap.when))):
                if r not in names:
                    lt.add(
                        (*path, "when"),
                        "PX181",
                        t("unknown head indicator `{name}`", name=r),
                        hint=did_you_mean(r, names),
                    )


def _known_class(lt: Linter, path: Path_, label: str) -> None:
    every = {k.label for b in lt.cs.blocks for k in lt.cs.classes_for(b)}
    if label.casefold() not in _labels(list(every)):
        lt.add(
            path,
            "PX183",
            t("unknown class `{label}`", label=label),
            hint=did_you_mean(label, every) or t("classes: {labels}", labels=sorted(every)),
        )


def _awards(lt: Linter) -> None:
    awards = lt.cs.awards
    assert awards is not None
    root: Path_ = ("awards",)
    for i, ex in enumerate(awards.exclude):
        for j, label in enumerate(ex.class_):
            _known_class(lt, (*root, "exclude", i, "class", j), label)
    seen: dict[str, Path_] = {}
    excluded = {c.casefold() for ex in awards.exclude for c in ex.class_}
    for i, award in enumerate(awards.awards):
        path: Path_ = (*root, "awards", i)
        lt._unique(seen, award.id, (*path, "id"), "award")
        lt.blocks((*path, "blocks"), award.blocks)
        cond = award.conditions
        cpath: Path_ = (*path, "conditions")
        for j, label in enumerate(cond.class_ or []):
            _known_class(lt, (*cpath, "class", j), label)
        if cond.class_ and all(c.casefold() in excluded for c in cond.class_):
            lt.add(
                (*cpath, "class"),
                "PX184",
                t(
                    "award `{id}` asks for classes that `exclude` removes: no unit can get it",
                    id=award.id,
                ),
            )
        if cond.head_at_least is not None:
            acc = lt.cs.accountability
            if acc is None:
                lt.add(
                    (*cpath, "head_at_least"),
                    "PX184",
                    t("`head_at_least` needs an `accountability` section in this file"),
                )
            elif cond.head_at_least.casefold() not in _labels([lv.label for lv in acc.levels]):
                lt.add(
                    (*cpath, "head_at_least"),
                    "PX183",
                    t("unknown level `{label}`", label=cond.head_at_least),
                    hint=did_you_mean(cond.head_at_least, {lv.label for lv in acc.levels}),
                )
