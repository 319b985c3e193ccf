"""One difference between two criteria sets (`criteria.diff`), as text and as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | renamed | moved | max | rule | bands | title | blocks | …
    subject: str  # "criterion 3.3", "area 7", "class Tốt (district)", "derived late_rate"
    old: str | None
    new: str | None
    # The same change as data, for a report to say in words in either language: what changed
    # (area, criterion, block, class, cap, indicator, derived, total, ranking), its id, its
    # name ({"title", "title_en"}), the block of a class, and the values before and after.
    what: str = field(default="", compare=False)
    ref: str = field(default="", compare=False)
    name: dict[str, Any] | None = field(default=None, compare=False)
    block: str | None = field(default=None, compare=False)
    before: Any = field(default=None, compare=False)
    after: Any = field(default=None, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "old": self.old,
            "new": self.new,
            "what": self.what,
            "id": self.ref,
            "name": self.name,
            "block": self.block,
            "before": self.before,
            "after": self.after,
        }


def named(title: str | None, title_en: str | None = None) -> dict[str, Any] | None:
    return None if title is None else {"title": title, "title_en": title_en}


def g(x: float | None) -> str | None:
    return None if x is None else f"{x:g}"
