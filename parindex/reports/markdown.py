"""A Markdown summary for pasting into a written report: per block, class counts and ranking."""

from __future__ import annotations

from typing import Any

from parindex.reports.labels import number, t
from parindex.reports.tabular import provenance_lines
from parindex.reports.text import block_label, blocks, klass


def files(doc: dict[str, Any], lang: str) -> dict[str, bytes]:
    return {"summary.md": summary(doc, lang).encode("utf-8")}


def summary(doc: dict[str, Any], lang: str) -> str:
    periods = sorted({s.get("period", "") for s in doc.get("criteria_sets", [])} - {""})
    lines = [f"# {t('ranking_title', lang)} {', '.join(periods)}".rstrip(), ""]
    for _, _, units in blocks(doc):
        lines += [f"## {block_label(units, lang)} ({len(units)} {t('units', lang)})", ""]
        counts: dict[str, int] = {}
        for u in units:
            counts[klass(u, lang)] = counts.get(klass(u, lang), 0) + 1
        lines.append(", ".join(f"{k}: {n}" for k, n in counts.items()))
        lines += [
            "",
            f"| {t('rank', lang)} | {t('unit', lang)} | {t('index', lang)} | {t('class', lang)} |",
            "|---:|---|---:|---|",
        ]
        for u in units:
            name = u["name"].replace("|", "\\|")
            lines.append(
                f"| {u['rank']} | {name} | {number(u['index'], lang)} | {klass(u, lang)} |"
            )
        lines.append("")
    lines += ["---", *[f"{line}  " for line in provenance_lines(doc)], ""]
    return "\n".join(lines)
