"""The ranking and what follows from it: rank, explain, heads, awards, report."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from parindex.commands.common import (
    Inputs,
    LangOpt,
    display,
    fail,
    inputs,
    parse_formats,
    prepare,
    render_formats,
    tell_undecided,
)
from parindex.commands.dossiers import dossier_options
from parindex.commands.lang import PathType, argument, command
from parindex.errors import EXIT_USER_ERROR, Diagnostic, ParindexError, t
from parindex.i18n import N_

CsvOpt = click.option(
    "--csv",
    "csv_mode",
    type=click.Choice(["excel-vi", "plain"]),
    help=N_(
        "CSV for Excel on a Vietnamese PC (; separated, decimal comma, headers in words; "
        "the default with --lang vi) or plain for programs (, separated, decimal point, ids as "
        "headers; the default with --lang en)."
    ),
)
AnnexOpt = click.option(
    "--annex-template",
    type=PathType(exists=True, dir_okay=False, path_type=Path),
    help=N_(
        "The province's own Word template for the decision annex (docxtpl placeholders); "
        "default: the bundled one."
    ),
)


def _block_named(run: Any, text: str, lang: str) -> str:
    """The block `--block` names: its id, or its label in either language as an officer types
    it (any case, NFC or NFD)."""
    import unicodedata

    from parindex.i18n import _
    from parindex.run.document import blocks

    def key(s: str | None) -> str:
        return unicodedata.normalize("NFC", (s or "").strip()).casefold()

    labels = {b: res.plan.criteria.blocks[b] for res in run.results for b in res.plan.blocks}
    for b in blocks(run):
        if text == b or key(text) in (key(labels[b].label), key(labels[b].label_en), key(b)):
            return b
    shown = [labels[b].label_en or b if lang == "en" else labels[b].label for b in blocks(run)]
    said = _("no block `{block}`; the blocks are {known}", lang)
    known = "; ".join(f"“{s}”" for s in shown)
    raise click.BadParameter(said.format(block=text, known=known), param_hint="--block")


def _written(files: Iterable[Path], out: Path, lang: str) -> str:
    """The files written, a folder of many (the result sheets) as one entry with its count."""
    from parindex.i18n import _

    shown: dict[str, int] = {}
    for p in files:
        inner = p.relative_to(out)
        key = display(out / inner.parts[0]) + ("/" if len(inner.parts) > 1 else "")
        shown[key] = shown.get(key, 0) + 1
    return ", ".join(
        k if not k.endswith("/") else k + " (" + _("{n} files", lang).format(n=n) + ")"
        for k, n in shown.items()
    )


def _csv_default(lang: str) -> str:
    return "excel-vi" if lang == "vi" else "plain"


@command(
    help=N_(
        "The annual ranking: index, class and rank of every unit, per block.\n\n"
        "With no options, runs the bundled criteria on the bundled demo province (and "
        "its heads roster). Also rates the heads and decides the awards when the "
        "criteria define them."
    )
)
@inputs(consequences=True)
@click.option(
    "--out",
    type=PathType(file_okay=False, path_type=Path),
    default=Path("parindex-out"),
    show_default=True,
    help=N_("Folder for the output files."),
)
@LangOpt
@click.option(
    "--format",
    "fmt",
    default="json,csv",
    show_default=True,
    help=N_(
        "Output formats, comma-separated: json, csv, xlsx, html, pdf, docx, md, sheets "
        "(a result sheet per unit, .docx), sheets-pdf (and their PDFs, by LibreOffice)."
    ),
)
@click.option(
    "--pdf-engine",
    type=click.Choice(["auto", "chromium", "weasyprint"]),
    default="auto",
    show_default=True,
    help=N_("auto: Chromium when installed (the full report), else WeasyPrint."),
)
@click.option("--quiet", is_flag=True, help=N_("Do not print the ranking tables."))
@dossier_options
@click.option("--full", is_flag=True, help=N_("Print every unit's row, not the summary per block."))
@click.option(
    "--block", "block", help=N_("Print this block only: its name or its id (e.g. commune).")
)
@CsvOpt
@AnnexOpt
def rank(
    src: Inputs,
    out: Path,
    lang: str,
    fmt: str,
    pdf_engine: str,
    quiet: bool,
    full: bool,
    block: str | None,
    csv_mode: str | None,
    annex_template: Path | None,
    dossiers: tuple[Path, ...] = (),
    steps: tuple[Path, ...] = (),
    period: str | None = None,
    cutoff: str | None = None,
    engine: str = "duckdb",
    master: str = "local[2]",
) -> None:
    from parindex.atomic import write_files
    from parindex.i18n import _
    from parindex.reports.terminal import console, print_ranking
    from parindex.run.document import build

    try:
        wanted = parse_formats(fmt)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from None
    staged: dict[Path, bytes] = {}
    if dossiers:  # records → the indicator table, then the same reader as a typed table
        from parindex.commands.dossiers import chain, stamped

        src, staged, stamp = chain(src, dossiers, steps, period, cutoff, engine, master, out)
        run = stamped(prepare(src, consequences=True), src, out, stamp)
    elif period or steps or cutoff or engine != "duckdb":
        raise click.UsageError(
            _("--period, --steps, --cutoff and --engine go with --dossiers", lang)
        )
    else:
        run = prepare(src, consequences=True)
    tell_undecided(run, lang)
    from parindex.reports.formats import needs_explanations
    from parindex.reports.streamed import streamable, write_streamed

    if block is not None:
        block = _block_named(run, block, lang)
    if streamable(wanted):  # json, csv: written unit by unit, never the whole document
        dialect = csv_mode or _csv_default(lang)
        doc, written = write_streamed(run, wanted, lang, out, dialect, staged)
    else:
        doc = build(run, explanations=needs_explanations(wanted))
        files = _render(doc, wanted, lang, out, pdf_engine, csv_mode, annex_template)
        files.update(staged)
        write_files(files)
        written = list(files)
    rows = doc["units"]
    if not quiet:
        print_ranking(doc, lang, console(), full=full, block=block)
    names = _written(written, out, lang)
    click.echo(_("wrote {files} ({n} units)", lang).format(files=names, n=len(rows)), err=True)


@command(help=N_("Heads of unit: score, level and the caps that applied, from the unit results."))
@inputs(consequences=True)
@LangOpt
def heads(
    src: Inputs,
    lang: str,
) -> None:
    from parindex.i18n import _
    from parindex.reports.terminal import console, heads_table
    from parindex.run.document import build

    doc = build(prepare(src, consequences=True), explanations=False)
    rows = doc.get("heads", [])
    if not rows:
        click.echo(
            _("no heads to rate: give a roster (--heads) and criteria with `accountability`", lang),
            err=True,
        )
        sys.exit(EXIT_USER_ERROR)
    console().print(heads_table(doc, lang))


@command(help=N_("Emulation awards: who is eligible for each award, and why others are not."))
@inputs(consequences=True)
@click.option("--unit", "unit", help=N_("Show every condition for this unit only."))
@click.option("--all", "everyone", is_flag=True, help=N_("List refused units with their reasons."))
@LangOpt
def awards(
    src: Inputs,
    unit: str | None,
    everyone: bool,
    lang: str,
) -> None:
    from parindex.i18n import _
    from parindex.reports.terminal import award_tables, console
    from parindex.reports.text import Words
    from parindex.run.document import build

    run = prepare(src, consequences=True)
    tell_undecided(run, lang)
    doc = build(run, explanations=False)
    rows, units = doc.get("awards", []), doc["units"]
    if not rows:
        click.echo(_("no awards: the criteria define no `awards` section", lang), err=True)
        sys.exit(EXIT_USER_ERROR)
    if unit is not None:
        found = _find_unit(units, unit, lang)
        mine = [a for a in rows if a["unit"] == found["id"]]
        words = Words(doc, lang)
        for a in mine:
            verdict = _("eligible", lang) if a["eligible"] else _("not eligible", lang)
            click.echo(f"{words.award(a)}: {verdict}")
            if a["excluded"]:
                only = {**a, "checks": [], "quota": None, "quota_detail": None}
                click.echo(f"    ✗ {words.award_reasons(only)[0]}")
            for c in a["checks"]:
                click.echo(f"    {'✓' if c['held'] else '✗'} {words.check(c)}")
            if a["quota"]:
                only = {**a, "checks": [], "excluded": None, "exclusion": None}
                click.echo(f"    ✗ {words.award_reasons(only)[0]}")
        return
    out = console()
    for table in award_tables(doc, lang, everyone=everyone):
        out.print(table)


@command(
    help=N_(
        "Why UNIT got its points, and what would lift it to the next class.\n\n"
        "UNIT is a unit's id (any case) or a part of its name."
    )
)
@argument("unit")
@inputs()
@LangOpt
def explain(
    unit: str,
    src: Inputs,
    lang: str,
) -> None:
    from parindex.reports.terminal import console, print_explanation
    from parindex.run.document import build

    doc = build(prepare(src))
    print_explanation(doc, _find_unit(doc["units"], unit, lang), lang, console())


def _find_unit(rows: list[dict[str, Any]], wanted: str, lang: str) -> dict[str, Any]:
    """The unit whose id is `wanted` (any case), else the one whose name holds it; several or
    none: the candidates or the nearest ids and names, and exit 1."""
    import unicodedata

    from parindex.criteria.source import closest
    from parindex.i18n import _

    def fold(text: str) -> str:
        return unicodedata.normalize("NFC", text).casefold().strip()

    key = fold(wanted)
    exact = [r for r in rows if r["id"] == wanted] or [r for r in rows if fold(r["id"]) == key]
    named = exact or [r for r in rows if key and key in fold(r["name"])]
    if len(named) == 1:
        return named[0]
    if named:
        shown = "; ".join(f"{r['id']} ({r['name']})" for r in named[:10])
        message = _("`{wanted}` matches {n} units: {units}", lang)
        click.echo(message.format(wanted=wanted, n=len(named), units=shown), err=True)
        click.echo("    " + _("hint: give the unit's id", lang), err=True)
        sys.exit(EXIT_USER_ERROR)
    ids = {r["id"] for r in rows} | {r["name"] for r in rows}
    near = closest(wanted, ids)
    hint = (
        _("did you mean `{near}`?", lang).format(near=near)
        if near
        else _("run `parindex rank --full` to see every unit's id", lang)
    )
    message = _("no unit with id or name `{wanted}` in the data", lang).format(wanted=wanted)
    click.echo(f"{message}\n    " + _("hint: {hint}", lang).format(hint=hint), err=True)
    sys.exit(EXIT_USER_ERROR)


@command(help=N_("Draw the reports again from a results.json, without scoring again."))
@argument("results", type=PathType(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    default="xlsx,html,docx,pdf,md",
    show_default=True,
    help=N_("Formats, comma-separated: json, csv, xlsx, html, pdf, docx, md, sheets, sheets-pdf."),
)
@click.option(
    "--out",
    type=PathType(file_okay=False, path_type=Path),
    default=Path("parindex-out"),
    show_default=True,
    help=N_("Folder for the output files."),
)
@LangOpt
@click.option(
    "--pdf-engine",
    type=click.Choice(["auto", "chromium", "weasyprint"]),
    default="auto",
    show_default=True,
    help=N_("auto: Chromium when installed (the full report), else WeasyPrint."),
)
@CsvOpt
@AnnexOpt
def report(
    results: Path,
    fmt: str,
    out: Path,
    lang: str,
    pdf_engine: str,
    csv_mode: str | None,
    annex_template: Path | None,
) -> None:
    from parindex.atomic import write_files
    from parindex.document.io import read_results
    from parindex.i18n import _

    try:
        wanted = parse_formats(fmt)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from None
    try:
        doc = read_results(results, display(results))
    except ParindexError as exc:
        fail(exc.diagnostics)
    if any("explanation" not in u for u in doc["units"]):
        fail(
            [
                Diagnostic(
                    display(results),
                    None,
                    None,
                    "",
                    "PD001",
                    t("this results.json has no explanations (written by an older parindex)"),
                    hint=t("run `parindex rank` again to write a complete one"),
                )
            ]
        )
    files = _render(doc, wanted, lang, out, pdf_engine, csv_mode, annex_template)
    write_files(files)
    click.echo(_("wrote {files}", lang).format(files=_written(files, out, lang)), err=True)


def _render(
    doc: dict[str, Any],
    wanted: list[str],
    lang: str,
    out: Path,
    pdf_engine: str,
    csv_mode: str | None,
    annex_template: Path | None,
) -> dict[Path, bytes]:
    """The asked formats of a results document, as rank and report both write them."""
    return render_formats(
        doc,
        wanted,
        lang,
        out,
        pdf_engine,
        csv=csv_mode or _csv_default(lang),
        annex_template=annex_template,
    )
