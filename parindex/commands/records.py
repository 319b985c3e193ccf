"""Dossier records: `parindex records …`, and the `--dossiers` options of `parindex rank`."""

from __future__ import annotations

import atexit
import contextlib
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click

from parindex.commands.common import Inputs, display, fail
from parindex.errors import ParindexError

RecordsArg = click.Path(exists=True, dir_okay=False, path_type=Path)


def dossier_options(f: Callable[..., None]) -> Callable[..., None]:
    """--dossiers and what goes with it, for `parindex rank`."""
    f = click.option("--master", default="local[2]", show_default=True, help="Spark master URL.")(f)
    f = click.option(
        "--engine",
        type=click.Choice(["duckdb", "spark"]),
        default="duckdb",
        show_default=True,
        help="Where the records are aggregated.",
    )(f)
    f = click.option("--cutoff", help="Date the records were taken (dd/mm/yyyy or yyyy-mm-dd).")(f)
    f = click.option(
        "--period", help="Period of the records to rank: 2016, 2016-H1, 2016-Q2, 2016-06."
    )(f)
    f = click.option(
        "--steps", "steps", multiple=True, type=RecordsArg, help="Processing steps file(s)."
    )(f)
    f = click.option(
        "--dossiers",
        "dossiers",
        multiple=True,
        type=RecordsArg,
        help="Dossier records (Parquet, CSV, Excel); repeat for several. The dossier "
        "indicators are computed from them; the rest come from --data (default: the demo).",
    )(f)
    return f


def parse_cutoff(text: str | None) -> datetime | None:
    """The first instant after the cut-off day."""
    if text is None:
        return None
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        with contextlib.suppress(ValueError):
            return datetime.strptime(text.strip(), form) + timedelta(days=1)
    raise click.BadParameter(f"`{text}` is not a date (dd/mm/yyyy)", param_hint="--cutoff")


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
        with progress("kiểm tra hồ sơ (checking records)"):
            return open_records(
                _files(dossiers), _files(steps), units=units, cutoff=parse_cutoff(cutoff)
            )
    except ParindexError as exc:
        fail(exc.diagnostics)


