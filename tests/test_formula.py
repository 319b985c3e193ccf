"""Formulas: a whitelist of arithmetic parsed with ast, never evaluated with eval."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parindex.criteria import formula as fx


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a / b", "(a / b)"),
        ("-a + 2", "(-a + 2)"),
        ("max(a, b, 0)", "max(a, b, 0)"),
        ("abs(a - b)", "abs((a - b))"),
        ("0 < a <= 1", "((0 < a) and (a <= 1))"),
        ("a > 0.2 or not b", "((a > 0.2) or not b)"),
    ],
)
def test_allowed_formulas(text, tree):
    assert fx.unparse(fx.parse(text)) == tree


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a ** 2", "the operator `**` is not allowed"),
        ("a % 2", "the operator `%` is not allowed"),
        ("open('x')", "function `open` is not allowed (only min, max, abs)"),
        ("__import__('os').system('x')", "function `__import__('os').system` is not allowed"),
        ("a.b", "`.b` (attribute access) is not allowed"),
        ("a[0]", "indexing with [ ] is not allowed"),
        ("lambda: 1", "`lambda` is not allowed"),
        ("'text'", "`'text'` is not a number"),
        ("True", "`True` is not a number"),
        ("min(a)", "`min` takes at least 2 arguments, got 1"),
        ("abs(a, b)", "`abs` takes 1 arguments, got 2"),
        ("max(a, key=b)", "`max` takes no named arguments"),
        ("a +", "syntax error at character"),
        ("", "the formula is empty"),
        ("a if b else c", "`a if b else c` is not allowed"),
        ("[a for a in b]", "is not allowed"),
        ("a is b", "only <, <=, >, >=, == and != compare values"),
    ],
)
def test_refused_formulas(text, message):
    with pytest.raises(fx.FormulaError) as exc:
        fx.parse(text)
    assert message in str(exc.value.message)


def test_names_denominators_and_conditions():
    expr = fx.parse("(a + b) / max(c, d / e) > 0.5")
    assert fx.names(expr) == {"a", "b", "c", "d", "e"}
    assert [fx.unparse(d) for d in fx.denominators(expr)] == ["max(c, (d / e))", "e"]
    assert fx.is_boolean(expr)
    assert not fx.is_boolean(fx.parse("a / b"))


def test_a_long_formula_is_refused():
    with pytest.raises(fx.FormulaError):
        fx.parse(" + ".join(["a"] * 200))


NAMES = st.sampled_from(["a", "b", "late_rate", "x1"])
NUMBERS = st.integers(0, 1000).map(str) | st.floats(0, 100, allow_nan=False).map(repr)
EXPRS = st.recursive(
    NAMES | NUMBERS,
    lambda inner: (
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "<", ">="]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        )
        | st.tuples(inner, inner).map(lambda t: f"max({t[0]}, {t[1]})")
    ),
    max_leaves=12,
)


@given(EXPRS)
def test_unparse_then_parse_is_stable(text):
    tree = fx.parse(text)
    assert fx.parse(fx.unparse(tree)) == tree


def test_evaluation_over_arrays_matches_plain_arithmetic():
    import math

    import numpy as np

    from parindex.scoring.formulas import evaluate

    env = {"a": np.array([1.0, 2.0, math.nan, 0.0]), "b": np.array([2.0, 0.0, 1.0, 5.0])}
    cases = {
        "-a + abs(b - 3)": [0.0, 1.0, math.nan, 2.0],
        "min(a, b) * 2": [2.0, 0.0, math.nan, 0.0],
        "max(a, b, 1)": [2.0, 2.0, math.nan, 5.0],
        "not a": [0.0, 0.0, math.nan, 1.0],
        "a > 1 or b > 4": [0.0, 1.0, 0.0, 1.0],  # a missing value makes a comparison false
        "a >= 1 and b != 0": [1.0, 0.0, 0.0, 0.0],
    }
    for text, want in cases.items():
        got, _ = evaluate(fx.parse(text), env, 4)
        np.testing.assert_array_equal(got, np.array(want), err_msg=text)
    ratio, zero = evaluate(fx.parse("a / b"), env, 4)
    assert zero.tolist() == [False, True, False, False]
    assert math.isnan(ratio[1])
