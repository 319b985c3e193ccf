"""Sentences shared by every format, in the reader's language and nothing else.

`Words` reads from the results document what the sentences need (labels of blocks, classes,
indicators, levels and awards, the decimals of each criteria set) so that no id or English
phrase of the engine reaches a reader of the other language. Here: that vocabulary and the
sentences of a unit's criteria, notes and lift; the reasons of awards are in `award_words`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from parindex.document import view
from parindex.i18n import _, number, percent, short
from parindex.reports.award_words import AwardWords


class Words(AwardWords):
    """One document's vocabulary in one language."""

    def __init__(self, doc: dict[str, Any], lang: str) -> None:
        self.lang = lang
        self.doc = doc
        sets = doc.get("criteria_sets", [])
        self.decimals_of = {s["id"]: int(s.get("decimals", 2)) for s in sets}
        self.block_of_set = {b: s["id"] for s in sets for b in s.get("blocks", {})}
        self.blocks: dict[str, str] = {}
        self.classes: dict[str, str] = {}
        self.indicators: dict[str, dict[str, Any]] = {}
        self.levels: dict[str, str] = {}
        self.awards: dict[str, str] = {}
        self.exclusions: dict[str, str] = {}
        en = lang == "en"
        for s in sets:
            for b, label in s.get("blocks", {}).items():
                self.blocks[b] = (s.get("blocks_en", {}).get(b) if en else None) or label
            for ks in s.get("classes", {}).values():
                for k in ks:
                    self.classes[k["label"]] = (k.get("label_en") if en else None) or k["label"]
            for n, ind in s.get("indicators", {}).items():
                self.indicators[n] = {
                    "label": (ind.get("label_en") if en else None) or ind.get("label") or n,
                    "kind": ind.get("kind"),
                }
            for lv in s.get("levels", []):
                self.levels[lv["label"]] = (lv.get("label_en") if en else None) or lv["label"]
            for aid, a in s.get("award_titles", {}).items():
                self.awards[aid] = (a.get("title_en") if en else None) or a["title"]
            for x in s.get("exclusions", []):
                self.exclusions[x["reason"]] = (x.get("reason_en") if en else None) or x["reason"]
        for u in doc.get("units", []):
            self.blocks.setdefault(u["block"], block_label([u], lang))
            self.classes.setdefault(u["class"], klass(u, lang))

    def decimals(self, row: dict[str, Any]) -> int:
        """The decimals of the criteria set that ranked this unit (`ranking.decimals`)."""
        cs = row.get("criteria_set") or self.block_of_set.get(row.get("block", ""), "")
        return self.decimals_of.get(cs, 2)

    def index(self, row: dict[str, Any], key: str = "index") -> str:
        return number(row.get(key), self.lang, self.decimals(row))

    def block(self, block_id: str) -> str:
        return self.blocks.get(block_id, block_id)

    def klass(self, label: str) -> str:
        return self.classes.get(label, label)

    def level(self, label: str) -> str:
        return self.levels.get(label, label)

    def award(self, a: dict[str, Any]) -> str:
        return self.awards.get(a["award"], str(a["title"]))

    def indicator(self, name: str | None) -> str:
        return "" if name is None else str(self.indicators.get(name, {}).get("label", name))

    def is_rate(self, name: str | None) -> bool:
        return name is not None and self.indicators.get(name, {}).get("kind") == "rate"

    def rule(self, c: Mapping[str, Any]) -> str:
        """What the rule did for this unit (one criterion of `document.view.criteria`)."""
        lang = self.lang
        if c["status"] == "not_applicable":
            return _("not applicable", lang)
        if c["status"] == "no_cases_full_marks":
            return _("no cases: full marks", lang)
        if c["kind"] == "appraised":
            return _("appraised points", lang)
        value = self.value(c)
        if c["kind"] == "bands" and value:
            if c["band"] == 0:
                return f"{value} — " + _("below every band", lang)
            sign = "≥" if c["better"] == "higher" else "<"
            bound = self.amount(c["bound"], c["of"])
            return f"{value} ({sign} {bound}) — " + _("band {n}", lang).format(n=c["band"])
        return value

    def amount(self, v: float | None, of: str | None) -> str:
        if self.is_rate(of) and v is not None and 0 <= v <= 1:
            return percent(v, self.lang)
        if of is not None and self.indicators.get(of, {}).get("kind") == "yes_no":
            return _("yes", self.lang) if v else _("no", self.lang)
        return short(v, self.lang)

    def value(self, c: Mapping[str, Any]) -> str:
        if c["value"] is None or c["of"] is None:
            return ""
        return f"{self.indicator(c['of'])}: {self.amount(c['value'], c['of'])}"

    def lift(self, unit: dict[str, Any]) -> list[str]:
        """What would lift the unit to the next class, as sentences."""
        lang = self.lang
        lift = unit["explanation"]["lift"]
        if lift is None:
            return [_("Already in the best class.", lang)]
        target = (
            lift["target_class_en"]
            if lang == "en" and lift["target_class_en"]
            else lift["target_class"]
        )
        head = _("To reach {target} (≥ {min})", lang).format(
            target=target, min=short(lift["target_min"], lang)
        )
        out = []
        if not lift["reachable"]:
            out.append(
                head
                + ": "
                + _("not reachable even with full points on every criterion still short", lang)
            )
        elif lift["needed_points"] > 0:
            steps = "; ".join(
                f"{s['id']} {title(s, lang)} (+{short(s['lost'], lang)})"
                for s in view.lift_steps(self.doc, unit)
            )
            out.append(
                head
                + ": "
                + _(
                    "{points} more points are needed, by recovering the full points of: {steps}",
                    lang,
                ).format(points=short(lift["needed_points"], lang), steps=steps)
            )
        for cap in lift["blocking_caps"]:
            # the cap holds the class down whatever the points: say so on its own
            text = reason(cap, lang)
            if lift["needed_points"] > 0 and lift["reachable"]:
                out.append(
                    head
                    + ": "
                    + _("and the cap “{reason}” must no longer apply", lang).format(reason=text)
                )
            else:
                out.append(
                    head
                    + ": "
                    + _("the cap “{reason}” must no longer apply", lang).format(reason=text)
                )
        return out

    def notes(self, u: dict[str, Any]) -> list[str]:
        """Why the unit's class is not what its index alone gives, and the self-assessment flag."""
        out = [
            _("Class lowered: {reason}", self.lang).format(
                reason=_lower_first(reason(c, self.lang))
            )
            for c in u["caps"]
            if c["lowered"]
        ]
        if u.get("self_flag"):
            out.append(
                _("self-assessment {gap} points above appraisal", self.lang).format(
                    gap=number(u["self_gap"], self.lang)
                )
            )
        return out


