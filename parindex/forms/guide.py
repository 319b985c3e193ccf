"""The "Hướng dẫn" sheet's text: each input column's definition and how it is scored.

Written from the criteria, so the instructions a unit reads are the rules it is ranked by.
"""

from __future__ import annotations

from parindex.criteria import formula as fx
from parindex.forms.columns import FormColumn, vn
from parindex.scoring.compile import LeafPlan, Plan
from parindex.scoring.params import (
    BandsParams,
    BonusParams,
    DeductParams,
    ProportionalParams,
    RelativeParams,
    SurveyParams,
    YesNoParams,
)

INSTRUCTIONS = [
    "Mỗi khối đơn vị có một trang tính; mỗi dòng là một đơn vị, đã ghi sẵn mã, tên và khối.",
    "Chỉ nhập vào các ô màu vàng; các ô khác được khóa. Mỗi ô chỉ nhận giá trị hợp lệ "
    "(chọn ô để xem hướng dẫn).",
    "Tỷ lệ nhập theo phần trăm (ví dụ 87%); số lượng là số nguyên; Có/Không chọn trong danh sách.",
    "Chỉ tiêu không áp dụng với đơn vị (ví dụ đơn vị không có thủ tục hành chính): ghi KAD.",
    "Không đổi tên trang tính, không sửa dòng tiêu đề, không thêm hoặc xóa cột.",
    "Cột “tự chấm” là điểm đơn vị tự đánh giá; cột mang số tiêu chí là điểm Hội đồng thẩm định.",
    "Gửi lại tệp này đúng định dạng .xlsx; Sở Nội vụ tổng hợp bằng lệnh `parindex collect`.",
]
GUIDE_HEADER = [
    "Cột",
    "Chỉ tiêu",
    "Nội dung",
    "Đơn vị tính",
    "Giá trị được nhập",
    "Ô để trống",
    "Cách chấm điểm",
]


def guide_rows(plan: Plan, block: str, columns: list[FormColumn]) -> list[list[str]]:
    """One row per input column of one block's sheet, in the sheet's order."""
    cs = plan.criteria
    reads = _reads(plan)
    mine = [leaf for leaf in plan.leaves if leaf.blocks is None or block in leaf.blocks]
    rows = []
    for col in columns:
        if col.leaf is not None:
            what = f"Tiêu chí {col.leaf.id}: {col.leaf.title}"
            scored = (
                f"Điểm Hội đồng thẩm định, tối đa {vn(col.leaf.max)} điểm (được tính vào chỉ số)"
                if col.name == col.leaf.of
                else f"Điểm đơn vị tự chấm, tối đa {vn(col.leaf.max)} điểm (để so sánh với "
                "điểm thẩm định)"
            )
        else:
            ind = cs.indicators[col.name]
            what = ind.label
            if ind.at_most:
                what += f" (không lớn hơn “{cs.indicators[ind.at_most].label}”)"
            uses = [
                f"{leaf.id} {leaf.title} (tối đa {vn(leaf.max)} điểm): {rule_text(plan, leaf)}"
                for leaf in mine
                if leaf.kind != "appraised"
                and leaf.of is not None
                and col.name in _names(reads, {leaf.of})
            ]
            uses += [
                f"{leaf.id} không áp dụng khi {_bare(fx.unparse(leaf.not_applicable_if))}"
                for leaf in mine
                if leaf.not_applicable_if is not None
                and col.name in _names(reads, fx.names(leaf.not_applicable_if))
            ]
            uses += [
                f"Giới hạn xếp loại: {cap.reason} → tối đa {cap.at_most}"
                for cap in plan.caps
                if (cap.blocks is None or block in cap.blocks)
                and col.name in _names(reads, fx.names(cap.expr))
            ]
            scored = "; ".join(uses) or "Không dùng để chấm điểm khối này"
        rows.append([col.header, col.name, what, col.unit, col.accepts, col.blank, scored])
    return rows


def rule_text(plan: Plan, leaf: LeafPlan) -> str:
    """How one leaf turns its value into points, in Vietnamese."""
    of = _label(plan, leaf.of or "")
    match leaf.params:
        case BandsParams() as p:
            sign = "≥" if p.higher else "<"
            bands = [
                f"{sign} {_value(plan, leaf.of, float(b))} → {vn(float(pts))} điểm"
                for b, pts in zip(p.bounds, p.points, strict=True)
            ]
            return f"theo bậc của {of}: " + "; ".join(bands) + f"; còn lại {vn(p.otherwise)}"
        case ProportionalParams() as p:
            floor = f" (không điểm khi ≤ {_value(plan, leaf.of, p.floor)})" if p.floor else ""
            return f"tỷ lệ theo {of}: đủ điểm khi đạt {_value(plan, leaf.of, p.target)}{floor}"
        case YesNoParams():
            return f"{of}: Có → đủ điểm, Không → 0"
        case DeductParams() as p:
            return f"trừ {vn(p.each)} điểm cho mỗi {of}, tối đa {vn(p.cap)} điểm"
        case BonusParams() as p:
            return f"cộng {vn(p.each)} điểm cho mỗi {of}, tối đa {vn(p.cap)} điểm"
        case RelativeParams() as p:
            how = "giá trị ÷ giá trị cao nhất" if p.higher else "giá trị thấp nhất ÷ giá trị"
            return f"so với đơn vị tốt nhất trong khối theo {of}: {how} × điểm tối đa"
        case SurveyParams() as p:
            return f"điều tra {of}: điểm = giá trị ÷ {_value(plan, leaf.of, p.target)} × tối đa"
        case _:
            return f"{of}: điểm do hội đồng thẩm định chấm"


def _label(plan: Plan, name: str) -> str:
    cs = plan.criteria
    if name in cs.indicators:
        return f"“{cs.indicators[name].label}”"
    if name in cs.derived:
        d = cs.derived[name]
        return f"“{d.label or name}” ({d.formula})"
    return f"`{name}`"


def _value(plan: Plan, name: str | None, x: float) -> str:
    cs = plan.criteria
    kind = cs.indicators[name].kind if name in cs.indicators else None
    if name in cs.derived:
        kind = cs.derived[name].kind
    return f"{vn(round(100 * x, 6))}%" if kind == "rate" else vn(x)


def _reads(plan: Plan) -> dict[str, set[str]]:
    """derived name → every input indicator it reads, through other derived ones."""
    direct = {d.name: fx.names(d.expr) for d in plan.derived}
    out: dict[str, set[str]] = {}
    for d in plan.derived:  # in dependency order: what a derived reads is already resolved
        out[d.name] = _names(out, direct[d.name])
    return out


def _names(reads: dict[str, set[str]], names: set[str]) -> set[str]:
    found: set[str] = set()
    for n in names:
        found |= reads.get(n, {n})
    return found


def _bare(text: str) -> str:
    """A formula without the parentheses `unparse` puts around the whole of it."""
    if not (text.startswith("(") and text.endswith(")")):
        return text
    depth = 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and i < len(text) - 1:
            return text  # `(a) and (b)`: the first parenthesis closes early
    return text[1:-1]
