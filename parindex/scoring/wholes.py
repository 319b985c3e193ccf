"""Parts that together exceed their whole: early + on time + late > resolved is a typing error
in the data, and scoring it would give rates above 100 %. Checked over arrays, one pass per
declared whole (`wholes:` in the criteria)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parindex.criteria.model import CriteriaSet
from parindex.data.table import IndicatorTable


@dataclass(frozen=True)
class Excess:
    unit: int  # position in the table
    whole: str
    parts: tuple[str, ...]
    total: float  # Σ parts
    value: float  # the whole


def parts_over_whole(cs: CriteriaSet, table: IndicatorTable) -> list[Excess]:
    """Every unit whose declared parts add up to more than their whole. A unit where any of
    them is not applicable is not checked."""
    out: list[Excess] = []
    for whole, parts in cs.wholes.items():
        names = [whole, *parts]
        if any(n not in table.values for n in names):
            continue  # not columns of this table (derived, or another block's)
        total = np.sum([table.values[p] for p in parts], axis=0)
        value = table.values[whole]
        checked = (
            ~np.any([table.na[n] for n in names if n in table.na], axis=0)
            if any(n in table.na for n in names)
            else np.ones(len(table), dtype=bool)
        )
        # a tolerance for counts typed as decimals that should add up exactly
        bad = np.flatnonzero(checked & (total > value + 1e-9 * np.maximum(1.0, np.abs(value))))
        out += [Excess(int(i), whole, tuple(parts), float(total[i]), float(value[i])) for i in bad]
    return sorted(out, key=lambda e: (e.unit, e.whole))
