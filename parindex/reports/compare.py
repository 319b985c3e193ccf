"""`parindex compare` as terminal tables, Markdown and JSON."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from parindex.compare import AreaMove, Comparison, RateChange
from parindex.i18n import N_, _, number, signed
from parindex.reports.text import Words


def as_dict(c: Comparison, names: Names | None = None) -> dict[str, Any]:
    """For programs: ids as the documents name things; with `names`, each beside its label in
    the run's language (`…_label`)."""
    doc: dict[str, Any] = {
        "period_a": c.period_a,
        "period_b": c.period_b,
        "units": [
            {
                "id": u.id,
                "name": u.name,
                "block": u.block,
                "index_a": u.index_a,
                "index_b": u.index_b,
                "change": u.change,
                "class_a": u.class_a,
                "class_b": u.class_b,
                "rank_a": u.rank_a,
                "rank_b": u.rank_b,
            }
            for u in c.units
        ],
        "only_in_a": [{"id": i, "name": n} for i, n in c.only_a],
        "only_in_b": [{"id": i, "name": n} for i, n in c.only_b],
        "class_transitions": {
            b: [{"from": f, "to": t, "units": n} for (f, t), n in cells.items()]
            for b, cells in c.transitions.items()
        },
        "areas": [
            {
                "block": m.block,
                "area": m.area,
                "title": m.title,
                "mean_a": round(m.mean_a, 2),
                "mean_b": round(m.mean_b, 2),
                "change": m.change,
            }
            for m in c.areas
        ],
        "rates": [
            {
                "block": r.block or None,
                "name": r.name,
                "label": r.label,
                "a": r.a,
                "b": r.b,
                "pooled": r.pooled,
            }
            for r in c.rates
        ],
    }
    if names is None:
        return doc
    w = names.words
    for u, row in zip(c.units, doc["units"], strict=True):
        row |= {
            "block_label": w.block(u.block),
            "class_a_label": w.klass(u.class_a),
            "class_b_label": w.klass(u.class_b),
        }
    for m, row in zip(c.areas, doc["areas"], strict=True):
        row |= {"block_label": w.block(m.block), "area_label": names.area(m)}
    for r, row in zip(c.rates, doc["rates"], strict=True):
        row |= {"block_label": names.block(r.block), "rate_label": names.rate(r)}
    return doc


class Names:
    """What the two periods' documents call their blocks, classes, areas and rates, in `lang`."""

    def __init__(self, a: dict[str, Any], b: dict[str, Any], lang: str) -> None:
        sets = [*b.get("criteria_sets", []), *a.get("criteria_sets", [])]
        self.lang = lang
        self.words = Words({"criteria_sets": sets, "units": [*b["units"], *a["units"]]}, lang)
        self.areas: dict[tuple[str, str], str] = {}
        for s in sets:
            titles = s.get("areas_en" if lang == "en" else "areas") or s.get("areas", {})
            for block in s.get("blocks", {}):
                for area, title in titles.items():
                    self.areas.setdefault((block, area), title)

    def area(self, m: AreaMove) -> str:
        return f"{m.area} {self.areas.get((m.block, m.area), m.title)}"

    def rate(self, r: RateChange) -> str:
        label = self.words.indicator(r.name) if r.name in self.words.indicators else r.label
        return label + _how(r.pooled, self.lang)

    def block(self, block: str) -> str:
        return self.words.block(block) if block else _("whole province", self.lang)


