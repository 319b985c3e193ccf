"""`parindex officials`: the monthly rating of every official in the processing chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from parindex.commands.common import LangOpt, display, fail
from parindex.commands.lang import PathType, argument, command
from parindex.commands.ranking import CsvOpt
from parindex.commands.records import RecordsArg, open_checked, period_of, progress
from parindex.errors import ParindexError
from parindex.i18n import N_, _


@command(help=N_("The monthly rating of every official in the processing chain, heads included."))
@argument("dossiers", nargs=-1, required=True, type=RecordsArg)
@click.option(
    "--steps",
    "steps",
    multiple=True,
    type=RecordsArg,
    required=True,
    help=N_("Processing steps file(s); repeat for several."),
)
@click.option("--month", "month_text", required=True, help=N_("The month rated, e.g. 2016-06."))
@click.option(
    "--rules",
    type=PathType(exists=True, dir_okay=False, path_type=Path),
    help=N_("YAML with an `officials:` section. Default: the bundled rules."),
)
@click.option("--cutoff", help=N_("Date the records were taken (dd/mm/yyyy)."))
@click.option(
    "--out",
    type=PathType(file_okay=False, path_type=Path),
    default=Path("parindex-out"),
    show_default=True,
    help=N_("Folder for the output files."),
)
@click.option(
    "--format",
    "fmt",
    default="xlsx,csv,json",
    show_default=True,
    help=N_("Formats, comma-separated: xlsx, csv, json."),
)
@LangOpt
@CsvOpt
@click.option("--quiet", is_flag=True, help=N_("Do not print the table."))
def officials(
    dossiers: tuple[Path, ...],
    steps: tuple[Path, ...],
    month_text: str,
    rules: Path | None,
    cutoff: str | None,
    out: Path,
    fmt: str,
    lang: str,
    csv_mode: str | None,
    quiet: bool,
) -> None:
    from dataclasses import asdict

    from parindex.atomic import write_files
    from parindex.commands.common import make_console
    from parindex.records.officials import RULES, load_rules, rate_officials
    from parindex.reports.officials import render, table
    from parindex.run import sha256

    month = period_of(month_text)
    if month.grain != "month":
        raise click.BadParameter(_("a month, e.g. 2016-06", lang), param_hint="--month")
    formats = [f.strip() for f in fmt.split(",") if f.strip()]
    if bad := [f for f in formats if f not in {"xlsx", "csv", "json"}]:
        said = _("unknown format {formats}", lang).format(formats=", ".join(bad))
        raise click.BadParameter(said, param_hint="--format")
    rules_path = rules or RULES
    try:
        acc = load_rules(rules_path, display(rules_path), month)
    except ParindexError as exc:
        fail(exc.diagnostics)
    rec = open_checked(dossiers, steps, None, cutoff)
    with progress(_("rating the officials of {month}", lang).format(month=month.label)):
        rated = rate_officials(rec.con, acc, month)
    rows = [asdict(r) for r in rated]
    prov: dict[str, Any] = {"rules": {"path": display(rules_path), "sha256": sha256(rules_path)}}
    for i, (p, shown) in enumerate(rec.files):
        prov[f"records[{i + 1}]"] = {"path": shown, "sha256": sha256(p)}
    meta = {"title": acc.title, "month": month.label, "provenance": prov}
    made = render(rows, meta, formats, lang, csv_mode)
    files = {out / name: data for name, data in made.items()}
    write_files(files)
    if not quiet:
        make_console().print(table(rows, meta, lang))
    said = _("wrote {files} ({n} officials)", lang)
    click.echo(said.format(files=", ".join(display(p) for p in files), n=len(rows)), err=True)
