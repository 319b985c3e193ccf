"""A results.json written by `parindex rank`, read back: for the awards' improvement condition
(last period's indices) and for `parindex compare` (two periods side by side)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from parindex.errors import ParindexError, file_error

FORMAT = "parindex.results/1"
HINT = "give a results.json that `parindex rank` wrote"


def read_results(path: Path, display: str | None = None) -> dict[str, Any]:
    """The whole document, checked for the fields readers rely on."""
    file = display or str(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise file_error(file, "PD001", f"cannot read the file: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise file_error(file, "PD001", f"not a results.json file: {exc}", hint=HINT) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise file_error(
            file, "PD001", f"not a parindex results file (format `{FORMAT}`)", hint=HINT
        )
    problems = []
    for k, unit in enumerate(doc.get("units", [])):
        ok = (
            isinstance(unit, dict)
            and isinstance(unit.get("id"), str)
            and isinstance(unit.get("index"), int | float | None)
        )
        if not ok:
            problems += file_error(
                file, "PD001", f"unit record {k + 1} has no id or index", hint=HINT
            ).diagnostics
    if problems:
        raise ParindexError(problems)
    return doc


def read_previous(path: Path, display: str | None = None) -> dict[str, float]:
    """Unit id → index of a previous period (NaN where the unit had none)."""
    doc = read_results(path, display)
    return {
        u["id"]: float("nan") if u["index"] is None else float(u["index"])
        for u in doc.get("units", [])
    }
