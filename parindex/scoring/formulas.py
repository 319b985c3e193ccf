"""Evaluate parsed formulas (`criteria.formula`) over numpy arrays, one array per indicator.

Conditions evaluate to 1.0 / 0.0. A comparison with a missing (NaN) operand is false, so a cap
never fires on a value that is not there. Each division reports where its denominator is zero,
so the derived indicator's `zero_denominator` policy decides what that means.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import NDArray

from parindex.criteria import formula as fx

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]

_CMP: dict[str, Callable[[Array, Array], Mask]] = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
}


def evaluate(expr: fx.Expr, env: Mapping[str, Array], n: int) -> tuple[Array, Mask]:
    """Values of `expr` for n units, and where a division had a zero denominator."""
    zero = np.zeros(n, dtype=bool)
    # an overflow gives ±inf and inf − inf NaN: the caller range-checks what comes out
    with np.errstate(over="ignore", invalid="ignore"):
        return _eval(expr, env, n, zero), zero


def _eval(expr: fx.Expr, env: Mapping[str, Array], n: int, zero: Mask) -> Array:
    if isinstance(expr, fx.Num):
        return np.full(n, expr.value)
    if isinstance(expr, fx.Ref):
        return env[expr.name]
    if isinstance(expr, fx.Unary):
        inner = _eval(expr.operand, env, n, zero)
        if expr.op == "-":
            return -inner
        return np.where(np.isnan(inner), np.nan, (inner == 0).astype(np.float64))
    if isinstance(expr, fx.Call):
        args = [_eval(a, env, n, zero) for a in expr.args]
        if expr.func == "abs":
            return np.abs(args[0])
        fold = np.minimum if expr.func == "min" else np.maximum
        out = args[0]
        for a in args[1:]:
            out = fold(out, a)
        return out
    left = _eval(expr.left, env, n, zero)
    right = _eval(expr.right, env, n, zero)
    op = expr.op
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        is_zero = right == 0
        zero |= is_zero
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(is_zero, np.nan, left / np.where(is_zero, 1.0, right))
    if op in _CMP:
        return _CMP[op](left, right).astype(np.float64)  # NaN compares false
    truth_l = np.nan_to_num(left) != 0
    truth_r = np.nan_to_num(right) != 0
    both: Mask = truth_l & truth_r if op == "and" else truth_l | truth_r
    return both.astype(np.float64)
