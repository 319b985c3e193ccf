"""Two periods' results side by side (`parindex compare`): who moved, which classes changed
into which, which areas moved, and the province's dossier rates period against period.

Works on two results.json documents as `parindex rank` wrote them; nothing is re-scored. Units
present in only one period are listed, never dropped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from parindex.criteria import formula as fx


@dataclass(frozen=True)
class UnitMove:
    id: str
    name: str
    block: str
    index_a: float | None
    index_b: float | None
    class_a: str
    class_b: str
    rank_a: int
    rank_b: int

    @property
    def change(self) -> float | None:
        if self.index_a is None or self.index_b is None:
            return None
        return round(self.index_b - self.index_a, 2)


@dataclass(frozen=True)
class AreaMove:
    block: str
    area: str
    title: str
    mean_a: float
    mean_b: float

    @property
    def change(self) -> float:
        return round(self.mean_b - self.mean_a, 2)


@dataclass(frozen=True)
class RateChange:
    block: str  # a block id, or "" for the whole province
    name: str
    label: str
    a: float | None
    b: float | None
    pooled: bool  # Σ numerator ÷ Σ denominator (True), or the mean of units' rates (False)


@dataclass
class Comparison:
    period_a: str
    period_b: str
    units: list[UnitMove]
    only_a: list[tuple[str, str]]  # (id, name) of units ranked only in the first period
    only_b: list[tuple[str, str]]
    transitions: dict[str, dict[tuple[str, str], int]]  # block → (class a, class b) → units
    class_order: dict[str, list[str]]  # block → classes best first, as either period used them
    areas: list[AreaMove]
    rates: list[RateChange] = field(default_factory=list)

    def improved(self, k: int = 5) -> list[UnitMove]:
        moved = [u for u in self.units if u.change is not None]
        return sorted(moved, key=lambda u: (-(u.change or 0), u.id))[:k]

    def fell(self, k: int = 5) -> list[UnitMove]:
        moved = [u for u in self.units if u.change is not None]
        return sorted(moved, key=lambda u: (u.change or 0, u.id))[:k]


def compare(a: dict[str, Any], b: dict[str, Any]) -> Comparison:
    ua = {u["id"]: u for u in a["units"]}
    ub = {u["id"]: u for u in b["units"]}
    moves = [
        UnitMove(
            uid,
            ub[uid]["name"],
            ub[uid]["block"],
            ua[uid]["index"],
            ub[uid]["index"],
            ua[uid]["class"],
            ub[uid]["class"],
            ua[uid]["rank"],
            ub[uid]["rank"],
        )
        for uid in ub
        if uid in ua
    ]
    transitions: dict[str, dict[tuple[str, str], int]] = {}
    order: dict[str, list[str]] = {}
    for m in moves:
        cell = transitions.setdefault(m.block, {})
        cell[(m.class_a, m.class_b)] = cell.get((m.class_a, m.class_b), 0) + 1
    for doc in (a, b):
        for u in sorted(doc["units"], key=lambda u: -(u["index"] or -1)):
            seen = order.setdefault(u["block"], [])
            if u["class"] not in seen:
                seen.append(u["class"])
    return Comparison(
        period_a=_period(a),
        period_b=_period(b),
        units=moves,
        only_a=[(i, ua[i]["name"]) for i in ua if i not in ub],
        only_b=[(i, ub[i]["name"]) for i in ub if i not in ua],
        transitions=transitions,
        class_order=order,
        areas=_areas(a, b, ua, ub),
        rates=_rates(a, b),
    )


def _period(doc: dict[str, Any]) -> str:
    periods = sorted({s.get("period", "") for s in doc.get("criteria_sets", [])})
    return ", ".join(p for p in periods if p) or doc["provenance"].get("time", "")[:10]


def _areas(
    a: dict[str, Any], b: dict[str, Any], ua: dict[str, Any], ub: dict[str, Any]
) -> list[AreaMove]:
    """Each area's mean sub-index over the units ranked in both periods, per block; titled by
    the block's own criteria set (area 3 of the communes' set is not area 3 of the
    departments'), the later period's first."""
    titles: dict[tuple[str, str], str] = {}
    for doc in (b, a):
        for s in doc.get("criteria_sets", []):
            for block in s.get("blocks", {}):
                for k, v in s.get("areas", {}).items():
                    titles.setdefault((block, k), v)
    sums: dict[tuple[str, str], list[float]] = {}
    for uid, u in ub.items():
        if uid not in ua:
            continue
        for area, got in u.get("areas", {}).items():
            was = ua[uid].get("areas", {}).get(area)
            if was is None or was.get("index") is None or got.get("index") is None:
                continue
            acc = sums.setdefault((u["block"], area), [0.0, 0.0, 0.0])
            acc[0] += was["index"]
            acc[1] += got["index"]
            acc[2] += 1
    out = [
        AreaMove(block, area, titles.get((block, area), area), s[0] / s[2], s[1] / s[2])
        for (block, area), s in sums.items()
    ]
    return sorted(out, key=lambda m: (-abs(m.change), m.block, m.area))


def _rates(a: dict[str, Any], b: dict[str, Any]) -> list[RateChange]:
    """Every rate both periods define, pooled over the units (Σ numerator ÷ Σ denominator)
    when its formula is a ratio of sums of indicators, else the mean of the units' rates; per
    block and for the province."""
    defs: dict[str, dict[str, Any]] = {}
    for doc in (a, b):
        for s in doc.get("criteria_sets", []):
            for name, d in s.get("derived", {}).items():
                if d.get("kind") in ("rate", "percent"):
                    defs.setdefault(name, d)
    out: list[RateChange] = []
    for name, d in defs.items():
        ratio = _ratio(d["formula"])
        blocks = sorted(
            {u["block"] for doc in (a, b) for u in doc["units"] if _has(u, name, ratio)}
        )
        for block in ["", *blocks]:
            va = _rate(a, name, block, ratio)
            vb = _rate(b, name, block, ratio)
            if va is None and vb is None:
                continue
            out.append(RateChange(block, name, d.get("label") or name, va, vb, ratio is not None))
    return out


Ratio = tuple[fx.Expr, fx.Expr]  # numerator, denominator


def _ratio(formula: str) -> Ratio | None:
    """The two sides of a formula that is one division of sums of indicators, such as
    `late / resolved` or `(early + on_time) / processed`; None for any other formula (a
    mean of the units' rates is then all that can be said)."""
    try:
        expr = fx.parse(formula)
    except fx.FormulaError:
        return None
    if (
        isinstance(expr, fx.Binary)
        and expr.op == "/"
        and _linear(expr.left)
        and _linear(expr.right)
    ):
        return expr.left, expr.right
    return None


def _linear(expr: fx.Expr) -> bool:
    """Indicators added or subtracted, possibly times a constant: what Σ over units keeps."""
    if isinstance(expr, fx.Ref):
        return True
    if isinstance(expr, fx.Unary) and expr.op == "-":
        return _linear(expr.operand)
    if isinstance(expr, fx.Binary) and expr.op in "+-":
        return _linear(expr.left) and _linear(expr.right)
    if isinstance(expr, fx.Binary) and expr.op == "*":
        return (isinstance(expr.left, fx.Num) and _linear(expr.right)) or (
            isinstance(expr.right, fx.Num) and _linear(expr.left)
        )
    return False


def _value(expr: fx.Expr, values: dict[str, Any]) -> float | None:
    """A linear side of a ratio for one unit; None when an indicator it reads is missing."""
    if isinstance(expr, fx.Num):
        return expr.value
    if isinstance(expr, fx.Ref):
        v = values.get(expr.name)
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
    if isinstance(expr, fx.Unary):
        inner = _value(expr.operand, values)
        return None if inner is None else -inner
    if isinstance(expr, fx.Binary):
        left, right = _value(expr.left, values), _value(expr.right, values)
        if left is None or right is None:
            return None
        return {"+": left + right, "-": left - right, "*": left * right}[expr.op]
    return None


def _rate(doc: dict[str, Any], name: str, block: str, ratio: Ratio | None) -> float | None:
    units = [u for u in doc["units"] if (not block or u["block"] == block) and _has(u, name, ratio)]
    if not units:
        return None
    if ratio is not None:
        sides = [(_value(ratio[0], u["values"]), _value(ratio[1], u["values"])) for u in units]
        pairs = [(n, d) for n, d in sides if n is not None and d is not None]
        total = sum(d for _, d in pairs)
        return sum(n for n, _ in pairs) / total if total > 0 else None
    vals = [
        u["values"][name]
        for u in units
        if u["values"][name] is not None and not math.isnan(u["values"][name])
    ]
    return sum(vals) / len(vals) if vals else None


def _has(unit: dict[str, Any], name: str, ratio: Ratio | None) -> bool:
    """Whether a unit carries what the rate needs: every indicator of a ratio, or the rate."""
    values = unit.get("values", {})
    if ratio is not None:
        return fx.names(ratio[0]) | fx.names(ratio[1]) <= set(values)
    return name in values
