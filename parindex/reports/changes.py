"""The criteria diff and the impact report as terminal tables, Markdown and JSON."""

from __future__ import annotations

import json
from typing import Any

from rich.table import Table

from parindex.criteria.diff import Change
from parindex.reports.labels import number
from parindex.scoring.impact import BlockImpact, UnitImpact

KIND_VI = {
    "added": "thêm",
    "removed": "bỏ",
    "renamed": "đổi số hiệu",
    "moved": "chuyển",
    "max": "điểm tối đa",
    "bands": "mức chấm",
    "rule": "cách chấm",
    "title": "tên",
    "blocks": "khối áp dụng",
    "class": "ngưỡng xếp loại",
    "cap": "giới hạn xếp loại",
    "formula": "công thức",
    "total": "tổng điểm",
    "indicator": "chỉ tiêu",
    "zero_denominator": "mẫu số bằng 0",
    "not_applicable_if": "điều kiện không áp dụng",
    "ranking": "xếp hạng",
}


def diff_rows(changes: list[Change], pair: str) -> list[dict[str, Any]]:
    return [{"sets": pair, **c.as_dict()} for c in changes]


def diff_table(rows: list[dict[str, Any]], lang: str) -> Table:
    vi = lang == "vi"
    table = Table(title="Thay đổi bộ tiêu chí" if vi else "Criteria changes", title_justify="left")
    for head in (
        ("Bộ tiêu chí", "Sets"),
        ("Thay đổi", "Change"),
        ("Nội dung", "Subject"),
        ("Trước", "Before"),
        ("Sau", "After"),
    ):
        table.add_column(head[0] if vi else head[1])
    for r in rows:
        kind = KIND_VI.get(r["kind"], r["kind"]) if vi else r["kind"]
        table.add_row(r["sets"], kind, r["subject"], r["old"] or "—", r["new"] or "—")
    return table


def diff_markdown(rows: list[dict[str, Any]]) -> str:
    lines = ["| sets | change | subject | before | after |", "|---|---|---|---|---|"]
    for r in rows:
        cells = [r["sets"], r["kind"], r["subject"], r["old"] or "—", r["new"] or "—"]
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


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
    units: list[dict[str, Any]], summary: list[dict[str, Any]], lang: str, *, everyone: bool
) -> list[Table]:
    vi = lang == "vi"
    head = Table(
        title="Tác động của bộ tiêu chí mới" if vi else "Impact of the new criteria",
        title_justify="left",
    )
    for col in (
        ("Khối", "Block"),
        ("Đơn vị", "Units"),
        ("Lên loại", "Class up"),
        ("Xuống loại", "Class down"),
        ("Giữ nguyên", "Same"),
        ("Chỉ số thay đổi TB", "Mean index change"),
    ):
        head.add_column(col[0] if vi else col[1], justify="right" if col[1] != "Block" else "left")
    for s in summary:
        head.add_row(
            s["block"],
            str(s["units"]),
            str(s["class_rose"]),
            str(s["class_fell"]),
            str(s["class_same"]),
            number(s["mean_index_change"], lang),
        )
    detail = Table(
        title="Đơn vị thay đổi xếp loại"
        if vi and not everyone
        else "Đơn vị"
        if vi
        else "Units whose class changed"
        if not everyone
        else "Units",
        title_justify="left",
    )
    for col in (
        ("Mã", "ID"),
        ("Đơn vị", "Unit"),
        ("Chỉ số trước → sau", "Index before → after"),
        ("Xếp loại", "Class"),
        ("Hạng", "Rank"),
        ("Tiêu chí ảnh hưởng nhất", "Criteria that moved most"),
    ):
        detail.add_column(col[0] if vi else col[1])
    for u in units:
        if not everyone and u["class_direction"] == 0:
            continue
        moved = _moved(u)
        detail.add_row(
            u["id"],
            u["name"],
            f"{number(u['index_before'], lang)} → {number(u['index_after'], lang)}",
            f"{u['class_before']} → {u['class_after']}",
            f"{u['rank_before']} → {u['rank_after']}",
            moved,
        )
    return [head, detail]


def impact_markdown(units: list[dict[str, Any]], summary: list[dict[str, Any]]) -> str:
    lines = [
        "| block | units | class up | class down | same | mean index change |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in summary:
        lines.append(
            f"| {s['block']} | {s['units']} | {s['class_rose']} | {s['class_fell']} | "
            f"{s['class_same']} | {s['mean_index_change']:+.2f} |"
        )
    lines += [
        "",
        "| id | unit | index | class | rank | criteria that moved most |",
        "|---|---|---|---|---|---|",
    ]
    for u in units:
        moved = _moved(u)
        lines.append(
            f"| {u['id']} | {u['name']} | {u['index_before']:.2f} → "
            f"{u['index_after']:.2f} | {u['class_before']} → {u['class_after']} | "
            f"{u['rank_before']} → {u['rank_after']} | {moved} |"
        )
    return "\n".join(lines) + "\n"


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _moved(u: dict[str, Any]) -> str:
    """The criteria whose points moved most, and any cap that started or stopped holding."""
    parts = [f"{c['id']} {c['change']:+.2f}" for c in u["criteria"][:3]]
    parts += [f"cap: {r}" for r in u["caps_after"] if r not in u["caps_before"]]
    parts += [f"cap lifted: {r}" for r in u["caps_before"] if r not in u["caps_after"]]
    return ", ".join(parts)


def robustness_rows(r: Any) -> list[dict[str, Any]]:
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
                "awards": {a: round(float(v[i]), 4) for a, v in r.award_share.items()},
            }
        )
    return out


def robustness_table(rows: list[dict[str, Any]], lang: str, *, everyone: bool) -> Table:
    vi = lang == "vi"
    awards = sorted({a for r in rows for a in r["awards"]})
    table = Table(
        title="Độ vững của xếp loại" if vi else "How solid each class is", title_justify="left"
    )
    for col in (
        ("Mã", "ID"),
        ("Đơn vị", "Unit"),
        ("Xếp loại", "Class"),
        ("Giữ loại", "Keeps class"),
        ("Các loại khác", "Other classes"),
        ("Hạng (5–95%)", "Rank (5–95%)"),
    ):
        table.add_column(col[0] if vi else col[1])
    for a in awards:
        table.add_column(a)
    table.add_column("⚑")
    for r in rows:
        if not everyone and not r["flagged"]:
            continue
        others = ", ".join(
            f"{k} {v:.0%}" for k, v in r["class_share"].items() if k != r["class"] and v > 0
        )
        table.add_row(
            r["id"],
            r["name"],
            r["class"],
            f"{r['keeps_class']:.0%}",
            others,
            f"{r['median_rank']:g} ({r['rank_p5']:g}–{r['rank_p95']:g})",
            *[f"{r['awards'][a]:.0%}" for a in awards],
            "⚑" if r["flagged"] else "",
        )
    return table