def _lower_first(text: str) -> str:
    """ "Tỷ lệ …" → "tỷ lệ …" inside a sentence (an acronym such as "UBND" stays)."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def klass(row: dict[str, Any], lang: str, key: str = "class") -> str:
    """A class (or level) in the reader's language; Vietnamese when no English is given."""
    english = row.get(f"{key}_en")
    return str(english if lang == "en" and english else row[key])


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


def title(c: Mapping[str, Any], lang: str) -> str:
    """A criterion's title in the reader's language (Vietnamese when no English is given)."""
    return str(c.get("title_en") or c["title"]) if lang == "en" else str(c["title"])


def reason(cap: dict[str, Any], lang: str) -> str:
    """A cap's reason in the reader's language (Vietnamese when no English is given)."""
    return str(cap.get("reason_en") or cap["reason"]) if lang == "en" else str(cap["reason"])


def provenance(doc: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The provenance as (label, value) pairs in words: version, time, each input and its hash."""
    prov = doc["provenance"]
    out = [(_("parindex version", lang), str(prov["parindex_version"]))]
    if prov.get("time"):
        out.append((_("Produced at", lang), str(prov["time"])))
    out += [(_("Criteria", lang), f"{c['path']} (SHA-256 {c['sha256']})") for c in prov["criteria"]]
    names = {
        "data": _("Indicator data", lang),
        "heads": _("Heads roster", lang),
        "previous": _("Previous results", lang),
    }
    for role, name in names.items():
        if prov.get(role):
            out.append((name, f"{prov[role]['path']} (SHA-256 {prov[role]['sha256']})"))
    return out
