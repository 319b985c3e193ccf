"""A slow, plain, per-unit evaluator written from the criteria language's definition.

It shares nothing with the vectorised engine but the validated models and the parsed formula
tree: no numpy, no Plan, one unit and one criterion at a time. Tests require both to agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from parindex.criteria import formula as fx
from parindex.criteria.base import DEFAULT_RANGE
from parindex.criteria.model import CriteriaSet, Criterion, rule_body, rule_kind

TARGETS = {"rate": 1.0, "percent": 100.0, "score": 100.0, "yes_no": 1.0}


@dataclass
class RefUnit:
    id: str
    block: str
    points: dict[str, float | None] = field(default_factory=dict)  # None: not applicable
    areas: dict[str, list[float]] = field(default_factory=dict)  # area id -> [points, max]
    values: dict[str, float | None] = field(default_factory=dict)  # None: not applicable
    full: set[str] = field(default_factory=set)  # derived values that give full marks
    problems: set[str] = field(default_factory=set)  # derived values the run must refuse
    index: float = math.nan
    rounded: float = math.nan
    klass: str = ""
    rank: int = 0


def evaluate(cs: CriteriaSet, units: list[dict[str, Any]]) -> list[RefUnit]:
    """`units`: dicts with `id`, `block` and one value per column (None = not applicable)."""
    leaves = _leaves(cs)
    out = [RefUnit(u["id"], u["block"]) for u in units]
    units = [_fill_blanks(cs, u) for u in units]
    derived = [_derive(cs, u) for u in units]
    for r, env in zip(out, derived, strict=True):
        r.values = {k: None if na else v for k, (v, na, _) in env.items()}
        r.full = {k for k, (_, na, full) in env.items() if full and not na}
        r.problems = _problems(cs, env)
    best: dict[tuple[str, str], float] = {}
    for c, blocks, _ in leaves:
        body: Any = rule_body(c.rule) if c.rule is not None else None
        if c.rule is not None and rule_kind(c.rule) == "relative_to_best":
            for i, u in enumerate(units):
                if not _in_block(u["block"], blocks) or _na(cs, c, u, derived[i]):
                    continue
                v, na, full = derived[i][body.of]
                if na or full:
                    continue
                key = (c.id, u["block"])
                if key not in best:
                    best[key] = v
                elif body.better == "higher":
                    best[key] = max(best[key], v)
                else:
                    best[key] = min(best[key], v)
    for i, u in enumerate(units):
        achieved = possible = 0.0
        for c, blocks, area in leaves:
            if not _in_block(u["block"], blocks):
                continue
            p = _points(cs, c, u, derived[i], best)
            out[i].points[c.id] = p
            sums = out[i].areas.setdefault(area, [0.0, 0.0])
            if p is not None:
                achieved += p
                possible += c.max or 0.0
                sums[0] += p
                sums[1] += c.max or 0.0
        out[i].index = achieved / possible * 100 if possible > 0 else math.nan
        scale = 10**cs.ranking.decimals
        if not math.isnan(out[i].index):
            out[i].rounded = math.floor(out[i].index * scale + 0.5 + 1e-9) / scale
        out[i].klass = _klass(cs, u, derived[i], out[i].rounded)
    _rank(cs, out, derived)
    return out


BLANK = object()
"""A blank cell: what it means is the indicator's `missing:` policy (the reader applies it)."""


def _fill_blanks(cs: CriteriaSet, u: dict[str, Any]) -> dict[str, Any]:
    out = dict(u)
    for name, ind in cs.indicators.items():
        if out.get(name) is BLANK:
            if ind.missing == "zero":
                out[name] = 0.0
            elif ind.missing == "impute":
                out[name] = ind.impute
            elif ind.missing == "not_applicable":
                out[name] = None
            else:
                raise ValueError(f"a blank `{name}` is an error (`missing: error`)")
    return out


