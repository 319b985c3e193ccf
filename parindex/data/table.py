"""IndicatorTable: the validated input of the scoring core, one row per unit.

Values are float64 arrays, one per column (indicator id or appraised-points column). A value
that is *not applicable* is NaN with its `na` flag set; a value that is simply *missing* never
reaches this table (the reader turns it into an error, a zero, an imputed value or a not
applicable, as the criteria say). So NaN never means two things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]


@dataclass
class IndicatorTable:
    ids: list[str]
    names: list[str]
    blocks: list[str]
    values: dict[str, Array] = field(default_factory=dict)
    na: dict[str, Mask] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)  # source row of each unit, for messages
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (id, block) not ranked
    _codes: dict[tuple[str, ...], NDArray[np.intp]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        n = len(self.ids)
        if not (len(self.names) == len(self.blocks) == n):
            raise ValueError("ids, names and blocks must have one entry per unit")
        if not self.rows:
            self.rows = list(range(1, n + 1))

    def __len__(self) -> int:
        return len(self.ids)

    def column(self, name: str) -> Array:
        """Values of one column; a column the data do not have reads as all not applicable."""
        if name in self.values:
            return self.values[name]
        return np.full(len(self), np.nan)

    def block_codes(self, blocks: list[str]) -> NDArray[np.intp]:
        """Each unit's block as its position in `blocks` (-1: not there); computed once."""
        key = tuple(blocks)
        if key not in self._codes:
            code_of = {b: i for i, b in enumerate(blocks)}
            self._codes[key] = np.array([code_of.get(b, -1) for b in self.blocks], dtype=np.intp)
        return self._codes[key]

    def not_applicable(self, name: str) -> Mask:
        if name in self.na:
            return self.na[name]
        return np.isnan(self.column(name))

    def take(self, index: NDArray[np.intp]) -> IndicatorTable:
        """The units at `index`, in that order."""
        return IndicatorTable(
            ids=[self.ids[i] for i in index],
            names=[self.names[i] for i in index],
            blocks=[self.blocks[i] for i in index],
            values={k: v[index] for k, v in self.values.items()},
            na={k: v[index] for k, v in self.na.items()},
            rows=[self.rows[i] for i in index],
        )

    @classmethod
    def from_records(
        cls,
        records: list[dict[str, object]],
        *,
        id_key: str = "id",
        name_key: str = "name",
        block_key: str = "block",
    ) -> IndicatorTable:
        """A table from plain dicts (tests, examples): None means not applicable."""
        keys = sorted({k for r in records for k in r} - {id_key, name_key, block_key})
        values: dict[str, Array] = {}
        na: dict[str, Mask] = {}
        for k in keys:
            raw = [r.get(k) for r in records]
            arr = np.array([np.nan if v is None else float(v) for v in raw], dtype=np.float64)  # type: ignore[arg-type]
            values[k] = arr
            na[k] = np.isnan(arr)
        return cls(
            ids=[str(r[id_key]) for r in records],
            names=[str(r.get(name_key, r[id_key])) for r in records],
            blocks=[str(r[block_key]) for r in records],
            values=values,
            na=na,
        )


@dataclass
class HeadTable:
    """One row per head's term; values of the head-level indicators as float arrays."""

    units: list[str]
    names: list[str]
    positions: list[str]
    starts: list[date]
    ends: list[date]
    disciplined: NDArray[np.bool_]
    values: dict[str, NDArray[np.float64]] = field(default_factory=dict)
    na: dict[str, NDArray[np.bool_]] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.units)
