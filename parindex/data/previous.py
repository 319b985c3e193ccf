"""Last period's results.json → unit id → index, for the awards' improvement condition."""

from __future__ import annotations

import json
from pathlib import Path

from parindex.errors import ParindexError, file_error

FORMAT = "parindex.results/1"


def read_previous(path: Path, display: str | None = None) -> dict[str, float]:
    file = display or str(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise file_error(file, "PD001", f"cannot read the file: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise file_error(
            file,
            "PD001",
            f"not a results.json file: {exc}",
            hint="give the results.json that `parindex rank` wrote last period",
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise file_error(
            file,
            "PD001",
            f"not a parindex results file (format `{FORMAT}`)",
            hint="give the results.json that `parindex rank` wrote last period",
        )
    out: dict[str, float] = {}
    problems = []
    for k, unit in enumerate(doc.get("units", [])):
        uid, index = unit.get("id"), unit.get("index")
        if not isinstance(uid, str) or not isinstance(index, int | float | None):
            problems.append(file_error(file, "PD001", f"unit record {k + 1} has no id or index"))
            continue
        out[uid] = float("nan") if index is None else float(index)
    if problems:
        raise ParindexError([d for p in problems for d in p.diagnostics])
    return out
