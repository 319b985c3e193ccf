"""results.json and results.csv written as the unit rows are made, a chunk at a time: at
national scale the whole document (hundreds of MB of dicts) is never in memory at once.

The bytes are those `tabular.json_files` and `tabular.csv_files` make of the whole document;
the files are put in place together, or not at all (`atomic.staged`).
"""

from __future__ import annotations

import contextlib
from itertools import islice
from pathlib import Path
from typing import Any

from parindex.run.pipeline import RankRun

STREAMED = frozenset({"json", "csv"})
# what only the files need: the rows kept for the terminal and the small CSVs leave it out
_HEAVY = ("areas", "criteria", "values", "explanation")


def streamable(formats: list[str]) -> bool:
    """Whether every asked format can be written unit by unit."""
    return bool(formats) and set(formats) <= STREAMED


def write_streamed(
    run: RankRun, formats: list[str], lang: str, out: Path, csv: str, extra: dict[Path, bytes]
) -> tuple[dict[str, Any], list[Path]]:
    """Write the asked formats of the run (and the `extra` files) into `out`. Returns the
    document with its unit rows cut to what the terminal shows, and the files written."""
    from parindex.atomic import staged
    from parindex.reports import tabular
    from parindex.reports.formats import needs_explanations
    from parindex.run.document import head, iter_units, tail
    from parindex.run.rows import CHUNK

    top, end = head(run), tail(run)
    rows = iter_units(run, explanations=needs_explanations(formats))
    kept: list[dict[str, Any]] = []
    with staged() as stage, contextlib.ExitStack() as opened:
        json = csv_file = None
        pieces = tabular.JsonPieces(top, end)
        lines = tabular.UnitLines(top, lang, csv)
        if "json" in formats:
            json = opened.enter_context(stage.open(out / "results.json"))
            json.write(pieces.start())
        if "csv" in formats:
            csv_file = opened.enter_context(stage.open(out / "results.csv"))
            csv_file.write(lines.head())
        while chunk := list(islice(rows, CHUNK)):
            if json is not None:
                json.write(pieces.units(chunk))
            if csv_file is not None:
                csv_file.write(lines.lines(chunk))
            kept.extend({k: v for k, v in r.items() if k not in _HEAVY} for r in chunk)
        if json is not None:
            json.write(pieces.end())
        doc = {**top, "units": kept, **end}
        small = {}
        if csv_file is not None and doc.get("heads"):
            small[out / "heads.csv"] = tabular.heads_csv(doc, lang, csv)
        if csv_file is not None and doc.get("awards"):
            small[out / "awards.csv"] = tabular.awards_csv(doc, lang, csv)
        for target, data in {**small, **extra}.items():
            with stage.open(target) as fh:
                fh.write(data)
    made = {"json": [out / "results.json"], "csv": [out / "results.csv", *small]}
    return doc, [p for f in formats for p in made[f]] + list(extra)
