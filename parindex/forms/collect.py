"""Collect the returns: read every file with the indicator reader, merge, check who is where.

Every problem of every file is gathered before anything is decided: a file that cannot be read,
a unit in two files (unless a preference says which counts), a unit no list names, a unit of
the list that sent nothing. The caller writes nothing unless `collect` returns.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

from parindex.criteria.source import did_you_mean
from parindex.data.cells import norm
from parindex.data.indicators import column_specs, read_indicators
from parindex.data.sheet import EXCEL_SUFFIXES
from parindex.errors import Diagnostic, ParindexError, Severity, file_error, t
from parindex.forms.template import GUIDE_SHEET
from parindex.forms.units import Unit
from parindex.scoring.compile import Plan

RETURN_SUFFIXES = EXCEL_SUFFIXES | {".csv", ".tsv", ".txt"}
PREFER_HINT = t(
    "keep the unit in one file, or say which counts with --prefer newest or --prefer FILE"
)


@dataclass(frozen=True)
class Row:
    """One unit as a return gave it."""

    unit: Unit
    values: dict[str, float]  # column → value; NaN is not applicable (or a blank self score)
    file: int  # index into Collection.files
    where: str  # the file (and sheet) as shown in messages
    row: int


@dataclass
class Return:
    path: Path
    shown: str
    sha256: str
    modified: float
    sheets: list[str | None] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # ids read, in file order
    kept: list[str] = field(default_factory=list)  # ids that went into the merged table


class CollectError(ParindexError):
    """Every problem of the collection, and the files that were read without one."""

    def __init__(self, diagnostics: list[Diagnostic], read: list[Return]) -> None:
        super().__init__(diagnostics)
        self.read = read


@dataclass(frozen=True)
class Collection:
    rows: list[Row]  # the merged table, in the list's order
    files: list[Return]
    missing: list[Unit]
    warnings: list[Diagnostic]


def returns_in(paths: list[Path], exclude: set[Path]) -> list[Path]:
    """The files given, with each folder replaced by the returns it holds (not lock files)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(
                f
                for f in p.iterdir()
                if f.is_file()
                and f.suffix.lower() in RETURN_SUFFIXES
                and not f.name.startswith(("~$", "."))
            )
        else:
            out.append(p)
    seen: set[Path] = set()
    unique = []
    for f in out:
        key = f.resolve()
        if key not in seen and key not in exclude:
            seen.add(key)
            unique.append(f)
    return unique


def read_return(
    path: Path, shown: str, plans: list[Plan], numbers: str, subset: bool = False
) -> tuple[Return, list[Row]]:
    """One file's units; a form is read sheet by sheet, any other file as `rank` reads it."""
    try:
        raw = path.read_bytes()
        modified = path.stat().st_mtime
    except OSError as exc:
        raise file_error(
            shown, "PD001", t("cannot read the file: {reason}", reason=str(exc.strerror))
        ) from None
    ret = Return(path, shown, hashlib.sha256(raw).hexdigest(), modified)
    ret.sheets = _data_sheets(path, shown)
    columns = {bid: list(column_specs(p)) for p in plans for bid in p.criteria.blocks}
    rows: list[Row] = []
    problems: list[Diagnostic] = []
    for sheet in ret.sheets:
        where = shown if sheet is None else f"{shown} [{sheet}]"
        try:
            table = read_indicators(
                path, plans, numbers=numbers, sheet=sheet, display=shown, subset=subset
            )
        except ParindexError as exc:
            problems += exc.diagnostics
            continue
        for i, uid in enumerate(table.ids):
            block = table.blocks[i]
            values = {n: float(table.values[n][i]) for n in columns[block] if n in table.values}
            rows.append(Row(Unit(uid, table.names[i], block), values, -1, where, table.rows[i]))
            ret.units.append(uid)
    if problems:
        raise ParindexError(problems)
    return ret, rows


def _data_sheets(path: Path, shown: str) -> list[str | None]:
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return [None]
    from python_calamine import CalamineWorkbook

    try:
        names = list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise file_error(
            shown, "PD001", t("the workbook cannot be read: {reason}", reason=str(exc))
        ) from None
    if any(norm(n) == norm(GUIDE_SHEET) for n in names):  # a form: every block sheet
        return [n for n in names if norm(n) != norm(GUIDE_SHEET)]
    return [None]


