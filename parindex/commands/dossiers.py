"""`parindex rank --dossiers`: records → the indicator table the criteria read → the ranking."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from parindex.commands.common import Inputs, current_lang, display, fail
from parindex.commands.records import (
    RecordsArg,
    open_checked,
    period_of,
    progress,
    rates_csv,
    run_aggregate,
)
from parindex.errors import ParindexError
from parindex.i18n import N_, _


def dossier_options(f: Callable[..., None]) -> Callable[..., None]:
    """--dossiers and what goes with it, for `parindex rank`."""
    f = click.option(
        "--master", default="local[2]", show_default=True, help=N_("Spark master URL.")
    )(f)
    f = click.option(
        "--engine",
        type=click.Choice(["duckdb", "spark"]),
        default="duckdb",
        show_default=True,
        help=N_("Where the records are aggregated."),
    )(f)
    f = click.option(
        "--cutoff", help=N_("Date the records were taken (dd/mm/yyyy or yyyy-mm-dd).")
    )(f)
    f = click.option(
        "--period", help=N_("Period of the records to rank: 2016, 2016-H1, 2016-Q2, 2016-06.")
    )(f)
    f = click.option(
        "--steps", "steps", multiple=True, type=RecordsArg, help=N_("Processing steps file(s).")
    )(f)
    f = click.option(
        "--dossiers",
        "dossiers",
        multiple=True,
        type=RecordsArg,
        help=N_(
            "Dossier records (Parquet, CSV, Excel); repeat for several. The dossier "
            "indicators are computed from them; the rest come from --data (default: the demo)."
        ),
    )(f)
    return f


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
        ids = base_ids(sheet)[1]
    except ParindexError as exc:
        fail(exc.diagnostics)
    rec = open_checked(dossiers, steps, set(ids), cutoff)
    lang = current_lang()
    with progress(_("aggregating {period} ({engine})", lang).format(
        period=period.label, engine=engine
    )):  # fmt: skip
        rows = run_aggregate(
            aggregate, rec, period.grain, period.bucket, period.bucket, engine, master
        )
    counts = {r["unit_id"]: r for r in rows}
    still = sum(int(r["dossiers_open"]) for r in rows)
    shown = min(period.end, rec.cutoff) - timedelta(seconds=1)
    from parindex.i18n import number

    said = _("{n} dossier(s) open at {time}, counted as open", lang)
    click.echo(said.format(n=number(still, lang, 0), time=f"{shown:%d/%m/%Y %H:%M}"), err=True)
    plans = []
    for path in src.criteria or tuple(bundled_sets()):
        plans += load_bundle(path).plans
    data = indicator_csv(sheet, plans, counts, src.numbers)
    tmp = Path(tempfile.mkdtemp(prefix="parindex-"))
    atexit.register(shutil.rmtree, tmp, True)
    table = tmp / f"indicators-{period.label}.csv"
    table.write_bytes(data)
    files = {out / table.name: data, out / f"dossiers-{period.label}.csv": rates_csv(rows)}
    stamp = [(f"dossiers[{i + 1}]", p, shown) for i, (p, shown) in enumerate(rec.dossier_files)]
    stamp += [(f"steps[{i + 1}]", p, shown) for i, (p, shown) in enumerate(rec.step_files)]
    if src.data:
        stamp.append(("base", src.data, display(src.data)))
    heads = src.heads
    if heads is None and src.data is None and not src.criteria:
        heads = DEMO_HEADS  # the demo province comes with its heads, as without records
    if heads is not None and rec.has_steps:  # the heads' own indicators from the steps
        written = tmp / f"heads-roster-{period.label}.csv"
        written.write_bytes(_roster(heads, plans, rec, period))
        files[out / written.name] = written.read_bytes()
        stamp.append(("heads_base", heads, display(heads)))
        heads = written
    return replace(src, data=table, sheet=None, heads=heads), files, stamp


def _roster(heads: Path, plans: list[Any], rec: Any, period: Any) -> bytes:
    from datetime import timedelta

    from parindex.data.cells import norm
    from parindex.data.roster_sheet import roster_table
    from parindex.records.heads import MEASURES, roster_csv

    headers: dict[str, frozenset[str]] = {}
    for plan in plans:
        acc = plan.criteria.accountability
        for m in MEASURES:
            if acc is not None and m in acc.indicators:
                ind = acc.indicators[m]
                texts = {m, ind.label, *ind.columns} | ({ind.label_en} if ind.label_en else set())
                headers[m] = headers.get(m, frozenset()) | {norm(t) for t in texts}
    try:
        accs = [p.criteria.accountability for p in plans if p.criteria.accountability]
        sheet = roster_table(heads, display(heads), accs)  # as an officer makes it
    except ParindexError as exc:
        fail(exc.diagnostics)
    last = (period.end - timedelta(days=1)).date()
    return roster_csv(sheet, headers, rec.con, period.start.date(), last)


def stamped(run: Any, src: Inputs, out: Path, stamp: list[tuple[str, Path, str]]) -> Any:
    """The run's provenance naming the tables written from the records (as in `out`) and
    every records file."""
    from parindex.run import SourceFile, sha256

    assert src.data is not None
    prov = run.provenance
    inputs = dict(prov.inputs)
    if src.heads is not None and src.heads.parent == src.data.parent:  # written from records
        inputs["heads"] = SourceFile(display(out / src.heads.name), inputs["heads"].sha256)
    for role, path, shown in stamp:
        inputs[role] = SourceFile(shown, sha256(path))
    data = SourceFile(display(out / src.data.name), prov.data.sha256)
    return replace(run, provenance=replace(prov, data=data, inputs=inputs))
