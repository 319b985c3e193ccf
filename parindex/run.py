"""The annual ranking run as a library call: criteria files + data file → results + provenance.

The CLI is a thin shell over these functions; tests and other programs call them directly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from parindex import __version__
from parindex.criteria.lint import lint
from parindex.criteria.loader import LoadedCriteria, load
from parindex.errors import Diagnostic, ParindexError, Severity
from parindex.scoring.accountability import HeadResult
from parindex.scoring.awards import Decision
from parindex.scoring.compile import Plan, compile_plan
from parindex.scoring.engine import Results, evaluate
from parindex.scoring.table import IndicatorTable

DEMO_DATA = Path(__file__).parent / "demo" / "khanh-hoa-2016.csv"
DEMO_HEADS = Path(__file__).parent / "demo" / "heads-2016.csv"


@dataclass(frozen=True)
class SourceFile:
    path: str
    sha256: str


@dataclass(frozen=True)
class Provenance:
    version: str
    criteria: list[SourceFile]
    data: SourceFile | None
    time: str  # UTC, ISO 8601
    inputs: dict[str, SourceFile] = field(default_factory=dict)  # roster, previous results

    def as_dict(self) -> dict[str, object]:
        return {
            "parindex_version": self.version,
            "criteria": [{"path": c.path, "sha256": c.sha256} for c in self.criteria],
            "data": {"path": self.data.path, "sha256": self.data.sha256} if self.data else None,
            **{role: {"path": f.path, "sha256": f.sha256} for role, f in self.inputs.items()},
            "time": self.time,
        }


@dataclass(frozen=True)
class CriteriaBundle:
    loaded: list[LoadedCriteria]
    plans: list[Plan]


@dataclass(frozen=True)
class RankRun:
    results: list[Results]  # one per criteria set that has units in the data
    provenance: Provenance
    table: IndicatorTable
    heads: list[HeadResult] | None = None  # when a roster was given and the criteria rate heads
    awards: list[Decision] | None = None  # when the criteria define awards


def consequences(
    results: list[Results],
    heads_path: Path | None,
    previous: dict[str, float] | None,
    *,
    numbers: str = "vi",
    display: str | None = None,
    left_out: frozenset[str] = frozenset(),
) -> tuple[list[HeadResult] | None, list[Decision] | None]:
    """Heads' ratings (when a roster is given) and award decisions, per criteria set.

    `left_out`: units in the data that no given criteria set ranks; their heads are skipped.
    """
    from parindex.data.roster import read_roster
    from parindex.scoring.accountability import assess
    from parindex.scoring.awards import decide

    heads: list[HeadResult] | None = None
    awards: list[Decision] | None = None
    problems: list[Diagnostic] = []
    all_units = {r.table.ids[i] for r in results for i in range(len(r.table))}
    for res in results:
        cs = res.plan.criteria
        mine = {res.table.ids[i]: res.table.names[i] for i in range(len(res.table))}
        rated: list[HeadResult] | None = None
        if cs.accountability is not None and heads_path is not None:
            try:
                table = read_roster(
                    heads_path,
                    cs.accountability,
                    mine,
                    numbers=numbers,
                    display=display,
                    others=frozenset(all_units - set(mine)) | left_out,
                )
            except ParindexError as exc:
                problems += exc.diagnostics
                continue
            rated = assess(cs.accountability, table, [res])
            heads = (heads or []) + rated
        if cs.awards is not None:
            levels = [lv.label for lv in cs.accountability.levels] if cs.accountability else None
            awards = (awards or []) + decide(
                cs.awards,
                [res],
                heads=rated,
                levels=levels if rated is not None else None,
                previous=previous,
            )
    if problems:
        raise ParindexError(problems)
    return heads, awards


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_criteria(paths: list[Path], displays: list[str] | None = None) -> CriteriaBundle:
    """Load, lint and compile criteria files; every error of every file, or the bundle."""
    problems: list[Diagnostic] = []
    loaded: list[LoadedCriteria] = []
    for i, path in enumerate(paths):
        display = displays[i] if displays else None
        try:
            lc = load(path, display)
        except ParindexError as exc:
            problems += exc.diagnostics
            continue
        problems += [d for d in lint(lc) if d.severity is Severity.ERROR]
        loaded.append(lc)
    owner: dict[str, str] = {}
    for lc in loaded:
        for block in lc.criteria.blocks:
            if block in owner:
                problems.append(
                    lc.source.diag(
                        ("blocks", block),
                        "PX141",
                        f"block `{block}` is also defined in {owner[block]}",
                        at_key=True,
                    )
                )
            owner.setdefault(block, lc.source.file)
    if problems:
        raise ParindexError(problems)
    return CriteriaBundle(loaded, [compile_plan(lc.criteria) for lc in loaded])


def score(bundle: CriteriaBundle, table: IndicatorTable) -> list[Results]:
    """Evaluate each criteria set on the units of its blocks."""
    out = []
    blocks = np.array(table.blocks, dtype=object)
    for plan in bundle.plans:
        members = np.flatnonzero(np.isin(blocks, plan.blocks))
        if members.size:
            out.append(evaluate(plan, table.take(members)))
    return out


def provenance(
    criteria: list[tuple[Path, str]],
    data: tuple[Path, str] | None,
    extra: list[tuple[str, Path, str]] | None = None,
) -> Provenance:
    """`extra`: other inputs as (role, path, shown path), e.g. the heads roster."""
    return Provenance(
        version=__version__,
        criteria=[SourceFile(shown, sha256(p)) for p, shown in criteria],
        data=SourceFile(data[1], sha256(data[0])) if data else None,
        time=datetime.now(UTC).replace(microsecond=0).isoformat(),
        inputs={role: SourceFile(shown, sha256(p)) for role, p, shown in extra or []},
    )


def pair_sets(old: CriteriaBundle, new: CriteriaBundle) -> list[tuple[int, int]]:
    """(old index, new index) of the sets that rank the same blocks, in the new bundle's order."""
    pairs = []
    for j, nl in enumerate(new.loaded):
        for i, ol in enumerate(old.loaded):
            if set(ol.criteria.blocks) & set(nl.criteria.blocks):
                pairs.append((i, j))
                break
    return pairs
