"""Which column of a sheet holds what: the unit's id, name and block, each indicator, yes/no
pairs (Có | Không), columns left out (STT, Ghi chú, `ignore_columns:`), and unknown columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parindex.criteria.source import did_you_mean
from parindex.data.cells import norm
from parindex.data.layout import BASE
from parindex.errors import t

if TYPE_CHECKING:
    from parindex.data.units import Units, _Sheet

BASE_LABEL = {"id": "Mã đơn vị", "name": "Tên đơn vị", "block": "Khối"}
YES_NO_PAIR = {"có": 1.0, "co": 1.0, "không": 0.0, "khong": 0.0}


def match_columns(u: Units, s: int, sh: _Sheet) -> None:
    lay = u.layouts[s]
    lookup: dict[str, str] = {}
    for specs in u.specs:
        for spec in specs.values():
            for h in spec.headers:
                lookup.setdefault(h, spec.name)
    for col in lay.columns:
        if not col.labels:
            continue
        j, labels = col.index, col.labels
        base = next((b for b, alts in BASE.items() if set(labels) & alts), None)
        if base is not None:
            _take(u, s, sh.base, base, j, col.shown)
            continue
        if set(labels) & u.ignored or col.parent in u.ignored:
            sh.ignored.append(j)
            continue
        name = next((lookup[h] for h in labels if h in lookup), None)
        if name is None and col.child in YES_NO_PAIR and col.parent in lookup:
            pname = lookup[col.parent]
            sh.pairs.setdefault(pname, {})[YES_NO_PAIR[col.child]] = j
            sh.shown[pname] = col.shown.rsplit(" / ", 1)[0]
            continue
        if name is None:
            if u.subset:
                continue
            known = {s.name for specs in u.specs for s in specs.values()}
            known |= {s.label for specs in u.specs for s in specs.values()}
            known |= {alias for aliases in BASE.values() for alias in aliases}
            hint = did_you_mean(labels[0], {norm(k) for k in known})
            u.diag(
                s,
                lay.header_row + lay.header_rows - 1 if col.child else lay.header_row,
                j,
                col.shown,
                "PD003",
                t("unknown column `{column}`", column=col.shown),
                hint
                or t(
                    "remove the column, declare its header under the indicator's `columns:`"
                    " in the criteria, or leave it out with `ignore_columns:` or --ignore-column"
                ),
            )
            continue
        if _take(u, s, sh.cols, name, j, col.shown):
            sh.shown[name] = col.shown
    for base in ("id", "name"):
        if base not in sh.base:
            u.diag(
                s,
                lay.header_row,
                None,
                "",
                "PD002",
                t("no column for the unit's id")
                if base == "id"
                else t("no column for the unit's name"),
                t("name a column `{column}` or `{label}`", column=base, label=BASE_LABEL[base]),
            )


def _take(u: Units, s: int, into: dict[str, int], name: str, j: int, shown: str) -> bool:
    lay = u.layouts[s]
    if name in into:
        first = next(c.shown for c in lay.columns if c.index == into[name])
        u.diag(
            s,
            lay.header_row,
            j,
            shown,
            "PD011",
            t(
                "column `{column}` repeats column {number} (`{first}`)",
                column=shown,
                number=into[name] + 1,
                first=first,
            ),
        )
        return False
    into[name] = j
    return True
