"""Which sheets of a workbook hold the table of units: a cover sheet is passed over, one sheet
per block is read whole (each named by its block), and two sheets that are not named by blocks
are refused, since which is the real one cannot be told."""

from __future__ import annotations

from parindex.data.cells import norm
from parindex.data.layout import UNIT_KEYS, Keys, Layout, filled, find_layout
from parindex.data.workbook import Grid
from parindex.errors import Diagnostic, ParindexError, file_error, t


def choose(
    grids: list[Grid],
    *,
    sheet: str | None,
    header_row: int | None,
    blocks: set[str],
    keys: Keys = UNIT_KEYS,
) -> list[Layout]:
    """The sheets to read, each with its table found; refuse when which to read is unclear.

    `blocks`: every block's id and labels, normalised, by which a sheet may be named."""
    file = grids[0].file
    if sheet is not None:
        chosen = [g for g in grids if g.sheet == sheet] or [
            g for g in grids if g.sheet is not None and norm(g.sheet) == norm(sheet)
        ]
        if not chosen:
            names = [g.sheet or "" for g in grids]
            raise file_error(
                file,
                "PD001",
                t("no sheet named `{sheet}` (sheets: {names})", sheet=sheet, names=names),
            )
        return [find_layout(chosen[0], header_row, keys)]
    if len(grids) == 1:
        return [find_layout(grids[0], header_row, keys)]
    full = [g for g in grids if any(any(map(filled, r)) for r in g.rows)]
    if not full:
        raise file_error(file, "PD001", t("every sheet of the workbook is blank"))
    layouts = [find_layout(g, header_row, keys) for g in full]
    tables = [lay for lay in layouts if lay.found]
    if len(tables) <= 1:
        return tables or layouts[:1]
    unnamed = [lay.grid.sheet for lay in tables if norm(lay.grid.sheet or "") not in blocks]
    names = [f"`{lay.grid.sheet}`" for lay in tables]
    if not blocks:  # the heads roster (a criteria set names one block at least)
        raise file_error(
            file,
            "PD018",
            t(
                "sheets {sheets} each hold a roster: which to read is not clear (two edited "
                "copies of one table?)",
                sheets=names,
            ),
            hint=t(
                "keep one of them in the workbook, or save the one to read as a file of its own"
            ),
        )
    if unnamed:
        raise ParindexError(
            [
                Diagnostic(
                    file,
                    None,
                    None,
                    "",
                    "PD018",
                    t(
                        "sheets {sheets} each hold a table of units, and {unnamed} is not named "
                        "by a block: which to read is not clear (two edited copies of one table?)",
                        sheets=names,
                        unnamed=[f"`{n}`" for n in unnamed],
                    ),
                    hint=t("choose one with --sheet NAME, or name each sheet by its block"),
                )
            ]
        )
    return tables
