"""Commands on criteria files: validate, lint, schema, init, check."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from parindex.commands.common import (
    PathArg,
    current_lang,
    display,
    fail,
)
from parindex.errors import EXIT_OK, EXIT_USER_ERROR, ParindexError


def _check(paths: tuple[Path, ...], *, show_warnings: bool) -> int:
    from parindex.criteria.validate import check_file, expand

    files = expand(list(paths))
    if not files:
        raise click.UsageError("no .yaml files found in the paths given")
    n_errors = n_warnings = bad_files = 0
    for path in files:
        report = check_file(path, display(path))
        shown = report.diagnostics if show_warnings else report.errors
        for d in shown:
            click.echo(d.render(current_lang()))
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


@click.command()
@click.argument("paths", nargs=-1, required=True, type=PathArg)
def validate(paths: tuple[Path, ...]) -> None:
    """Check criteria files (or folders of them); exit 1 if any has an error."""
    sys.exit(_check(paths, show_warnings=False))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=PathArg)
def lint(paths: tuple[Path, ...]) -> None:
    """List every finding, errors and warnings, with its code and location."""
    sys.exit(_check(paths, show_warnings=True))


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of the terminal.",
)
@click.option(
    "--results",
    "of_results",
    is_flag=True,
    help="The schema of results.json (parindex.results/1) instead of the criteria language.",
)
def schema(output: Path | None, of_results: bool) -> None:
    """Print the JSON Schema of the criteria language (for editor completion), or of the
    results document with --results."""
    import json

    from parindex.atomic import write_files
    from parindex.criteria.validate import dump_schema

    if of_results:
        from parindex.document.io import schema as results_schema

        text = json.dumps(results_schema(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = dump_schema()
    if output is None:
        click.echo(text, nl=False)
    else:
        write_files({output: text.encode("utf-8")})
        click.echo(f"wrote {display(output)}", err=True)


@click.command()
@click.argument("directory", type=click.Path(path_type=Path))
def init(directory: Path) -> None:
    """Copy the bundled criteria sets, demo data and heads roster into DIRECTORY; never
    overwrites."""
    from parindex.atomic import write_files
    from parindex.criteria.validate import bundled_sets
    from parindex.run import DEMO_DATA, DEMO_HEADS

    targets = {directory / "criteria" / p.name: p.read_bytes() for p in bundled_sets()}
    targets[directory / "data" / DEMO_DATA.name] = DEMO_DATA.read_bytes()
    targets[directory / "data" / DEMO_HEADS.name] = DEMO_HEADS.read_bytes()
    # a file where a folder must go (DIR itself, DIR/criteria, DIR/data) stops the copy
    # before anything is written, as an existing file does
    folders = {d for t in targets for d in (t.parent, *t.parent.parents)}
    blocking = sorted(d for d in folders if d.exists() and not d.is_dir())
    for d in blocking:
        click.echo(f"{display(d)}: is a file, and parindex init needs a folder there", err=True)
    existing = [t for t in targets if t.exists()]
    for t in existing:
        click.echo(f"{display(t)}: already exists; parindex init never overwrites a file", err=True)
    if blocking or existing:
        click.echo("choose an empty folder, or move those files away first", err=True)
        sys.exit(EXIT_USER_ERROR)
    try:
        write_files(targets)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"{where}{exc.strerror}; nothing was copied", err=True)
        sys.exit(EXIT_USER_ERROR)
    for t in targets:
        click.echo(f"created {display(t)}")
    click.echo(f"check your edits with: parindex validate {display(directory / 'criteria')}")
    click.echo(
        f"rank with them: parindex rank --criteria {display(directory / 'criteria')} "
        f"--data {display(directory / 'data' / DEMO_DATA.name)} "
        f"--heads {display(directory / 'data' / DEMO_HEADS.name)}"
    )


@click.command()
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
            bundle = load_criteria([path], [display(path)])
        except ParindexError as exc:
            fail(exc.diagnostics)
        for outcome in run_examples(bundle.plans[0]):
            total += 1
            if outcome.passed:
                click.echo(f"{display(path)}: example {outcome.index + 1} `{outcome.name}`: ok")
                continue
            failed += 1
            click.echo(f"{display(path)}: example {outcome.index + 1} `{outcome.name}`: FAILED")
            for m in outcome.mismatches:
                click.echo(f"    {m.what}: expected {m.expected}, got {m.got}")
            for p in outcome.problems:
                click.echo(f"    {p}")
    click.echo(f"{total} example(s): {total - failed} passed, {failed} failed", err=True)
    sys.exit(EXIT_USER_ERROR if failed else EXIT_OK)