def _problems(cs: CriteriaSet, env: dict[str, tuple[float, bool, bool]]) -> set[str]:
    """Derived values outside their kind's range or not finite (a zero denominator with
    `zero_denominator: error` included)."""
    bad: set[str] = set()
    for name, d in cs.derived.items():
        v, na, full = env[name]
        if na or full:
            continue
        if d.zero_denominator == "error" and math.isnan(v):
            bad.add(name)  # divided by zero
            continue
        if not math.isfinite(v):
            bad.add(name)
            continue
        if d.kind is not None:
            low, high = DEFAULT_RANGE[d.kind]
            if v < low - 1e-9 or (high is not None and v > high + 1e-9 * max(1.0, high)):
                bad.add(name)
    return bad


def _leaves(cs: CriteriaSet) -> list[tuple[Criterion, set[str] | None, str]]:
    found: list[tuple[Criterion, set[str] | None, str]] = []

    def walk(c: Criterion, blocks: set[str] | None, area: str) -> None:
        if c.blocks:
            blocks = set(c.blocks) if blocks is None else blocks & set(c.blocks)
        if c.criteria is None:
            found.append((c, blocks, area))
        for sub in c.criteria or []:
            walk(sub, blocks, area)

    for a in cs.areas:
        for c in a.criteria:
            walk(c, set(a.blocks) if a.blocks else None, a.id)
    return found


def _in_block(block: str, blocks: set[str] | None) -> bool:
    return blocks is None or block in blocks


def _derive(cs: CriteriaSet, u: dict[str, Any]) -> dict[str, tuple[float, bool, bool]]:
    """name -> (value, not applicable, full marks) for every indicator and derived one."""
    env: dict[str, tuple[float, bool, bool]] = {}
    for name in cs.indicators:
        v = u.get(name)
        env[name] = (math.nan, True, False) if v is None else (float(v), False, False)
    pending = dict(cs.derived)
    while pending:
        for name, d in list(pending.items()):
            expr = fx.parse(d.formula)
            refs = fx.names(expr)
            if refs & set(pending):
                continue
            del pending[name]
            na = any(env[r][1] for r in refs)
            full = any(env[r][2] for r in refs) and not na
            if na:
                env[name] = (math.nan, True, False)
                continue
            divided_by_zero = [False]
            v = _calc(expr, env, divided_by_zero)
            if divided_by_zero[0]:
                if d.zero_denominator == "not_applicable":
                    env[name] = (math.nan, True, False)
                    continue
                if d.zero_denominator == "full_marks":
                    full = True
                elif d.zero_denominator == "zero":
                    v = 0.0
            env[name] = (v, False, full)
    return env