def period_of(text: str | None) -> Any:
    from parindex.records.periods import parse_period

    if text is None:
        raise click.UsageError("--dossiers needs --period (2016, 2016-H1, 2016-Q2, 2016-06)")
    try:
        return parse_period(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from None


def chain(
    src: Inputs,
    dossiers: tuple[Path, ...],
    steps: tuple[Path, ...],
    period_text: str | None,
    cutoff: str | None,
    engine: str,
    master: str,
    out: Path,
) -> tuple[Inputs, dict[Path, bytes], list[tuple[str, Path, str]]]:
    """Records → the indicator table for `rank`: (inputs reading it, files to write beside the
    reports, records files for the provenance stamp)."""
    from parindex.commands.common import load_bundle
    from parindex.criteria.validate import bundled_sets
    from parindex.data.sheet import read_sheet
    from parindex.records.indicators import aggregate
    from parindex.records.table import base_ids, indicator_csv
    from parindex.run import DEMO_DATA, DEMO_HEADS

    period = period_of(period_text)
    base = src.data or DEMO_DATA
    try:
        sheet = read_sheet(base, display(base), src.sheet)
        _, ids = base_ids(sheet)
    except ParindexError as exc:
        fail(exc.diagnostics)
    rec = open_checked(dossiers, steps, set(ids), cutoff)
    with progress(f"tổng hợp {period.label} ({engine})"):
        rows = run_aggregate(
            aggregate, rec, period.grain, period.bucket, period.bucket, engine, master
        )
    counts = {r["unit_id"]: r for r in rows}
    plans = []
    for path in src.criteria or tuple(bundled_sets()):
        plans += load_bundle(path).plans
    data = indicator_csv(sheet, plans, counts, src.numbers)
    tmp = Path(tempfile.mkdtemp(prefix="parindex-"))
    atexit.register(shutil.rmtree, tmp, True)
    table = tmp / f"indicators-{period.label}.csv"
    table.write_bytes(data)
    files = {out / table.name: data, out / f"dossiers-{period.label}.csv": rates_csv(rows)}
    stamp = [(f"dossiers[{i + 1}]", p, shown) for i, (p, shown) in enumerate(rec.files)]
    if src.data:
        stamp.append(("base", src.data, display(src.data)))
    heads = src.heads
    if heads is None and src.data is None and not src.criteria:
        heads = DEMO_HEADS  # the demo province comes with its heads, as without records
    return replace(src, data=table, sheet=None, heads=heads), files, stamp


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


def stamped(run: Any, table: Path, out: Path, stamp: list[tuple[str, Path, str]]) -> Any:
    """The run's provenance naming the written indicator table and every records file."""
    from parindex.run import SourceFile, sha256

    prov = run.provenance
    inputs = dict(prov.inputs)
    for role, path, shown in stamp:
        inputs[role] = SourceFile(shown, sha256(path))
    data = SourceFile(display(out / table.name), prov.data.sha256)
    return replace(run, provenance=replace(prov, data=data, inputs=inputs))


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


@click.group()
def records() -> None:
    """Dossier records of the one-stop system: check, aggregate, generate."""


@records.command()
@click.argument("dossiers", nargs=-1, required=True, type=RecordsArg)
@click.option("--steps", "steps", multiple=True, type=RecordsArg, help="Processing steps file(s).")
@click.option("--cutoff", help="Date the records were taken (dd/mm/yyyy).")
def check(dossiers: tuple[Path, ...], steps: tuple[Path, ...], cutoff: str | None) -> None:
    """Check dossier records (and steps): every problem, located by file, row and column."""
    from parindex.records.indicators import open_count

    rec = open_checked(dossiers, steps, None, cutoff)
    n = rec.con.execute("SELECT count(*), count(DISTINCT unit_id) FROM dossiers").fetchone()
    click.echo(
        f"{n[0]:,} dossiers of {n[1]:,} units, no problems; cut-off "
        f"{rec.cutoff - timedelta(days=1):%d/%m/%Y}; {open_count(rec):,} still open at the cut-off"
    )


@records.command()
@click.argument("dossiers", nargs=-1, required=True, type=RecordsArg)
@click.option("--period", "period_text", required=True, help="2016, 2016-H1, 2016-Q2, 2016-06.")
@click.option(
    "--by",
    type=click.Choice(["month", "quarter", "half", "year"]),
    help="One row per unit and month (quarter …) of the period. Default: the period's own.",
)
@click.option("--cutoff", help="Date the records were taken (dd/mm/yyyy).")
@click.option("--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb")
@click.option("--master", default="local[2]", show_default=True, help="Spark master URL.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("dossier-indicators.csv"),
    show_default=True,
)
def indicators(
    dossiers: tuple[Path, ...],
    period_text: str,
    by: str | None,
    cutoff: str | None,
    engine: str,
    master: str,
    out: Path,
) -> None:
    """Counts and rates per unit and period, each rate beside its numerator and denominator."""
    from parindex.atomic import write_files
    from parindex.records.indicators import aggregate
    from parindex.records.periods import GRAINS

    period = period_of(period_text)
    grain = by or period.grain
    if GRAINS[grain] < GRAINS[period.grain]:
        raise click.BadParameter(f"a {grain} is longer than the period", param_hint="--by")
    lo = _bucket_at(grain, period.start)
    hi = _bucket_at(grain, period.end - timedelta(seconds=1))
    rec = open_checked(dossiers, (), None, cutoff)
    with progress(f"tổng hợp {period.label} ({engine})"):
        rows = run_aggregate(aggregate, rec, grain, lo, hi, engine, master)
    write_files({out: rates_csv(rows)})
    click.echo(f"wrote {display(out)} ({len(rows):,} rows)", err=True)


def _bucket_at(grain: str, t: datetime) -> int:
    from parindex.records.periods import GRAINS

    per = GRAINS[grain]
    return t.year * per + (t.month - 1) // (12 // per)


@records.command()
def fields() -> None:
    """The record's fields and the column names each may be written under."""
    from parindex.records.schema import DOSSIER_FIELDS, STEP_FIELDS

    for title, group in (("Hồ sơ (dossiers)", DOSSIER_FIELDS), ("Bước xử lý (steps)", STEP_FIELDS)):
        click.echo(title)
        for f in group:
            need = "required" if f.required else "optional"
            click.echo(f"  {f.name} ({f.kind}, {need}): {f.label}; " + ", ".join(f.aliases))


@records.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--scale",
    type=click.Choice(["province", "national"]),
    default="province",
    show_default=True,
    help="province: the demo's 166 units; national: --units units drawn like them.",
)
@click.option("--dossiers", "total", type=int, help="Default: 1,500,000 (province), 100,000,000.")
@click.option("--units", "n_units", type=int, default=10_000, show_default=True)
@click.option("--seed", type=int, default=2016, show_default=True)
@click.option("--year", type=int, default=2016, show_default=True)
@click.option(
    "--steps/--no-steps", default=None, help="Also the processing steps (default: province)."
)
def generate(
    out: Path,
    scale: str,
    total: int | None,
    n_units: int,
    seed: int,
    year: int,
    steps: bool | None,
) -> None:
    """Write synthetic dossier records (Parquet) to OUT, the same for the same seed."""
    from rich.progress import Progress

    from parindex.records.generate import demo_units, generate, national_units

    province = scale == "province"
    total = total or (1_500_000 if province else 100_000_000)
    units = demo_units() if province else national_units(n_units, seed)
    with Progress(console=_stderr(), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("tạo hồ sơ (generating)", total=total)
        paths = generate(
            out,
            units,
            total,
            seed=seed,
            year=year,
            steps=province if steps is None else steps,
            tick=lambda k: bar.advance(task, k),
        )
    click.echo(
        f"wrote {', '.join(display(p) for p in paths)} ({total:,} dossiers, "
        f"{len(units.ids):,} units)",
        err=True,
    )


def _stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@records.command()
@click.argument("dossiers", nargs=-1, required=True, type=RecordsArg)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--cutoff", help="Date the records were taken (dd/mm/yyyy).")
def convert(dossiers: tuple[Path, ...], out: Path, cutoff: str | None) -> None:
    """Checked records → one Parquet file with the canonical names, types and codes (what
    `--engine spark` reads, and the fastest form for DuckDB)."""
    from parindex.records.schema import DOSSIER_FIELDS
    from parindex.records.sources import lit

    rec = open_checked(dossiers, (), None, cutoff)
    cols = ", ".join(f.name for f in DOSSIER_FIELDS)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with progress("ghi Parquet (writing Parquet)"):
            rec.con.execute(
                f"COPY (SELECT {cols} FROM dossiers) TO {lit(str(tmp))} (FORMAT parquet)"
            )
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    click.echo(f"wrote {display(out)}", err=True)


@click.command()
@click.argument("dossiers", nargs=-1, required=True, type=RecordsArg)
@click.option("--steps", "steps", multiple=True, type=RecordsArg, required=True)
@click.option("--month", "month_text", required=True, help="The month rated, e.g. 2016-06.")
@click.option(
    "--rules",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML with an `officials:` section. Default: the bundled rules.",
)
@click.option("--cutoff", help="Date the records were taken (dd/mm/yyyy).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("parindex-out"),
    show_default=True,
)
@click.option("--format", "fmt", default="xlsx,csv,json", show_default=True)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--quiet", is_flag=True, help="Do not print the table.")
def officials(
    dossiers: tuple[Path, ...],
    steps: tuple[Path, ...],
    month_text: str,
    rules: Path | None,
    cutoff: str | None,
    out: Path,
    fmt: str,
    lang: str,
    quiet: bool,
) -> None:
    """The monthly rating of every official in the processing chain, heads included."""
    from dataclasses import asdict

    from parindex.atomic import write_files
    from parindex.commands.common import make_console
    from parindex.records.officials import RULES, load_rules, rate_officials
    from parindex.reports.officials import render, table
    from parindex.run import sha256

    month = period_of(month_text)
    if month.grain != "month":
        raise click.BadParameter("a month, e.g. 2016-06", param_hint="--month")
    formats = [f.strip() for f in fmt.split(",") if f.strip()]
    if bad := [f for f in formats if f not in {"xlsx", "csv", "json"}]:
        raise click.BadParameter(f"unknown format {', '.join(bad)}", param_hint="--format")
    rules_path = rules or RULES
    try:
        acc = load_rules(rules_path, display(rules_path), month)
    except ParindexError as exc:
        fail(exc.diagnostics)
    rec = open_checked(dossiers, steps, None, cutoff)
    with progress(f"đánh giá cán bộ {month.label}"):
        rated = rate_officials(rec.con, acc, month)
    rows = [asdict(r) for r in rated]
    prov: dict[str, Any] = {"rules": {"path": display(rules_path), "sha256": sha256(rules_path)}}
    for i, (p, shown) in enumerate(rec.files):
        prov[f"records[{i + 1}]"] = {"path": shown, "sha256": sha256(p)}
    meta = {"title": acc.title, "month": month.label, "provenance": prov}
    files = {out / name: data for name, data in render(rows, meta, formats, lang).items()}
    write_files(files)
    if not quiet:
        make_console().print(table(rows, meta, lang))
    click.echo(f"wrote {', '.join(display(p) for p in files)} ({len(rows)} officials)", err=True)
