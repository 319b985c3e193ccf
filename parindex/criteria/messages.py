"""pydantic's validation errors in the words of the criteria language, in either language.

pydantic says what is wrong in its own English ("Input should be a valid number, unable to
parse string as a number"); an official editing the criteria reads instead which key must be
what, and what it holds now, in the run's language. Each error type a criteria file can produce
has its own sentence here (`sentence`), keyed by pydantic's `type` and filled from its `ctx`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from parindex.criteria.source import did_you_mean
from parindex.errors import Text, t
from parindex.i18n import N_

_WHOLE = frozenset({"int_parsing", "int_type", "int_from_float"})
_NUMBER = frozenset({"float_parsing", "float_type"})
_MAPPING = frozenset({"dict_type", "model_type", "model_attributes_type"})
_DATE = frozenset(
    {"date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"}
)
_BOOL = frozenset({"bool_type", "bool_parsing"})

# every error type `sentence` words itself; any other falls back to pydantic's English `msg`
KNOWN = frozenset(
    {
        *_WHOLE,
        *_NUMBER,
        *_MAPPING,
        *_DATE,
        *_BOOL,
        "literal_error",
        "enum",
        "finite_number",
        "string_type",
        "list_type",
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "too_short",
        "too_long",
        "string_too_short",
        "string_too_long",
        "string_pattern_mismatch",
        "value_error",
        "union",
    }
)

# what each member of a union (`given: {x: …}` takes a number, true/false or text) accepts
_MEMBERS = {
    "float": N_("a number"),
    "int": N_("a whole number"),
    "bool": N_("true or false"),
    "str": N_("text"),
}


def merge_unions(errors: list[Any]) -> list[Any]:
    """pydantic reports a value no member of a union accepts once per member, at a path that
    ends with the member's type (`given.x.float`, `given.x.bool` …): one error of type `union`
    instead, at the value's own path, naming what it may be."""

    def member(loc: tuple[Any, ...]) -> bool:
        return len(loc) > 1 and loc[-1] in _MEMBERS

    # a key may be named `int` too: a union reports two members or more at one path
    shared = Counter(tuple(e["loc"])[:-1] for e in errors if member(tuple(e["loc"])))
    out: list[Any] = []
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        if member(loc) and shared[loc[:-1]] > 1:
            if loc[:-1] not in merged:
                merged[loc[:-1]] = {**err, "type": "union", "loc": loc[:-1], "ctx": {"members": []}}
                out.append(merged[loc[:-1]])
            merged[loc[:-1]]["ctx"]["members"].append(Text(_MEMBERS[str(loc[-1])]))
        else:
            out.append(err)
    return out


