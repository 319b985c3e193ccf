"""The small arithmetic language of derived indicators and caps.

A formula such as `dossiers_late / dossiers_resolved` or `late_rate > 0.2 and online_share < 0.1`
is parsed with Python's `ast` (syntax only, nothing is run) and converted into a tree of the few
node types below; anything outside the whitelist is refused with the character where it starts.
The tree is evaluated later by the scoring core over numpy arrays. There is no `eval` anywhere.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from parindex.errors import Text, t

FUNCTIONS = {"min": (2, None), "max": (2, None), "abs": (1, 1)}  # name -> (min args, max args)
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_OTHER_OPS = {
    ast.Pow: "**",
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
}
MAX_LENGTH = 500


class FormulaError(ValueError):
    """A formula outside the language; `offset` is the 0-based character where it goes wrong."""

    def __init__(self, message: Text, offset: int = 0) -> None:
        super().__init__(str(message))
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class Unary:
    op: str  # "-" or "not"
    operand: Expr


@dataclass(frozen=True)
class Binary:
    op: str  # + - * / < <= > >= == != and or
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[Expr, ...]


Expr = Num | Ref | Unary | Binary | Call

BOOLEAN_OPS = frozenset({"<", "<=", ">", ">=", "==", "!=", "and", "or"})


def parse(text: str) -> Expr:
    """Parse a formula, or raise FormulaError saying what is not allowed and where."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(t("the formula is longer than {limit} characters", limit=MAX_LENGTH))
    if not text.strip():
        raise FormulaError(t("the formula is empty"))
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        offset = max((exc.offset or 1) - 1, 0)
        raise FormulaError(t("syntax error at character {at}", at=offset + 1), offset) from None
    return _convert(tree.body)


def _convert(node: ast.expr) -> Expr:
    at = node.col_offset
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise FormulaError(t("`{value}` is not a number", value=repr(node.value)), at)
        return Num(float(node.value))
    if isinstance(node, ast.Name):
        return Ref(node.id)
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.USub):
            return Unary("-", _convert(node.operand))
        if isinstance(node.op, ast.UAdd):
            return _convert(node.operand)
        if isinstance(node.op, ast.Not):
            return Unary("not", _convert(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
        return Binary(_ARITH[type(node.op)], _convert(node.left), _convert(node.right))
    if isinstance(node, ast.BoolOp):
        op = "and" if isinstance(node.op, ast.And) else "or"
        values = [_convert(v) for v in node.values]
        out = values[0]
        for v in values[1:]:
            out = Binary(op, out, v)
        return out
    if isinstance(node, ast.Compare):
        parts = [_convert(node.left), *(_convert(c) for c in node.comparators)]
        result: Expr | None = None
        for i, cmp_op in enumerate(node.ops):
            if type(cmp_op) not in _COMPARE:
                raise FormulaError(t("only <, <=, >, >=, == and != compare values"), at)
            cmp = Binary(_COMPARE[type(cmp_op)], parts[i], parts[i + 1])
            result = cmp if result is None else Binary("and", result, cmp)
        assert result is not None
        return result
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
            allowed = ", ".join(FUNCTIONS)
            raise FormulaError(
                t("function `{name}` is not allowed (only {allowed})", name=name, allowed=allowed),
                at,
            )
        func = node.func.id
        if node.keywords:
            raise FormulaError(t("`{name}` takes no named arguments", name=func), at)
        low, high = FUNCTIONS[func]
        n = len(node.args)
        if n < low or (high is not None and n > high):
            if low == high:
                said = t("`{name}` takes {count} arguments, got {got}", name=func, count=low, got=n)
            else:
                said = t(
                    "`{name}` takes at least {count} arguments, got {got}",
                    name=func,
                    count=low,
                    got=n,
                )
            raise FormulaError(said, at)
        return Call(node.func.id, tuple(_convert(a) for a in node.args))
    raise FormulaError(
        t(
            "{what} is not allowed; use numbers, indicator names, + - * /, comparisons, "
            "`and`/`or`/`not`, `min`, `max` and `abs`",
            what=_describe(node),
        ),
        at,
    )


def _describe(node: ast.expr) -> Text:
    if isinstance(node, ast.Attribute):
        return t("`.{name}` (attribute access)", name=node.attr)
    if isinstance(node, ast.Subscript):
        return t("indexing with [ ]")
    if isinstance(node, ast.BinOp):
        op = _OTHER_OPS.get(type(node.op), type(node.op).__name__)
        return t("the operator `{op}`", op=op)
    return t("`{code}`", code="lambda" if isinstance(node, ast.Lambda) else ast.unparse(node))


def names(expr: Expr) -> set[str]:
    """Every indicator name the formula reads."""
    if isinstance(expr, Ref):
        return {expr.name}
    if isinstance(expr, Unary):
        return names(expr.operand)
    if isinstance(expr, Binary):
        return names(expr.left) | names(expr.right)
    if isinstance(expr, Call):
        out: set[str] = set()
        for a in expr.args:
            out |= names(a)
        return out
    return set()


def is_boolean(expr: Expr) -> bool:
    """True when the formula yields a condition (comparison, and/or/not), not a quantity."""
    if isinstance(expr, Binary):
        return expr.op in BOOLEAN_OPS
    return isinstance(expr, Unary) and expr.op == "not"


def denominators(expr: Expr) -> list[Expr]:
    """The right-hand sides of every division, for the zero-denominator policy."""
    if isinstance(expr, Binary):
        own = [expr.right] if expr.op == "/" else []
        return own + denominators(expr.left) + denominators(expr.right)
    if isinstance(expr, Unary):
        return denominators(expr.operand)
    if isinstance(expr, Call):
        return [d for a in expr.args for d in denominators(a)]
    return []


def constant(expr: Expr) -> float | None:
    """The value of a formula part that reads no indicator (`0`, `1 - 1`, `-(2 * 0)`), or None
    when it reads one or is not arithmetic. Lint uses it to find divisions by zero."""
    if isinstance(expr, Num):
        return expr.value
    if isinstance(expr, Unary) and expr.op == "-":
        inner = constant(expr.operand)
        return None if inner is None else -inner
    if isinstance(expr, Binary) and expr.op in "+-*/":
        a, b = constant(expr.left), constant(expr.right)
        if a is None or b is None or (expr.op == "/" and b == 0):
            return None
        return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else 0.0}[expr.op]
    if isinstance(expr, Call) and expr.func in ("min", "max", "abs"):
        args = [constant(x) for x in expr.args]
        if any(x is None for x in args) or not args:
            return None
        vals = [x for x in args if x is not None]
        return {"min": min, "max": max}[expr.func](vals) if expr.func != "abs" else abs(vals[0])
    return None


def unparse(expr: Expr) -> str:
    """Text of a formula tree, fully parenthesised where precedence could mislead."""
    if isinstance(expr, Num):
        return repr(expr.value).removesuffix(".0")
    if isinstance(expr, Ref):
        return expr.name
    if isinstance(expr, Unary):
        return f"-{unparse(expr.operand)}" if expr.op == "-" else f"not {unparse(expr.operand)}"
    if isinstance(expr, Binary):
        return f"({unparse(expr.left)} {expr.op} {unparse(expr.right)})"
    return f"{expr.func}({', '.join(unparse(a) for a in expr.args)})"
