"""The impact of a revision and the robustness of a ranking as terminal tables, Markdown and
JSON, in the reader's language."""

from __future__ import annotations

import json
from typing import Any

from rich.table import Table

from parindex.i18n import N_, _, number, short, signed
from parindex.reports.lexicon import Lexicon
from parindex.scoring.impact import BlockImpact, UnitImpact


def impact_rows(units: list[UnitImpact]) -> list[dict[str, Any]]:
    return [
        {
            "id": u.id,
            "name": u.name,
            "block": u.block,
            "index_before": u.index_before,
            "index_after": u.index_after,
            "index_change": round(u.index_after - u.index_before, 2),
            "class_before": u.class_before,
            "class_after": u.class_after,
            "class_direction": u.direction,
            "rank_before": u.rank_before,
            "rank_after": u.rank_after,
            "caps_before": u.caps_before,
            "caps_after": u.caps_after,
            "criteria": [
                {
                    "id": d.id,
                    "old_id": d.old_id,
                    "before": d.before,
                    "after": d.after,
                    "max_before": d.max_before,
                    "max_after": d.max_after,
                    "change": round(d.delta, 4),
                }
                for d in u.criteria
            ],
        }
        for u in units
    ]


def summary_rows(blocks: list[BlockImpact]) -> list[dict[str, Any]]:
    return [
        {
            "block": b.block,
            "units": b.units,
            "class_rose": b.rose,
            "class_fell": b.fell,
            "class_same": b.same,
            "mean_index_change": round(b.mean_change, 2),
        }
        for b in blocks
    ]


def impact_tables(
    units: list[dict[str, Any]], summary: list[dict[str, Any]], lex: Lexicon, *, everyone: bool
) -> list[Table]:
    lang = lex.lang
    head = Table(title=_("Impact of the new criteria", lang), title_justify="left")
    for col in _SUMMARY:
        head.add_column(_(col, lang), justify="left" if col == "Block" else "right")
    for s in summary:
        head.add_row(*_summary_cells(s, lex))
    detail = Table(
        title=_("Units", lang) if everyone else _("Units whose class changed", lang),
        title_justify="left",
    )
    for col in _DETAIL:
        detail.add_column(_(col, lang))
    for u in units:
        if everyone or u["class_direction"] != 0:
            detail.add_row(*_unit_cells(u, lex))
    return [head, detail]


_SUMMARY = (
    N_("Block"),
    N_("Units"),
    N_("Class up"),
    N_("Class down"),
    N_("Same"),
    N_("Mean index change"),
)
_DETAIL = (
    N_("ID"),
    N_("Unit"),
    N_("Index before → after"),
    N_("Class"),
    N_("Rank"),
    N_("Criteria that moved most"),
)


def _summary_cells(s: dict[str, Any], lex: Lexicon) -> list[str]:
    counts = (s["units"], s["class_rose"], s["class_fell"], s["class_same"])
    return [
        lex.block(s["block"]),
        *map(str, counts),
        signed(s["mean_index_change"], lex.lang),
    ]


def _unit_cells(u: dict[str, Any], lex: Lexicon) -> list[str]:
    lang = lex.lang
    return [
        u["id"],
        u["name"],
        f"{number(u['index_before'], lang)} → {number(u['index_after'], lang)}",
        f"{lex.klass(u['class_before'])} → {lex.klass(u['class_after'])}",
        f"{u['rank_before']} → {u['rank_after']}",
        _moved(u, lex),
    ]


