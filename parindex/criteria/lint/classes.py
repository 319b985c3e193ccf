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
from parindex.criteria.messages import num, yaml_number
from parindex.criteria.model import (
    ClassDef,
)
from parindex.criteria.source import Path_, did_you_mean
from parindex.errors import Text, t
from parindex.i18n import N_

# the same findings for a unit's classes and a head's levels, each in its own words
# (one literal a message, as the catalog test reads them)
# fmt: off
_SAYS = {
    "class": (
        N_("duplicate class `{label}`"),
        N_("class `{label}` has no `min`, so the classes after it can never be reached"),
        N_("only the last class may omit `min`"),
        N_("the last class `{label}` has `min: {min}`, so a unit below it has no class"),
        N_("remove `min` from the last class"),
        N_("class `{label}` (min {min}) can never be reached: `{above}` above it starts at {above_min}"),  # noqa: E501
        N_("list classes from best to worst with decreasing `min`"),
    ),
    "level": (
        N_("duplicate level `{label}`"),
        N_("level `{label}` has no `min`, so the levels after it can never be reached"),
        N_("only the last level may omit `min`"),
        N_("the last level `{label}` has `min: {min}`, so a head below it has no level"),
        N_("remove `min` from the last level"),
        N_("level `{label}` (min {min}) can never be reached: `{above}` above it starts at {above_min}"),  # noqa: E501
        N_("list levels from best to worst with decreasing `min`"),
    ),
}
# fmt: on


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
        says = _SAYS[what]
        ranked: list[Any] = list(classes)  # classes and head levels: a label and a minimum
        for i, k in enumerate(ranked):
            kpath: Path_ = (*path, i)
            if k.label.casefold() in labels:
                self.add((*kpath, "label"), "PX141", Text(says[0], {"label": k.label}))
            labels.add(k.label.casefold())
            last = i == len(classes) - 1
            if k.min is None and not last:
                self.add(kpath, code, Text(says[1], {"label": k.label}), hint=Text(says[2]))
            if last and k.min is not None and k.min > 0:
                self.add(
                    (*kpath, "min"),
                    code,
                    Text(says[3], {"label": k.label, "min": yaml_number(k.min)}),
                    hint=Text(says[4]),
                )
            if i > 0 and k.min is not None:
                above = ranked[i - 1].min
                if above is not None and k.min >= above:
                    fields = {
                        "label": k.label,
                        "min": num(k.min),
                        "above": ranked[i - 1].label,
                        "above_min": num(above),
                    }
                    self.add((*kpath, "min"), code, Text(says[5], fields), hint=Text(says[6]))

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
                        t(
                            "unknown class `{label}` for block `{block}`",
                            label=cap.at_most,
                            block=block,
                        ),
                        hint=did_you_mean(cap.at_most, set(labels))
                        or t("classes: {labels}", labels=labels),
                    )
                    break
                if _same(labels[0], cap.at_most):
                    self.add(
                        (*path, "at_most"),
                        "PX133",
                        t(
                            "`at_most: {label}` is the best class: this cap never applies",
                            label=cap.at_most,
                        ),
                        severity=W,
                    )
                    break
