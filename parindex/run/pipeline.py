"""The annual ranking run as a library call: criteria files + data file → results + provenance.

`rank` is the one pipeline: the CLI commands call it and render what it returns; tests and
other programs call it directly, without click. It never prints: what a user should be told on
the side (units left out, …) comes back in `RankRun.notes`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from parindex import __version__
from parindex.criteria.lint import lint
from parindex.criteria.loader import LoadedCriteria, load, partial_findings
from parindex.data.limits import Limits
from parindex.data.numbers import Number
from parindex.data.table import IndicatorTable
from parindex.demo import DEMO_DATA, DEMO_HEADS
from parindex.errors import Diagnostic, ParindexError, Severity, Text, file_error, t
from parindex.scoring.accountability import HeadResult
from parindex.scoring.awards import Decision
from parindex.scoring.compile import Plan, compile_plan
from parindex.scoring.engine import Results, evaluate


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
    notes: tuple[Text | str, ...] = ()  # what the user should be told beside the results

    @property
    def undecided(self) -> list[tuple[str, str | None, str]]:
        """(award title, its English title, the missing input: "heads" | "previous") for each
        award the run could not decide for lack of an input — to be said once per award, never
        shown as 0 eligible."""
        english = {
            a.id: a.title_en
            for r in self.results
            if r.plan.criteria.awards is not None
            for a in r.plan.criteria.awards.awards
        }
        seen: dict[str, tuple[str, str | None, str]] = {}
        for d in self.awards or []:
            if d.undetermined is not None:
                seen.setdefault(d.award, (d.title, english.get(d.award), d.undetermined))
        return list(seen.values())


@dataclass(frozen=True)
class ReadOptions:
    """How the indicator data are read (the data options of the CLI)."""

    numbers: str = "vi"  # vi: 1.234,5; en: 1,234.5
    sheet: str | None = None
    subset: bool = False  # the data hold more blocks than the criteria rank: leave them out
    header_row: int | None = None  # 1-based; found by itself when not given
    ignore_columns: tuple[str, ...] = ()  # headers to leave out besides STT, Ghi chú …
    limits: Limits = field(default_factory=Limits)  # sizes refused before reading
    heads_sheet: str | None = None  # the roster's sheet, when its workbook holds several
    heads_header_row: int | None = None  # the roster's header row; found by itself otherwise


def rank(
    criteria: Sequence[Path] | None = None,
    data: Path | None = None,
    *,
    heads: Path | None = None,
    previous: Path | None = None,
    options: ReadOptions | None = None,
    consequences: bool = True,
    shown: Callable[[Path], str] = str,
) -> RankRun:
    """Load and check the criteria, read the data, score, then rate heads and decide awards.

    `criteria`: files or folders (default: the bundled sets); `data`: the indicator table
    (default: the bundled demo province, which brings its heads roster when `heads` is not
    given); `previous`: last period's results.json; `shown`: how a path is named in messages.
    Raises ParindexError carrying every problem found at the first stage that has any.
    """
    from parindex.criteria.validate import bundled_sets, expand
    from parindex.data.indicators import read_indicators
    from parindex.document.io import read_previous

    opts = options or ReadOptions()
    paths = expand(list(criteria)) if criteria else bundled_sets()
    if not paths:
        raise file_error(
            ", ".join(shown(p) for p in criteria or []),
            "PX001",
            t("no .yaml criteria files found in the paths given"),
        )
    data_path = data or DEMO_DATA
    bundle = load_criteria(paths, [shown(p) for p in paths])
    from parindex.forms.output import collection_log_for

    notes: list[Text | str] = []
    table = read_indicators(
        data_path,
        bundle.plans,
        numbers=opts.numbers,
        sheet=opts.sheet,
        display=shown(data_path),
        subset=opts.subset,
        header_row=opts.header_row,
        ignore_columns=opts.ignore_columns,
        limits=opts.limits,
        note=notes.append,
    )
    results = score(bundle, table)
    problems = _excess(results, shown(data_path))
    problems += [
        Diagnostic(
            shown(data_path),
            r.table.rows[p.unit],
            None,
            p.column,
            p.code,
            t("unit `{unit}`: {problem}", unit=r.table.ids[p.unit], problem=p.message),
        )
        for r in results
        for p in r.problems
    ]
    if problems:
        raise ParindexError(problems)
    extra: list[tuple[str, Path, str]] = []
    rated = awarded = None
    if consequences:
        if heads is None and data is None and not criteria:
            heads = DEMO_HEADS  # the demo province comes with its heads
        last = read_previous(previous, shown(previous)) if previous else None
        rated, awarded = consequences_of(
            results,
            heads,
            last,
            numbers=opts.numbers,
            display=shown(heads) if heads else None,
            left_out=frozenset(uid for uid, _ in table.left_out),
            note=notes.append,
            sheet=opts.heads_sheet,
            header_row=opts.heads_header_row,
        )
        extra += [("heads", heads, shown(heads))] if heads else []
        extra += [("previous", previous, shown(previous))] if previous else []
    log = collection_log_for(data_path)  # the table was merged by `parindex collect`
    extra += [("collection", log, shown(log))] if log else []
    if table.left_out:
        counts: dict[str, int] = {}
        for _, block in table.left_out:
            counts[block] = counts.get(block, 0) + 1
        listed = [f"{b} ({n})" for b, n in counts.items()]
        notes.append(
            t(
                "left out {count} unit(s) in blocks these criteria do not rank: {blocks}",
                count=len(table.left_out),
                blocks=listed,
            )
        )
    prov = provenance([(p, shown(p)) for p in paths], (data_path, shown(data_path)), extra)
    return RankRun(results, prov, table, rated, awarded, tuple(notes))


def consequences_of(
    results: list[Results],
    heads_path: Path | None,
    previous: dict[str, float] | None,
    *,
    numbers: str = "vi",
    display: str | None = None,
    left_out: frozenset[str] = frozenset(),
    note: Callable[[Text], None] | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
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
                    note=note,
                    sheet=sheet,
                    header_row=header_row,
                )
                note = None  # what was read of the file is said once, not per criteria set
            except ParindexError as exc:
                # a row no criteria set rates (no unit) is reported by each: once is enough
                problems += [d for d in exc.diagnostics if d not in problems]
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


def _excess(results: list[Results], file: str) -> list[Diagnostic]:
    """Parts that together exceed their whole (`wholes:`), as located errors."""
    from parindex.scoring.wholes import parts_over_whole

    out = []
    for r in results:
        for e in parts_over_whole(r.plan.criteria, r.table):
            out.append(
                Diagnostic(
                    file,
                    r.table.rows[e.unit],
                    None,
                    e.whole,
                    "PD008",
                    t(
                        "unit `{unit}`: {parts} ({total}) is more than {whole} ({value})",
                        unit=r.table.ids[e.unit],
                        parts=" + ".join(e.parts),
                        total=Number(e.total),
                        whole=e.whole,
                        value=Number(e.value),
                    ),
                    hint=t("the parts cannot add up to more than their whole: check these cells"),
                )
            )
    return out


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
            problems += [d for d in partial_findings(exc) if d.severity is Severity.ERROR]
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
