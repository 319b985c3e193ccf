"""Classes and caps: thresholds in order, reachable, caps naming classes that exist."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from parindex.criteria import formula as fx
from parindex.criteria.consequences import Level
from parindex.criteria.lint.base import (
    Base,
    W,
    _has_label,
    _same,
)
from parindex.criteria.model import (
    ClassDef,
)
from parindex.criteria.source import Path_, did_you_mean


class Classes(Base):
    def classes(self) -> None:
        if self.cs.classes is not None:
            self._class_list(("classes",), self.cs.classes)
        for name, block in self.cs.blocks.items():
            if block.classes is not None:
                self._class_list(("blocks", name, "classes"), block.classes)

    def _class_list(
        self,
        path: Path_,
        classes: Sequence[ClassDef] | Sequence[Level],
        what: str = "class",
        code: str = "PX131",
    ) -> None:
        labels: set[str] = set()
        plural = "classes" if what == "class" else f"{what}s"
        ranked: list[Any] = list(classes)  # classes and head levels: a label and a minimum
        for i, k in enumerate(ranked):
            kpath: Path_ = (*path, i)
            if k.label.casefold() in labels:
                self.add((*kpath, "label"), "PX141", f"duplicate {what} `{k.label}`")
            labels.add(k.label.casefold())
            last = i == len(classes) - 1
            if k.min is None and not last:
                self.add(
                    kpath,
                    code,
                    f"{what} `{k.label}` has no `min`, so the {plural} after it can never be "
                    "reached",
                    hint=f"only the last {what} may omit `min`",
                )
            if last and k.min is not None and k.min > 0:
                self.add(
                    (*kpath, "min"),
                    code,
                    f"the last {what} `{k.label}` has `min: {k.min:g}`, so a unit below it "
                    f"has no {what}",
                    hint=f"remove `min` from the last {what}",
                )
            if i > 0 and k.min is not None:
                above = ranked[i - 1].min
                if above is not None and k.min >= above:
                    self.add(
                        (*kpath, "min"),
                        code,
                        f"{what} `{k.label}` (min {k.min:g}) can never be reached: "
                        f"`{ranked[i - 1].label}` above it starts at {above:g}",
                        hint=f"list {plural} from best to worst with decreasing `min`",
                    )

    def caps(self) -> None:
        for i, cap in enumerate(self.cs.caps):
            path: Path_ = ("caps", i)
            when = fx.parse(cap.when)
            self.zero_division((*path, "when"), when, cap.when)
            for r in sorted(fx.names(when)):
                self.ref((*path, "when"), r)
            self.blocks((*path, "blocks"), cap.blocks)
            for block in cap.blocks or list(self.cs.blocks):
                if block not in self.cs.blocks:
                    continue
                labels = [k.label for k in self.cs.classes_for(block)]
                if not _has_label(labels, cap.at_most):
                    self.add(
                        (*path, "at_most"),
                        "PX132",
                        f"unknown class `{cap.at_most}` for block `{block}`",
                        hint=did_you_mean(cap.at_most, set(labels))
                        or f"classes: {', '.join(labels)}",
                    )
                    break
                if _same(labels[0], cap.at_most):
                    self.add(
                        (*path, "at_most"),
                        "PX133",
                        f"`at_most: {cap.at_most}` is the best class: this cap never applies",
                        severity=W,
                    )
                    break
