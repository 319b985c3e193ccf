"""Revising the criteria and reading years side by side: diff, impact, compare, robustness."""

from __future__ import annotations

from pathlib import Path

import click

from parindex.commands.common import (
    FormatOpt,
    Inputs,
    LangOpt,
    PathArg,
    display,
    fail,
    heads_ok,
    inputs,
    load_bundle,
    make_console,
    prepare,
    read_table,
)
from parindex.commands.lang import FLOAT, INT, FloatRange, IntRange, PathType, argument, command
from parindex.errors import ParindexError
from parindex.i18n import N_, _


@command(help=N_("What changed from the OLD criteria (file or folder) to the NEW, matched by id."))
@argument("old", type=PathArg)
@argument("new", type=PathArg)
@FormatOpt
@LangOpt
def diff(old: Path, new: Path, fmt: str, lang: str) -> None:
    from parindex.criteria.diff import diff as diff_sets
    from parindex.reports.changes import to_json
    from parindex.reports.diff import diff_markdown, diff_rows, diff_table
    from parindex.reports.lexicon import Lexicon
    from parindex.run import pair_sets

    ob, nb = load_bundle(old), load_bundle(new)
    rows = []
    for i, j in pair_sets(ob, nb):
        o, n = ob.loaded[i].criteria, nb.loaded[j].criteria
        rows += diff_rows(diff_sets(o, n), o, n)
    lex = Lexicon([*(x.criteria for x in nb.loaded), *(x.criteria for x in ob.loaded)], lang)
    if fmt == "json":
        click.echo(to_json({"changes": rows}), nl=False)
    elif fmt == "md":
        click.echo(diff_markdown(rows, lex), nl=False)
    else:
        make_console().print(diff_table(rows, lex))
    click.echo(_("{n} change(s)", lang).format(n=len(rows)), err=True)


@command(help=N_("Score the same data with the OLD and the NEW criteria: who moves, and why."))
@argument("old", type=PathArg)
@argument("new", type=PathArg)
@click.option(
    "--data",
    "data",
    type=PathType(exists=True, dir_okay=False, path_type=Path),
    help=N_("Indicator data. Default: the bundled demo province."),
)
@click.option(
    "--numbers",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help=N_("How text numbers are written: vi = 1.234,5; en = 1,234.5."),
)
@click.option("--sheet", help=N_("Sheet of an Excel data file (default: the first)."))
@click.option(
    "--subset",
    is_flag=True,
    help=N_("The data hold more blocks than these criteria rank: leave the others out."),
)
@FormatOpt
@click.option(
    "--all",
    "everyone",
    is_flag=True,
    help=N_("List every unit, not only those whose class changed."),
)
@LangOpt
def impact(
    old: Path,
    new: Path,
    data: Path | None,
    numbers: str,
    sheet: str | None,
    subset: bool,
    fmt: str,
    everyone: bool,
    lang: str,
) -> None:
    from parindex.reports.changes import (
        impact_json,
        impact_markdown,
        impact_rows,
        impact_tables,
        summary_rows,
    )
    from parindex.reports.lexicon import Lexicon
    from parindex.run import DEMO_DATA, score
    from parindex.scoring.impact import impact as compare_sets

    data_path = data or DEMO_DATA
    ob, nb = load_bundle(old), load_bundle(new)
    src = Inputs((), data, numbers, sheet, subset)
    before = score(ob, read_table(src, ob.plans, data_path))
    after = score(nb, read_table(src, nb.plans, data_path))
    units, blocks = compare_sets(before, after)
    rows, summary = impact_rows(units), summary_rows(blocks)
    lex = Lexicon([*(x.criteria for x in nb.loaded), *(x.criteria for x in ob.loaded)], lang)
    if fmt == "json":
        click.echo(impact_json(rows, summary, lex), nl=False)
    elif fmt == "md":
        click.echo(impact_markdown(rows, summary, lex), nl=False)
    else:
        console = make_console()
        for table in impact_tables(rows, summary, lex, everyone=everyone):
            console.print(table)


