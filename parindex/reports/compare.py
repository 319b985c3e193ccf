"""`parindex compare` as terminal tables, Markdown and JSON."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from parindex.compare import Comparison
from parindex.reports.labels import number


def as_dict(c: Comparison) -> dict[str, Any]:
    return {
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


def tables(c: Comparison, lang: str) -> list[Table]:
    vi = lang == "vi"
    a, b = c.period_a, c.period_b
    out = []
    for block, cells in c.transitions.items():
        order = c.class_order[block]
        t = Table(
            title=(
                f"Chuyển xếp loại {a} → {b} — {block}"
                if vi
                else f"Class transitions {a} → {b} — {block}"
            ),
            title_justify="left",
        )
        t.add_column(f"{a} \\ {b}")
        for k in order:
            t.add_column(k, justify="right")
        for f in order:
            t.add_row(f, *[str(cells.get((f, to), "")) for to in order])
        out.append(t)
    for title, units in (
        (("Tiến bộ nhiều nhất", "Improved most"), c.improved()),
        (("Giảm nhiều nhất", "Fell most"), c.fell()),
    ):
        t = Table(title=title[0] if vi else title[1], title_justify="left")
        for col in (
            ("Mã", "ID"),
            ("Đơn vị", "Unit"),
            ("Khối", "Block"),
            (a, a),
            (b, b),
            ("Thay đổi", "Change"),
            ("Hạng", "Rank"),
        ):
            t.add_column(col[0] if vi else col[1])
        for u in units:
            t.add_row(
                u.id,
                u.name,
                u.block,
                number(u.index_a, lang),
                number(u.index_b, lang),
                f"{u.change:+.2f}" if u.change is not None else "",
                f"{u.rank_a} → {u.rank_b}",
            )
        out.append(t)
    t = Table(
        title="Lĩnh vực thay đổi nhiều nhất" if vi else "Areas that moved most",
        title_justify="left",
    )
    for col in (("Khối", "Block"), ("Lĩnh vực", "Area"), (a, a), (b, b), ("Thay đổi", "Change")):
        t.add_column(col[0] if vi else col[1])
    for m in [m for m in c.areas if m.change != 0][:8]:
        t.add_row(
            m.block,
            f"{m.area} {m.title}",
            number(m.mean_a, lang),
            number(m.mean_b, lang),
            f"{m.change:+.2f}",
        )
    out.append(t)
    t = Table(title="Tỷ lệ hồ sơ" if vi else "Dossier rates", title_justify="left")
    for col in (("Khối", "Block"), ("Tỷ lệ", "Rate"), (a, a), (b, b)):
        t.add_column(col[0] if vi else col[1])
    for r in c.rates:
        t.add_row(
            r.block or ("toàn tỉnh" if vi else "province"),
            r.label + _how(r.pooled, lang),
            _pct(r.a, lang),
            _pct(r.b, lang),
        )
    out.append(t)
    if c.only_a or c.only_b:
        t = Table(
            title="Đơn vị chỉ có ở một kỳ" if vi else "Units in one period only",
            title_justify="left",
        )
        t.add_column("Kỳ" if vi else "Period")
        t.add_column("Mã" if vi else "ID")
        t.add_column("Đơn vị" if vi else "Unit")
        for i, n in c.only_a:
            t.add_row(a, i, n)
        for i, n in c.only_b:
            t.add_row(b, i, n)
        out.append(t)
    return out


def _how(pooled: bool, lang: str) -> str:
    """Said beside a rate that is not pooled over all dossiers, so nobody reads it as if it
    were (the mean of the units' rates weighs a unit of 10 dossiers like one of 10,000)."""
    if pooled:
        return ""
    return " (trung bình tỷ lệ của các đơn vị)" if lang == "vi" else " (mean of the units' rates)"


def _pct(x: float | None, lang: str) -> str:
    return "" if x is None else number(x * 100, lang) + "%"


def markdown(c: Comparison) -> str:
    d = as_dict(c)
    lines = [
        f"## {c.period_a} → {c.period_b}",
        "",
        "| id | unit | block | index | change | class | rank |",
        "|---|---|---|---|---:|---|---|",
    ]
    for u in d["units"]:
        ch = "" if u["change"] is None else f"{u['change']:+.2f}"
        lines.append(
            f"| {u['id']} | {u['name']} | {u['block']} | {u['index_a']} → "
            f"{u['index_b']} | {ch} | {u['class_a']} → {u['class_b']} | "
            f"{u['rank_a']} → {u['rank_b']} |"
        )
    lines += [
        "",
        "| rate | block | " + c.period_a + " | " + c.period_b + " |",
        "|---|---|---:|---:|",
    ]
    for r in c.rates:
        lines.append(
            f"| {r.label}{_how(r.pooled, 'en')} | {r.block or 'all'} | {_pct(r.a, 'en')} "
            f"| {_pct(r.b, 'en')} |"
        )
    for label, items in (("only in " + c.period_a, c.only_a), ("only in " + c.period_b, c.only_b)):
        if items:
            lines += ["", f"{label}: " + ", ".join(f"{i} ({n})" for i, n in items)]
    return "\n".join(lines) + "\n"
