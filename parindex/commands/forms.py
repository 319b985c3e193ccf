"""Forms for the units, and collecting them: template, collect."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from parindex.commands.common import LangOpt, PathArg, display, fail
from parindex.commands.lang import PathType, argument, command
from parindex.errors import EXIT_USER_ERROR, ParindexError
from parindex.i18n import N_, _

CriteriaOpt = click.option(
    "--criteria",
    "criteria",
    multiple=True,
    type=PathArg,
    help=N_("Criteria file or folder; repeat for several. Default: the bundled sets."),
)
SubsetOpt = click.option(
    "--subset",
    is_flag=True,
    help=N_(
        "The units list (and the returns) hold more blocks than these criteria rank: leave "
        "the other blocks' units out."
    ),
)
UnitsOpt = click.option(
    "--units",
    type=PathType(exists=True, dir_okay=False, path_type=Path),
    help=N_(
        "The units: a table with id, name and block columns (CSV, XLSX, XLS, ODS), or a "
        "results.json. Default: the bundled demo province's units."
    ),
)


def _load(
    criteria: tuple[Path, ...], units: Path | None, subset: bool, lang: str
) -> tuple[Any, list[Any], Path, list[Path]]:
    """Criteria bundle, the units list, its path and the criteria files; exit 1 on problems."""
    from parindex.criteria.validate import bundled_sets, expand
    from parindex.forms.units import read_units
    from parindex.run import DEMO_DATA, load_criteria

    paths = expand(list(criteria)) if criteria else bundled_sets()
    if not paths:
        raise click.UsageError(_("no .yaml criteria files found in the paths given", lang))
    try:
        bundle = load_criteria(paths, [display(p) for p in paths])
    except ParindexError as exc:
        fail(exc.diagnostics)
    source = units or DEMO_DATA
    try:
        listed, left_out = read_units(source, bundle.plans, display(source), subset=subset)
    except ParindexError as exc:
        fail(exc.diagnostics)
    if left_out:
        said = _("left out {n} unit(s) of {file} in blocks these criteria do not rank", lang)
        click.echo(said.format(n=left_out, file=display(source)), err=True)
    return bundle, listed, source, paths


def _write(files: dict[Path, bytes], lang: str) -> None:
    """Write every file or none; a folder or file in the way is the user's to fix, not a bug."""
    from parindex.atomic import write_files

    try:
        write_files(files)
    except OSError as exc:
        said = (
            _("cannot write {file}: {problem}; nothing was written", lang)
            if exc.filename
            else _("cannot write: {problem}; nothing was written", lang)
        )
        click.echo(said.format(file=exc.filename, problem=exc.strerror), err=True)
        sys.exit(EXIT_USER_ERROR)


@command(
    help=N_('The data-entry workbook for the units: per block a sheet, and a "Hướng dẫn" sheet.')
)
@CriteriaOpt
@UnitsOpt
@click.option(
    "--out",
    required=True,
    type=PathType(path_type=Path),
    help=N_("A .xlsx file, or a folder (with --per-unit, one file per unit in it)."),
)
@click.option("--per-unit", is_flag=True, help=N_("One workbook per unit, the unit filled in."))
@click.option("--force", is_flag=True, help=N_("Replace forms that already exist."))
@SubsetOpt
@LangOpt
def template(
    criteria: tuple[Path, ...],
    units: Path | None,
    out: Path,
    per_unit: bool,
    force: bool,
    subset: bool,
    lang: str,
) -> None:
    from parindex.forms.template import template_files

    if per_unit and out.suffix.lower() == ".xlsx":
        raise click.BadParameter(_("with --per-unit, give a folder", lang), param_hint="--out")
    if out.suffix.lower() in (".xls", ".xlsm", ".ods", ".csv"):
        raise click.BadParameter(
            _("forms are written as .xlsx (or give a folder)", lang), param_hint="--out"
        )
    bundle, listed = _load(criteria, units, subset, lang)[:2]
    try:
        files = template_files(bundle.plans, listed, out, per_unit=per_unit)
    except ParindexError as exc:
        fail(exc.diagnostics)
    existing = [p for p in files if p.exists()]
    if existing and not force:
        for p in existing[:10]:
            said = _("{path}: already exists; a form may hold a unit's data", lang)
            click.echo(said.format(path=display(p)), err=True)
        if len(existing) > 10:
            click.echo(_("… and {n} more", lang).format(n=len(existing) - 10), err=True)
        click.echo(
            _("choose another --out, or replace them with --force; nothing was written", lang),
            err=True,
        )
        sys.exit(EXIT_USER_ERROR)
    _write(files, lang)
    blocks = len({u.block for u in listed})
    where = display(out) if per_unit else display(next(iter(files)))
    said = _("wrote {forms} form(s) for {units} unit(s) in {blocks} block(s): {where}", lang)
    click.echo(
        said.format(forms=len(files), units=len(listed), blocks=blocks, where=where), err=True
    )