def tables(c: Comparison, names: Names) -> list[Table]:
    lang, w = names.lang, names.words
    a, b = c.period_a, c.period_b
    out = []
    for block, cells in c.transitions.items():
        order = c.class_order[block]
        title = _("Class transitions {a} → {b}: {block}", lang).format(
            a=a, b=b, block=w.block(block)
        )
        # a few narrow columns: without a minimum width rich wraps the title inside the block name
        t = Table(title=title, title_justify="left", min_width=len(title))
        t.add_column(f"{a} \\ {b}")
        for k in order:
            t.add_column(w.klass(k), justify="right")
        for f in order:
            t.add_row(w.klass(f), *[str(cells.get((f, to), "")) for to in order])
        out.append(t)
    for title, units in ((N_("Improved most"), c.improved()), (N_("Fell most"), c.fell())):
        t = Table(title=_(title, lang), title_justify="left")
        for col in (_("ID", lang), _("Unit", lang), _("Block", lang), a, b):
            t.add_column(col)
        t.add_column(_("Change", lang), justify="right")
        t.add_column(_("Rank", lang))
        for u in units:
            t.add_row(
                u.id,
                u.name,
                w.block(u.block),
                number(u.index_a, lang),
                number(u.index_b, lang),
                signed(u.change, lang),
                f"{u.rank_a} → {u.rank_b}",
            )
        out.append(t)
    t = Table(title=_("Areas that moved most", lang), title_justify="left")
    for col in (_("Block", lang), _("Area", lang), a, b):
        t.add_column(col)
    t.add_column(_("Change", lang), justify="right")
    for m in [m for m in c.areas if m.change != 0][:8]:
        t.add_row(
            w.block(m.block),
            names.area(m),
            number(m.mean_a, lang),
            number(m.mean_b, lang),
            signed(m.change, lang),
        )
    out.append(t)
    t = Table(title=_("Dossier rates", lang), title_justify="left")
    for col in (_("Block", lang), _("Rate", lang), a, b):
        t.add_column(col)
    for r in c.rates:
        t.add_row(names.block(r.block), names.rate(r), _pct(r.a, lang), _pct(r.b, lang))
    out.append(t)
    if c.only_a or c.only_b:
        t = Table(title=_("Units in one period only", lang), title_justify="left")
        for col in (_("Period", lang), _("ID", lang), _("Unit", lang)):
            t.add_column(col)
        for i, n in c.only_a:
            t.add_row(a, i, n)
        for i, n in c.only_b:
            t.add_row(b, i, n)
        out.append(t)
    return out


def _how(pooled: bool, lang: str) -> str:
    """Said beside a rate that is not pooled over all dossiers, so nobody reads it as if it
    were (the mean of the units' rates weighs a unit of 10 dossiers like one of 10,000)."""
    return "" if pooled else " (" + _("mean of the units' rates", lang) + ")"


def _pct(x: float | None, lang: str) -> str:
    return "" if x is None else number(x * 100, lang) + "%"


def markdown(c: Comparison, names: Names) -> str:
    lang, w = names.lang, names.words
    heads = [
        _(h, lang)
        for h in (N_("ID"), N_("Unit"), N_("Block"), N_("Index"), N_("Change"), N_("Class"))
    ] + [_("Rank", lang)]
    lines = [
        f"## {c.period_a} → {c.period_b}",
        "",
        "| " + " | ".join(heads) + " |",
        "|---|---|---|---|---:|---|---|",
    ]
    for u in c.units:
        lines.append(
            f"| {u.id} | {u.name} | {w.block(u.block)} | {number(u.index_a, lang)} → "
            f"{number(u.index_b, lang)} | {signed(u.change, lang)} | "
            f"{w.klass(u.class_a)} → {w.klass(u.class_b)} | {u.rank_a} → {u.rank_b} |"
        )
    lines += [
        "",
        f"| {_('Rate', lang)} | {_('Block', lang)} | {c.period_a} | {c.period_b} |",
        "|---|---|---:|---:|",
    ]
    for r in c.rates:
        lines.append(
            f"| {names.rate(r)} | {names.block(r.block)} | {_pct(r.a, lang)} | {_pct(r.b, lang)} |"
        )
    for period, items in ((c.period_a, c.only_a), (c.period_b, c.only_b)):
        if items:
            label = _("Only in {period}", lang).format(period=period)
            lines += ["", f"{label}: " + ", ".join(f"{i} ({n})" for i, n in items)]
    return "\n".join(lines) + "\n"
