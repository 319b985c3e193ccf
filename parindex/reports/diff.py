"""`parindex diff` in words: each change of the criteria as the reader's language says it.

The change records (`criteria.diff.Change.as_dict`) carry the values as data; this says them
with the sets' own names (areas and criteria by title, indicators by label, blocks and classes
by label), the language's numbers, and rule parameters in words, never their YAML names.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table

from parindex.criteria.change import Change
from parindex.criteria.model import CriteriaSet
from parindex.i18n import N_, _, short
from parindex.reports.lexicon import Lexicon

KINDS = {
    "added": N_("added"),
    "removed": N_("removed"),
    "renamed": N_("renumbered"),
    "moved": N_("moved"),
    "max": N_("maximum"),
    "bands": N_("bands"),
    "rule": N_("scoring rule"),
    "title": N_("title"),
    "blocks": N_("blocks it applies to"),
    "class": N_("class threshold"),
    "cap": N_("class cap"),
    "formula": N_("formula"),
    "total": N_("declared total"),
    "indicator": N_("indicator type"),
    "zero_denominator": N_("when the denominator is 0"),
    "not_applicable_if": N_("not applicable when"),
    "ranking": N_("ranking rules"),
    "sum of maxima": N_("sum of maxima"),
}
RULES = {
    "bands": N_("bands"),
    "proportional": N_("proportional"),
    "yes_no": N_("yes/no"),
    "deduct": N_("points deducted per case"),
    "bonus": N_("points added per case"),
    "relative_to_best": N_("relative to the best unit"),
    "appraised": N_("appraised points"),
    "survey": N_("survey"),
}
PARAMS = {
    "of": N_("of {value}"),
    "target": N_("full points at {value}"),
    "floor": N_("no points at {value}"),
    "each": N_("{value} points each"),
    "cap": N_("at most {value} points"),
    "better": N_("{value} is better"),
    "if_missing": N_("when missing: {value}"),
}
WORDS = {
    "higher": N_("higher"),
    "lower": N_("lower"),
    "rescale": N_("the other points are rescaled"),
    "zero": N_("zero"),
    "error": N_("an error"),
    "not_applicable": N_("not applicable"),
    "full_marks": N_("full marks"),
    "count": N_("count"),
    "rate": N_("rate"),
    "percent": N_("percentage"),
    "yes_no": N_("yes/no"),
    "points": N_("points"),
    "score": N_("score"),
}


def diff_rows(changes: list[Change], old: CriteriaSet, new: CriteriaSet) -> list[dict[str, Any]]:
    """The records of one pair of sets: their ids (for programs) and titles (for readers)."""

    def title(cs: CriteriaSet, lang: str) -> str:
        return str((cs.title_en if lang == "en" else None) or cs.title)

    pair = f"{old.id} → {new.id}"
    titles = {
        lang: title(old, lang)
        if title(old, lang) == title(new, lang)
        else f"{title(old, lang)} → {title(new, lang)}"
        for lang in ("vi", "en")
    }
    return [{"sets": pair, "sets_title": titles, **c.as_dict()} for c in changes]


def said(row: dict[str, Any], lex: Lexicon) -> tuple[str, str, str, str]:
    """(kind, subject, before, after) of one change, in words."""
    lang = lex.lang
    kind = _(KINDS[row["kind"]], lang) if row["kind"] in KINDS else row["kind"]
    before, after = row.get("before"), row.get("after")
    if row["kind"] in ("added", "removed") and before is None and after is None:
        shown = lex.named(row.get("name")) or row["id"]
        before, after = (None, shown) if row["kind"] == "added" else (shown, None)
    elif row["kind"] == "blocks":  # no list: the criterion applies to every block
        before, after = before or _("all blocks", lang), after or _("all blocks", lang)
    return kind, subject(row, lex), _value(before, row, lex), _value(after, row, lex)


def subject(row: dict[str, Any], lex: Lexicon) -> str:
    lang, what, ref = lex.lang, row.get("what"), row.get("id", "")
    name = lex.named(row.get("name"))
    if what == "area":
        return _("Area {id}: {title}", lang).format(id=ref, title=name)
    if what == "criterion":
        return _("Criterion {id}: {title}", lang).format(id=ref, title=name)
    if what == "block":
        return _("Block: {name}", lang).format(name=name or lex.block(ref))
    if what == "class":
        return _("Class {name} ({block})", lang).format(
            name=name or ref, block=lex.block(row.get("block") or "")
        )
    if what == "cap":
        return _("Cap {n}", lang).format(n=ref)
    if what in ("indicator", "derived"):
        return name or lex.indicator(ref)
    if what == "total":
        return _("Declared total", lang)
    if what == "ranking":
        return _("Ranking", lang)
    return str(row["subject"])  # a record written before changes carried their data


def _value(v: Any, row: dict[str, Any], lex: Lexicon) -> str:
    lang = lex.lang
    if v is None:
        return "—"
    if isinstance(v, bool):
        return _("yes", lang) if v else _("no", lang)
    if isinstance(v, int | float):
        return short(v, lang)
    if isinstance(v, str):
        if row["kind"] in ("formula", "not_applicable_if", "added", "removed") and row.get(
            "what"
        ) in ("derived", "criterion"):
            return lex.formula(v)
        return _(WORDS[v], lang) if v in WORDS else v
    if isinstance(v, list):  # the blocks a criterion applies to
        return ", ".join(lex.block(b) for b in v)
    return _record(v, row, lex)


def _record(v: dict[str, Any], row: dict[str, Any], lex: Lexicon) -> str:
    lang = lex.lang
    if "max" in v:
        return _("{title} (maximum {max})", lang).format(
            title=lex.named(v), max=short(v["max"], lang)
        )
    if "title" in v:
        return lex.named(v)
    if "area" in v:
        return _("Area {id}", lang).format(id=v["area"])
    if "criterion" in v:
        return _("Criterion {id}", lang).format(id=v["criterion"])
    if "sum" in v:
        return _("{sum} (declared total {total})", lang).format(
            sum=short(v["sum"], lang), total=short(v["total"], lang)
        )
    if "min" in v:
        return _("no minimum", lang) if v["min"] is None else f"≥ {short(v['min'], lang)}"
    if "when" in v:
        return _("{reason}: when {condition}, at most {class_}", lang).format(
            reason=(v.get("reason_en") if lang == "en" else None) or v["reason"],
            condition=lex.formula(v["when"]),
            class_=lex.klass(v["at_most"]),
        )
    if "cuts" in v:
        return _bands(v, lex)
    if "column" in v:
        return _("appraised points from column {column}", lang).format(column=v["column"])
    if "self_column" in v:
        return _("self-assessed points from column {column}", lang).format(column=v["self_column"])
    if "rule" in v:
        rule = _(RULES[v["rule"]], lang) if v["rule"] in RULES else v["rule"]
        if v["rule"] is None:
            return _("sub-criteria", lang)
        params = [_param(k, x, v["params"], lex) for k, x in v.get("params", {}).items()]
        return f"{rule}: {', '.join(params)}" if params else rule
    return _("changed", lang)  # the ranking rules: said as a change, not as their settings


def _param(key: str, value: Any, params: dict[str, Any], lex: Lexicon) -> str:
    lang = lex.lang
    if key == "of":
        shown = lex.indicator(str(value))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        shown = (
            lex.value(value, params.get("of")) if key in ("target", "floor") else short(value, lang)
        )
    else:
        shown = _(WORDS[value], lang) if value in WORDS else str(value)
    return _(PARAMS[key], lang).format(value=shown) if key in PARAMS else f"{key} {shown}"


def _bands(v: dict[str, Any], lex: Lexicon) -> str:
    """ "< 2% → 3 points; < 5% → 2 points; otherwise 0 points" with the indicator's label."""
    lang = lex.lang
    sign = "≥" if v["better"] == "higher" else "<"
    cuts = [
        _("{sign} {bound} → {points}", lang).format(
            sign=sign, bound=lex.value(bound, v["of"]), points=short(points, lang)
        )
        for bound, points in v["cuts"]
    ]
    rest = _("otherwise {points}", lang).format(points=short(v["otherwise"], lang))
    return f"{lex.indicator(v['of'])}: " + "; ".join([*cuts, rest])


def diff_table(rows: list[dict[str, Any]], lex: Lexicon) -> Table:
    lang = lex.lang
    table = Table(title=_("Criteria changes", lang), title_justify="left")
    for head in (N_("Criteria sets"), N_("Change"), N_("Subject"), N_("Before"), N_("After")):
        table.add_column(_(head, lang))
    for r in rows:
        table.add_row(r["sets_title"][lang], *said(r, lex))
    return table


def diff_markdown(rows: list[dict[str, Any]], lex: Lexicon) -> str:
    lang = lex.lang
    heads = [_(h, lang) for h in ("Criteria sets", "Change", "Subject", "Before", "After")]
    lines = ["| " + " | ".join(heads) + " |", "|---|---|---|---|---|"]
    for r in rows:
        cells = [r["sets_title"][lang], *said(r, lex)]
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
