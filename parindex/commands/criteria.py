"""Commands on criteria files: validate, lint, schema, init, check."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from parindex.commands.common import (
    LangOpt,
    PathArg,
    display,
    fail,
)
from parindex.commands.lang import PathType, argument, command
from parindex.errors import EXIT_OK, EXIT_USER_ERROR, ParindexError, say
from parindex.i18n import N_, _


def _check(paths: tuple[Path, ...], lang: str, *, show_warnings: bool) -> int:
    from parindex.criteria.validate import check_file, expand

    files = expand(list(paths))
    if not files:
        raise click.UsageError(_("no .yaml files found in the paths given", lang))
    n_errors = n_warnings = bad_files = 0
    for path in files:
        report = check_file(path, display(path))
        shown = report.diagnostics if show_warnings else report.errors
        for d in shown:
            click.echo(d.render(lang))
        n_errors += len(report.errors)
        n_warnings += len(report.warnings)
        bad_files += bool(report.errors)
    summary = (
        _(
            "{files} file(s) checked: {errors} error(s) in {bad} file(s), {warnings} warning(s) "
            "(see them with `parindex lint`)",
            lang,
        )
        if n_warnings and not show_warnings
        else _(
            "{files} file(s) checked: {errors} error(s) in {bad} file(s), {warnings} warning(s)",
            lang,
        )
    )
    counts = {"files": len(files), "errors": n_errors, "bad": bad_files, "warnings": n_warnings}
    click.echo(summary.format(**counts), err=True)
    return EXIT_USER_ERROR if n_errors else EXIT_OK


@command(help=N_("Check criteria files (or folders of them); exit 1 if any has an error."))
@argument("paths", nargs=-1, required=True, type=PathArg)
@LangOpt
def validate(paths: tuple[Path, ...], lang: str) -> None:
    sys.exit(_check(paths, lang, show_warnings=False))


@command(help=N_("List every finding, errors and warnings, with its code and location."))
@argument("paths", nargs=-1, required=True, type=PathArg)
@LangOpt
def lint(paths: tuple[Path, ...], lang: str) -> None:
    sys.exit(_check(paths, lang, show_warnings=True))


@command(
    help=N_(
        "Print the JSON Schema of the criteria language (for editor completion), or of "
        "the results document with --results."
    )
)
@click.option(
    "-o",
    "--output",
    type=PathType(dir_okay=False, path_type=Path),
    help=N_("Write the schema to this file instead of the terminal."),
)
@click.option(
    "--results",
    "of_results",
    is_flag=True,
    help=N_("The schema of results.json (parindex.results/2) instead of the criteria language."),
)
@LangOpt
def schema(output: Path | None, of_results: bool, lang: str) -> None:
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
        click.echo(_("wrote {file}", lang).format(file=display(output)), err=True)


@command(
    help=N_(
        "Copy the bundled criteria sets, demo data and heads roster into DIRECTORY; "
        "never overwrites."
    )
)
@argument("directory", type=PathType(path_type=Path))
@LangOpt
def init(directory: Path, lang: str) -> None:
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
        said = _("{path}: is a file, and parindex init needs a folder there", lang)
        click.echo(said.format(path=display(d)), err=True)
    existing = [t for t in targets if t.exists()]
    for t in existing:
        said = _("{path}: already exists; parindex init never overwrites a file", lang)
        click.echo(said.format(path=display(t)), err=True)
    if blocking or existing:
        click.echo(_("choose an empty folder, or move those files away first", lang), err=True)
        sys.exit(EXIT_USER_ERROR)
    try:
        write_files(targets)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        said = _("{problem}; nothing was copied", lang).format(problem=exc.strerror)
        click.echo(f"{where}{said}", err=True)
        sys.exit(EXIT_USER_ERROR)
    for t in targets:
        click.echo(_("created {path}", lang).format(path=display(t)))
    criteria = display(directory / "criteria")
    click.echo(_("check your edits with: {command}", lang).format(
        command=f"parindex validate {criteria}"
    ))  # fmt: skip
    ranked = (
        f"parindex rank --criteria {criteria} "
        f"--data {display(directory / 'data' / DEMO_DATA.name)} "
        f"--heads {display(directory / 'data' / DEMO_HEADS.name)}"
    )
    click.echo(_("rank with them: {command}", lang).format(command=ranked))


@command(help=N_("Run the worked examples written in criteria files (default: the bundled sets)."))
@argument("paths", nargs=-1, type=PathArg)
@LangOpt
def check(paths: tuple[Path, ...], lang: str) -> None:
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
            which = {"file": display(path), "n": outcome.index + 1, "name": outcome.name}
            if outcome.passed:
                click.echo(_("{file}: example {n} `{name}`: ok", lang).format(**which))
                continue
            failed += 1
            click.echo(_("{file}: example {n} `{name}`: FAILED", lang).format(**which))
            for m in outcome.mismatches:
                said = _("{what}: expected {expected}, got {got}", lang)
                what, got = say(m.what, lang), say(m.got, lang)
                click.echo("    " + said.format(what=what, expected=m.expected, got=got))
            for p in outcome.problems:
                click.echo("    " + say(p, lang))  # scoring's problems may be messages (t)
    said = _("{total} example(s): {passed} passed, {failed} failed", lang)
    click.echo(said.format(total=total, passed=total - failed, failed=failed), err=True)
    sys.exit(EXIT_USER_ERROR if failed else EXIT_OK)