def collect(
    files: list[tuple[Path, str]],
    plans: list[Plan],
    expected: list[Unit],
    *,
    list_shown: str,
    numbers: str = "vi",
    prefer: str | Path | None = None,
    allow_missing: bool = False,
    subset: bool = False,
) -> Collection:
    """Read and merge every return; raise with every problem of every file.

    `prefer`: "newest" (the file modified last counts) or a path among `files`.
    `subset`: rows of blocks no given criteria set ranks are left out, not errors.
    """
    problems: list[Diagnostic] = []
    returns: list[Return] = []
    rows: list[Row] = []
    for path, shown in files:
        try:
            ret, found = read_return(path, shown, plans, numbers, subset)
        except ParindexError as exc:
            problems += exc.diagnostics
            continue
        k = len(returns)
        returns.append(ret)
        rows += [Row(r.unit, r.values, k, r.where, r.row) for r in found]
    chosen = _choose(rows, returns, prefer, problems)
    listed = {u.id: u for u in expected}
    for r in chosen.values():
        u = listed.get(r.unit.id)
        if u is None:
            hint = did_you_mean(r.unit.id, set(listed)) or t(
                "the units come from {file}", file=list_shown
            )
            problems.append(
                Diagnostic(
                    r.where,
                    r.row,
                    1,
                    "",
                    "PF004",
                    t("unit `{unit}` is not in the list of units", unit=r.unit.id),
                    hint=hint,
                )
            )
        elif u.block != r.unit.block:
            problems.append(
                Diagnostic(
                    r.where,
                    r.row,
                    3,
                    "",
                    "PF005",
                    t(
                        "unit `{unit}` is in block `{block}` here but in block `{listed}` in "
                        "{file}",
                        unit=u.id,
                        block=r.unit.block,
                        listed=u.block,
                        file=list_shown,
                    ),
                )
            )
    returned = {r.unit.id for r in rows}  # a unit refused as a duplicate is not missing
    missing = [u for u in expected if u.id not in returned]
    severity = Severity.WARNING if allow_missing else Severity.ERROR
    warnings = [
        Diagnostic(
            list_shown,
            None,
            None,
            "",
            "PF003",
            t("unit `{unit}` ({name}) sent no return", unit=u.id, name=u.name),
            severity,
            None
            if allow_missing
            else t("collect its return, or write the table without it with --allow-missing"),
        )
        for u in missing
    ]
    problems += [w for w in warnings if w.severity is Severity.ERROR]
    if problems:
        raise CollectError(problems, returns)
    merged = [chosen[u.id] for u in expected if u.id in chosen]
    for r in merged:
        returns[r.file].kept.append(r.unit.id)
    return Collection(merged, returns, missing, warnings if allow_missing else [])


def _choose(
    rows: list[Row], returns: list[Return], prefer: str | Path | None, problems: list[Diagnostic]
) -> dict[str, Row]:
    """unit id → the row that counts; a unit in several files is an error unless preferred."""
    by_id: dict[str, list[Row]] = {}
    for r in rows:
        by_id.setdefault(r.unit.id, []).append(r)
    chosen: dict[str, Row] = {}
    wanted = Path(prefer).resolve() if prefer not in (None, "newest") else None
    for uid, found in by_id.items():
        if len(found) == 1:
            chosen[uid] = found[0]
            continue
        files = {r.file for r in found}
        pick: list[Row] = []
        if len(files) == len(found):  # never two copies within one file
            if prefer == "newest":
                newest = max(returns[r.file].modified for r in found)
                pick = [r for r in found if math.isclose(returns[r.file].modified, newest)]
            elif wanted is not None:
                pick = [r for r in found if returns[r.file].path.resolve() == wanted]
        if len(pick) == 1:
            chosen[uid] = pick[0]
            continue
        first = found[0]
        for r in found[1:]:
            problems.append(
                Diagnostic(
                    r.where,
                    r.row,
                    1,
                    "",
                    "PF002",
                    t(
                        "unit `{unit}` is also in {file} (row {row})",
                        unit=uid,
                        file=first.where,
                        row=first.row,
                    ),
                    hint=PREFER_HINT if r.file != first.file else t("keep one of the two rows"),
                )
            )
    return chosen