@command(
    help=N_("Merge the returned forms (FILES or FOLDERS) into one indicator table for `rank`.")
)
@argument("paths", nargs=-1, required=True, type=PathArg)
@CriteriaOpt
@UnitsOpt
@click.option(
    "--out",
    required=True,
    type=PathType(dir_okay=False, path_type=Path),
    help=N_("The merged indicator table (.xlsx); the collection log is written beside it."),
)
@click.option(
    "--prefer",
    metavar="newest|FILE",
    help=N_("A unit in several files: `newest` (the file modified last) or one FILE counts."),
)
@click.option(
    "--allow-missing", is_flag=True, help=N_("Write the table although units are missing.")
)
@click.option(
    "--numbers",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help=N_("How text numbers are written: vi = 1.234,5; en = 1,234.5."),
)
@SubsetOpt
@LangOpt
def collect(
    paths: tuple[Path, ...],
    criteria: tuple[Path, ...],
    units: Path | None,
    out: Path,
    prefer: str | None,
    allow_missing: bool,
    numbers: str,
    subset: bool,
    lang: str,
) -> None:
    from parindex.forms.collect import CollectError, returns_in
    from parindex.forms.collect import collect as merge
    from parindex.forms.output import collection_log, log_path, merged_workbook
    from parindex.run import sha256

    if out.suffix.lower() != ".xlsx":
        raise click.BadParameter(
            _("the merged table is written as .xlsx", lang), param_hint="--out"
        )
    log = log_path(out)
    files = returns_in(list(paths), {out.resolve(), log.resolve()})
    if not files:
        raise click.UsageError(_("no returns (.xlsx, .xls, .ods, .csv) in the paths given", lang))
    if prefer not in (None, "newest") and Path(str(prefer)).resolve() not in {
        f.resolve() for f in files
    }:
        said = _("`{prefer}` is not among the files collected; give `newest` or one of them", lang)
        raise click.BadParameter(said.format(prefer=prefer), param_hint="--prefer")
    bundle, listed, source, criteria_paths = _load(criteria, units, subset, lang)
    shown = [(f, display(f)) for f in files]
    try:
        result = merge(
            shown,
            bundle.plans,
            listed,
            list_shown=display(source),
            numbers=numbers,
            prefer=prefer,
            allow_missing=allow_missing,
            subset=subset,
        )
    except CollectError as exc:
        for ret in exc.read:
            _read_line(ret, lang, kept=False)
        counts: dict[str, int] = {}
        for d in exc.diagnostics:
            counts[d.file] = counts.get(d.file, 0) + 1
        listing = ", ".join(f"{f} ({n})" for f, n in counts.items())
        said = _("problems in {n} place(s): {places}", lang)
        click.echo(said.format(n=len(counts), places=listing), err=True)
        fail(exc.diagnostics)
    for ret in result.files:
        _read_line(ret, lang, kept=True)
    for w in result.warnings:
        click.echo(w.render(lang), err=True)
    try:
        table = merged_workbook(result, bundle.plans)
    except ParindexError as exc:
        fail(exc.diagnostics)
    text = collection_log(
        result,
        table=(display(out), table),
        criteria=[(display(p), sha256(p)) for p in criteria_paths],
        units_list=(display(source), sha256(source)),
        prefer=prefer,
    )
    _write({out: table, log: text}, lang)
    said = _("wrote {table} ({units} unit(s) from {files} file(s)) and {log}", lang)
    click.echo(
        said.format(
            table=display(out), units=len(result.rows), files=len(result.files), log=display(log)
        ),
        err=True,
    )


def _read_line(ret: Any, lang: str, *, kept: bool) -> None:
    """What one file gave; with `kept`, which of its units another file's copy replaced."""
    ids = ", ".join(ret.units[:10]) + (" …" if len(ret.units) > 10 else "")
    dropped = [u for u in ret.units if u not in set(ret.kept)] if kept else []
    said = (
        _("{file}: {n} unit(s): {ids} (not kept, another file counts: {dropped})", lang)
        if dropped
        else _("{file}: {n} unit(s): {ids}", lang)
    )
    what = {"file": ret.shown, "n": len(ret.units), "ids": ids, "dropped": ", ".join(dropped)}
    click.echo(said.format(**what), err=True)
