"""What every command shares: showing paths, printing problems, the data options, loading."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from parindex.commands.lang import IntRange, PathType
from parindex.errors import EXIT_USER_ERROR, Diagnostic, ParindexError, Severity, say
from parindex.i18n import N_

PathArg = PathType(exists=True, path_type=Path)


PACKAGE_DIR = Path(__file__).parent.parent  # the installed parindex package


def display(path: Path) -> str:
    """A path as the user would type it; files shipped with parindex as `parindex:…`."""
    try:
        inside = path.resolve().relative_to(PACKAGE_DIR)
        if not Path.cwd().resolve().is_relative_to(PACKAGE_DIR.parent):
            return f"parindex:{inside.as_posix()}"
    except ValueError:
        pass
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    # a file outside the working folder is easier to find by its full path than by ../../
    return str(path.resolve()) if rel.startswith(os.pardir + os.sep) else rel


def make_console() -> Any:
    """rich's console; when output goes to a file or pipe, wide enough not to wrap rows."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=160)


PER_CODE = 10  # a file wrong in one way 300 times needs 10 examples, not 300 lines


def current_lang() -> str:
    """The run's language: the command's `--lang`, else PARINDEX_LANG, else Vietnamese."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        lang = ctx.params.get("lang")
        if lang in ("vi", "en"):
            return str(lang)
        ctx = ctx.parent
    lang = os.environ.get("PARINDEX_LANG", "vi")
    return lang if lang in ("vi", "en") else "vi"


def fail(diagnostics: list[Diagnostic], lang: str | None = None) -> None:
    """Print the problems (at most PER_CODE of each code) in the run's language and exit 1:
    nothing was written."""
    from parindex.i18n import _

    lang = lang or current_lang()
    shown: dict[str, int] = {}
    for d in diagnostics:
        shown[d.code] = shown.get(d.code, 0) + 1
        if shown[d.code] <= PER_CODE:
            click.echo(d.render(lang), err=True)
    for code, count in shown.items():
        if count > PER_CODE:
            more = _("… and {count} more {code} error(s) like these", lang)
            click.echo(more.format(count=count - PER_CODE, code=code), err=True)
    n = sum(d.severity is Severity.ERROR for d in diagnostics)
    click.echo(_("{n} error(s); nothing was written", lang).format(n=n), err=True)
    sys.exit(EXIT_USER_ERROR)


def data_options(f: Callable[..., None]) -> Callable[..., None]:
    """--criteria, --data and how to read numbers: shared by rank and explain."""
    f = click.option(
        "--subset",
        is_flag=True,
        help=N_(
            "The data hold more blocks than these criteria rank: leave the other blocks' "
            "units and columns out."
        ),
    )(f)
    f = click.option(
        "--max-rows",
        type=IntRange(1),
        default=1_000_000,
        show_default=True,
        help=N_("Refuse a data file or sheet with more rows (checked before it is read)."),
    )(f)
    f = click.option(
        "--max-columns",
        type=IntRange(1),
        default=2_000,
        show_default=True,
        help=N_("Refuse a data sheet with more columns."),
    )(f)
    f = click.option(
        "--max-mb",
        type=IntRange(1),
        default=200,
        show_default=True,
        help=N_("Refuse a data file larger than this many MiB."),
    )(f)
    f = click.option(
        "--ignore-column",
        "ignore_column",
        multiple=True,
        help=N_("Header of a data column to leave out (repeatable); STT and Ghi chú always are."),
    )(f)
    f = click.option(
        "--header-row",
        type=IntRange(1),
        help=N_("Row of the data's header (default: the first row with Mã đơn vị and Tên đơn vị)."),
    )(f)
    f = click.option(
        "--sheet",
        help=N_("Sheet of an Excel data file (default: the one holding the table of units)."),
    )(f)
    f = click.option(
        "--numbers",
        type=click.Choice(["vi", "en"]),
        default="vi",
        show_default=True,
        help=N_("How text numbers are written: vi = 1.234,5; en = 1,234.5."),
    )(f)
    f = click.option(
        "--data",
        "data",
        type=PathType(exists=True, dir_okay=False, path_type=Path),
        help=N_("Indicator data (CSV, XLSX, XLS, ODS). Default: the bundled demo province."),
    )(f)
    f = click.option(
        "--criteria",
        "criteria",
        multiple=True,
        type=PathArg,
        help=N_("Criteria file or folder; repeat for several. Default: the bundled sets."),
    )(f)
    return f


def consequence_options(f: Callable[..., None]) -> Callable[..., None]:
    """--heads and --previous: shared by rank, heads and awards."""
    f = click.option(
        "--previous",
        type=PathType(exists=True, dir_okay=False, path_type=Path),
        help=N_("Last period's results.json, for the awards' improvement condition."),
    )(f)
    f = click.option(
        "--heads-header-row",
        type=IntRange(min=1),
        help=N_("The roster's header row (1-based), when it is not found by itself."),
    )(f)
    f = click.option(
        "--heads-sheet",
        help=N_("The roster's sheet in its workbook (default: the one holding a roster)."),
    )(f)
    f = click.option(
        "--heads",
        type=PathType(exists=True, dir_okay=False, path_type=Path),
        help=N_("Heads roster (CSV or Excel). Default with the demo data: the demo roster."),
    )(f)
    return f


@dataclass(frozen=True)
class Inputs:
    """What a command reads, as the data options gave it."""

    criteria: tuple[Path, ...]
    data: Path | None
    numbers: str
    sheet: str | None
    subset: bool
    heads: Path | None = None
    previous: Path | None = None
    header_row: int | None = None
    ignore_column: tuple[str, ...] = ()
    max_rows: int = 1_000_000
    max_columns: int = 2_000
    max_mb: int = 200
    heads_sheet: str | None = None
    heads_header_row: int | None = None


def inputs(*, consequences: bool = False) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The data options (and with `consequences`, --heads and --previous), handed to the
    command as one `src: Inputs` instead of seven parameters."""

    def decorate(f: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(f)
        def wrapper(
            *args: Any,
            criteria: tuple[Path, ...],
            data: Path | None,
            numbers: str,
            sheet: str | None,
            subset: bool,
            heads: Path | None = None,
            previous: Path | None = None,
            header_row: int | None = None,
            ignore_column: tuple[str, ...] = (),
            max_rows: int = 1_000_000,
            max_columns: int = 2_000,
            max_mb: int = 200,
            heads_sheet: str | None = None,
            heads_header_row: int | None = None,
            **kw: Any,
        ) -> None:
            src = Inputs(
                criteria, data, numbers, sheet, subset, heads, previous,
                header_row, ignore_column, max_rows, max_columns, max_mb,
                heads_sheet, heads_header_row,
            )  # fmt: skip
            f(*args, src=src, **kw)

        wrapped: Callable[..., None] = wrapper
        if consequences:
            wrapped = consequence_options(wrapped)
        return data_options(wrapped)

    return decorate


def read_table(src: Inputs, plans: list[Any], path: Path) -> Any:
    """The indicator data for these criteria; on any problem print them all and exit 1."""
    from parindex.data.indicators import read_indicators
    from parindex.data.limits import Limits

    try:
        return read_indicators(
            path,
            plans,
            numbers=src.numbers,
            sheet=src.sheet,
            display=display(path),
            subset=src.subset,
            header_row=src.header_row,
            ignore_columns=src.ignore_column,
            limits=Limits(src.max_mb * 1024 * 1024, src.max_rows, src.max_columns),
            note=lambda line: click.echo(say(line, current_lang()), err=True),
        )
    except ParindexError as exc:
        fail(exc.diagnostics)


def read_options(src: Inputs) -> Any:
    """How to read the data, as the data options gave it (a `parindex.run.ReadOptions`)."""
    from parindex.data.limits import Limits
    from parindex.run import ReadOptions

    return ReadOptions(
        numbers=src.numbers,
        sheet=src.sheet,
        subset=src.subset,
        header_row=src.header_row,
        ignore_columns=tuple(src.ignore_column),
        limits=Limits(src.max_mb * 1024 * 1024, src.max_rows, src.max_columns),
        heads_sheet=src.heads_sheet,
        heads_header_row=src.heads_header_row,
    )


def prepare(src: Inputs, *, consequences: bool = False) -> Any:
    """The ranking run for these inputs (`parindex.run.rank`); on any problem print them all
    and exit 1. Notes (units left out …) go to stderr."""
    from parindex.run import rank

    try:
        run = rank(
            src.criteria,
            src.data,
            heads=src.heads,
            previous=src.previous,
            options=read_options(src),
            consequences=consequences,
            shown=display,
        )
    except ParindexError as exc:
        fail(exc.diagnostics)
    for note in run.notes:
        click.echo(say(note, current_lang()), err=True)
    return run


def tell_undecided(run: Any, lang: str) -> None:
    """Say once per award, on stderr, which awards could not be decided and why."""
    for title, title_en, missing in run.undecided:
        shown = title_en if lang == "en" and title_en else title
        click.echo(undecided_text(shown, missing, lang), err=True)


_UNDECIDED = {
    "heads": N_("award “{title}” cannot be decided: no heads roster was given (--heads FILE)"),
    "previous": N_(
        "award “{title}” cannot be decided: no previous period's results were given "
        "(--previous results.json)"
    ),
}


def undecided_text(title: str, missing: str, lang: str) -> str:
    """Why an award was not decided, in the run's language."""
    from parindex.i18n import _

    return _(_UNDECIDED[missing], lang).format(title=title)


def parse_formats(text: str) -> list[str]:
    from parindex.reports.formats import parse

    return parse(text)


def render_formats(
    doc: dict[str, Any],
    formats: list[str],
    lang: str,
    out: Path,
    pdf_engine: str = "auto",
    **options: Any,
) -> dict[Path, bytes]:
    """Every requested format as files under `out`, with a progress bar when it takes a while."""
    from rich.progress import Progress

    from parindex.i18n import _
    from parindex.reports.formats import STARTED, render, start

    files: dict[Path, bytes] = {}
    with (
        Progress(transient=True, disable=len(formats) < 3 or not sys.stderr.isatty()) as bar,
        ExitStack() as running,
    ):
        task = bar.add_task(_("reports", lang), total=len(formats))
        try:
            # the PDF is laid out by another process while this one makes the other formats
            early = {
                f: running.enter_context(start(f, doc, lang, pdf_engine))
                for f in formats
                if f in STARTED
            }
            for f in formats:
                bar.update(task, description=f)
                if f in early:
                    made = early[f].result()
                else:
                    made = render(f, doc, lang, pdf_engine, **options)
                for name, data in made.items():
                    files[out / name] = data
                bar.advance(task)
        except RuntimeError as exc:
            raise click.UsageError(str(exc)) from None
    return files


def load_bundle(path: Path) -> Any:
    from parindex.criteria.validate import expand
    from parindex.i18n import _
    from parindex.run import load_criteria

    paths = expand([path])
    if not paths:
        said = _("no .yaml criteria files in {path}", current_lang())
        raise click.UsageError(said.format(path=path))
    try:
        return load_criteria(paths, [display(p) for p in paths])
    except ParindexError as exc:
        fail(exc.diagnostics)


def _inherited(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A sub-command's language: its own `--lang`, else its group's (`parindex records --lang en
    check`), else PARINDEX_LANG, else vi."""
    from click.core import ParameterSource

    own = ctx.get_parameter_source(param.name or "lang")
    parent = ctx.parent
    if (
        own is not ParameterSource.COMMANDLINE
        and parent is not None
        and parent.get_parameter_source("lang") is ParameterSource.COMMANDLINE
    ):
        return str(parent.params["lang"])
    return value


LangOpt = click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    envvar="PARINDEX_LANG",
    callback=_inherited,
    help=N_(
        "Language of help, messages, labels, class names and numbers (91,08 or 91.08); or "
        "PARINDEX_LANG."
    ),
)
FormatOpt = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "md", "json"]),
    default="table",
    show_default=True,
    help=N_("A table on the terminal, Markdown or JSON."),
)


def heads_ok(cs: Any, heads: Any) -> dict[str, dict[str, bool]]:
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
