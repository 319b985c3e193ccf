"""Every problem of a file in one run: when a file fails validation, the parts that failed are
left out and the rest is validated again, so the policy checks (lint) can still run on it.

Without this, a file with one wrong type and five overlapping band tables shows the wrong type
first and the bands only after it is fixed: two rounds of editing where one would do. List
items (a criterion, a band, a class) holding an error are dropped, keeping every position of
what stays, so each finding still points at its line. Findings that depend on the whole file
(sums of maxima, references and unused names) are not reported from such a partial set: they
would blame what was only left out.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from parindex.criteria.model import CriteriaSet
from parindex.criteria.source import Path_, SourceTree

ROUNDS = 5  # dropping an item can uncover another error; past a few rounds, give up
# lists whose items stand alone: dropping one leaves the rest meaningful (a band or a class
# dropped would change what the others mean, and the checks would blame the wrong thing)
DROPPABLE = frozenset(
    {"areas", "criteria", "caps", "examples", "tie_break", "components", "awards"}
)
# lint codes a partial set would raise falsely: totals, references, unused names
NEEDS_WHOLE_FILE = frozenset({"PX101", "PX102", "PX121", "PX142", "PX151", "PX161"})


def salvage(
    tree: SourceTree, errors: Sequence[Mapping[str, Any]]
) -> tuple[CriteriaSet, SourceTree] | None:
    """A valid set made of what is valid in `tree`, with a tree whose positions still point
    into the original file; None when what failed cannot be left out (a required key)."""
    data = copy.deepcopy(tree.data)
    dropped: list[Path_] = []  # list items dropped, as paths into the original data
    for _ in range(ROUNDS):
        cut = {_droppable(data, tuple(e["loc"])) for e in errors}
        if None in cut or not cut:
            return None
        for path in sorted((c for c in cut if c is not None), key=_deepest_last, reverse=True):
            parent = _get(data, path[:-1])
            index = path[-1]
            assert isinstance(parent, list) and isinstance(index, int)
            del parent[index]
            dropped.append(_original(path, dropped))
        try:
            criteria = CriteriaSet.model_validate(data, context={"allowed": {}})
        except ValidationError as exc:
            errors = exc.errors()
            continue
        return criteria, _remapped(tree, data, dropped)
    return None


def _droppable(data: Any, loc: tuple[Any, ...]) -> Path_ | None:
    """The deepest list item on the error's path that exists in `data`."""
    node = data
    found: list[str | int] = []
    best: Path_ | None = None
    for seg in loc:
        if isinstance(node, dict) and isinstance(seg, str) and seg in node:
            node = node[seg]
            found.append(seg)
        elif isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node):
            node = node[seg]
            if found and found[-1] in DROPPABLE:
                best = (*found, seg)
            found.append(seg)
        # other segments (union tags, missing keys) are not in the data
    return best


def _deepest_last(path: Path_) -> tuple[int, tuple[str, ...]]:
    # delete later indices first so earlier ones keep their place
    return (len(path), tuple(str(s).zfill(9) if isinstance(s, int) else s for s in path))


def _get(data: Any, path: Path_) -> Any:
    for seg in path:
        data = data[seg]
    return data


def _original(path: Path_, dropped: list[Path_]) -> Path_:
    """`path` (in the data as cut so far) as a path into the original data."""
    out: list[str | int] = []
    for k, seg in enumerate(path):
        if isinstance(seg, int):
            prefix = tuple(out)
            for d in sorted(d for d in dropped if len(d) == k + 1 and d[:k] == prefix):
                if d[k] <= seg:  # type: ignore[operator]
                    seg += 1
        out.append(seg)
    return tuple(out)


def _remapped(tree: SourceTree, data: Any, dropped: list[Path_]) -> SourceTree:
    """A tree of the cut data whose positions are those of the same nodes in the file."""

    def shift(path: Path_) -> Path_ | None:
        out: list[str | int] = []
        for k, seg in enumerate(path):
            if isinstance(seg, int):
                prefix = tuple(path[:k])
                gone = [d[k] for d in dropped if len(d) == k + 1 and d[:k] == prefix]
                if seg in gone:
                    return None
                seg -= sum(1 for g in gone if isinstance(g, int) and g < seg)
            out.append(seg)
        return tuple(out)

    values = {p: pos for old, pos in tree.values.items() if (p := shift(old)) is not None}
    keys = {p: pos for old, pos in tree.keys.items() if (p := shift(old)) is not None}
    return SourceTree(tree.file, data, values, keys)
