"""YAML criteria file → validated `CriteriaSet`, every problem mapped to file:line:col.

The schema version is checked first (a file from a newer parindex should say so, not produce 40
confusing errors); then pydantic validates the whole file and each of its errors is rewritten
as a sentence an official can act on, at the line where the problem is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from parindex.criteria import messages
from parindex.criteria.messages import ticked
from parindex.criteria.model import RULE_KINDS, SCHEMA_VERSION, CriteriaSet
from parindex.criteria.rules import HEAD_RULE_KINDS
from parindex.criteria.source import SourceTree, did_you_mean, read_source
from parindex.errors import Diagnostic, ParindexError, Text, t


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
        errors = messages.merge_unions(exc.errors())
        diags = [_explain(tree, err, context["allowed"]) for err in errors]
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
                t(
                    "a criteria file must be a mapping of keys "
                    "(schema_version, id, title, blocks, areas, …)"
                ),
                hint=t("start from a bundled set: `parindex init DIR`"),
            )
        ]
    if "schema_version" not in tree.data:
        return [
            tree.diag(
                (),
                "PX007",
                t("missing `schema_version`"),
                hint=t("add `schema_version: {version}` as the first line", version=SCHEMA_VERSION),
            )
        ]
    version = tree.data["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return [
            tree.diag(
                ("schema_version",),
                "PX007",
                t("`schema_version` must be a whole number; got `{value}`", value=str(version)),
                hint=t("write `schema_version: {version}`", version=SCHEMA_VERSION),
            )
        ]
    if version > SCHEMA_VERSION:
        return [
            tree.diag(
                ("schema_version",),
                "PX007",
                t(
                    "this file is written for criteria schema version {version}; this "
                    "parindex reads version {supported}",
                    version=version,
                    supported=SCHEMA_VERSION,
                ),
                hint=t("upgrade parindex (`pip install -U parindex`) to read this file"),
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
            hint = t("inside `{{ … }}` a comma separates keys: put text that has commas in quotes")
        elif hint is None and allowed_here:
            hint = t("allowed here: {keys}", keys=ticked(sorted(allowed_here)))
        return tree.diag(loc, "PX010", t("unknown key `{key}`", key=key), hint=hint, at_key=True)
    if kind == "missing":
        key = str(loc[-1])
        return tree.diag(loc[:-1], "PX011", t("missing required key `{key}`", key=key))
    if kind == "PX013":
        message, hint = _rule_kinds(loc, value)
        return tree.diag(loc, "PX013", message, hint=hint)
    if kind.startswith("PX"):
        # a check of a whole set may name the key it is about (`at`: a path from the root)
        at = ctx.get("at")
        where = tuple(at) if isinstance(at, list | tuple) else loc
        said = ctx.get("message")
        message = said if isinstance(said, Text) else err["msg"]
        return tree.diag(where, kind, message, at_key=at is not None)
    return tree.diag(
        loc,
        "PX012",
        messages.sentence(kind, loc, value, ctx, err["msg"]),
        hint=messages.hint(kind, value, ctx),
    )


def _rule_kinds(loc: tuple[str | int, ...], value: Any) -> tuple[Text, Text | None]:
    """A rule with no kind, an unknown one, or more than one: the message and its hint."""
    kinds = HEAD_RULE_KINDS if "accountability" in loc else RULE_KINDS
    keys: list[str] = list(value) if isinstance(value, dict) else []
    present = [k for k in keys if k in kinds]
    if len(present) > 1:
        return (
            t(
                "a rule has exactly one kind; this one has {count}: {kinds}",
                count=len(present),
                kinds=ticked(present),
            ),
            t("split it into two criteria"),
        )
    if not keys:
        return t("a rule needs a kind; expected one of: {kinds}", kinds=ticked(kinds)), None
    return (
        t(
            "unknown rule kind {found}; expected one of: {kinds}",
            found=", ".join(f"`{k}`" for k in keys),
            kinds=ticked(kinds),
        ),
        next((h for k in keys if (h := did_you_mean(k, set(kinds)))), None),
    )


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for d in diags:
        key = (d.line, d.column, d.code, str(d.message))
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
