"""YAML criteria file → validated `CriteriaSet`, every problem mapped to file:line:col.

The schema version is checked first (a file from a newer parindex should say so, not produce 40
confusing errors); then pydantic validates the whole file and each of its errors is rewritten
as a sentence an official can act on, at the line where the problem is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from parindex.criteria.model import RULE_KINDS, SCHEMA_VERSION, CriteriaSet
from parindex.criteria.rules import HEAD_RULE_KINDS
from parindex.criteria.source import SourceTree, did_you_mean, read_source
from parindex.errors import Diagnostic, ParindexError


@dataclass(frozen=True)
class LoadedCriteria:
    """A validated criteria set, with the source it came from (for locating lint findings)."""

    criteria: CriteriaSet
    source: SourceTree
    path: Path


def load(path: Path, display: str | None = None) -> LoadedCriteria:
    """Read, compose and validate one criteria file; raise ParindexError with every problem."""
    tree = read_source(path, display)
    problems = _check_root(tree)
    if problems:
        raise ParindexError(problems)
    context: dict[str, Any] = {"allowed": {}}
    try:
        criteria = CriteriaSet.model_validate(tree.data, context=context)
    except ValidationError as exc:
        diags = [_explain(tree, err, context["allowed"]) for err in exc.errors()]
        from parindex.criteria.salvage import salvage

        partial = salvage(tree, exc.errors())
        raise CriteriaError(
            _dedupe(diags), LoadedCriteria(partial[0], partial[1], path) if partial else None
        ) from None
    return LoadedCriteria(criteria, tree, path)


class CriteriaError(ParindexError):
    """A file that failed validation, with what of it is valid (`partial`), for the policy
    checks to run on all the same (see `salvage`)."""

    def __init__(self, diagnostics: list[Diagnostic], partial: LoadedCriteria | None) -> None:
        super().__init__(diagnostics)
        self.partial = partial


def partial_findings(exc: ParindexError) -> list[Diagnostic]:
    """The policy findings on the valid part of a file that failed validation; those that
    need the whole file are left for the next run."""
    if not isinstance(exc, CriteriaError) or exc.partial is None:
        return []
    from parindex.criteria.lint import lint
    from parindex.criteria.salvage import NEEDS_WHOLE_FILE

    return [d for d in lint(exc.partial) if d.code not in NEEDS_WHOLE_FILE]


def _check_root(tree: SourceTree) -> list[Diagnostic]:
    if not isinstance(tree.data, dict):
        return [
            tree.diag(
                (),
                "PX019",
                "a criteria file must be a mapping of keys "
                "(schema_version, id, title, blocks, areas, …)",
                hint="start from a bundled set: `parindex init DIR`",
            )
        ]
    if "schema_version" not in tree.data:
        return [
            tree.diag(
                (),
                "PX007",
                "missing `schema_version`",
                hint=f"add `schema_version: {SCHEMA_VERSION}` as the first line",
            )
        ]
    version = tree.data["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return [
            tree.diag(
                ("schema_version",),
                "PX007",
                f"`schema_version` must be a whole number; got `{version}`",
                hint=f"write `schema_version: {SCHEMA_VERSION}`",
            )
        ]
    if version > SCHEMA_VERSION:
        return [
            tree.diag(
                ("schema_version",),
                "PX007",
                f"this file is written for criteria schema version {version}; this "
                f"parindex reads version {SCHEMA_VERSION}",
                hint="upgrade parindex (`pip install -U parindex`) to read this file",
            )
        ]
    return []


_TAGS = set(RULE_KINDS) | set(HEAD_RULE_KINDS)


def _clean_loc(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    # A tagged union puts the tag into the path (`rule.bands.bands.cuts`); drop the tag.
    out: list[str | int] = []
    for seg in loc:
        if out and seg == out[-1] and seg in _TAGS:
            continue
        out.append(seg)
    return tuple(out)


def _explain(tree: SourceTree, err: Any, allowed: dict[int, set[str]]) -> Diagnostic:
    kind: str = err["type"]
    loc = _clean_loc(tuple(err["loc"]))
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(loc[-1])
        found, _ = tree.locate(loc[:-1])
        parent = tree.get(found)
        allowed_here = allowed.get(id(parent), set())
        hint = did_you_mean(key, allowed_here)
        if hint is None and (" " in key or value is None):
            # `{title: Tiếp nhận, xử lý …}`: in a flow mapping a comma starts a new key
            hint = "inside `{ … }` a comma separates keys: put text that has commas in quotes"
        elif hint is None and allowed_here:
            hint = f"allowed here: {', '.join(sorted(allowed_here))}"
        return tree.diag(loc, "PX010", f"unknown key `{key}`", hint=hint, at_key=True)
    if kind == "missing":
        key = str(loc[-1])
        return tree.diag(loc[:-1], "PX011", f"missing required key `{key}`")
    if kind == "PX013":
        kinds = HEAD_RULE_KINDS if "accountability" in loc else RULE_KINDS
        keys: list[str] = list(value) if isinstance(value, dict) else []
        present = [k for k in keys if k in kinds]
        if len(present) > 1:
            message = f"a rule has exactly one kind; this one has {len(present)}: " + ", ".join(
                present
            )
            hint = "split it into two criteria"
        else:
            shown = ", ".join(f"`{k}`" for k in keys) or "nothing"
            message = f"unknown rule kind {shown}; expected one of: {', '.join(kinds)}"
            hint = next((h for k in keys if (h := did_you_mean(k, set(kinds)))), None)
        return tree.diag(loc, "PX013", message, hint=hint)
    if kind.startswith("PX"):
        # a check of a whole set may name the key it is about (`at`: a path from the root)
        at = ctx.get("at")
        where = tuple(at) if isinstance(at, list | tuple) else loc
        return tree.diag(where, kind, err["msg"], at_key=at is not None)
    return tree.diag(
        loc, "PX012", _sentence(kind, loc, value, ctx, err["msg"]), hint=_hint(kind, value, ctx)
    )


def _sentence(
    kind: str, loc: tuple[str | int, ...], value: Any, ctx: dict[str, Any], msg: str
) -> str:
    key = next((s for s in reversed(loc) if isinstance(s, str)), "value")
    got = (
        f"got `{value}`"
        if not isinstance(value, dict | list)
        else ("got a mapping" if isinstance(value, dict) else "got a list")
    )
    if kind == "literal_error":
        return f"`{key}` must be one of {', '.join(_expected(ctx))}; {got}"
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}:
        whole = "a whole number" if kind.startswith("int") else "a number"
        return f"`{key}` must be {whole}; {got}"
    if kind == "finite_number":
        return f"`{key}` must be a finite number; {got}, which cannot be scored"
    if kind in {"string_type"}:
        return f"`{key}` must be text; {got}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"`{key}` must be true or false; {got}"
    if kind == "list_type":
        return f"`{key}` must be a list; {got}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"`{key}` must be a mapping of keys; {got}"
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        words = {
            "greater_than": "greater than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        bound = next(iter(ctx.values()))
        return f"`{key}` must be {words} {bound}; {got}"
    if kind == "too_short":
        return f"`{key}` must have at least {ctx.get('min_length', 1)} item(s)"
    if kind == "string_too_short":
        return f"`{key}` must not be empty"
    if kind == "string_too_long":
        return f"`{key}` is longer than {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern", "").startswith("^[a-z]"):
            return (
                f"`{value}` is not a valid name: use lowercase letters, digits and `_`, "
                "starting with a letter"
            )
        return f"`{value}` is not a valid id: use letters, digits, `.`, `_` and `-`"
    return f"`{key}`: {msg}"


def _expected(ctx: dict[str, Any]) -> list[str]:
    return re.findall(r"'([^']*)'", str(ctx.get("expected", ""))) or [str(ctx.get("expected"))]


def _hint(kind: str, value: Any, ctx: dict[str, Any]) -> str | None:
    if kind == "literal_error" and isinstance(value, str):
        return did_you_mean(value, set(_expected(ctx)))
    if kind == "string_pattern_mismatch" and isinstance(value, str) and value:
        slug = re.sub(r"[^a-z0-9_]+", "_", value.lower()).strip("_")
        if ctx.get("pattern", "").startswith("^[a-z]") and slug and slug[0].isalpha():
            return f"for example `{slug}`"
    if kind in {"float_parsing"} and isinstance(value, str) and "%" in value:
        return "write rates as fractions (0.95) and percents as numbers (95), without `%`"
    return None


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for d in diags:
        key = (d.line, d.column, d.code, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
