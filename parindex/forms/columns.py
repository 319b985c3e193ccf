"""The input columns of a form: what each is headed, what it holds, and what it accepts.

A header is chosen so that the indicator reader maps it back to the same column whatever other
criteria sets are read beside it: the Vietnamese label when it is unambiguous, else the id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parindex.data.cells import ColumnSpec, norm
from parindex.data.indicators import BASE, column_specs
from parindex.errors import Diagnostic, ParindexError, t
from parindex.scoring.compile import LeafPlan, Plan

BASE_ALIASES = frozenset(a for aliases in BASE.values() for a in aliases)

UNIT_OF = {
    "count": "số lượng",
    "rate": "%",
    "percent": "%, nhập số 0–100",
    "score": "điểm, 0–100",
    "yes_no": "Có/Không",
    "points": "điểm",
}
NUMBER_FORMAT = {
    "count": "#,##0",
    "rate": "0.00%",
    "percent": "0.00",
    "score": "0.00",
    "yes_no": "@",
    "points": "0.00",
}
BLANK_MEANS = {
    "error": "bắt buộc nhập",
    "zero": "để trống được tính là 0",
    "not_applicable": "để trống nếu không áp dụng",
    "impute": "để trống được thay bằng giá trị mặc định",
    "optional": "không bắt buộc",
}


@dataclass(frozen=True)
class FormColumn:
    name: str  # the column the reader fills: indicator id or appraised column
    header: str  # the header cell's value, which the reader matches
    caption: str  # shown after the header (title, unit of measure), not part of its value
    unit: str  # đơn vị tính
    accepts: str  # what may be entered, as a Vietnamese phrase
    blank: str  # what a blank cell means
    spec: ColumnSpec
    leaf: LeafPlan | None  # the appraised criterion, for points columns


def vn(x: float) -> str:
    """A number as Vietnamese readers write it: 2,25."""
    return f"{x:g}".replace(".", ",")


def header_lookup(plans: list[Plan]) -> dict[str, str]:
    """normalised header → column, built the way the indicator reader builds it (first wins)."""
    lookup: dict[str, str] = {}
    for plan in plans:
        for spec in column_specs(plan).values():
            for h in spec.headers:
                lookup.setdefault(h, spec.name)
    return lookup


def form_columns(plan: Plan, lookup: dict[str, str]) -> list[FormColumn]:
    """The input columns of one criteria set, appraised points beside the self-assessed ones."""
    by_column: dict[str, LeafPlan] = {}
    for lp in plan.leaves:
        if lp.kind == "appraised" and lp.of is not None:
            by_column[lp.of] = lp
            if lp.self_column:
                by_column[lp.self_column] = lp
    out: list[FormColumn] = []
    problems: list[Diagnostic] = []
    for name, spec in column_specs(plan).items():
        leaf = by_column.get(name)
        if leaf is None:
            candidates = [plan.criteria.indicators[name].label, name]
        elif name == leaf.of:
            candidates = [name]
        else:
            candidates = [f"{leaf.id} tự chấm", name]
        header = next(
            (
                c
                for c in candidates
                if norm(c) in spec.headers
                and lookup.get(norm(c)) == name
                and norm(c) not in BASE_ALIASES
            ),
            None,
        )
        if header is None:
            problems.append(
                Diagnostic(
                    plan.criteria.id,
                    None,
                    None,
                    name,
                    "PF010",
                    t(
                        "no header tells column `{column}` apart from the columns of the other "
                        "criteria sets",
                        column=name,
                    ),
                    hint=t("give the indicator a label of its own"),
                )
            )
            continue
        out.append(_column(name, header, spec, leaf))
    if problems:
        raise ParindexError(problems)
    return out


def _column(name: str, header: str, spec: ColumnSpec, leaf: LeafPlan | None) -> FormColumn:
    unit = UNIT_OF[spec.kind]
    if spec.kind == "rate":
        high = 100 * (spec.high if spec.high is not None else 1)
        accepts = f"từ {vn(100 * spec.low)}% đến {vn(high)}%"
    elif spec.kind == "yes_no":
        accepts = "Có hoặc Không"
    elif spec.kind == "count":
        accepts = f"số nguyên từ {vn(spec.low)}"
        accepts += f" đến {vn(spec.high)}" if spec.high is not None else " trở lên"
    elif spec.high is not None:
        accepts = f"số từ {vn(spec.low)} đến {vn(spec.high)}"
    else:
        accepts = f"số từ {vn(spec.low)} trở lên"
    if leaf is not None:
        who = "điểm thẩm định" if name == leaf.of else "điểm tự chấm"
        caption = f" · {leaf.title} ({who}, tối đa {vn(leaf.max)})"
    else:
        caption = f" ({unit})"
    return FormColumn(name, header, caption, unit, accepts, BLANK_MEANS[spec.missing], spec, leaf)


def validation_key(col: FormColumn) -> tuple[object, ...]:
    """Columns with equal keys share one validation (XlsxWriter spends most of a small
    workbook's time on each validation formula)."""
    return (col.spec.kind, col.spec.low, col.spec.high, col.blank)


def validation(col: FormColumn, first: str, *, shared: bool = False) -> dict[str, Any]:
    """XlsxWriter's data validation for the column's input cells; `first` is the top cell
    (e.g. D2), to which the formula is relative. Besides the column's own values, KAD (not
    applicable) is accepted, as the indicator reader accepts it. `shared`: the validation
    also covers other columns with the same key, so its title names no column."""
    spec = col.spec
    rule: dict[str, Any]
    if spec.kind == "yes_no":
        rule = {"validate": "list", "source": ["Có", "Không"]}
    else:
        checks = [f"ISNUMBER({first})", f"{first}>={spec.low!r}"]
        if spec.high is not None:
            checks.append(f"{first}<={spec.high!r}")
        if spec.kind == "count":
            checks.append(f"INT({first})={first}")
        value = f'=OR(AND({",".join(checks)}),UPPER(TRIM({first}))="KAD")'
        rule = {"validate": "custom", "value": value}
    kad = "" if spec.kind == "yes_no" else ", hoặc KAD nếu không áp dụng"
    message = f"Nhập {col.accepts}{kad}; {col.blank}."
    return rule | {
        "ignore_blank": True,
        "input_title": ("Nhập số liệu" if shared else col.header)[:32],
        "input_message": message[:255],
        "error_title": "Giá trị không hợp lệ"[:32],
        "error_message": f"Ô này chỉ nhận {col.accepts}{kad}."[:255],
    }


def caption_format(col: FormColumn) -> str:
    """A text number format that shows the caption after the header, leaving its value alone."""
    # Excel refuses number formats longer than 255 characters
    return '@"' + col.caption.replace('"', "'")[:250] + '"'
