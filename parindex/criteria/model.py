"""The criteria language as pydantic models: the one place its shape is declared.

Every model forbids unknown keys (a misspelt `maxx:` silently scoring with a default would be a
wrong ranking) and is frozen (a loaded criteria set is a fact, not a draft). Checks that need
the whole set — maxima adding up, references, band order — live in `lint.py`, so that one file
gets every finding at once with its location. Rule kinds live in `rules.py`; the consequences of
a ranking (heads' accountability, awards) in `consequences.py`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from parindex.criteria.base import (
    DEFAULT_RANGE,
    SCHEMA_VERSION,
    Better,
    Code,
    Indicator,
    IndicatorKind,
    Model,
    Name,
    Text,
    check_formula,
    problem,
)
from parindex.criteria.consequences import (
    Accountability,
    Awards,
    RobustnessRanges,
    SelfAssessment,
)
from parindex.criteria.rules import (
    RULE_KINDS,
    Appraised,
    AppraisedRule,
    Bands,
    BandsRule,
    BonusRule,
    Cut,
    DeductRule,
    PerCount,
    Proportional,
    ProportionalRule,
    RelativeRule,
    RelativeToBest,
    Rule,
    Survey,
    SurveyRule,
    YesNoRule,
    rule_body,
    rule_kind,
)
from parindex.errors import t

__all__ = [
    "DEFAULT_RANGE",
    "RULE_KINDS",
    "SCHEMA_VERSION",
    "Appraised",
    "AppraisedRule",
    "Bands",
    "BandsRule",
    "Better",
    "BonusRule",
    "Code",
    "Cut",
    "DeductRule",
    "Indicator",
    "IndicatorKind",
    "Model",
    "Name",
    "PerCount",
    "Proportional",
    "ProportionalRule",
    "RelativeRule",
    "RelativeToBest",
    "Rule",
    "Survey",
    "SurveyRule",
    "Text",
    "YesNoRule",
    "rule_body",
    "rule_kind",
]

# ---------------------------------------------------------------- blocks and indicators


class ClassDef(Model):
    """One class (xếp loại), e.g. Tốt ≥ 85. The last class has no minimum.

    `above: 84` is for rules written "trên 84 điểm" (strictly above). Classes are given to the
    index rounded to `ranking.decimals`, so it is the same as `min: 84.01` at 2 decimals; the
    criteria set fills `min` so (`CriteriaSet._strict_thresholds`) and keeps `above` to show.
    """

    label: Text
    label_en: Text | None = None
    min: float | None = Field(default=None, ge=0, le=100)
    above: float | None = Field(default=None, ge=0, lt=100)


class Block(Model):
    """A group of units ranked together (khối), optionally with its own class thresholds."""

    label: Text
    label_en: Text | None = None
    classes: list[ClassDef] | None = Field(default=None, min_length=1)


ZeroPolicy = Literal["error", "not_applicable", "full_marks", "zero"]


class Derived(Model):
    """An indicator computed from others, e.g. late_rate = dossiers_late / dossiers_resolved."""

    formula: Text
    label: Text | None = None
    label_en: Text | None = None
    kind: IndicatorKind | None = None  # declares the range (a rate lies in 0–1) for checks
    zero_denominator: ZeroPolicy = "error"

    @field_validator("formula")
    @classmethod
    def _parse(cls, v: str) -> str:
        return check_formula(v)


# ---------------------------------------------------------------- the hierarchy


class Criterion(Model):
    """A criterion (tiêu chí) or sub-criterion; a leaf has `max` and `rule`, a parent `criteria`."""

    id: Code
    title: Text
    title_en: Text | None = None
    max: float | None = Field(default=None, gt=0)
    rule: Rule | None = None
    criteria: list[Criterion] | None = Field(default=None, min_length=1)
    blocks: list[Name] | None = Field(default=None, min_length=1)
    not_applicable_if: Text | None = None
    source: Text | None = None  # where the rule comes from, e.g. "QĐ 4044/QĐ-UBND, mục 3.4"
    illustrative: bool = False  # true when the values are examples, not from an official text

    @field_validator("not_applicable_if")
    @classmethod
    def _parse(cls, v: str | None) -> str | None:
        return None if v is None else check_formula(v, boolean=True)

    @model_validator(mode="after")
    def _leaf_or_parent(self) -> Criterion:
        if self.criteria is None:
            missing = [k for k in ("max", "rule") if getattr(self, k) is None]
            if missing:
                if len(missing) == 2:
                    said = t(
                        "criterion {id} needs `max` and `rule` (or sub-criteria under `criteria`)",
                        id=self.id,
                    )
                else:
                    said = t(
                        "criterion {id} needs `{key}` (or sub-criteria under `criteria`)",
                        id=self.id,
                        key=missing[0],
                    )
                raise problem("PX011", said)
        elif self.rule is not None:
            raise problem(
                "PX016",
                t(
                    "criterion {id} has both `rule` and sub-criteria; a rule belongs on the leaves",
                    id=self.id,
                ),
            )
        return self

    def leaves(self) -> list[Criterion]:
        if self.criteria is None:
            return [self]
        return [leaf for c in self.criteria for leaf in c.leaves()]


class Area(Model):
    """An area (lĩnh vực) of the index, e.g. "Cải cách thủ tục hành chính"."""

    id: Code
    title: Text
    title_en: Text | None = None
    max: float | None = Field(default=None, gt=0)
    blocks: list[Name] | None = Field(default=None, min_length=1)
    criteria: list[Criterion] = Field(min_length=1)


class Cap(Model):
    """A ceiling on the class, e.g. late rate above 20% → at most Khá."""

    when: Text
    at_most: Text  # a class label
    reason: Text
    reason_en: Text | None = None
    blocks: list[Name] | None = Field(default=None, min_length=1)

    @field_validator("when")
    @classmethod
    def _parse(cls, v: str) -> str:
        return check_formula(v, boolean=True)


class TieBreak(Model):
    of: Text  # an indicator, a derived indicator, or `area:<id>`
    better: Better = "higher"


class Ranking(Model):
    decimals: int = Field(default=2, ge=0, le=6)  # the index is rounded so before class and rank
    skip_after_tie: bool = True  # 1, 2, 2, 4 (true) or 1, 2, 2, 3 (false)
    tie_break: list[TieBreak] = Field(default_factory=list)


class Expect(Model):
    model_config = ConfigDict(populate_by_name=True)

    index: float | None = None
    class_: Text | None = Field(default=None, alias="class")
    points: dict[str, float] = Field(default_factory=dict)  # criterion id -> points


class Example(Model):
    """A worked case written by the criteria author, run by `parindex check`."""

    name: Text
    block: Name | None = None
    given: dict[str, float | bool | str | None]
    expect: Expect
    tolerance: float = Field(default=0.01, ge=0)


class CriteriaSet(Model):
    """One period's criteria for one or more blocks (Bộ tiêu chí)."""

    schema_version: Literal[1]
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    title: Text
    title_en: Text | None = None
    period: Text
    issued_by: Text | None = None  # the decision, e.g. "QĐ 4044/QĐ-UBND ngày …"
    total: float = Field(default=100, gt=0)
    # ids renumbered since the previous set, old id → new id, so `parindex diff` and
    # `parindex impact` match them instead of showing a removal and an addition
    renamed: dict[Text, Code] = Field(default_factory=dict)
    blocks: dict[Name, Block] = Field(min_length=1)
    indicators: dict[Name, Indicator] = Field(default_factory=dict)
    derived: dict[Name, Derived] = Field(default_factory=dict)
    # whole → the parts that together may not exceed it, across several indicators
    # (`dossiers_resolved: [dossiers_early, dossiers_on_time, dossiers_late]`); `at_most` on an
    # indicator says the same of one part
    wholes: dict[Name, list[Name]] = Field(default_factory=dict)
    areas: list[Area] = Field(min_length=1)
    # optional when every block has its own `classes:`
    classes: list[ClassDef] | None = Field(default=None, min_length=1)
    caps: list[Cap] = Field(default_factory=list)
    ranking: Ranking = Field(default_factory=Ranking)
    examples: list[Example] = Field(default_factory=list)
    self_assessment: SelfAssessment | None = None
    accountability: Accountability | None = None
    awards: Awards | None = None
    robustness: RobustnessRanges | None = None
    # headers of data columns that hold no indicator and are left out (besides STT, Ghi chú)
    ignore_columns: list[Text] = Field(default_factory=list)

    def leaves(self) -> list[tuple[Area, Criterion]]:
        return [(a, leaf) for a in self.areas for c in a.criteria for leaf in c.leaves()]

    def classes_for(self, block: str) -> list[ClassDef]:
        own = self.blocks[block].classes if block in self.blocks else None
        if own is not None:
            return own
        assert self.classes is not None, "checked by _every_block_has_classes"
        return self.classes

    @model_validator(mode="before")
    @classmethod
    def _strict_thresholds(cls, data: Any) -> Any:
        """`above: X` → `min` = X plus one unit of the last shown decimal (see ClassDef)."""
        if not isinstance(data, dict):
            return data
        ranking = data.get("ranking")
        decimals = ranking.get("decimals", 2) if isinstance(ranking, dict) else 2
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6:
            return data  # the decimals' own error is reported where they are written
        lists: list[tuple[tuple[str, ...], Any]] = [(("classes",), data.get("classes"))]
        blocks = data.get("blocks")
        if isinstance(blocks, dict):
            lists += [
                (("blocks", name, "classes"), b.get("classes"))
                for name, b in blocks.items()
                if isinstance(b, dict)
            ]
        for where, classes in lists:
            for k in classes if isinstance(classes, list) else []:
                if not isinstance(k, dict) or k.get("above") is None:
                    continue
                above = k["above"]
                if "min" in k:
                    raise problem(
                        "PX014",
                        t(
                            "class `{label}` has both `min` and `above`: write one "
                            "(`min: 85` for “từ 85 điểm”, `above: 84` for “trên 84 điểm”)",
                            label=str(k.get("label")),
                        ),
                        at=(*where, classes.index(k), "above"),
                    )
                if isinstance(above, int | float) and not isinstance(above, bool):
                    k["min"] = round(above + 10.0**-decimals, decimals)
        return data

    @model_validator(mode="after")
    def _every_block_has_classes(self) -> CriteriaSet:
        if self.classes is None:
            bare = [b for b, blk in self.blocks.items() if blk.classes is None]
            if bare:
                raise problem(
                    "PX015",
                    t(
                        "no classes for block {blocks}: give `classes:` at the top of the file "
                        "(for every block) or under each block",
                        blocks=", ".join(f"`{b}`" for b in bare),
                    ),
                    at=("blocks", bare[0]),
                )
        return self
