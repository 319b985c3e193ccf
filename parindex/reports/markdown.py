"""A Markdown summary for pasting into a written report: per block, class counts, ranking and
the units whose class a cap lowered; then the heads' levels and the awards.

Every text from the data is escaped (HTML and the Markdown table's `|`): a unit named
`<script>` shows as text wherever the summary is rendered.
"""

from __future__ import annotations

import html
from typing import Any

from parindex.i18n import _, number
from parindex.reports.text import Words, blocks, provenance


def files(doc: dict[str, Any], lang: str) -> dict[str, bytes]:
    return {"summary.md": summary(doc, lang).encode("utf-8")}


def cell(text: str) -> str:
    """Data text made inert in Markdown: HTML escaped, pipes and line breaks kept in the cell."""
    out = html.escape(str(text), quote=False).replace("|", "\\|")
    return " ".join(out.split())


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def summary(doc: dict[str, Any], lang: str) -> str:
    words = Words(doc, lang)
    periods = sorted({s.get("period", "") for s in doc.get("criteria_sets", [])} - {""})
    lines = [("# " + _("PAR index results", lang) + " " + ", ".join(periods)).rstrip(), ""]
    for block, _label, units in blocks(doc):
        count = f"({len(units)} " + _("units", lang) + ")"
        lines += [f"## {cell(words.block(block))} {count}", ""]
        counts: dict[str, int] = {}
        for u in units:
            counts[words.klass(u["class"])] = counts.get(words.klass(u["class"]), 0) + 1
        lines.append(", ".join(f"{cell(k)}: {n}" for k, n in counts.items()))
        lines += [
            "",
            _row([_("Rank", lang), _("Unit", lang), _("Index (%)", lang), _("Class", lang)])[:-1]
            + _row([_("Note", lang)]),
            "|---:|---|---:|---|---|",
        ]
        for u in units:
            notes = "; ".join(words.notes(u))
            lines.append(
                f"| {u['rank']} | {cell(u['name'])} | {words.index(u)} "
                f"| {cell(words.klass(u['class']))} | {cell(notes)} |"
            )
        lines.append("")
    if doc.get("heads"):
        lines += [
            "## " + _("Heads of unit", lang),
            "",
            _row([_("Unit", lang), _("Head", lang), _("Score", lang), _("Level", lang)])[:-1]
            + _row([_("Note", lang)]),
            "|---|---|---:|---|---|",
        ]
        for h in doc["heads"]:
            note = "; ".join(
                (c.get("reason_en") or c["reason"]) if lang == "en" else c["reason"]
                for c in h["caps"]
                if c["lowered"]
            )
            lines.append(
                f"| {cell(h['unit_name'])} | {cell(h['head'])} | {number(h['score'], lang)} "
                f"| {cell(words.level(h['level']))} | {cell(note)} |"
            )
        lines.append("")
    if doc.get("awards"):
        lines += ["## " + _("Emulation awards", lang), ""]
        grouped: dict[str, list[dict[str, Any]]] = {}
        for a in doc["awards"]:
            grouped.setdefault(a["award"], []).append(a)
        for members in grouped.values():
            eligible = [a for a in members if a["eligible"]]
            undecided = words.undecided(members)
            if undecided:
                lines.append(f"- **{cell(words.award(members[0]))}**: {cell(undecided)}")
                continue
            lines.append(
                f"- **{cell(words.award(members[0]))}** ({len(eligible)} "
                + _("eligible", lang)
                + "): "
                + (
                    ", ".join(f"{cell(a['unit_name'])}" for a in eligible)
                    or _("No unit is eligible.", lang)
                )
            )
        lines.append("")
    lines += ["---", *[f"{cell(k)}: {cell(v)}  " for k, v in provenance(doc, lang)], ""]
    return "\n".join(lines)
