"""The ranking, explanations, heads and awards in the terminal (rich).

By default a run prints, per block, a summary that fits one screen; `--full` prints every unit.
When the output is a file or a pipe, tables are as wide as their content: nothing is cut.
"""

from __future__ import annotations

import sys
from itertools import groupby
from statistics import mean
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from parindex.document import view
from parindex.i18n import _, day, number, short
from parindex.reports.text import Words, title

CLASS_STYLE = ["bold green", "cyan", "yellow", "red", "bold red"]
TOP = 5  # units shown at each end of a block in the summary


def console() -> Console:
    """A terminal console; to a file or pipe, wide enough that no table is cut or wrapped."""
    return Console() if sys.stdout.isatty() else Console(width=1000, no_color=True)


def class_positions(doc: dict[str, Any]) -> dict[tuple[str, str], int]:
    """(block, class label) → position among the block's classes, best first (for colours)."""
    return {
        (b, k["label"]): pos
        for s in doc.get("criteria_sets", [])
        for b, ks in s.get("classes", {}).items()
        for pos, k in enumerate(ks)
    }


def _styled(words: Words, pos: dict[tuple[str, str], int], u: dict[str, Any]) -> str:
    style = CLASS_STYLE[min(pos.get((u["block"], u["class"]), 4), 4)]
    return f"[{style}]{escape(words.klass(u['class']))}[/]"


