"""Which rows of the chosen sheets are units, and each unit's block; each column's cells for them.

A block may come from a Khối column (merged down), from group rows ("I. SỞ, BAN, NGÀNH") or from
the sheet's name. What is clear is read and said (`notes`); what is not (a number merged across
two units, a unit below the total row) is refused with the cell and the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

import numpy as np

from parindex.criteria.source import did_you_mean
from parindex.data.cells import ColumnSpec, norm
from parindex.data.headers import BASE_LABEL, match_columns
from parindex.data.layout import IGNORED, Layout, filled, text_of
from parindex.data.spec import HasCriteria
from parindex.errors import Diagnostic, Text, cell_ref, t

__all__ = ["BASE_LABEL", "Units"]  # BASE_LABEL: the forms name their columns with it

_PREFIX = re.compile(r"^\s*(?:[IVXLCDM]+|[A-Za-z]|\d+)\s*[.):\-]\s*")


@dataclass
class _Sheet:
    layout: Layout
    base: dict[str, int] = field(default_factory=dict)
    cols: dict[str, int] = field(default_factory=dict)
    pairs: dict[str, dict[float, int]] = field(default_factory=dict)  # yes/no as Có | Không
    shown: dict[str, str] = field(default_factory=dict)
    ignored: list[int] = field(default_factory=list)
    block: tuple[str, int] | None = None  # the block the sheet's name gives
    headings: list[int] = field(default_factory=list)
    units: int = 0


class Units:
    def __init__(
        self, sheets: list[_Sheet], plans: Sequence[HasCriteria], specs: list[dict[str, ColumnSpec]]
    ) -> None:
        self.sheets = sheets
        self.layouts = [s.layout for s in sheets]
        self.plans = plans
        self.specs = specs
        self.subset = False
        self.found: list[Diagnostic] = []
        self.ids: list[str] = []
        self.names: list[str] = []
        self.blocks: list[str] = []
        self.plan_of: list[int] = []
        self.rows: list[int] = []  # 0-based row in its sheet
        self.sheet_of: list[int] = []
        self.left_out: list[tuple[str, str]] = []
        self.x_columns: set[str] = set()
        self._reported: set[str] = set()
        self._quiet: set[tuple[int, str]] = set()
        self.ignored: set[str] = set(IGNORED)
        self._columns: dict[int, list[tuple[Any, ...]]] = {}
        self.chose_sheet = False  # the workbook has several sheets and these were chosen
        self.block_of: dict[str, tuple[str, int]] = {}
        for pi, plan in enumerate(plans):
            for bid, block in plan.criteria.blocks.items():
                for text in (bid, block.label, block.label_en):
                    if text:
                        self.block_of[norm(text)] = (bid, pi)

    # -- where things are ------------------------------------------------------------------
    def diag(
        self, s: int, row: int | None, col: int | None, path: str, code: str, msg: Text,
        hint: Text | str | None = None,
    ) -> None:  # fmt: skip
        grid = self.layouts[s].grid
        self.found.append(
            Diagnostic(
                grid.file,
                None if row is None else row + 1,
                None if col is None else col + 1,
                path,
                code,
                msg,
                hint=hint,
                sheet=grid.sheet,
            )
        )

    def cell_of(self, i: int, name: str) -> tuple[int, int, int]:
        s = self.sheet_of[i]
        sh = self.sheets[s]
        j = sh.cols.get(name)
        if j is None and name in sh.pairs:
            j = min(sh.pairs[name].values())
        return s, self.rows[i], -1 if j is None else j

    def header_of(self, name: str, i: int) -> str:
        return self.sheets[self.sheet_of[i]].shown.get(name, name)

    def at(self, i: int, name: str, code: str, msg: Text, hint: Text | None = None) -> None:
        if (i, name) in self._quiet:
            return
        s, r, c = self.cell_of(i, name)
        self.diag(s, r, c if c >= 0 else None, self.header_of(name, i), code, msg, hint)

    def display_rows(self) -> list[int]:
        return [r + 1 for r in self.rows]

    def block_of_plan(self, pi: int) -> str:
        return next(b for b, p in zip(self.blocks, self.plan_of, strict=True) if p == pi)

    def missing_column(self, name: str, spec: ColumnSpec, block: str) -> None:
        if name in self._reported:
            return
        self._reported.add(name)
        lay = self.layouts[0]
        self.diag(
            0,
            lay.header_row,
            None,
            "",
            "PD004",
            t(
                "no column for `{column}` ({label}), which the criteria of block `{block}` need",
                column=name,
                label=spec.label,
                block=block,
            ),
            t("add a column named `{column}` or `{label}`", column=name, label=spec.label)
            if norm(spec.label) in spec.headers
            else t("add a column named `{column}`", column=name),
        )

    # -- one column's cells for some units ------------------------------------------------
    def column(self, name: str, members: np.ndarray) -> Sequence[Any] | None:
        """The cells of one column for these units (indices into the units), as read."""
        if not any(name in s.cols or name in s.pairs for s in self.sheets):
            return None
        where = np.array(self.sheet_of)[members]
        if len(self.sheets) == 1 and not self.sheets[0].pairs.get(name):
            j = self.sheets[0].cols.get(name)
            if j is None:
                return None
            col = self._transposed(0)[j] if j < len(self._transposed(0)) else ()
            if len(members) == len(self.ids):
                return col or [""] * len(members)
            return [col[k] for k in members.tolist()] if col else [""] * len(members)
        out: list[Any] = []
        for i, s in zip(members.tolist(), where.tolist(), strict=True):
            sh = self.sheets[s]
            row = sh.layout.cells[self.rows[i]]
            j = sh.cols.get(name)
            if j is not None:
                out.append(row[j] if j < len(row) else None)
            elif name in sh.pairs:
                out.append(self._pair(i, name, sh.pairs[name], row))
            else:
                out.append(None)
        return out

    def _transposed(self, s: int) -> list[tuple[Any, ...]]:
        """Sheet `s`'s unit rows as columns, built once (one C-level transposition)."""
        if s not in self._columns:
            cells = self.sheets[s].layout.cells
            rows = [cells[r] for r, t in zip(self.rows, self.sheet_of, strict=True) if t == s]
            self._columns[s] = list(zip_longest(*rows, fillvalue=""))
        return self._columns[s]

    def _pair(self, i: int, name: str, pair: dict[float, int], row: list[Any]) -> Any:
        marked = [v for v, j in pair.items() if j < len(row) and filled(row[j])]
        if len(marked) == 2:
            self.at(
                i, name, "PD006", t("unit `{unit}`: both Có and Không are marked", unit=self.ids[i])
            )
            self._quiet.add((i, name))
        return marked[0] if len(marked) == 1 else None

    # -- reading the sheets ---------------------------------------------------------------
    def collect(self) -> None:
        seen: dict[str, tuple[int, int]] = {}  # unit id → (sheet, row) where first seen
        for s, sh in enumerate(self.sheets):
            match_columns(self, s, sh)
            self._rows(s, sh, seen)

    def _rows(self, s: int, sh: _Sheet, seen: dict[str, tuple[int, int]]) -> None:
        lay = sh.layout
        if "id" not in sh.base or "name" not in sh.base:
            return
        jid, jname, jblock = sh.base["id"], sh.base["name"], sh.base.get("block")
        read = set(sh.cols.values()) | {j for p in sh.pairs.values() for j in p.values()}
        labelled = {c.index for c in lay.columns if c.labels}
        width = max((c.index for c in lay.columns if c.labels), default=-1) + 1
        group: tuple[str, int] | None = None
        unit_rows: list[int] = []
        no_block_reported = no_header_reported = False
        free = [j for j in range(len(lay.columns)) if j not in labelled]
        memo: dict[str, tuple[str, int] | None] = {}  # block text → block, read once
        for r in lay.body:
            row = lay.cells[r]
            uid = lay.text(r, jid)
            heading = None
            if not uid or (r, jid) in lay.merge_of:
                heading = self._heading(lay, r, jid, jblock, read)
            if heading is not None:
                sh.headings.append(r)
                found = self.block_of.get(norm(_PREFIX.sub("", heading))) or self.block_of.get(
                    norm(heading)
                )
                if found is not None:
                    group = found
                elif jblock is None and sh.block is None and not self.subset:
                    choices = sorted({b for p in self.plans for b in p.criteria.blocks})
                    self.diag(
                        s,
                        r,
                        None,
                        "",
                        "PD009",
                        t("group row `{row}` names no block the criteria define", row=heading),
                        did_you_mean(norm(_PREFIX.sub("", heading)), set(self.block_of))
                        or t("blocks: {blocks}", blocks=choices),
                    )
                continue
            if not no_header_reported:
                k = next((j for j in free if j < len(row) and filled(row[j])), None)
                if k is None and len(row) > len(lay.columns):
                    k = next((j for j in range(len(lay.columns), len(row)) if filled(row[j])), None)
                if k is not None and (k >= width or not self.subset):
                    no_header_reported = True
                    self.diag(
                        s, r, k, "", "PD003",
                        t("a value `{text}` in column {column}, which has no header",
                          text=text_of(row[k]), column=k + 1),
                    )  # fmt: skip
            uname = lay.text(r, jname)
            if not uid:
                self.diag(
                    s, r, jid, lay.columns[jid].shown, "PD014", t("the unit has no id"),
                    t("give every unit a unique code, e.g. SNV"),
                )  # fmt: skip
                continue
            if uid in seen:
                self.diag(
                    s, r, jid, lay.columns[jid].shown, "PD005",
                    t("unit id `{unit}` is used twice (first at {place})",
                      unit=uid, place=self._place(*seen[uid])),
                )  # fmt: skip
                continue
            unit_rows.append(r)
            seen[uid] = (s, r)
            if not uname:
                self.diag(
                    s,
                    r,
                    jname,
                    lay.columns[jname].shown,
                    "PD014",
                    t("unit `{unit}` has no name", unit=uid),
                )
            ublock = lay.text(r, jblock) if jblock is not None else ""
            if ublock:
                if ublock not in memo:
                    memo[ublock] = self.block_of.get(norm(ublock))
                found = memo[ublock]
            else:
                found = sh.block or group
            if found is None and self.subset:
                self.left_out.append((uid, ublock))
                continue
            if found is None:
                if jblock is None:
                    if not no_block_reported:
                        no_block_reported = True
                        self.diag(
                            s, lay.header_row, None, "", "PD002",
                            t("no column for the unit's block"),
                            t("name a column `block` or `Khối`, head each block's rows with a"
                              " group row (`I. SỞ, BAN, NGÀNH`), or name each sheet by its block"),
                        )  # fmt: skip
                    continue
                if not ublock:
                    self.diag(
                        s, r, jblock, lay.columns[jblock].shown, "PD009",
                        t("unit `{unit}` has no block: the cell is blank", unit=uid)
                        if lay.grid.sheet is None
                        else t("unit `{unit}` has no block: the cell is blank and not merged "
                               "with a cell above", unit=uid),
                        t("write the unit's block, or merge the cell with the block cell above"
                          " it"),
                    )  # fmt: skip
                    continue
                choices = sorted({b for p in self.plans for b in p.criteria.blocks})
                self.diag(
                    s, r, jblock, lay.columns[jblock].shown, "PD009",
                    t("unit `{unit}` is in block `{block}`, which no criteria set defines",
                      unit=uid, block=ublock),
                    did_you_mean(ublock, set(choices)) or t("blocks: {blocks}", blocks=choices),
                )  # fmt: skip
                continue
            bid, pi = found
            self.ids.append(uid)
            self.names.append(uname)
            self.blocks.append(bid)
            self.plan_of.append(pi)
            self.rows.append(r)
            self.sheet_of.append(s)
            sh.units += 1
        self._after_footer(s, sh, jid, jname, read)
        self._merges(s, sh, unit_rows, read | {jid, jname})

    def _place(self, s: int, r: int) -> Text | str:
        lay = self.layouts[s]
        if lay.grid.sheet is None:
            return t("row {row}", row=r + 1)
        return f"[{lay.grid.sheet}] {cell_ref(r + 1, self.sheets[s].base['id'] + 1)}"

    def _heading(
        self, lay: Layout, r: int, jid: int, jblock: int | None, read: set[int]
    ) -> str | None:
        """The text of a group row (no id, no values), or None for any other row."""
        m = lay.merge_of.get((r, jid))
        across = m is not None and m[0] == m[2] == r and m[1] != m[3]
        if lay.text(r, jid) and not across:
            return None
        row = lay.cells[r]
        for j in read:
            if j < len(row) and filled(row[j]) and not (across and lay.merge_of.get((r, j)) == m):
                return None
        if jblock is not None and lay.text(r, jblock):
            mb = lay.merge_of.get((r, jblock))
            if not (across and mb == m) and not (mb is not None and mb[0] < r):
                return None
        texts = [t for c in row if isinstance(c, str) and (t := text_of(c))]
        return max(texts, key=len) if texts else None

    def _after_footer(self, s: int, sh: _Sheet, jid: int, jname: int, read: set[int]) -> None:
        lay = sh.layout
        if not lay.footer:
            return
        for r in lay.footer[1:]:
            row = lay.cells[r]
            if not (lay.text(r, jid) and lay.text(r, jname)):
                continue
            if any(j < len(row) and filled(row[j]) for j in read):
                self.diag(
                    s, r, None, "", "PD018",
                    t("row {row} looks like a unit but comes after the signature block, which "
                      "starts at row {start}", row=r + 1, start=lay.footer[0] + 1),
                    t("move the unit above the signature block (rows below it are not read)"),
                )  # fmt: skip

    def _merges(self, s: int, sh: _Sheet, unit_rows: list[int], read: set[int]) -> None:
        lay = sh.layout
        units = set(unit_rows)
        for r0, c0, r1, c1 in lay.grid.merged:
            rows = [r for r in range(r0, r1 + 1) if r in units]
            cols = sorted(j for j in read if c0 <= j <= c1)
            if not rows or not cols:
                continue
            value = text_of(lay.cells[r0][c0]) if r0 < len(lay.cells) else ""
            span = f"{cell_ref(r0 + 1, c0 + 1)}:{cell_ref(r1 + 1, c1 + 1)}"
            if len(rows) > 1:
                self.diag(
                    s, r0, cols[0], lay.columns[cols[0]].shown, "PD018",
                    t("`{value}` is merged across {span}, the rows of {count} units: whose value"
                      " it is is not clear", value=value, span=span, count=len(rows)),
                    t("unmerge the cells and write each unit's own value in its row"),
                )  # fmt: skip
            elif len(cols) > 1:
                self.diag(
                    s, r0, cols[0], lay.columns[cols[0]].shown, "PD018",
                    t("`{value}` is merged across {span}, over {count} columns: which column it"
                      " belongs to is not clear", value=value, span=span, count=len(cols)),
                    t("unmerge the cells and write each column's own value"),
                )  # fmt: skip

    # -- what was read, for the user ------------------------------------------------------

    def notes(self) -> list[Text]:
        out = []
        for sh in self.sheets:

            def first(place: str, rows: str, n: int = sh.units) -> Text:
                return t(
                    "{place}: header at row {rows}, {count} unit(s)",
                    place=place,
                    rows=rows,
                    count=n,
                )

            line = layout_note(sh.layout, first, sh.ignored, sh.headings, self.chose_sheet)
            if line is not None:
                out.append(line)
        if self.x_columns:
            shown = sorted(self.x_columns)
            out.append(t("yes/no marked with x, blank read as không: {columns}", columns=shown))
        return out


