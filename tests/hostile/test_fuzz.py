"""Fuzzing the criteria loader and the formula parser: whatever the input, the only exception
that may come out is the project's own (a located ParindexError, or FormulaError for a formula),
never a crash. The table readers have their own fuzz tests beside them."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.criteria import formula as fx
from parindex.criteria.validate import check_file
from parindex.errors import ParindexError
from parindex.run import load_criteria

from conftest import MINIMAL

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOKENS = [
    "a", "b", "late_rate", "1", "0", "1e400", "1e-400", "0.5", ".5", "(", ")", "+", "-", "*",
    "/", "**", "//", "%", "<", "<=", ">", ">=", "==", "!=", "and", "or", "not", "min", "max",
    "abs", ",", " ", "[", "]", "lambda", "x:", "__import__", "'s'", "if", "else", "@", "~",
    "True", "None", "\x00", "\u00a0", "２", "ı", "—", "=", ";", ":", "{", "}", ".",
]  # fmt: skip


@FAST
@given(st.lists(st.sampled_from(TOKENS), max_size=40))
def test_formula_parser_raises_only_its_own_error(tokens):
    text = "".join(tokens)
    try:
        expr = fx.parse(text)
    except fx.FormulaError:
        return
    fx.names(expr)
    fx.unparse(expr)
    fx.constant(expr)


def test_deeply_nested_formulas_are_refused_not_crashed():
    for text in ("(" * 5000 + "a" + ")" * 5000, "-" * 20000 + "a", "a" + "+a" * 20000):
        try:
            fx.parse(text)
        except fx.FormulaError:
            continue


def _mutate(text: str, rng: random.Random, edits: int) -> str:
    chars = list(text)
    pool = [*": -{}[],'\"#&*!|>%@`\n\t\\x0123456789.eE", "\x00", "\ufeff", "\u0301", "é"]
    for _ in range(edits):
        op = rng.randrange(3)
        i = rng.randrange(len(chars) + 1)
        if op == 0 and chars:
            del chars[min(i, len(chars) - 1)]
        elif op == 1:
            chars.insert(i, rng.choice(pool))
        elif chars:
            chars[min(i, len(chars) - 1)] = rng.choice(pool)
    return "".join(chars)


@FAST
@given(st.integers(0, 2**32 - 1), st.integers(1, 12))
def test_criteria_loader_raises_only_located_errors_on_mutated_files(tmp_path_factory, seed, n):
    path = tmp_path_factory.mktemp("fuzz") / "c.yaml"
    path.write_text(_mutate(MINIMAL, random.Random(seed), n), encoding="utf-8", errors="replace")
    report = check_file(path, "c.yaml")  # collects problems; must not raise
    for d in report.diagnostics:
        assert d.code.startswith("PX") and d.file == "c.yaml"
    try:
        load_criteria([path])
    except ParindexError as exc:
        assert exc.diagnostics


@FAST
@given(st.binary(max_size=400))
def test_criteria_loader_raises_only_located_errors_on_bytes(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("fuzz") / "c.yaml"
    path.write_bytes(raw)
    report = check_file(path, "c.yaml")
    assert all(d.code.startswith("PX") for d in report.diagnostics)
