"""The names of criteria sets' things in one language, read from the sets themselves.

The revision reports (diff, impact, robustness) hold criteria sets rather than a results
document: this gives them what `text.Words` gives the rank reports — block, class, area,
criterion, indicator and award names in the reader's language, and a condition (`late_rate >
0.2`) said with the indicators' labels and the language's numbers — so that no id reaches a
reader.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from parindex.criteria import formula as fx
from parindex.criteria.model import CriteriaSet
from parindex.i18n import N_, _, short

# What a formula's operators read as inside a sentence.
_WORDS = {"and": N_("and"), "or": N_("or"), "not": N_("not")}


class Lexicon:
    """Names of one or more criteria sets' things in `lang`; an unknown id stays as it is."""

    def __init__(self, sets: Iterable[CriteriaSet], lang: str) -> None:
        self.lang = lang
        en = lang == "en"
        self.blocks: dict[str, str] = {}
        self.classes: dict[str, str] = {}
        self.caps: dict[str, str] = {}
        self.awards: dict[str, str] = {}
        self.indicators: dict[str, tuple[str, str | None]] = {}
        self.criteria: dict[tuple[str, str], str] = {}
        for cs in sets:
            for b, blk in cs.blocks.items():
                self.blocks.setdefault(b, (blk.label_en if en else None) or blk.label)
            for b in cs.blocks:
                for k in cs.classes_for(b):
                    self.classes.setdefault(k.label, (k.label_en if en else None) or k.label)
                for cid, title in _criteria(cs, en):
                    self.criteria.setdefault((b, cid), title)
            for cap in cs.caps:
                self.caps.setdefault(cap.reason, (cap.reason_en if en else None) or cap.reason)
            for a in cs.awards.awards if cs.awards else []:
                self.awards.setdefault(a.id, (a.title_en if en else None) or a.title)
            for n, ind in cs.indicators.items():
                label = (ind.label_en if en else None) or ind.label or n
                self.indicators.setdefault(n, (label, ind.kind))
            for n, d in cs.derived.items():
                label = (d.label_en if en else None) or d.label or n
                self.indicators.setdefault(n, (label, d.kind))

    def block(self, block_id: str) -> str:
        return self.blocks.get(block_id, block_id)

    def klass(self, label: str) -> str:
        return self.classes.get(label, label)

    def cap(self, reason: str) -> str:
        return self.caps.get(reason, reason)

    def award(self, award_id: str) -> str:
        return self.awards.get(award_id, award_id)

    def criterion(self, block: str, cid: str) -> str:
        """ "3.3 Late rate": the number the documents use, then the title."""
        title = self.criteria.get((block, cid))
        return f"{cid} {title}" if title else cid

    def indicator(self, name: str) -> str:
        return self.indicators.get(name, (name, None))[0]

    def is_rate(self, name: str | None) -> bool:
        return name is not None and self.indicators.get(name, ("", None))[1] == "rate"

    def value(self, v: float, of: str | None) -> str:
        """A value of indicator `of`: a rate as a percentage, anything else as a number."""
        if self.is_rate(of) and 0 <= v <= 1:
            return short(v * 100, self.lang) + "%"  # 0.2 → 20%, 0.025 → 2,5%
        return short(v, self.lang)

    def named(self, name: dict[str, Any] | None) -> str:
        """A {"title", "title_en"} record in the reader's language."""
        if not name:
            return ""
        return str((name.get("title_en") if self.lang == "en" else None) or name["title"])

    def formula(self, text: str | None) -> str:
        """A condition or formula with the indicators' labels and the language's numbers."""
        if not text:
            return ""
        try:
            return self._expr(fx.parse(text), None)
        except fx.FormulaError:
            return text

    def _expr(self, e: fx.Expr, beside: str | None) -> str:
        if isinstance(e, fx.Num):
            return self.value(e.value, beside)
        if isinstance(e, fx.Ref):
            return self.indicator(e.name)
        if isinstance(e, fx.Unary):
            inner = self._expr(e.operand, beside)
            return f"{_(_WORDS['not'], self.lang)} ({inner})" if e.op == "not" else f"-{inner}"
        if isinstance(e, fx.Binary):
            ref = next((x.name for x in (e.left, e.right) if isinstance(x, fx.Ref)), beside)
            op = _(_WORDS[e.op], self.lang) if e.op in _WORDS else e.op
            return f"{self._expr(e.left, ref)} {op} {self._expr(e.right, ref)}"
        if isinstance(e, fx.Call):
            return f"{e.func}({', '.join(self._expr(a, beside) for a in e.args)})"
        return str(e)  # pragma: no cover - every node kind is handled above


def _criteria(cs: CriteriaSet, en: bool) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []

    def walk(c: Any) -> None:
        out.append((c.id, (c.title_en if en else None) or c.title))
        for sub in c.criteria or []:
            walk(sub)

    for a in cs.areas:
        for c in a.criteria:
            walk(c)
    return out
