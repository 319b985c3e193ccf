"""Sentences shared by every format: what a rule did, in the reader's language."""

from __future__ import annotations

from typing import Any

from parindex.reports.labels import number, short, t


def rule_text(c: dict[str, Any], lang: str) -> str:
    """What the rule did for this unit (one criterion's trace from `explanation_row`)."""
    if c["status"] == "not_applicable":
        return t("not_applicable", lang)
    if c["status"] == "no_cases_full_marks":
        return t("no_cases", lang)
    value = value_text(c, lang)
    if c["kind"] == "bands":
        if c["band"] == 0:
            return f"{value}: {t('otherwise', lang)}"
        sign = "≥" if c["better"] == "higher" else "<"
        return f"{value} {sign} {short(c['bound'], lang)}: {t('band', lang)} {c['band']}"
    if c["kind"] == "appraised":
        return t("appraised", lang)
    return value


def value_text(c: dict[str, Any], lang: str) -> str:
    if c["value"] is None or c["of"] is None:
        return ""
    if c["of"].endswith(("_rate", "_share")) and 0 <= c["value"] <= 1:
        return f"{c['of']} = {number(c['value'] * 100, lang)}%"
    return f"{c['of']} = {short(c['value'], lang)}"


def klass(row: dict[str, Any], lang: str, key: str = "class") -> str:
    """A class (or level) in the reader's language; Vietnamese when no English is given."""
    english = row.get(f"{key}_en")
    return str(english if lang == "en" and english else row[key])


def lift_text(unit: dict[str, Any], lang: str) -> list[str]:
    """What would lift the unit to the next class, as sentences."""
    lift = unit["explanation"]["lift"]
    if lift is None:
        return [t("best_class", lang)]
    target = (
        lift["target_class_en"]
        if lang == "en" and lift["target_class_en"]
        else lift["target_class"]
    )
    head = f"{t('lift_title', lang)} {target} (≥ {short(lift['target_min'], lang)})"
    out = []
    if not lift["reachable"]:
        out.append(f"{head}: {t('lift_unreachable', lang)}")
    elif lift["needed_points"] > 0:
        steps = "; ".join(
            f"{s['id']} {title(s, lang)} (+{short(s['lost'], lang)})" for s in lift["steps"]
        )
        out.append(
            f"{head}: {t('lift_need', lang)} {short(lift['needed_points'], lang)} "
            f"{t('lift_points', lang)}. {t('lift_recover', lang)}: {steps}"
        )
    for cap in lift["blocking_caps"]:
        out.append(f"{head}: {t('lift_cap', lang)} “{cap['reason']}” ({cap['when']})")
    return out


def blocks(doc: dict[str, Any]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(block id, label, units in rank order) in the order the results list them."""
    out: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for u in doc["units"]:
        out.setdefault(u["block"], (u["block_label"], []))[1].append(u)
    return [(b, label, units) for b, (label, units) in out.items()]


def block_label(units: list[dict[str, Any]], lang: str) -> str:
    u = units[0]
    return str(
        u["block_label_en"] if lang == "en" and u.get("block_label_en") else u["block_label"]
    )


def title(c: dict[str, Any], lang: str) -> str:
    """A criterion's title in the reader's language (Vietnamese when no English is given)."""
    return str(c.get("title_en") or c["title"]) if lang == "en" else str(c["title"])


def reason(cap: dict[str, Any], lang: str) -> str:
    """A cap's reason in the reader's language (Vietnamese when no English is given)."""
    return str(cap.get("reason_en") or cap["reason"]) if lang == "en" else str(cap["reason"])