def _by_block(units: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [list(g) for _k, g in groupby(units, key=lambda r: (r["criteria_set"], r["block"]))]


def ranking_tables(doc: dict[str, Any], lang: str) -> list[Table]:
    """Every unit of every block: rank, id, name, index, class, self-assessment, notes."""
    words, pos = Words(doc, lang), class_positions(doc)
    tables = []
    for members in _by_block(doc["units"]):
        table = Table(
            title=_("PAR index results", lang)
            + f" — {words.block(members[0]['block'])} ({len(members)} "
            + _("units", lang)
            + ")",
            title_justify="left",
        )
        for head, right in (
            (_("Rank", lang), True),
            (_("ID", lang), False),
            (_("Unit", lang), False),
            (_("Index (%)", lang), True),
            (_("Class", lang), False),
            (_("Self-assessed (%)", lang), True),
            (_("Note", lang), False),
        ):
            table.add_column(head, justify="right" if right else "left")
        for r in members:
            table.add_row(
                str(r["rank"]),
                escape(r["id"]),
                escape(r["name"]),
                words.index(r),
                _styled(words, pos, r),
                words.index(r, "index_self"),
                escape("; ".join(words.notes(r))),
            )
        tables.append(table)
    return tables


def summary(doc: dict[str, Any], lang: str) -> list[str]:
    """Per block, a few lines: classes, mean, best and worst units, caps, flags, awards."""
    words, pos = Words(doc, lang), class_positions(doc)
    awards = doc.get("awards", [])
    lines: list[str] = []
    for members in _by_block(doc["units"]):
        block = members[0]["block"]
        lines.append(
            f"[bold]{escape(words.block(block))}[/bold] ({len(members)} " + _("units", lang) + ")"
        )
        counts: dict[str, int] = {}
        for u in members:
            counts[u["class"]] = counts.get(u["class"], 0) + 1
        ordered = sorted(counts, key=lambda k: pos.get((block, k), 9))
        indices = [u["index"] for u in members if u["index"] is not None]
        mean_text = number(mean(indices), lang, words.decimals(members[0])) if indices else ""
        lines.append(
            "  "
            + " · ".join(
                f"[{CLASS_STYLE[min(pos.get((block, k), 4), 4)]}]{escape(words.klass(k))}[/] "
                f"{counts[k]}"
                for k in ordered
            )
            + "   "
            + _("mean index {mean}", lang).format(mean=mean_text)
        )
        if len(members) <= 2 * TOP:
            shown = [("", members)]
        else:
            shown = [
                (_("Top {n}", lang).format(n=TOP), members[:TOP]),
                (_("Bottom {n}", lang).format(n=TOP), members[-TOP:]),
            ]
        width = max(len(u["name"]) for u in members)
        for head, group in shown:
            if head:
                lines.append(f"  {head}:")
            for u in group:
                lines.append(
                    f"  {u['rank']:>4}. {escape(u['name']).ljust(width)} "
                    f"{words.index(u):>6}  {_styled(words, pos, u)}"
                )
        capped = [u for u in members if any(c["lowered"] for c in u["caps"])]
        if capped:
            lines.append(
                "  "
                + _("Class lowered by a cap: {units}", lang).format(
                    units=", ".join(escape(u["name"]) for u in capped)
                )
            )
        flagged = [u for u in members if u.get("self_flag")]
        if flagged:
            lines.append(
                "  "
                + _("Self-assessment well above appraisal: {units}", lang).format(
                    units=", ".join(
                        f"{escape(u['name'])} (+{number(u['self_gap'], lang)})" for u in flagged
                    )
                )
            )
        mine = [a for a in awards if a["block"] == block]
        if mine:
            titles: dict[str, list[dict[str, Any]]] = {}
            for a in mine:
                titles.setdefault(words.award(a), []).append(a)
            lines.append(
                "  "
                + _("Awards: {awards}", lang).format(
                    awards="; ".join(
                        f"{escape(t)} "
                        + (
                            f"({escape(why)})"
                            if (why := words.undecided(v))
                            else str(sum(int(a["eligible"]) for a in v))
                        )
                        for t, v in titles.items()
                    )
                )
            )
        lines.append("")
    return lines


def print_ranking(
    doc: dict[str, Any], lang: str, out: Console, *, full: bool = False, block: str | None = None
) -> None:
    """The summary per block, or with `full` every unit; `block` keeps one block only."""
    if block is not None:
        doc = {**doc, "units": [u for u in doc["units"] if u["block"] == block]}
        doc["heads"] = [h for h in doc.get("heads", []) if h["block"] == block]
        doc["awards"] = [a for a in doc.get("awards", []) if a["block"] == block]
    if full:
        for table in ranking_tables(doc, lang):
            out.print(table)
        if doc.get("heads"):
            out.print(heads_table(doc, lang))
        for table in award_tables(doc, lang, everyone=False):
            out.print(table)
        return
    for line in summary(doc, lang):
        out.print(line, highlight=False)


def print_explanation(doc: dict[str, Any], u: dict[str, Any], lang: str, out: Console) -> None:
    """Why one unit (a row of the document) got its points, and what would lift it."""
    words, pos = Words(doc, lang), class_positions(doc)
    out.print(f"[bold]{escape(u['id'])} — {escape(u['name'])}[/bold]")
    points = _("{points} of {possible} points", lang).format(
        points=short(u["points"], lang), possible=short(u["possible"], lang)
    )
    line = "   ".join(
        [
            _("Index (%)", lang) + f": {words.index(u)}  ({points})",
            _("Class", lang) + f": {_styled(words, pos, u)}",
            _("Rank", lang) + f": {u['rank']}/{u['block_size']}",
        ]
    )
    if u.get("index_self") is not None:
        line += "   " + _("Self-assessed (%)", lang) + f": {words.index(u, 'index_self')}"
    out.print(line, highlight=False)
    table = Table()
    table.add_column(_("Criterion", lang))
    table.add_column(_("Rule", lang))
    table.add_column(_("Points", lang), justify="right")
    table.add_column(_("Max", lang), justify="right")
    table.add_column(_("Lost", lang), justify="right")
    for c in view.criteria(doc, u):
        pts = short(c["points"], lang) if c["points"] is not None else "—"
        lost = short(c["lost"], lang) if c["lost"] > 0 else ""
        table.add_row(
            escape(f"{c['id']} {title(c, lang)}"),
            escape(words.rule(c)),
            pts,
            short(c["max"], lang),
            lost,
        )
    out.print(table)
    for cap in u["explanation"]["caps"]:
        effect = (
            _("lowered the class", lang) if cap["lowered"] else _("did not change the class", lang)
        )
        text = cap.get("reason_en") or cap["reason"] if lang == "en" else cap["reason"]
        out.print(
            _("Caps", lang)
            + f": {escape(text)} (→ "
            + _("at most", lang)
            + f" {escape(words.klass(cap['at_most']))}): {effect}",
            highlight=False,
        )
    for sentence in words.lift(u):
        out.print(escape(sentence), highlight=False)


def heads_table(doc: dict[str, Any], lang: str) -> Table:
    words = Words(doc, lang)
    table = Table(title=_("Heads of unit", lang), title_justify="left")
    for head, right in (
        (_("ID", lang), False),
        (_("Unit", lang), False),
        (_("Head", lang), False),
        (_("Position", lang), False),
        (_("Term", lang), False),
        (_("Share of unit result", lang), True),
        (_("Score", lang), True),
        (_("Level", lang), False),
        (_("Note", lang), False),
    ):
        table.add_column(head, justify="right" if right else "left")
    for h in doc.get("heads", []):
        term = f"{day(h['start'], lang)}–{day(h['end'], lang)}"
        note = "; ".join(
            (c.get("reason_en") or c["reason"]) if lang == "en" else c["reason"]
            for c in h["caps"]
            if c["lowered"]
        )
        table.add_row(
            escape(h["unit"]),
            escape(h["unit_name"]),
            escape(h["head"]),
            escape(h["position"]),
            term,
            number(h["weight_of_unit_result"] * 100, lang, 0) + "%",
            number(h["score"], lang),
            escape(words.level(h["level"])),
            escape(note),
        )
    return table


def award_tables(doc: dict[str, Any], lang: str, *, everyone: bool) -> list[Table]:
    """Per award: the eligible units; with `everyone`, every unit and why it was refused."""
    words = Words(doc, lang)
    tables = []
    grouped: dict[str, list[dict[str, Any]]] = {}
    for a in doc.get("awards", []):  # in the order the criteria file lists the awards
        grouped.setdefault(a["award"], []).append(a)
    for members in grouped.values():
        shown = members if everyone else [a for a in members if a["eligible"]]
        undecided = words.undecided(members)
        count = undecided or f"{sum(a['eligible'] for a in members)} " + _("eligible", lang)
        table = Table(
            title=_("Emulation awards", lang)
            + f" — {escape(words.award(members[0]))} ({escape(count)})",
            title_justify="left",
        )
        table.add_column(_("ID", lang))
        table.add_column(_("Unit", lang))
        table.add_column(_("Block", lang))
        table.add_column(_("Result", lang) if not everyone else _("Reasons", lang))
        for a in shown:
            status = _("eligible", lang) if a["eligible"] else "; ".join(words.award_reasons(a))
            table.add_row(
                escape(a["unit"]),
                escape(a["unit_name"]),
                escape(words.block(a["block"])),
                escape(status),
            )
        if not shown:
            table.add_row("", undecided or _("No unit is eligible.", lang), "", "")
        tables.append(table)
    return tables
