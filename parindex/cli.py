"""The `parindex` command: each sub-command loads, calls the library, renders, and exits.

Only click is imported at start-up; pydantic, numpy and the rest are imported inside the
commands that need them, so `parindex --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from parindex import __version__
from parindex.errors import EXIT_OK, EXIT_USER_ERROR, Diagnostic, ParindexError, Severity

PathArg = click.Path(exists=True, path_type=Path)
PACKAGE_DIR = Path(__file__).parent


def _display(path: Path) -> str:
    """A path as the user would type it; files shipped with parindex as `parindex:…`."""
    try:
        inside = path.resolve().relative_to(PACKAGE_DIR)
        if not Path.cwd().resolve().is_relative_to(PACKAGE_DIR.parent):
            return f"parindex:{inside.as_posix()}"
    except ValueError:
        pass
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _console() -> Any:
    """rich's console; when output goes to a file or pipe, wide enough not to wrap rows."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=160)


PER_CODE = 10  # a file wrong in one way 300 times needs 10 examples, not 300 lines


def _fail(diagnostics: list[Diagnostic]) -> None:
    """Print the problems (at most PER_CODE of each code) and exit 1: nothing was written."""
    shown: dict[str, int] = {}
    for d in diagnostics:
        shown[d.code] = shown.get(d.code, 0) + 1
        if shown[d.code] <= PER_CODE:
            click.echo(d.render(), err=True)
    for code, count in shown.items():
        if count > PER_CODE:
            click.echo(f"… and {count - PER_CODE} more {code} error(s) like these", err=True)
    n = sum(d.severity is Severity.ERROR for d in diagnostics)
    click.echo(f"{n} error(s); nothing was written", err=True)
    sys.exit(EXIT_USER_ERROR)


def data_options(f: Callable[..., None]) -> Callable[..., None]:
    """--criteria, --data and how to read numbers: shared by rank and explain."""
    f = click.option("--sheet", help="Sheet of an Excel data file (default: the first).")(f)
    f = click.option(
        "--numbers",
        type=click.Choice(["vi", "en"]),
        default="vi",
        show_default=True,
        help="How text numbers are written: vi = 1.234,5; en = 1,234.5.",
    )(f)
    f = click.option(
        "--data",
        "data",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Indicator data (CSV, XLSX, XLS, ODS). Default: the bundled demo province.",
    )(f)
    f = click.option(
        "--criteria",
        "criteria",
        multiple=True,
        type=PathArg,
        help="Criteria file or folder; repeat for several. Default: the bundled sets.",
    )(f)
    return f


def consequence_options(f: Callable[..., None]) -> Callable[..., None]:
    """--heads and --previous: shared by rank, heads and awards."""
    f = click.option(
        "--previous",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Last period's results.json, for the awards' improvement condition.",
    )(f)
    f = click.option(
        "--heads",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Heads roster (CSV or Excel). Default with the demo data: the demo roster.",
    )(f)
    return f


def _prepare(
    criteria: tuple[Path, ...],
    data: Path | None,
    numbers: str,
    sheet: str | None,
    heads: Path | None = None,
    previous: Path | None = None,
    *,
    consequences: bool = False,
) -> Any:
    """Load criteria and data (and roster, last results); on any problem print them all and
    exit 1."""
    from parindex.criteria.validate import bundled_sets, expand
    from parindex.data.indicators import read_indicators
    from parindex.data.previous import read_previous
    from parindex.run import (
        DEMO_DATA,
        DEMO_HEADS,
        RankRun,
        load_criteria,
        provenance,
        score,
    )
    from parindex.run import consequences as follow

    paths = expand(list(criteria)) if criteria else bundled_sets()
    if not paths:
        raise click.UsageError("no .yaml criteria files found in the paths given")
    data_path = data or DEMO_DATA
    try:
        bundle = load_criteria(paths, [_display(p) for p in paths])
        table = read_indicators(
            data_path, bundle.plans, numbers=numbers, sheet=sheet, display=_display(data_path)
        )
    except ParindexError as exc:
        _fail(exc.diagnostics)
    results = score(bundle, table)
    problems = [
        Diagnostic(
            _display(data_path),
            r.table.rows[p.unit],
            None,
            p.column,
            "PD013",
            f"unit `{r.table.ids[p.unit]}`: {p.message}",
        )
        for r in results
        for p in r.problems
    ]
    if problems:
        _fail(problems)
    extra: list[tuple[str, Path, str]] = []
    rated = awarded = None
    if consequences:
        if heads is None and data is None and not criteria:
            heads = DEMO_HEADS  # the demo province comes with its heads
        try:
            last = read_previous(previous, _display(previous)) if previous else None
            rated, awarded = follow(
                results, heads, last, numbers=numbers, display=_display(heads) if heads else None
            )
        except ParindexError as exc:
            _fail(exc.diagnostics)
        extra += [("heads", heads, _display(heads))] if heads else []
        extra += [("previous", previous, _display(previous))] if previous else []
    prov = provenance([(p, _display(p)) for p in paths], (data_path, _display(data_path)), extra)
    return RankRun(results, prov, table, rated, awarded)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="parindex")
