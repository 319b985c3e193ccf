"""The list of units a form is made for and returns are checked against.

Read from a table (CSV, XLSX, XLS, ODS: a unit id, name and block column, other columns left
alone, so last year's data file serves) or from a results.json that `parindex rank` wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from parindex.data.cells import norm, text_of
from parindex.data.layout import BASE
from parindex.data.sheet import read_sheet
from parindex.data.units import BASE_LABEL
from parindex.errors import Diagnostic, ParindexError, Text, file_error, t
from parindex.scoring.compile import Plan

_NO_COLUMN = {
    "id": t("no column for the unit's id"),
    "name": t("no column for the unit's name"),
    "block": t("no column for the unit's block"),
}


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    block: str  # block id, as the criteria define it


def block_names(plans: list[Plan]) -> dict[str, str]:
    """normalised block id or label → block id."""
    out: dict[str, str] = {}
    for plan in plans:
        for bid, block in plan.criteria.blocks.items():
            for text in (bid, block.label, block.label_en):
                if text:
                    out.setdefault(norm(text), bid)
    return out


def read_units(
    path: Path, plans: list[Plan], display: str | None = None, *, subset: bool = False
) -> tuple[list[Unit], int]:
    """Every unit of the list in its order, and how many were left out; raise with every
    problem of the file. `subset`: units of blocks no given criteria set ranks are left out
    (counted) instead of being errors."""
    file = display or str(path)
    if path.suffix.lower() == ".json":
        return _from_results(path, file, plans, subset)
    sheet = read_sheet(path, file)
    found: list[Diagnostic] = []

    def add(
        row: int | None, col: int | None, code: str, message: Text, hint: Text | None = None
    ) -> None:
        found.append(Diagnostic(file, row, col, "", code, message, hint=hint))

    cols: dict[str, int] = {}
    for j, text in enumerate(sheet.header):
        base = next((b for b, alts in BASE.items() if norm(text) in alts), None)
        if base is not None:
            cols.setdefault(base, j)
    for base in BASE:
        if base not in cols:
            add(
                sheet.header_row,
                None,
                "PD002",
                _NO_COLUMN[base],
                t("name a column `{column}` or `{label}`", column=base, label=BASE_LABEL[base]),
            )
    if found:
        raise ParindexError(found)
    blocks = block_names(plans)
    units: list[Unit] = []
    seen: dict[str, int] = {}
    left_out = 0
    for number, row in sheet.rows:
        uid, name, block = (text_of(row[cols[k]]) for k in ("id", "name", "block"))
        if not uid or not name:
            add(
                number,
                cols["id" if not uid else "name"] + 1,
                "PD014",
                t("a unit without id or name"),
            )
            continue
        if uid in seen:
            add(
                number,
                cols["id"] + 1,
                "PD005",
                t(
                    "unit id `{unit}` is used twice (first at {place})",
                    unit=uid,
                    place=t("row {row}", row=seen[uid]),
                ),
            )
            continue
        seen[uid] = number
        bid = blocks.get(norm(block))
        if bid is None and subset:
            left_out += 1
            continue
        if bid is None:
            add(
                number,
                cols["block"] + 1,
                "PD009",
                t(
                    "unit `{unit}` is in block `{block}`, which no criteria set defines",
                    unit=uid,
                    block=block,
                ),
                t("blocks: {blocks}", blocks=sorted(set(blocks.values()))),
            )
            continue
        units.append(Unit(uid, name, bid))
    if found:
        raise ParindexError(found)
    if not units:
        raise file_error(file, "PD001", t("the list has no units of these criteria's blocks"))
    return units, left_out


def _from_results(path: Path, file: str, plans: list[Plan], subset: bool) -> tuple[list[Unit], int]:
    from parindex.document.io import read_results

    doc = read_results(path, file)
    known = {bid for plan in plans for bid in plan.criteria.blocks}
    units = []
    problems = []
    left_out = 0
    for u in doc.get("units", []):
        block, name = u.get("block"), u.get("name")
        if block not in known and subset:
            left_out += 1
            continue
        if block not in known or not isinstance(name, str):
            problems.append(
                Diagnostic(
                    file,
                    None,
                    None,
                    f"units[{u['id']}]",
                    "PD009",
                    t(
                        "unit `{unit}` is in block `{block}`, which no criteria set defines",
                        unit=str(u["id"]),
                        block=str(block),
                    ),
                    hint=t("blocks: {blocks}", blocks=sorted(known)),
                )
            )
            continue
        units.append(Unit(u["id"], name, str(block)))
    if problems:
        raise ParindexError(problems)
    if not units:
        raise file_error(file, "PD001", t("the results hold no units of these criteria's blocks"))
    return units, left_out