@command(
    help=N_(
        "How solid is each class: a Monte Carlo analysis of the ranking's "
        "uncertainty.\n\n"
        "Ranges come from the criteria file's `robustness:` section; options override "
        "them."
    )
)
@inputs(consequences=True)
@click.option("--weights", type=FLOAT, help=N_("Criterion weights vary within ± this share."))
@click.option("--cuts", type=FLOAT, help=N_("Band cut points vary within ± this share."))
@click.option(
    "--appraised",
    type=FLOAT,
    help=N_("Appraisal noise: standard deviation as a share of each criterion's max."),
)
@click.option("--draws", type=IntRange(1, 1_000_000), help=N_("Number of draws."))
@click.option("--seed", type=INT, help=N_("Random seed, for repeatable results."))
@click.option(
    "--flag",
    "flag_share",
    type=FloatRange(0, 1),
    help=N_("Flag units whose class changes in more than this share of draws."),
)
@FormatOpt
@click.option("--all", "everyone", is_flag=True, help=N_("List every unit, not only flagged ones."))
@LangOpt
def robustness(
    src: Inputs,
    weights: float | None,
    cuts: float | None,
    appraised: float | None,
    draws: int | None,
    seed: int | None,
    flag_share: float | None,
    fmt: str,
    everyone: bool,
    lang: str,
) -> None:
    from parindex.criteria.consequences import RobustnessRanges
    from parindex.document.io import read_previous
    from parindex.reports.changes import (
        robustness_json,
        robustness_markdown,
        robustness_rows,
        robustness_table,
    )
    from parindex.reports.lexicon import Lexicon
    from parindex.scoring.robustness import Perturbation, analyse

    run = prepare(src, consequences=True)
    last = read_previous(src.previous, display(src.previous)) if src.previous else None
    rows = []
    for res in run.results:
        cs = res.plan.criteria
        base = cs.robustness or RobustnessRanges()
        pert = Perturbation(
            weights=base.weights if weights is None else weights,
            cuts=base.cuts if cuts is None else cuts,
            appraised=base.appraised if appraised is None else appraised,
            draws=base.draws if draws is None else draws,
            seed=base.seed if seed is None else seed,
            flag_share=base.flag_share if flag_share is None else flag_share,
        )
        fine_heads = heads_ok(cs, run.heads)
        result = analyse(res, pert, cs.awards, fine_heads, last)
        rows += robustness_rows(result, pert.flag_share)
    lex = Lexicon([res.plan.criteria for res in run.results], lang)
    if fmt == "json":
        click.echo(robustness_json(rows, lex), nl=False)
    elif fmt == "md":
        click.echo(robustness_markdown(rows, lex), nl=False)
    else:
        make_console().print(robustness_table(rows, lex, everyone=everyone))
    flagged = sum(r["flagged"] for r in rows)
    said = _("{flagged} of {n} unit(s) flagged", lang)
    click.echo(said.format(flagged=flagged, n=len(rows)), err=True)


@command(help=N_("Two periods' results.json side by side: movements, class transitions, rates."))
@argument("a", type=PathType(exists=True, dir_okay=False, path_type=Path))
@argument("b", type=PathType(exists=True, dir_okay=False, path_type=Path))
@FormatOpt
@LangOpt
def compare(a: Path, b: Path, fmt: str, lang: str) -> None:
    from parindex.compare import compare as compare_periods
    from parindex.document.io import read_results
    from parindex.reports.changes import to_json
    from parindex.reports.compare import Names, as_dict, markdown, tables

    try:
        doc_a = read_results(a, display(a))
        doc_b = read_results(b, display(b))
    except ParindexError as exc:
        fail(exc.diagnostics)
    result = compare_periods(doc_a, doc_b)
    names = Names(doc_a, doc_b, lang)
    if fmt == "json":
        click.echo(to_json(as_dict(result, names)), nl=False)
    elif fmt == "md":
        click.echo(markdown(result, names), nl=False)
    else:
        console = make_console()
        for table in tables(result, names):
            console.print(table)
