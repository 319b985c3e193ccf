"""The ranking and what follows from it: rank, explain, heads, awards, report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from parindex.commands.common import (
    Inputs,
    LangOpt,
    display,
    fail,
    inputs,
    make_console,
    parse_formats,
    prepare,
    render_formats,
)
from parindex.commands.dossiers import dossier_options
from parindex.errors import EXIT_USER_ERROR, Diagnostic, ParindexError


@click.command()
@inputs(consequences=True)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("parindex-out"),
    show_default=True,
    help="Folder for the output files.",
)
@LangOpt
@click.option(
    "--format",
    "fmt",
    default="json,csv",
    show_default=True,
    help="Output formats, comma-separated: json, csv, xlsx, html, pdf, docx, md.",
)
@click.option(
    "--pdf-engine",
    type=click.Choice(["auto", "chromium", "weasyprint"]),
    default="auto",
    show_default=True,
    help="auto: Chromium when installed (the full report), else WeasyPrint.",
)
@click.option("--quiet", is_flag=True, help="Do not print the ranking tables.")
@dossier_options
def rank(
    src: Inputs,
    out: Path,
    lang: str,
    fmt: str,
    pdf_engine: str,
    quiet: bool,
    dossiers: tuple[Path, ...] = (),
    steps: tuple[Path, ...] = (),
    period: str | None = None,
    cutoff: str | None = None,
    engine: str = "duckdb",
    master: str = "local[2]",
) -> None:
    """The annual ranking: index, class and rank of every unit, per block.

    With no options, runs the bundled criteria on the bundled demo province (and its heads
    roster). Also rates the heads and decides the awards when the criteria define them.
    """
    from parindex.atomic import write_files
    from parindex.reports.rows import award_rows, head_rows, unit_rows
    from parindex.reports.tabular import document
    from parindex.reports.terminal import award_tables, heads_table, print_ranking

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
        raise click.UsageError("--period, --steps, --cutoff and --engine go with --dossiers")
    else:
        run = prepare(src, consequences=True)
    rows = unit_rows(run)
    hrows = head_rows(run)
    arows = award_rows(run)
    files = render_formats(document(run, rows, hrows, arows), wanted, lang, out, pdf_engine)
    files.update(staged)
    write_files(files)
    if not quiet:
        console = make_console()
        print_ranking(rows, lang, console)
        if hrows:
            console.print(heads_table(hrows, lang))
        for table in award_tables(arows, lang, everyone=False):
            console.print(table)
    names = ", ".join(display(p) for p in files)
    click.echo(f"wrote {names} ({len(rows)} units)", err=True)


@click.command()
@inputs(consequences=True)
@LangOpt
def heads(
    src: Inputs,
    lang: str,
) -> None:
    """Heads of unit: score, level and the caps that applied, from the unit results."""
    from parindex.reports.rows import head_rows
    from parindex.reports.terminal import heads_table

    run = prepare(src, consequences=True)
    rows = head_rows(run)
    if not rows:
        click.echo(
            "no heads to rate: give a roster with --heads, and criteria with an "
            "`accountability` section",
            err=True,
        )
        sys.exit(EXIT_USER_ERROR)
    make_console().print(heads_table(rows, lang))


@click.command()
@inputs(consequences=True)
@click.option("--unit", "unit", help="Show every condition for this unit only.")
@click.option("--all", "everyone", is_flag=True, help="List refused units with their reasons.")
@LangOpt
def awards(
    src: Inputs,
    unit: str | None,
    everyone: bool,
    lang: str,
) -> None:
    """Emulation awards: who is eligible for each award, and why others are not."""
    from parindex.reports.rows import award_rows
    from parindex.reports.terminal import award_tables

    run = prepare(src, consequences=True)
    rows = award_rows(run)
    if not rows:
        click.echo("no awards: the criteria define no `awards` section", err=True)
        sys.exit(EXIT_USER_ERROR)
    if unit is not None:
        mine = [a for a in rows if a["unit"] == unit]
        if not mine:
            click.echo(f"no unit with id `{unit}` in the data", err=True)
            sys.exit(EXIT_USER_ERROR)
        for a in mine:
            verdict = "đủ điều kiện" if a["eligible"] else "không đủ điều kiện"
            if lang == "en":
                verdict = "eligible" if a["eligible"] else "not eligible"
            click.echo(f"{a['title']}: {verdict}")
            if a["excluded"]:
                click.echo(f"    ✗ {a['excluded']}")
            for c in a["checks"]:
                mark = "✓" if c["held"] else "✗"
                click.echo(f"    {mark} {c['condition']}: {c['value']} (required {c['required']})")
            if a["quota"]:
                click.echo(f"    ✗ {a['quota']}")
        return
    console = make_console()
    for table in award_tables(rows, lang, everyone=everyone):
        console.print(table)


@click.command()
@click.argument("unit")
@inputs()
@LangOpt
def explain(
    unit: str,
    src: Inputs,
    lang: str,
) -> None:
    """Why UNIT (its id) got its points, and what would lift it to the next class."""
    from parindex.criteria.source import did_you_mean
    from parindex.reports.terminal import print_explanation
    from parindex.scoring.explain import explain as explain_unit

    run = prepare(src)
    for res in run.results:
        if unit in res.table.ids:
            i = res.table.ids.index(unit)
            e = explain_unit(res, i)
            print_explanation(e, lang, make_console(), int(res.classification.class_index[i]))
            return
    ids = run.table.ids
    hint = did_you_mean(unit, set(ids)) or "run `parindex rank` to see every unit's id"
    click.echo(f"no unit with id `{unit}` in the data\n    hint: {hint}", err=True)
    sys.exit(EXIT_USER_ERROR)


@click.command()
@click.argument("results", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    default="xlsx,html,docx,pdf,md",
    show_default=True,
    help="Formats, comma-separated: json, csv, xlsx, html, pdf, docx, md.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("parindex-out"),
    show_default=True,
)
@LangOpt
@click.option(
    "--pdf-engine",
    type=click.Choice(["auto", "chromium", "weasyprint"]),
    default="auto",
    show_default=True,
    help="auto: Chromium when installed (the full report), else WeasyPrint.",
)
def report(results: Path, fmt: str, out: Path, lang: str, pdf_engine: str) -> None:
    """Draw the reports again from a results.json, without scoring again."""
    from parindex.atomic import write_files
    from parindex.data.previous import read_results

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
                    "this results.json has no explanations (written by an older parindex)",
                    hint="run `parindex rank` again to write a complete one",
                )
            ]
        )
    files = render_formats(doc, wanted, lang, out, pdf_engine)
    write_files(files)
    click.echo("wrote " + ", ".join(display(p) for p in files), err=True)