def main() -> None:
    """parindex: rank agencies on the public-administration-reform (CCHC) index.

    Criteria sets are YAML files that Home Affairs staff edit each year; parindex checks them
    like a compiler checks code. Run `parindex init DIR` to get the bundled sets to edit.
    """


def _check(paths: tuple[Path, ...], *, show_warnings: bool) -> int:
    from parindex.criteria.validate import check_file, expand

    files = expand(list(paths))
    if not files:
        raise click.UsageError("no .yaml files found in the paths given")
    n_errors = n_warnings = bad_files = 0
    for path in files:
        report = check_file(path, _display(path))
        shown = report.diagnostics if show_warnings else report.errors
        for d in shown:
            click.echo(d.render())
        n_errors += len(report.errors)
        n_warnings += len(report.warnings)
        bad_files += bool(report.errors)
    summary = (
        f"{len(files)} file(s) checked: {n_errors} error(s) in {bad_files} file(s), "
        f"{n_warnings} warning(s)"
    )
    if n_warnings and not show_warnings:
        summary += " (see them with `parindex lint`)"
    click.echo(summary, err=True)
    return EXIT_USER_ERROR if n_errors else EXIT_OK


@main.command()
@click.argument("paths", nargs=-1, required=True, type=PathArg)
def validate(paths: tuple[Path, ...]) -> None:
    """Check criteria files (or folders of them); exit 1 if any has an error."""
    sys.exit(_check(paths, show_warnings=False))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=PathArg)
def lint(paths: tuple[Path, ...]) -> None:
    """List every finding, errors and warnings, with its code and location."""
    sys.exit(_check(paths, show_warnings=True))


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of the terminal.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the criteria language (for editor completion)."""
    from parindex.atomic import write_files
    from parindex.criteria.validate import dump_schema

    text = dump_schema()
    if output is None:
        click.echo(text, nl=False)
    else:
        write_files({output: text.encode("utf-8")})
        click.echo(f"wrote {_display(output)}", err=True)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Copy the bundled criteria sets and demo data into DIRECTORY; never overwrites."""
    from parindex.atomic import write_files
    from parindex.criteria.validate import bundled_sets
    from parindex.run import DEMO_DATA

    targets = {directory / "criteria" / p.name: p.read_bytes() for p in bundled_sets()}
    targets[directory / "data" / DEMO_DATA.name] = DEMO_DATA.read_bytes()
    existing = [t for t in targets if t.exists()]
    if existing:
        for t in existing:
            click.echo(
                f"{_display(t)}: already exists; parindex init never overwrites a file", err=True
            )
        click.echo("choose an empty folder, or move those files away first", err=True)
        sys.exit(EXIT_USER_ERROR)
    write_files(targets)
    for t in targets:
        click.echo(f"created {_display(t)}")
    click.echo(f"check your edits with: parindex validate {_display(directory / 'criteria')}")
    click.echo(
        f"rank with them: parindex rank --criteria {_display(directory / 'criteria')} "
        f"--data {_display(directory / 'data' / DEMO_DATA.name)}"
    )


