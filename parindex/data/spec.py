"""What a table reader needs to know of the criteria: only the criteria sets themselves.

The readers are given anything that carries a criteria set (`HasCriteria` — the scoring's
compiled plan does, and so does a plain wrapper), and derive the columns to read from the set
alone; so `data` never imports `scoring`, and the layers stay one-way.
"""

from __future__ import annotations

from typing import Protocol

from parindex.criteria.model import CriteriaSet


class HasCriteria(Protocol):
    @property
    def criteria(self) -> CriteriaSet: ...
