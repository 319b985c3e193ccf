"""What changed in a criteria set as a whole (`criteria.diff`): sums of maxima, indicators,
formulas, classes, caps, ranking."""

from __future__ import annotations

import math
from typing import Any

from parindex.criteria.change import Change, named
from parindex.criteria.model import CriteriaSet, Criterion


def set_changes(old: CriteriaSet, new: CriteriaSet) -> list[Change]:
    """What changed in the set as a whole: sums of maxima, indicators, formulas, classes, caps."""
    out: list[Change] = []
    # does each block's sum of maxima still match the declared total?
    for block in sorted(set(old.blocks) & set(new.blocks)):
        o_sum, n_sum = _block_sum(old, block), _block_sum(new, block)
        if not math.isclose(o_sum, n_sum):
            blk = new.blocks[block]
            out.append(
                Change(
                    "sum of maxima",
                    f"block {block}",
                    _sum_text(o_sum, old.total),
                    _sum_text(n_sum, new.total),
                    "block",
                    block,
                    named(blk.label, blk.label_en),
                    before={"sum": o_sum, "total": old.total},
                    after={"sum": n_sum, "total": new.total},
                )
            )
    # indicators and derived formulas
    for name in sorted(set(old.indicators) | set(new.indicators)):
        oi, ni = old.indicators.get(name), new.indicators.get(name)
        it: dict[str, Any] = {"what": "indicator", "ref": name, "name": named(*_label(ni or oi))}
        if oi is None or ni is None:
            out.append(
                Change(
                    "added" if oi is None else "removed",
                    f"indicator {name}",
                    oi.label if oi else None,
                    ni.label if ni else None,
                    **it,
                )
            )
        elif oi.kind != ni.kind or oi.value_range() != ni.value_range():
            out.append(
                Change(
                    "indicator",
                    f"indicator {name}",
                    oi.kind,
                    ni.kind,
                    **it,
                    before=oi.kind,
                    after=ni.kind,
                )
            )
    for name in sorted(set(old.derived) | set(new.derived)):
        od, nd = old.derived.get(name), new.derived.get(name)
        it = {"what": "derived", "ref": name, "name": named(*_label(nd or od))}
        if od is None or nd is None:
            out.append(
                Change(
                    "added" if od is None else "removed",
                    f"derived {name}",
                    od.formula if od else None,
                    nd.formula if nd else None,
                    **it,
                    before=od.formula if od else None,
                    after=nd.formula if nd else None,
                )
            )
        elif od.formula != nd.formula:
            out.append(
                Change(
                    "formula",
                    f"derived {name}",
                    od.formula,
                    nd.formula,
                    **it,
                    before=od.formula,
                    after=nd.formula,
                )
            )
        elif od.zero_denominator != nd.zero_denominator:
            out.append(
                Change(
                    "zero_denominator",
                    f"derived {name}",
                    od.zero_denominator,
                    nd.zero_denominator,
                    **it,
                    before=od.zero_denominator,
                    after=nd.zero_denominator,
                )
            )
    # classes, caps, ranking
    for block in sorted(set(old.blocks) & set(new.blocks)):
        o_cls = {k.label: k for k in old.classes_for(block)}
        n_cls = {k.label: k for k in new.classes_for(block)}
        for label in list(n_cls) + [x for x in o_cls if x not in n_cls]:
            ok, nk = o_cls.get(label), n_cls.get(label)
            if (ok.min if ok else -1) != (nk.min if nk else -1):
                k = nk or ok
                out.append(
                    Change(
                        "class",
                        f"class {label} ({block})",
                        _min_text(ok),
                        _min_text(nk),
                        "class",
                        label,
                        named(label, k.label_en if k else None),
                        block,
                        before=None if ok is None else {"min": ok.min},
                        after=None if nk is None else {"min": nk.min},
                    )
                )
    for i in range(max(len(old.caps), len(new.caps))):
        oc = old.caps[i] if i < len(old.caps) else None
        nc = new.caps[i] if i < len(new.caps) else None
        o_text = f"{oc.when} → ≤ {oc.at_most}" if oc else None
        n_text = f"{nc.when} → ≤ {nc.at_most}" if nc else None
        if o_text != n_text:
            out.append(
                Change(
                    "cap",
                    f"cap {i + 1}",
                    o_text,
                    n_text,
                    "cap",
                    str(i + 1),
                    before=_cap(oc),
                    after=_cap(nc),
                )
            )
    if old.ranking != new.ranking:
        out.append(
            Change(
                "ranking",
                "ranking",
                old.ranking.model_dump_json(),
                new.ranking.model_dump_json(),
                "ranking",
                before=old.ranking.model_dump(),
                after=new.ranking.model_dump(),
            )
        )
    return out


def _label(x: Any) -> tuple[str | None, str | None]:
    return (x.label, x.label_en) if x.label else (None, None)


def _cap(cap: Any) -> dict[str, Any] | None:
    if cap is None:
        return None
    keys = ("when", "at_most", "reason", "reason_en")
    return {k: getattr(cap, k) for k in keys}


def _block_sum(cs: CriteriaSet, block: str) -> float:
    def leaves(c: Criterion, blocks: list[str] | None) -> float:
        if c.blocks and block not in c.blocks:
            return 0.0
        if c.criteria is None:
            return c.max or 0.0
        return sum(leaves(s, blocks) for s in c.criteria)

    return sum(
        leaves(c, None) for a in cs.areas if not a.blocks or block in a.blocks for c in a.criteria
    )


def _sum_text(total: float, declared: float) -> str:
    sign = "=" if math.isclose(total, declared) else "≠"
    return f"{total:g} ({sign} total {declared:g})"


def _min_text(k: Any) -> str | None:
    if k is None:
        return None
    return "no minimum" if k.min is None else f"≥ {k.min:g}"