def impact_markdown(
    units: list[dict[str, Any]], summary: list[dict[str, Any]], lex: Lexicon
) -> str:
    lang = lex.lang
    lines = [
        "| " + " | ".join(_(c, lang) for c in _SUMMARY) + " |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += ["| " + " | ".join(_summary_cells(s, lex)) + " |" for s in summary]
    lines += [
        "",
        "| " + " | ".join(_(c, lang) for c in _DETAIL) + " |",
        "|---|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(_unit_cells(u, lex)) + " |" for u in units]
    return "\n".join(lines) + "\n"


def impact_json(units: list[dict[str, Any]], summary: list[dict[str, Any]], lex: Lexicon) -> str:
    """For programs: ids as the criteria name things, each beside its label in the run's
    language (`…_label`), for whoever shows the data to a reader."""
    return to_json(
        {
            "summary": [s | {"block_label": lex.block(s["block"])} for s in summary],
            "units": [
                u
                | {
                    "block_label": lex.block(u["block"]),
                    "class_before_label": lex.klass(u["class_before"]),
                    "class_after_label": lex.klass(u["class_after"]),
                    "criteria": [
                        c | {"label": lex.criterion(u["block"], c["id"])} for c in u["criteria"]
                    ],
                }
                for u in units
            ],
        }
    )


def robustness_json(rows: list[dict[str, Any]], lex: Lexicon) -> str:
    """For programs, with the labels of blocks, classes and awards in the run's language."""
    awards = sorted({a for r in rows for a in r["awards"]})
    return to_json(
        {
            "award_labels": {a: lex.award(a) for a in awards},
            "units": [
                r | {"block_label": lex.block(r["block"]), "class_label": lex.klass(r["class"])}
                for r in rows
            ],
        }
    )


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _moved(u: dict[str, Any], lex: Lexicon) -> str:
    """The criteria whose points moved most, and any cap that started or stopped holding."""
    lang = lex.lang
    parts = [
        f"{lex.criterion(u['block'], c['id'])} {signed(c['change'], lang)}"
        for c in u["criteria"][:3]
    ]
    parts += [
        _("cap: {reason}", lang).format(reason=lex.cap(r))
        for r in u["caps_after"]
        if r not in u["caps_before"]
    ]
    parts += [
        _("cap lifted: {reason}", lang).format(reason=lex.cap(r))
        for r in u["caps_before"]
        if r not in u["caps_after"]
    ]
    return "; ".join(parts)


def robustness_rows(r: Any, flag_share: float | None = None) -> list[dict[str, Any]]:
    """One record per unit of a robustness analysis (scoring.robustness.Robustness)."""
    out = []
    index = {b: 0 for b in r.class_labels}
    for i, uid in enumerate(r.ids):
        block = r.blocks[i]
        labels = r.class_labels[block]
        row = r.class_share[block][index[block]]
        index[block] += 1
        out.append(
            {
                "id": uid,
                "name": r.names[i],
                "block": block,
                "class": r.base_class[i],
                "class_share": {
                    label: round(float(x), 4) for label, x in zip(labels, row, strict=True)
                },
                "keeps_class": round(float(r.base_class_share[i]), 4),
                "median_rank": float(r.median_rank[i]),
                "rank_p5": float(r.rank_p5[i]),
                "rank_p95": float(r.rank_p95[i]),
                "flagged": bool(r.flagged[i]),
                "flag_share": flag_share,
                "awards": {a: round(float(v[i]), 4) for a, v in r.award_share.items()},
            }
        )
    return out


def robustness_table(rows: list[dict[str, Any]], lex: Lexicon, *, everyone: bool) -> Table:
    lang = lex.lang
    awards = sorted({a for r in rows for a in r["awards"]})
    table = Table(
        title=_("How solid each class is", lang),
        title_justify="left",
        caption=_legend(rows, lang),
        caption_justify="left",
    )
    for col in _ROBUST:
        table.add_column(_(col, lang))
    for a in awards:
        table.add_column(lex.award(a))
    table.add_column("⚑")
    for r in rows:
        if everyone or r["flagged"]:
            table.add_row(*_robust_cells(r, awards, lex))
    return table


_ROBUST = (
    N_("ID"),
    N_("Unit"),
    N_("Class"),
    N_("Keeps class"),
    N_("Other classes"),
    N_("Median rank (5–95%)"),
)


def _robust_cells(r: dict[str, Any], awards: list[str], lex: Lexicon) -> list[str]:
    lang = lex.lang
    others = ", ".join(
        f"{lex.klass(k)} {v:.0%}" for k, v in r["class_share"].items() if k != r["class"] and v > 0
    )
    ranks = f"{short(r['median_rank'], lang)} ({short(r['rank_p5'], lang)}–"
    ranks += f"{short(r['rank_p95'], lang)})"
    return [
        r["id"],
        r["name"],
        lex.klass(r["class"]),
        f"{r['keeps_class']:.0%}",
        others,
        ranks,
        *[f"{r['awards'][a]:.0%}" for a in awards],
        "⚑" if r["flagged"] else "",
    ]


def _legend(rows: list[dict[str, Any]], lang: str) -> str:
    shares = {r.get("flag_share") for r in rows}
    if len(shares) == 1 and None not in shares:
        share = next(iter(shares))
        return _("⚑ the unit's class changes in more than {share} of the draws", lang).format(
            share=f"{share:.0%}"
        )
    return _("⚑ the unit's class changes in too many of the draws to be relied on", lang)


def robustness_markdown(rows: list[dict[str, Any]], lex: Lexicon) -> str:
    lang = lex.lang
    awards = sorted({a for r in rows for a in r["awards"]})
    heads = [*(_(c, lang) for c in _ROBUST), *(lex.award(a) for a in awards), "⚑"]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    lines += ["| " + " | ".join(_robust_cells(r, awards, lex)) + " |" for r in rows]
    return "\n".join([*lines, "", _legend(rows, lang)]) + "\n"
