"""Rankings and explanations as tables in the terminal (rich)."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from rich.console import Console
from rich.table import Table

from parindex.reports.labels import day_month_year, number, short, t
from parindex.reports.text import rule_text, title
from parindex.run.document import explanation_row
from parindex.scoring.explain import Explanation

CLASS_STYLE = {0: "bold green", 1: "cyan", 2: "yellow", 3: "red", 4: "bold red"}


def ranking_tables(rows: list[dict[str, Any]], lang: str) -> list[Table]:
    tables = []
    for _, group in groupby(rows, key=lambda r: (r["criteria_set"], r["block"])):
        members = list(group)
        first = members[0]
        label = (
            first["block_label"]
            if lang == "vi"
            else first["block_label_en"] or first["block_label"]
        )
        table = Table(
            title=f"{t('ranking_title', lang)} — {label} ({len(members)} {t('units', lang)})",
            title_justify="left",
        )
        table.add_column(t("rank", lang), justify="right")
        table.add_column(t("id", lang))
        table.add_column(t("unit", lang))
        table.add_column(t("index", lang), justify="right")
        table.add_column(t("class", lang))
        table.add_column(t("self_index", lang), justify="right")
        table.add_column(t("note", lang))
        for r in members:
            klass = r["class"] if lang == "vi" else r["class_en"] or r["class"]
            notes = [
                (c["reason"] if lang == "vi" else c["reason_en"] or c["reason"])
                for c in r["caps"]
                if c["lowered"]
            ]
            if r.get("self_flag"):
                notes.append(f"{t('self_flag', lang)} {number(r['self_gap'], lang)}")
            note = "; ".join(notes)
            table.add_row(
                str(r["rank"]),
                r["id"],
                r["name"],
                number(r["index"], lang),
                klass,
                number(r["index_self"], lang),
                note,
            )
        tables.append(table)
    return tables


def print_ranking(rows: list[dict[str, Any]], lang: str, console: Console) -> None:
    for table in ranking_tables(rows, lang):
        console.print(table)


def print_explanation(e: Explanation, lang: str, console: Console, class_rank: int) -> None:
    console.print(f"[bold]{e.id} — {e.name}[/bold]")
    klass = _klass(e.klass, e.klass_en, lang)
    console.print(
        f"{t('index', lang)}: {number(e.rounded, lang)}  ({short(e.achieved, lang)} "
        f"{t('of', lang)} {short(e.possible, lang)} {t('points', lang).lower()})   "
        f"{t('class', lang)}: [{CLASS_STYLE.get(class_rank, '')}]{klass}[/]   "
        f"{t('rank', lang)}: {e.rank}/{e.block_size}"
        + (f"   {t('self_index', lang)}: {number(e.self_index, lang)}" if e.self_index else "")
    )
    table = Table()
    table.add_column(t("criterion", lang))
    table.add_column(t("rule", lang))
    table.add_column(t("points", lang), justify="right")
    table.add_column(t("max", lang), justify="right")
    table.add_column(t("lost", lang), justify="right")
    for c in explanation_row(e)["criteria"]:
        pts = short(c["points"], lang) if c["points"] is not None else "—"
        lost = short(c["lost"], lang) if c["lost"] > 0 else ""
        table.add_row(
            f"{c['id']} {title(c, lang)}", rule_text(c, lang), pts, short(c["max"], lang), lost
        )
    console.print(table)
    for cap in e.caps:
        effect = t("cap_lowered", lang) if cap.lowered else t("cap_no_effect", lang)
        console.print(f"{t('caps', lang)}: {cap.reason} ({cap.when} → ≤ {cap.at_most}): {effect}")
    lift = e.lift
    if lift is None:
        console.print(t("best_class", lang))
        return
    target = _klass(lift.target_class, lift.target_class_en, lang)
    head = f"{t('lift_title', lang)} {target} (≥ {short(lift.target_min, lang)})"
    if not lift.reachable:
        console.print(f"{head}: {t('lift_unreachable', lang)}")
    elif lift.needed_points > 0:
        console.print(
            f"{head}: {t('lift_need', lang)} {short(round(lift.needed_points, 2), lang)}"
            f" {t('lift_points', lang)}. {t('lift_recover', lang)}:"
        )
        for s in lift.steps:
            console.print(f"  • {s.id} {s.title}: +{short(s.lost, lang)}")
    for cap in lift.blocking_caps:
        console.print(f"{head}: {t('lift_cap', lang)} “{cap.reason}” ({cap.when})")


def _klass(vi: str, en: str | None, lang: str) -> str:
    return en if lang == "en" and en else vi


def heads_table(heads: list[dict[str, Any]], lang: str) -> Table:
    table = Table(title=t("heads_title", lang), title_justify="left")
    for key, justify in (
        ("id", "left"),
        ("unit", "left"),
        ("head", "left"),
        ("position", "left"),
        ("term", "left"),
        ("share", "right"),
        ("score", "right"),
        ("level", "left"),
        ("note", "left"),
    ):
        table.add_column(t(key, lang), justify=justify)  # type: ignore[arg-type]
    for h in heads:
        level = h["level_en"] if lang == "en" and h["level_en"] else h["level"]
        term = f"{day_month_year(h['start'])}–{day_month_year(h['end'])}"
        note = "; ".join(
            (c["reason_en"] or c["reason"]) if lang == "en" else c["reason"]
            for c in h["caps"]
            if c["lowered"]
        )
        table.add_row(
            h["unit"],
            h["unit_name"],
            h["head"],
            h["position"],
            term,
            number(h["weight_of_unit_result"] * 100, lang, 0) + "%",
            number(h["score"], lang),
            level,
            note,
        )
    return table


def award_tables(awards: list[dict[str, Any]], lang: str, *, everyone: bool) -> list[Table]:
    """Per award: the eligible units; with `everyone`, every unit and why it was refused."""
    tables = []
    grouped: dict[str, list[dict[str, Any]]] = {}
    for a in awards:  # in the order the criteria file lists the awards
        grouped.setdefault(a["award"], []).append(a)
    for members in grouped.values():
        shown = members if everyone else [a for a in members if a["eligible"]]
        table = Table(
            title=f"{t('awards_title', lang)} — {members[0]['title']} "
            f"({sum(a['eligible'] for a in members)} {t('eligible', lang)})",
            title_justify="left",
        )
        table.add_column(t("id", lang))
        table.add_column(t("unit", lang))
        table.add_column(t("block", lang))
        table.add_column(t("result", lang) if not everyone else t("reasons", lang))
        for a in shown:
            status = t("eligible", lang) if a["eligible"] else "; ".join(a["reasons"])
            table.add_row(a["unit"], a["unit_name"], a["block"], status)
        if not shown:
            table.add_row("", t("none_eligible", lang), "", "")
        tables.append(table)
    return tables
