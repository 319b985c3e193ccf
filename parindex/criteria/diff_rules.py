"""What changed in one criterion's scoring rule (`criteria.diff`)."""

from __future__ import annotations

from typing import Any

from parindex.criteria.change import Change
from parindex.criteria.model import Criterion, rule_body, rule_kind


def rule_changes(subject: str, o: Criterion, c: Criterion, it: dict[str, Any]) -> list[Change]:
    if o.rule is None or c.rule is None:
        if (o.rule is None) != (c.rule is None):
            return [
                Change(
                    "rule",
                    subject,
                    "sub-criteria" if o.rule is None else "a rule",
                    "sub-criteria" if c.rule is None else "a rule",
                    **it,
                    before={"rule": None if o.rule is None else rule_kind(o.rule)},
                    after={"rule": None if c.rule is None else rule_kind(c.rule)},
                )
            ]
        return []
    ok, nk = rule_kind(o.rule), rule_kind(c.rule)
    if ok != nk:
        return [Change("rule", subject, ok, nk, **it, before={"rule": ok}, after={"rule": nk})]
    ob: Any = rule_body(o.rule)
    nb: Any = rule_body(c.rule)
    if ok == "appraised":
        # what matters is the data column read, whether written out or left to the default
        before = (ob.column or o.id, ob.self_column or f"{o.id}:self")
        after = (nb.column or c.id, nb.self_column or f"{c.id}:self")
        for k, key, words in ((0, "column", "appraised"), (1, "self_column", "self-assessment")):
            if before[k] != after[k]:
                return [
                    Change(
                        "rule",
                        subject,
                        f"{words} column {before[k]}",
                        f"{words} column {after[k]}",
                        **it,
                        before={key: before[k]},
                        after={key: after[k]},
                    )
                ]
        return []
    if ok == "bands":
        if (ob.better, ob.cuts, ob.otherwise, ob.of) != (nb.better, nb.cuts, nb.otherwise, nb.of):
            return [
                Change(
                    "bands",
                    subject,
                    _bands_text(ob),
                    _bands_text(nb),
                    **it,
                    before=_bands(ob),
                    after=_bands(nb),
                )
            ]
        return []
    if ob != nb:
        return [
            Change(
                "rule",
                subject,
                _params(ok, ob),
                _params(nk, nb),
                **it,
                before=_dump(ok, ob),
                after=_dump(nk, nb),
            )
        ]
    return []


def _bands(body: Any) -> dict[str, Any]:
    cuts = [[c.bound, c.points] for c in body.cuts]
    return {"of": body.of, "better": body.better, "cuts": cuts, "otherwise": body.otherwise}


def _dump(kind: str, body: Any) -> dict[str, Any]:
    params = {"of": body} if isinstance(body, str) else body.model_dump(exclude_none=True)
    return {"rule": kind, "params": params}


def _params(kind: str, body: Any) -> str:
    if isinstance(body, str):
        return f"{kind}: {body}"
    shown = ", ".join(f"{k}={v}" for k, v in body.model_dump(exclude_none=True).items())
    return f"{kind}: {shown}"


def _bands_text(body: Any) -> str:
    sign = "≥" if body.better == "higher" else "<"
    cuts = ", ".join(f"{sign}{c.bound:g}→{c.points:g}" for c in body.cuts)
    return f"{cuts}, otherwise {body.otherwise:g}"
