"""Rankings and explanations as tables in the terminal (rich)."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from rich.console import Console
from rich.table import Table

from parindex.reports.labels import number, short, t
from parindex.scoring.explain import CriterionTrace, Explanation

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
            note = "; ".join(
                (c["reason"] if lang == "vi" else c["reason_en"] or c["reason"])
                for c in r["caps"]
                if c["lowered"]
            )
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


def rule_text(c: CriterionTrace, lang: str) -> str:
    """What the rule did for this unit, in words."""
    if c.status == "not_applicable":
        return t("not_applicable", lang)
    if c.status == "no_cases_full_marks":
        return t("no_cases", lang)
    value = _value_text(c, lang)
    if c.kind == "bands":
        if c.band == 0:
            return f"{value}: {t('otherwise', lang)}"
        sign = "≥" if c.better == "higher" else "<"
        return f"{value} {sign} {short(c.bound, lang)}: {t('band', lang)} {c.band}"
    if c.kind == "appraised":
        return t("appraised", lang)
    return value


def _value_text(c: CriterionTrace, lang: str) -> str:
    if c.value is None or c.of is None:
        return ""
    if c.of.endswith(("_rate", "_share")) and 0 <= c.value <= 1:
        return f"{c.of} = {number(c.value * 100, lang)}%"
    return f"{c.of} = {short(c.value, lang)}"


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
    for c in e.criteria:
        pts = short(c.points, lang) if c.points is not None else "—"
        lost = short(c.lost, lang) if c.lost > 0 else ""
        table.add_row(f"{c.id} {c.title}", rule_text(c, lang), pts, short(c.max, lang), lost)
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
