"""Every label a report shows, in Vietnamese (the default) and English, and number formats."""

from __future__ import annotations

import math

LABELS: dict[str, dict[str, str]] = {
    "rank": {"vi": "Hạng", "en": "Rank"},
    "id": {"vi": "Mã", "en": "ID"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "index": {"vi": "Chỉ số (%)", "en": "Index (%)"},
    "class": {"vi": "Xếp loại", "en": "Class"},
    "self_index": {"vi": "Tự chấm (%)", "en": "Self-assessed (%)"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "block": {"vi": "Khối", "en": "Block"},
    "ranking_title": {"vi": "Kết quả xác định Chỉ số CCHC", "en": "PAR index results"},
    "units": {"vi": "đơn vị", "en": "units"},
    "capped": {"vi": "giới hạn xếp loại", "en": "class capped"},
    "criterion": {"vi": "Tiêu chí", "en": "Criterion"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "rule": {"vi": "Cách chấm", "en": "Rule"},
    "points": {"vi": "Điểm", "en": "Points"},
    "max": {"vi": "Tối đa", "en": "Max"},
    "lost": {"vi": "Mất", "en": "Lost"},
    "not_applicable": {"vi": "không áp dụng", "en": "not applicable"},
    "no_cases": {"vi": "không phát sinh: đủ điểm", "en": "no cases: full marks"},
    "otherwise": {"vi": "ngoài các mức", "en": "below every band"},
    "band": {"vi": "mức", "en": "band"},
    "appraised": {"vi": "điểm thẩm định", "en": "appraised points"},
    "lift_title": {"vi": "Để lên loại", "en": "To reach"},
    "lift_need": {"vi": "cần thêm", "en": "needs"},
    "lift_points": {"vi": "điểm", "en": "points"},
    "lift_recover": {"vi": "Khôi phục đủ điểm ở", "en": "Recover the full points of"},
    "lift_unreachable": {
        "vi": "không đạt được kể cả khi có đủ điểm mọi tiêu chí còn thiếu",
        "en": "not reachable even with full points on every criterion",
    },
    "lift_cap": {"vi": "và phải hết điều kiện giới hạn", "en": "and must clear the cap"},
    "best_class": {"vi": "Đã ở loại cao nhất.", "en": "Already in the best class."},
    "caps": {"vi": "Giới hạn xếp loại", "en": "Caps"},
    "cap_lowered": {"vi": "đã hạ xếp loại", "en": "lowered the class"},
    "cap_no_effect": {"vi": "không làm thay đổi xếp loại", "en": "did not change the class"},
    "total": {"vi": "Tổng", "en": "Total"},
    "of": {"vi": "trên", "en": "of"},
    "heads_title": {"vi": "Đánh giá trách nhiệm người đứng đầu", "en": "Heads of unit"},
    "head": {"vi": "Người đứng đầu", "en": "Head"},
    "position": {"vi": "Chức vụ", "en": "Position"},
    "term": {"vi": "Thời gian giữ chức vụ", "en": "Term"},
    "share": {"vi": "Tỷ trọng kết quả đơn vị", "en": "Share of unit result"},
    "score": {"vi": "Điểm", "en": "Score"},
    "level": {"vi": "Mức xếp loại", "en": "Level"},
    "awards_title": {"vi": "Xét thi đua, khen thưởng", "en": "Emulation awards"},
    "eligible": {"vi": "đủ điều kiện", "en": "eligible"},
    "refused": {"vi": "không đủ điều kiện", "en": "not eligible"},
    "reasons": {"vi": "Lý do", "en": "Reasons"},
    "result": {"vi": "Kết quả", "en": "Result"},
    "none_eligible": {"vi": "Không đơn vị nào đủ điều kiện.", "en": "No unit is eligible."},
    "self_flag": {"vi": "tự chấm cao hơn thẩm định", "en": "self-assessment above appraisal"},
}


def t(key: str, lang: str) -> str:
    return LABELS[key][lang]


def number(value: float | None, lang: str, decimals: int = 2) -> str:
    """91,08 in Vietnamese, 91.08 in English; blank for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def short(value: float | None, lang: str) -> str:
    """A value without trailing zeros (3, 2,25), for points and maxima."""
    if value is None or math.isnan(value):
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text


def day_month_year(iso: str) -> str:
    """2016-07-01 → 01/07/2016, as Vietnamese documents write dates."""
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"