def got(value: Any) -> Text:
    """What the key holds now, as the end of a sentence."""
    if isinstance(value, dict):
        return t("got a mapping")
    if isinstance(value, list):
        return t("got a list")
    return t("got `{value}`", value=_shown(value))


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def sentence(
    kind: str, loc: tuple[str | int, ...], value: Any, ctx: dict[str, Any], msg: str
) -> Text:
    """What is wrong, for an error of pydantic type `kind` at `loc`."""
    key = next((s for s in reversed(loc) if isinstance(s, str)), "value")
    if key == "[key]" and len(loc) > 1:  # a mapping's key that is not a valid name
        key = str(loc[-2])
    now = got(value)
    if kind == "union":
        members = ctx.get("members", [])
        return t("`{key}` must be one of: {kinds}; {got}", key=key, kinds=members, got=now)
    if kind in ("literal_error", "enum"):
        choices = ticked(expected(ctx))
        return t("`{key}` must be one of {choices}; {got}", key=key, choices=choices, got=now)
    if kind in _NUMBER:
        return t("`{key}` must be a number; {got}", key=key, got=now)
    if kind in _WHOLE:
        return t("`{key}` must be a whole number; {got}", key=key, got=now)
    if kind == "finite_number":
        return t("`{key}` must be a finite number; {got}, which cannot be scored", key=key, got=now)
    if kind == "string_type":
        return t("`{key}` must be text; {got}", key=key, got=now)
    if kind in _BOOL:
        return t("`{key}` must be true or false; {got}", key=key, got=now)
    if kind == "list_type":
        return t("`{key}` must be a list; {got}", key=key, got=now)
    if kind in _MAPPING:
        return t("`{key}` must be a mapping of keys; {got}", key=key, got=now)
    if kind in _DATE:
        return t("`{key}` must be a date written YYYY-MM-DD; {got}", key=key, got=now)
    if kind == "greater_than":
        return t("`{key}` must be greater than {bound}; {got}", key=key, bound=_bound(ctx), got=now)
    if kind == "greater_than_equal":
        return t("`{key}` must be at least {bound}; {got}", key=key, bound=_bound(ctx), got=now)
    if kind == "less_than":
        return t("`{key}` must be less than {bound}; {got}", key=key, bound=_bound(ctx), got=now)
    if kind == "less_than_equal":
        return t("`{key}` must be at most {bound}; {got}", key=key, bound=_bound(ctx), got=now)
    if kind == "too_short":
        return t("`{key}` must have at least {count} item(s)", key=key, count=_count(ctx, "min"))
    if kind == "too_long":
        return t("`{key}` must have at most {count} item(s)", key=key, count=_count(ctx, "max"))
    if kind == "string_too_short":
        return t("`{key}` must not be empty", key=key)
    if kind == "string_too_long":
        return t("`{key}` is longer than {count} characters", key=key, count=_count(ctx, "max"))
    if kind == "string_pattern_mismatch":
        if str(ctx.get("pattern", "")).startswith("^[a-z]"):
            return t(
                "`{value}` is not a valid name: use lowercase letters, digits and `_`, "
                "starting with a letter",
                value=_shown(value),
            )
        return t(
            "`{value}` is not a valid id: use letters, digits, `.`, `_` and `-`",
            value=_shown(value),
        )
    if kind == "value_error":
        # a validator's ValueError: ours carry a translatable `message` (formula.FormulaError)
        said = getattr(ctx.get("error"), "message", None)
        if isinstance(said, Text):
            return t("`{key}`: {problem}", key=key, problem=said)
    # A type no criteria file is known to produce: pydantic's own English words it.
    return t("`{key}`: {problem}", key=key, problem=msg)


def hint(kind: str, value: Any, ctx: dict[str, Any]) -> Text | None:
    if kind in ("literal_error", "enum") and isinstance(value, str):
        return did_you_mean(value, set(expected(ctx)))
    if kind == "string_pattern_mismatch" and isinstance(value, str) and value:
        slug = re.sub(r"[^a-z0-9_]+", "_", value.lower()).strip("_")
        if str(ctx.get("pattern", "")).startswith("^[a-z]") and slug and slug[0].isalpha():
            return t("for example `{name}`", name=slug)
    if kind == "float_parsing" and isinstance(value, str) and "%" in value:
        return t("write rates as fractions (0.95) and percents as numbers (95), without `%`")
    if kind in _DATE:
        return t("for example `2024-01-01`")
    return None


def expected(ctx: dict[str, Any]) -> list[str]:
    return re.findall(r"'([^']*)'", str(ctx.get("expected", ""))) or [str(ctx.get("expected"))]


def _bound(ctx: dict[str, Any]) -> object:
    bound = next(iter(ctx.values()), "")
    # a whole bound (0, 100) reads as written; others in the language's decimal form
    return int(bound) if isinstance(bound, float) and bound.is_integer() else bound


def _count(ctx: dict[str, Any], side: str) -> object:
    return ctx.get(f"{side}_length", 1)


class Number:
    """A number of the criteria as its author wrote it (0.025 stays 0.025, not 0.03 as a
    rounded report figure would show it), with the language's decimal mark: 2,5 / 2.5."""

    def __init__(self, value: float) -> None:
        self.value = value

    def render(self, lang: str) -> str:
        text = f"{self.value + 0.0:g}"
        if lang == "en":
            return text
        from babel.numbers import get_decimal_symbol

        return text.replace(".", get_decimal_symbol(lang))

    def __repr__(self) -> str:
        return f"{self.value:g}"


def num(value: float) -> Number:
    """`value` as a field of a message, shown as written (see `Number`)."""
    return Number(value)


def ticked(words: Iterable[str]) -> list[str]:
    """Keys and values of the criteria language as a list in a message: each in backticks, so
    that a reader sees them as what to write, the same in every language."""
    return [f"`{w}`" for w in words]


def yaml_number(value: float) -> str:
    """A number as it is written in YAML (`min: 2.5`), for a message that quotes a key and
    its value in backticks: the same in every language."""
    return f"{value:g}"
