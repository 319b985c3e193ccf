"""The `parindex` command: each sub-command loads, calls the library, renders, and exits.

Only click is imported at start-up; pydantic, numpy and the rest are imported inside the
commands that need them, so `parindex --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from parindex import __version__
from parindex.errors import EXIT_OK, EXIT_USER_ERROR

PathArg = click.Path(exists=True, path_type=Path)


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


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
    """Copy the bundled criteria sets into DIRECTORY to start editing; never overwrites."""
    from parindex.atomic import write_files
    from parindex.criteria.validate import bundled_sets

    targets = {directory / "criteria" / p.name: p.read_bytes() for p in bundled_sets()}
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