def _calc(e: fx.Expr, env: dict[str, tuple[float, bool, bool]], dz: list[bool]) -> float:
    if isinstance(e, fx.Num):
        return e.value
    if isinstance(e, fx.Ref):
        return env[e.name][0]
    if isinstance(e, fx.Unary):
        x = _calc(e.operand, env, dz)
        if e.op == "-":
            return -x
        return math.nan if math.isnan(x) else float(x == 0)
    if isinstance(e, fx.Call):
        xs = [_calc(a, env, dz) for a in e.args]
        if e.func == "abs":
            return abs(xs[0])
        if any(math.isnan(x) for x in xs):
            return math.nan
        return min(xs) if e.func == "min" else max(xs)
    a = _calc(e.left, env, dz)
    b = _calc(e.right, env, dz)
    if e.op == "+":
        return a + b
    if e.op == "-":
        return a - b
    if e.op == "*":
        return a * b
    if e.op == "/":
        if b == 0:
            dz[0] = True
            return math.nan
        return a / b
    if e.op in ("and", "or"):
        ta = not math.isnan(a) and a != 0
        tb = not math.isnan(b) and b != 0
        return float(ta and tb) if e.op == "and" else float(ta or tb)
    if math.isnan(a) or math.isnan(b):
        return 0.0 if e.op != "!=" else 1.0
    return float(
        {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[e.op]
    )


def _na(
    cs: CriteriaSet, c: Criterion, u: dict[str, Any], env: dict[str, tuple[float, bool, bool]]
) -> bool:
    if c.not_applicable_if is None:
        return False
    return _calc(fx.parse(c.not_applicable_if), env, [False]) != 0


def _points(
    cs: CriteriaSet,
    c: Criterion,
    u: dict[str, Any],
    env: dict[str, tuple[float, bool, bool]],
    best: dict[tuple[str, str], float],
) -> float | None:
    assert c.rule is not None and c.max is not None
    kind = rule_kind(c.rule)
    body: Any = rule_body(c.rule)
    m = c.max
    if _na(cs, c, u, env):
        return None
    if kind == "appraised":
        raw = u.get(body.column or c.id)
        return None if raw is None else min(max(float(raw), 0.0), m)
    name = body if kind == "yes_no" else body.of
    v, na, full = env[name]
    if na:
        if kind == "survey" and body.if_missing == "zero":
            return 0.0
        return None
    if full:
        return m
    if kind == "yes_no":
        return m if v >= 0.5 else 0.0
    if kind == "bands":
        for cut in body.cuts:
            if (body.better == "higher" and v >= cut.bound) or (
                body.better == "lower" and v < cut.bound
            ):
                return float(cut.points)
        return float(body.otherwise)
    if kind in ("proportional", "survey"):
        target = body.target if body.target is not None else _target(cs, name)
        floor = body.floor if kind == "proportional" else 0.0
        share = (v - floor) / (target - floor)
        return m * min(max(share, 0.0), 1.0)
    if kind == "deduct":
        cap: float = body.cap if body.cap is not None else m
        return m - min(float(body.each) * max(v, 0.0), cap)
    if kind == "bonus":
        cap = body.cap if body.cap is not None else m
        return min(float(body.each) * max(v, 0.0), cap)
    b = best[(c.id, u["block"])]
    if body.better == "higher":
        return m * min(max(v / b, 0.0), 1.0) if b > 0 else 0.0
    return m if v <= 0 else m * min(max(b / v, 0.0), 1.0)


def _target(cs: CriteriaSet, name: str) -> float:
    if name in cs.indicators:
        return TARGETS.get(cs.indicators[name].kind, 1.0)
    kind = cs.derived[name].kind
    return TARGETS.get(kind or "", 1.0)


def _klass(
    cs: CriteriaSet, u: dict[str, Any], env: dict[str, tuple[float, bool, bool]], rounded: float
) -> str:
    classes = cs.classes_for(u["block"])
    position = len(classes) - 1
    for i, k in enumerate(classes):
        if k.min is None or (not math.isnan(rounded) and rounded >= k.min):
            position = i
            break
    labels = [k.label.casefold() for k in classes]
    for cap in cs.caps:
        if cap.blocks and u["block"] not in cap.blocks:
            continue
        if _calc(fx.parse(cap.when), env, [False]) != 0:
            position = max(position, labels.index(cap.at_most.casefold()))
    return classes[position].label


def _rank(
    cs: CriteriaSet, units: list[RefUnit], envs: list[dict[str, tuple[float, bool, bool]]]
) -> None:
    def key(i: int) -> tuple[float, ...]:
        u = units[i]
        parts = [-u.rounded if not math.isnan(u.rounded) else math.inf]
        for tb in cs.ranking.tie_break:
            if tb.of.startswith("area:"):
                got, most = u.areas.get(tb.of[5:], [0.0, 0.0])
                v = got / most if most > 0 else math.nan
            else:
                v = envs[i][tb.of][0]
            parts.append(math.inf if math.isnan(v) else (-v if tb.better == "higher" else v))
        return tuple(parts)

    for block in {u.block for u in units}:
        members = sorted((i for i, u in enumerate(units) if u.block == block), key=key)
        distinct = 0
        for pos, i in enumerate(members):
            if pos == 0 or key(i) != key(members[pos - 1]):
                distinct += 1
                rank = pos + 1 if cs.ranking.skip_after_tie else distinct
            units[i].rank = rank
