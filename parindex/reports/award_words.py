"""Why an award was refused or left undecided, in the reader's language.

Mixed into `Words`, whose vocabulary (classes, levels, exclusion reasons) these sentences use.
Apart from the sentences of criteria and explanations because an award's reasons have two
sources: the structured data of each check, and — for a results document written before the
checks carried their data — the engine's English strings, read back by pattern.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from parindex.i18n import _, number, short, signed


class AwardWords:
    """The award sentences of `Words`, which gives them `lang`, `exclusions`, `klass` and
    `level`."""

    lang: str
    exclusions: dict[str, str]

    if TYPE_CHECKING:

        def klass(self, label: str) -> str: ...

        def level(self, label: str) -> str: ...

    def undecided(self, members: list[dict[str, Any]]) -> str | None:
        """Why an award could not be decided (an input its conditions need is missing), or
        None: such an award must never read as "0 eligible"."""
        missing = next((a.get("undetermined") for a in members if a.get("undetermined")), None)
        if missing == "heads":
            return _("not decided: no heads roster was given", self.lang)
        if missing == "previous":
            return _("not decided: no results of the previous period were given", self.lang)
        return None

    def award_reasons(self, a: dict[str, Any]) -> list[str]:
        """Why an award was refused, in words; empty when it was granted."""
        if a["eligible"]:
            return []
        out = []
        if a.get("exclusion"):
            out.append(self._exclusion(a["exclusion"]))
        elif a.get("excluded"):
            out.append(self._excluded(a["excluded"]))
        out += [self.check(c) for c in a["checks"] if not c["held"]]
        if a.get("quota_detail"):
            out.append(self._quota_detail(a["quota_detail"]))
        elif a.get("quota"):
            out.append(self._quota(a["quota"]))
        return out

    def check(self, c: dict[str, Any]) -> str:
        """One condition of an award, as a sentence: what the unit had against what was asked."""
        if "got" in c:
            return self._check(c)
        # a results document written before the checks carried their data: read the words
        lang, value, required = self.lang, c["value"], c["required"]
        need = required.lstrip("≥≤+ ").strip()
        match c["condition"]:
            case "class":
                wanted = " / ".join(self.klass(k.strip()) for k in required.split("/"))
                return _("class {got}, required {wanted}", lang).format(
                    got=self.klass(value), wanted=wanted
                )
            case "rank_at_most":
                return _("rank {got}, required {need} or better", lang).format(got=value, need=need)
            case "min_index":
                return _("index {got}, required at least {need}", lang).format(
                    got=_num(value, lang), need=_num(need, lang)
                )
            case "min_improvement":
                m = re.match(r"([+-][\d.]+) \(([\d.]+) → ([\d.]+)\)", value)
                if m is None:
                    got = (
                        _("no previous period's results were given", lang)
                        if "given" in value
                        else _("no result in the previous period", lang)
                    )
                    return _("improvement: {got}", lang).format(got=got)
                return _(
                    "index up {gain} points ({before} → {after}), required at least +{need}", lang
                ).format(
                    gain=_num(m.group(1), lang),
                    before=_num(m.group(2), lang),
                    after=_num(m.group(3), lang),
                    need=_num(need, lang),
                )
            case "no_cap":
                return _("the class was lowered by a cap", lang)
            case "head_at_least":
                if value.startswith("no head"):
                    return _("no rating of the unit's head (no roster given)", lang)
                return _("head rated {got}, required at least {need}", lang).format(
                    got=self.level(value), need=self.level(need)
                )
        return f"{c['condition']}: {value}"  # pragma: no cover - a condition added later

    def _check(self, c: dict[str, Any]) -> str:
        """A condition from its data (`got`, `need`, `before`, `after`, `gain`, `missing`)."""
        lang, got, need = self.lang, c["got"], c["need"]
        match c["condition"]:
            case "class":
                wanted = " / ".join(self.klass(k) for k in need)
                return _("class {got}, required {wanted}", lang).format(
                    got=self.klass(got), wanted=wanted
                )
            case "rank_at_most":
                return _("rank {got}, required {need} or better", lang).format(got=got, need=need)
            case "min_index":
                return _("index {got}, required at least {need}", lang).format(
                    got=number(got, lang), need=short(need, lang)
                )
            case "min_improvement":
                if c["missing"] is not None:
                    what = (
                        _("no previous period's results were given", lang)
                        if c["missing"] == "previous"
                        else _("no result in the previous period", lang)
                    )
                    return _("improvement: {got}", lang).format(got=what)
                return _(
                    "index up {gain} points ({before} → {after}), required at least +{need}", lang
                ).format(
                    gain=signed(c["gain"], lang),
                    before=number(c["before"], lang),
                    after=number(c["after"], lang),
                    need=short(need, lang),
                )
            case "no_cap":
                return _("the class was lowered by a cap", lang)
            case "head_at_least":
                if c["missing"] is not None:
                    return _("no rating of the unit's head (no roster given)", lang)
                return _("head rated {got}, required at least {need}", lang).format(
                    got=self.level(got), need=self.level(need)
                )
        return f"{c['condition']}: {c['value']}"  # pragma: no cover - a condition added later

    def _exclusion(self, x: dict[str, Any]) -> str:
        if x["kind"] == "block":
            return _("the award is not open to this block", self.lang)
        return f"{self.exclusions.get(x['reason'], x['reason'])} ({self.klass(x['class'])})"

    def _quota_detail(self, q: dict[str, Any]) -> str:
        out = _("the block's quota of {n} is filled (rank {rank})", self.lang).format(
            n=q["per_block"], rank=q["rank"]
        )
        if q["ties"] == "excluded":
            out += "; " + _("units tied at the limit are all left out", self.lang)
        elif q["ties"] == "included":
            out += "; " + _("units tied at the limit are all included", self.lang)
        return out

    def _excluded(self, text: str) -> str:
        if text == "award not open to this block":
            return _("the award is not open to this block", self.lang)
        m = re.match(r"(.*) \(([^()]*)\)$", text)
        if m and m.group(1) in self.exclusions:
            return f"{self.exclusions[m.group(1)]} ({self.klass(m.group(2))})"
        return text

    def _quota(self, text: str) -> str:
        m = re.match(r"quota of (\d+) per block reached \(rank (\d+)(; ties .* (\w+))?\)", text)
        if m is None:
            return text
        out = _("the block's quota of {n} is filled (rank {rank})", self.lang).format(
            n=m.group(1), rank=m.group(2)
        )
        if m.group(4) == "excluded":
            out += "; " + _("units tied at the limit are all left out", self.lang)
        elif m.group(4) == "included":
            out += "; " + _("units tied at the limit are all included", self.lang)
        return out


def _num(text: str, lang: str) -> str:
    """A number the engine wrote with a point (87.29, +5.1), in the reader's convention."""
    try:
        v = float(text)
    except ValueError:
        return text
    decimals = len(text.split(".")[1]) if "." in text else 0
    sign = "+" if text.startswith("+") else ""
    return sign + number(v, lang, decimals)
