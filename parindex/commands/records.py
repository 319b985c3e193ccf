"""`parindex records …`, and what every command reading dossier records shares."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click

from parindex.commands.common import LangOpt, current_lang, display, fail
from parindex.commands.lang import INT, Group, PathType, argument
from parindex.errors import ParindexError
from parindex.i18n import N_, _

RecordsArg = PathType(exists=True, dir_okay=False, path_type=Path)


def parse_cutoff(text: str | None) -> datetime | None:
    """The first instant after the cut-off day."""
    if text is None:
        return None
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        with contextlib.suppress(ValueError):
            return datetime.strptime(text.strip(), form) + timedelta(days=1)
    said = _("`{text}` is not a date (dd/mm/yyyy)", current_lang())
    raise click.BadParameter(said.format(text=text), param_hint="--cutoff")


@contextlib.contextmanager
def progress(what: str) -> Iterator[None]:
    """A spinner with the elapsed time on the terminal while a step runs."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(
        *columns, console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty()
    ) as bar:
        bar.add_task(what, total=None)
        yield


def _files(paths: tuple[Path, ...]) -> list[tuple[Path, str]]:
    return [(p, display(p)) for p in paths]


def open_checked(
    dossiers: tuple[Path, ...],
    steps: tuple[Path, ...] = (),
    units: set[str] | None = None,
    cutoff: str | None = None,
) -> Any:
    """Attach and check the records; on any problem print them all and exit 1."""
    from parindex.records.indicators import open_records

    try:
        with progress(_("checking records", current_lang())):
            return open_records(
                _files(dossiers), _files(steps), units=units, cutoff=parse_cutoff(cutoff)
            )
    except ParindexError as exc:
        fail(exc.diagnostics)