@main.command()
@data_options
@consequence_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("parindex-out"),
    show_default=True,
    help="Folder for results.csv and results.json.",
)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
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
def rank(
    criteria: tuple[Path, ...],
    data: Path | None,
    numbers: str,
    sheet: str | None,
    heads: Path | None,
    previous: Path | None,
    out: Path,
    lang: str,
    fmt: str,
    pdf_engine: str,
    quiet: bool,
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
    run = _prepare(criteria, data, numbers, sheet, heads, previous, consequences=True)
    rows = unit_rows(run)
    hrows = head_rows(run)
    arows = award_rows(run)
    files = _render(document(run, rows, hrows, arows), wanted, lang, out, pdf_engine)
    write_files(files)
    if not quiet:
        console = _console()
        print_ranking(rows, lang, console)
        if hrows:
            console.print(heads_table(hrows, lang))
        for table in award_tables(arows, lang, everyone=False):
            console.print(table)
    names = ", ".join(_display(p) for p in files)
    click.echo(f"wrote {names} ({len(rows)} units)", err=True)


@main.command()
@data_options
@consequence_options
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def heads(
    criteria: tuple[Path, ...],
    data: Path | None,
    numbers: str,
    sheet: str | None,
    heads: Path | None,
    previous: Path | None,
    lang: str,
) -> None:
    """Heads of unit: score, level and the caps that applied, from the unit results."""
    from parindex.reports.rows import head_rows
    from parindex.reports.terminal import heads_table

    run = _prepare(criteria, data, numbers, sheet, heads, previous, consequences=True)
    rows = head_rows(run)
    if not rows:
        click.echo(
            "no heads to rate: give a roster with --heads, and criteria with an "
            "`accountability` section",
            err=True,
        )
        sys.exit(EXIT_USER_ERROR)
    _console().print(heads_table(rows, lang))


@main.command()
@data_options
@consequence_options
@click.option("--unit", "unit", help="Show every condition for this unit only.")
@click.option("--all", "everyone", is_flag=True, help="List refused units with their reasons.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def awards(
    criteria: tuple[Path, ...],
    data: Path | None,
    numbers: str,
    sheet: str | None,
    heads: Path | None,
    previous: Path | None,
    unit: str | None,
    everyone: bool,
    lang: str,
) -> None:
    """Emulation awards: who is eligible for each award, and why others are not."""
    from parindex.reports.rows import award_rows
    from parindex.reports.terminal import award_tables

    run = _prepare(criteria, data, numbers, sheet, heads, previous, consequences=True)
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
    console = _console()
    for table in award_tables(rows, lang, everyone=everyone):
        console.print(table)


@main.command()
@click.argument("unit")
@data_options
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def explain(
    unit: str,
    criteria: tuple[Path, ...],
    data: Path | None,
    numbers: str,
    sheet: str | None,
    lang: str,
) -> None:
    """Why UNIT (its id) got its points, and what would lift it to the next class."""
    from parindex.criteria.source import did_you_mean
    from parindex.reports.terminal import print_explanation
    from parindex.scoring.explain import explain as explain_unit

    run = _prepare(criteria, data, numbers, sheet)
    for res in run.results:
        if unit in res.table.ids:
            i = res.table.ids.index(unit)
            e = explain_unit(res, i)
            print_explanation(e, lang, _console(), int(res.classification.class_index[i]))
            return
    ids = run.table.ids
    hint = did_you_mean(unit, set(ids)) or "run `parindex rank` to see every unit's id"
    click.echo(f"no unit with id `{unit}` in the data\n    hint: {hint}", err=True)
    sys.exit(EXIT_USER_ERROR)


@main.command()
@click.argument("paths", nargs=-1, type=PathArg)
def check(paths: tuple[Path, ...]) -> None:
    """Run the worked examples written in criteria files (default: the bundled sets)."""
    from parindex.criteria.validate import bundled_sets, expand
    from parindex.run import load_criteria
    from parindex.scoring.examples import run_examples

    files = expand(list(paths)) if paths else bundled_sets()
    failed = total = 0
    for path in files:
        try:
            bundle = load_criteria([path], [_display(path)])
        except ParindexError as exc:
            _fail(exc.diagnostics)
        for outcome in run_examples(bundle.plans[0]):
            total += 1
            if outcome.passed:
                click.echo(f"{_display(path)}: example {outcome.index + 1} `{outcome.name}`: ok")
                continue
            failed += 1
            click.echo(f"{_display(path)}: example {outcome.index + 1} `{outcome.name}`: FAILED")
            for m in outcome.mismatches:
                click.echo(f"    {m.what}: expected {m.expected}, got {m.got}")
            for p in outcome.problems:
                click.echo(f"    {p}")
    click.echo(f"{total} example(s): {total - failed} passed, {failed} failed", err=True)
    sys.exit(EXIT_USER_ERROR if failed else EXIT_OK)


def parse_formats(text: str) -> list[str]:
    from parindex.reports.formats import parse

    return parse(text)


def _render(
    doc: dict[str, Any], formats: list[str], lang: str, out: Path, pdf_engine: str = "auto"
) -> dict[Path, bytes]:
    """Every requested format as files under `out`, with a progress bar when it takes a while."""
    from rich.progress import Progress

    from parindex.reports.formats import render

    files: dict[Path, bytes] = {}
    with Progress(transient=True, disable=len(formats) < 3 or not sys.stderr.isatty()) as bar:
        task = bar.add_task("reports", total=len(formats))
        for f in formats:
            bar.update(task, description=f)
            try:
                made = render(f, doc, lang, pdf_engine)
            except RuntimeError as exc:
                raise click.UsageError(str(exc)) from None
            for name, data in made.items():
                files[out / name] = data
            bar.advance(task)
    return files


@main.command()
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
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
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
        doc = read_results(results, _display(results))
    except ParindexError as exc:
        _fail(exc.diagnostics)
    if any("explanation" not in u for u in doc["units"]):
        _fail(
            [
                Diagnostic(
                    _display(results),
                    None,
                    None,
                    "",
                    "PD001",
                    "this results.json has no explanations (written by an older parindex)",
                    hint="run `parindex rank` again to write a complete one",
                )
            ]
        )
    files = _render(doc, wanted, lang, out, pdf_engine)
    write_files(files)
    click.echo("wrote " + ", ".join(_display(p) for p in files), err=True)


def _bundle(path: Path) -> Any:
    from parindex.criteria.validate import expand
    from parindex.run import load_criteria

    paths = expand([path])
    if not paths:
        raise click.UsageError(f"no .yaml criteria files in {path}")
    try:
        return load_criteria(paths, [_display(p) for p in paths])
    except ParindexError as exc:
        _fail(exc.diagnostics)


FormatOpt = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "md", "json"]),
    default="table",
    show_default=True,
)