def layout_note(
    lay: Layout,
    first: Callable[[str, str], Text],
    ignored: list[int],
    headings: list[int],
    always: bool,
) -> Text | None:
    """What was read of one sheet and what left out (title, numbering, group, total rows, the
    signature block, ignored columns); None for a tidy table, of which there is nothing to say.
    `first(place, header rows)` is the opening clause: what and how many were read."""
    g = lay.grid
    where = g.file + (f" [{g.sheet}]" if g.sheet else "")
    head = lay.header_row + 1
    rows = f"{head}–{head + 1}" if lay.header_rows == 2 else f"{head}"
    parts: list[Text] = [first(where, rows)]
    if ignored:
        cols = [f"{lay.columns[j].shown} ({cell_ref(1, j + 1)[:-1]})" for j in ignored]
        parts.append(t("left out columns {columns}", columns=cols))
    skipped = []
    if lay.header_row > 0:
        skipped.append(t("{first}–{last} (title)", first=1, last=lay.header_row))
    if lay.numbering is not None:
        skipped.append(t("{row} (column numbers)", row=lay.numbering + 1))
    if headings:
        skipped.append(t("{rows} (group rows)", rows=[r + 1 for r in headings]))
    if lay.totals:
        skipped.append(t("{rows} (total rows)", rows=[r + 1 for r in lay.totals]))
    if lay.footer:
        skipped.append(
            t("{first}–{last} (signature block)", first=lay.footer[0] + 1,
              last=lay.footer[-1] + 1)
        )  # fmt: skip
    if skipped:
        parts.append(t("left out rows {rows}", rows=Joined(tuple(skipped))))
    if len(parts) > 1 or lay.header_rows > 1 or always:
        # the clauses are each translated: the whole needs no catalog entry of its own
        return Text("{parts}", {"parts": Joined(tuple(parts))})
    return None  # a tidy table: no word


@dataclass(frozen=True)
class Joined:
    """Clauses of one note, each translated, separated by semicolons as the notes write them."""

    parts: tuple[object, ...]

    def render(self, lang: str) -> str:
        from parindex.i18n import field as shown

        return "; ".join(shown(p, lang) for p in self.parts)