def period_of(text: str | None) -> Any:
    from parindex.records.periods import parse_period

    if text is None:
        said = _("--dossiers needs --period (2016, 2016-H1, 2016-Q2, 2016-06)", current_lang())
        raise click.UsageError(said)
    try:
        return parse_period(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from None


def run_aggregate(
    aggregate: Any, rec: Any, grain: str, first: int, last: int, engine: str, master: str
) -> list[dict[str, Any]]:
    try:
        rows: list[dict[str, Any]] = aggregate(
            rec, grain, first, last, engine=engine, master=master
        )
    except ParindexError as exc:
        fail(exc.diagnostics)
    except RuntimeError as exc:
        raise click.UsageError(str(exc)) from None
    return rows


def rates_csv(rows: list[dict[str, Any]]) -> bytes:
    """Every count and rate per unit and period, for people to read and check."""
    import csv
    import io

    from parindex.records.indicators import with_rates

    out = io.StringIO()
    full = [with_rates(r) for r in rows]
    if not full:
        return b""
    w = csv.DictWriter(out, fieldnames=list(full[0]), lineterminator="\n")
    w.writeheader()
    for r in full:
        w.writerow(
            {
                k: "" if v is None else (f"{v:.6f}" if isinstance(v, float) else v)
                for k, v in r.items()
            }
        )
    return out.getvalue().encode("utf-8")


@click.group(
    cls=Group, help=N_("Dossier records of the one-stop system: check, aggregate, generate.")
)
@LangOpt
def records(lang: str) -> None:
    pass


@records.command(
    help=N_("Check dossier records (and steps): every problem, located by file, row and column.")
)
@argument("dossiers", nargs=-1, required=True, type=RecordsArg)
@click.option(
    "--steps", "steps", multiple=True, type=RecordsArg, help=N_("Processing steps file(s).")
)
@click.option("--cutoff", help=N_("Date the records were taken (dd/mm/yyyy)."))
@LangOpt
def check(
    dossiers: tuple[Path, ...], steps: tuple[Path, ...], cutoff: str | None, lang: str
) -> None:
    from parindex.records.indicators import open_count

    rec = open_checked(dossiers, steps, None, cutoff)
    n = rec.con.execute("SELECT count(*), count(DISTINCT unit_id) FROM dossiers").fetchone()
    from parindex.i18n import number

    said = _(
        "{dossiers} dossiers of {units} units, no problems; cut-off {cutoff}; {still} still open "
        "at the cut-off",
        lang,
    )
    click.echo(
        said.format(
            dossiers=number(n[0], lang, 0),
            units=number(n[1], lang, 0),
            cutoff=f"{rec.cutoff - timedelta(days=1):%d/%m/%Y}",
            still=number(open_count(rec), lang, 0),
        )
    )


@records.command(
    help=N_("Counts and rates per unit and period, each rate beside its numerator and denominator.")
)
@argument("dossiers", nargs=-1, required=True, type=RecordsArg)
@click.option("--period", "period_text", required=True, help=N_("2016, 2016-H1, 2016-Q2, 2016-06."))
@click.option(
    "--by",
    type=click.Choice(["month", "quarter", "half", "year"]),
    help=N_("One row per unit and month (quarter …) of the period. Default: the period's own."),
)
@click.option("--cutoff", help=N_("Date the records were taken (dd/mm/yyyy)."))
@click.option(
    "--engine",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    help=N_("Where the records are aggregated."),
)
@click.option("--master", default="local[2]", show_default=True, help=N_("Spark master URL."))
@click.option(
    "--out",
    type=PathType(dir_okay=False, path_type=Path),
    default=Path("dossier-indicators.csv"),
    show_default=True,
    help=N_("The CSV file written."),
)
@LangOpt
def indicators(
    dossiers: tuple[Path, ...],
    period_text: str,
    by: str | None,
    cutoff: str | None,
    engine: str,
    master: str,
    out: Path,
    lang: str,
) -> None:
    from parindex.atomic import write_files
    from parindex.records.indicators import aggregate
    from parindex.records.periods import GRAINS

    period = period_of(period_text)
    grain = by or period.grain
    if GRAINS[grain] < GRAINS[period.grain]:
        said = _(_LONGER[grain], lang)
        raise click.BadParameter(said, param_hint="--by")
    lo = _bucket_at(grain, period.start)
    hi = _bucket_at(grain, period.end - timedelta(seconds=1))
    rec = open_checked(dossiers, (), None, cutoff)
    with progress(_("aggregating {period} ({engine})", lang).format(
        period=period.label, engine=engine
    )):  # fmt: skip
        rows = run_aggregate(aggregate, rec, grain, lo, hi, engine, master)
    write_files({out: rates_csv(rows)})
    from parindex.i18n import number

    said = _("wrote {file} ({n} rows)", lang)
    click.echo(said.format(file=display(out), n=number(len(rows), lang, 0)), err=True)


_LONGER = {
    "month": N_("a month is longer than the period"),
    "quarter": N_("a quarter is longer than the period"),
    "half": N_("a half-year is longer than the period"),
    "year": N_("a year is longer than the period"),
}


def _bucket_at(grain: str, t: datetime) -> int:
    from parindex.records.periods import GRAINS

    per = GRAINS[grain]
    return t.year * per + (t.month - 1) // (12 // per)


@records.command(help=N_("The record's fields and the column names each may be written under."))
@LangOpt
def fields(lang: str) -> None:
    from parindex.records.schema import DOSSIER_FIELDS, STEP_FIELDS

    for title, group in ((N_("Dossiers"), DOSSIER_FIELDS), (N_("Processing steps"), STEP_FIELDS)):
        click.echo(_(title, lang))
        for f in group:
            said = (
                _("{name} ({kind}, required): {label}; {aliases}", lang)
                if f.required
                else _("{name} ({kind}, optional): {label}; {aliases}", lang)
            )
            what = {
                "name": f.name,
                "kind": f.kind,
                "label": f.label,
                "aliases": ", ".join(f.aliases),
            }
            click.echo("  " + said.format(**what))


@records.command(
    help=N_("Write synthetic dossier records (Parquet) to OUT, the same for the same seed.")
)
@argument("out", type=PathType(file_okay=False, path_type=Path))
@click.option(
    "--scale",
    type=click.Choice(["province", "national"]),
    default="province",
    show_default=True,
    help=N_("province: the demo's 166 units; national: --units units drawn like them."),
)
@click.option(
    "--dossiers", "total", type=INT, help=N_("Default: 1,500,000 (province), 100,000,000.")
)
@click.option(
    "--units",
    "n_units",
    type=INT,
    default=10_000,
    show_default=True,
    help=N_("Number of units with --scale national."),
)
@click.option(
    "--seed",
    type=INT,
    default=2016,
    show_default=True,
    help=N_("Random seed: the same seed writes the same records."),
)
@click.option("--year", type=INT, default=2016, show_default=True, help=N_("Year of the records."))
@click.option(
    "--steps/--no-steps", default=None, help=N_("Also the processing steps (default: province).")
)
@LangOpt
def generate(
    out: Path,
    scale: str,
    total: int | None,
    n_units: int,
    seed: int,
    year: int,
    steps: bool | None,
    lang: str,
) -> None:
    from rich.progress import Progress

    from parindex.records.generate import demo_units, generate, national_units

    province = scale == "province"
    total = total or (1_500_000 if province else 100_000_000)
    units = demo_units() if province else national_units(n_units, seed)
    with Progress(console=_stderr(), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(_("generating records", lang), total=total)
        paths = generate(
            out,
            units,
            total,
            seed=seed,
            year=year,
            steps=province if steps is None else steps,
            tick=lambda k: bar.advance(task, k),
        )
    from parindex.i18n import number

    said = _("wrote {files} ({dossiers} dossiers, {units} units)", lang)
    shown = ", ".join(display(p) for p in paths)
    counts = {"dossiers": number(total, lang, 0), "units": number(len(units.ids), lang, 0)}
    click.echo(said.format(files=shown, **counts), err=True)


def _stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@records.command(
    help=N_(
        "Checked records → one Parquet file with the canonical names, types and codes "
        "(what `--engine spark` reads, and the fastest form for DuckDB)."
    )
)
@argument("dossiers", nargs=-1, required=True, type=RecordsArg)
@click.option(
    "--out",
    type=PathType(dir_okay=False, path_type=Path),
    required=True,
    help=N_("The Parquet file written."),
)
@click.option("--cutoff", help=N_("Date the records were taken (dd/mm/yyyy)."))
@LangOpt
def convert(dossiers: tuple[Path, ...], out: Path, cutoff: str | None, lang: str) -> None:
    from parindex.records.schema import DOSSIER_FIELDS
    from parindex.records.sources import lit

    rec = open_checked(dossiers, (), None, cutoff)
    cols = ", ".join(f.name for f in DOSSIER_FIELDS)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with progress(_("writing Parquet", lang)):
            rec.con.execute(
                f"COPY (SELECT {cols} FROM dossiers) TO {lit(str(tmp))} (FORMAT parquet)"
            )
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    click.echo(_("wrote {file}", lang).format(file=display(out)), err=True)