@main.command()
@click.argument("old", type=PathArg)
@click.argument("new", type=PathArg)
@FormatOpt
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def diff(old: Path, new: Path, fmt: str, lang: str) -> None:
    """What changed from the OLD criteria (file or folder) to the NEW, matched by id."""
    from parindex.criteria.diff import diff as diff_sets
    from parindex.reports.changes import diff_markdown, diff_rows, diff_table, to_json
    from parindex.run import pair_sets

    ob, nb = _bundle(old), _bundle(new)
    rows = []
    for i, j in pair_sets(ob, nb):
        o, n = ob.loaded[i], nb.loaded[j]
        rows += diff_rows(diff_sets(o.criteria, n.criteria), f"{o.criteria.id} → {n.criteria.id}")
    if fmt == "json":
        click.echo(to_json({"changes": rows}), nl=False)
    elif fmt == "md":
        click.echo(diff_markdown(rows), nl=False)
    else:
        _console().print(diff_table(rows, lang))
    click.echo(f"{len(rows)} change(s)", err=True)


@main.command()
@click.argument("old", type=PathArg)
@click.argument("new", type=PathArg)
@click.option(
    "--data",
    "data",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Indicator data. Default: the bundled demo province.",
)
@click.option("--numbers", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--sheet", help="Sheet of an Excel data file (default: the first).")
@FormatOpt
@click.option(
    "--all", "everyone", is_flag=True, help="List every unit, not only those whose class changed."
)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def impact(
    old: Path,
    new: Path,
    data: Path | None,
    numbers: str,
    sheet: str | None,
    fmt: str,
    everyone: bool,
    lang: str,
) -> None:
    """Score the same data with the OLD and the NEW criteria: who moves, and why."""
    from parindex.data.indicators import read_indicators
    from parindex.reports.changes import (
        impact_markdown,
        impact_rows,
        impact_tables,
        summary_rows,
        to_json,
    )
    from parindex.run import DEMO_DATA, score
    from parindex.scoring.impact import impact as compare_sets

    data_path = data or DEMO_DATA
    ob, nb = _bundle(old), _bundle(new)
    try:
        before = score(
            ob,
            read_indicators(
                data_path, ob.plans, numbers=numbers, sheet=sheet, display=_display(data_path)
            ),
        )
        after = score(
            nb,
            read_indicators(
                data_path, nb.plans, numbers=numbers, sheet=sheet, display=_display(data_path)
            ),
        )
    except ParindexError as exc:
        _fail(exc.diagnostics)
    units, blocks = compare_sets(before, after)
    rows, summary = impact_rows(units), summary_rows(blocks)
    if fmt == "json":
        click.echo(to_json({"summary": summary, "units": rows}), nl=False)
    elif fmt == "md":
        click.echo(impact_markdown(rows, summary), nl=False)
    else:
        console = _console()
        for table in impact_tables(rows, summary, lang, everyone=everyone):
            console.print(table)


@main.command()
@data_options
@consequence_options
@click.option("--weights", type=float, help="Criterion weights vary within ± this share.")
@click.option("--cuts", type=float, help="Band cut points vary within ± this share.")
@click.option(
    "--appraised",
    type=float,
    help="Appraisal noise: standard deviation as a share of each criterion's max.",
)
@click.option("--draws", type=click.IntRange(1, 1_000_000), help="Number of draws.")
@click.option("--seed", type=int, help="Random seed, for repeatable results.")
@click.option(
    "--flag",
    "flag_share",
    type=click.FloatRange(0, 1),
    help="Flag units whose class changes in more than this share of draws.",
)
@FormatOpt
@click.option("--all", "everyone", is_flag=True, help="List every unit, not only flagged ones.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def robustness(
    criteria: tuple[Path, ...],
    data: Path | None,
    numbers: str,
    sheet: str | None,
    heads: Path | None,
    previous: Path | None,
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
    """How solid is each class: a Monte Carlo analysis of the ranking's uncertainty.

    Ranges come from the criteria file's `robustness:` section; options override them.
    """
    from parindex.criteria.consequences import RobustnessRanges
    from parindex.data.previous import read_previous
    from parindex.reports.changes import robustness_rows, robustness_table, to_json
    from parindex.scoring.robustness import Perturbation, analyse

    run = _prepare(criteria, data, numbers, sheet, heads, previous, consequences=True)
    last = read_previous(previous, _display(previous)) if previous else None
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
        heads_ok = _heads_ok(cs, run.heads)
        rows += robustness_rows(analyse(res, pert, cs.awards, heads_ok, last))
    if fmt == "json":
        click.echo(to_json({"units": rows}), nl=False)
    elif fmt == "md":
        click.echo(_robustness_md(rows), nl=False)
    else:
        _console().print(robustness_table(rows, lang, everyone=everyone))
    flagged = sum(r["flagged"] for r in rows)
    click.echo(f"{flagged} of {len(rows)} unit(s) flagged", err=True)


def _heads_ok(cs: Any, heads: Any) -> dict[str, dict[str, bool]]:
    """award id → unit id → whether every head of the unit meets `head_at_least`."""
    if cs.awards is None or cs.accountability is None or heads is None:
        return {}
    levels = [lv.label.casefold() for lv in cs.accountability.levels]
    worst: dict[str, int] = {}
    for h in heads:
        worst[h.unit.id] = max(worst.get(h.unit.id, 0), levels.index(h.level.casefold()))
    out = {}
    for award in cs.awards.awards:
        need = award.conditions.head_at_least
        if need is not None and need.casefold() in levels:
            out[award.id] = {u: w <= levels.index(need.casefold()) for u, w in worst.items()}
    return out


def _robustness_md(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| id | unit | class | keeps class | median rank (5–95%) | flagged |",
        "|---|---|---|---:|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['id']} | {r['name']} | {r['class']} | {r['keeps_class']:.0%} | "
            f"{r['median_rank']:g} ({r['rank_p5']:g}–{r['rank_p95']:g}) | "
            f"{'yes' if r['flagged'] else ''} |"
        )
    return "\n".join(lines) + "\n"


@main.command()
@click.argument("a", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("b", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@FormatOpt
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def compare(a: Path, b: Path, fmt: str, lang: str) -> None:
    """Two periods' results.json side by side: movements, class transitions, rates."""
    from parindex.compare import compare as compare_periods
    from parindex.data.previous import read_results
    from parindex.reports.changes import to_json
    from parindex.reports.compare import as_dict, markdown, tables

    try:
        doc_a = read_results(a, _display(a))
        doc_b = read_results(b, _display(b))
    except ParindexError as exc:
        _fail(exc.diagnostics)
    result = compare_periods(doc_a, doc_b)
    if fmt == "json":
        click.echo(to_json(as_dict(result)), nl=False)
    elif fmt == "md":
        click.echo(markdown(result), nl=False)
    else:
        console = _console()
        for table in tables(result, lang):
            console.print(table)
