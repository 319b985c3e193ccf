"""The criteria language as pydantic models: the one place its shape is declared.

Every model forbids unknown keys (a misspelt `maxx:` silently scoring with a default would be a
wrong ranking) and is frozen (a loaded criteria set is a fact, not a draft). Checks that need
the whole set — maxima adding up, references, band order — live in `lint.py`, so that one file
gets every finding at once with its location.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from parindex.criteria import formula as fx

SCHEMA_VERSION = 1

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""Indicator and block ids: usable inside formulas, so lowercase letters, digits and `_`."""

Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=32)]
"""Area and criterion ids as printed in the decision: "3", "3.4", "II.2.a"."""

Text = Annotated[str, Field(min_length=1)]
Better = Literal["higher", "lower"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _remember_allowed_keys(cls, data: Any, info: ValidationInfo) -> Any:
        # The error for an unknown key says only which key; the loader uses this record to
        # offer "did you mean" from the keys that are allowed at that exact place.
        if isinstance(data, dict) and isinstance(info.context, dict):
            info.context.setdefault("allowed", {})[id(data)] = _allowed_keys(cls)
        return data


@cache
def _allowed_keys(cls: type[BaseModel]) -> frozenset[str]:
    return frozenset(f.alias or name for name, f in cls.model_fields.items())


def _check_formula(text: str, *, boolean: bool | None = None) -> str:
    try:
        expr = fx.parse(text)
    except fx.FormulaError as exc:
        raise PydanticCustomError(
            "PX020", "formula `{formula}`: {problem}", {"formula": text, "problem": exc.message}
        ) from None
    if boolean is True and not fx.is_boolean(expr):
        raise PydanticCustomError(
            "PX020",
            "formula `{formula}` must be a condition (a comparison such as `late_rate > 0.2`)",
            {"formula": text},
        )
    return text


# ---------------------------------------------------------------- blocks and indicators


class ClassDef(Model):
    """One class (xếp loại), e.g. Tốt ≥ 85. The last class has no minimum."""

    label: Text
    label_en: Text | None = None
    min: float | None = Field(default=None, ge=0, le=100)


class Block(Model):
    """A group of units ranked together (khối), optionally with its own class thresholds."""

    label: Text
    label_en: Text | None = None
    classes: list[ClassDef] | None = Field(default=None, min_length=1)


IndicatorKind = Literal["count", "rate", "percent", "yes_no", "points", "score"]
MissingPolicy = Literal["error", "zero", "not_applicable", "impute"]

DEFAULT_RANGE: dict[str, tuple[float, float | None]] = {
    "count": (0.0, None),
    "rate": (0.0, 1.0),
    "percent": (0.0, 100.0),
    "yes_no": (0.0, 1.0),
    "points": (0.0, None),
    "score": (0.0, 100.0),
}


class Indicator(Model):
    """An input column of the indicator data (chỉ tiêu đầu vào)."""

    label: Text
    label_en: Text | None = None
    kind: IndicatorKind
    min: float | None = None
    max: float | None = None
    at_most: Name | None = None  # another indicator this one can never exceed (late ≤ resolved)
    columns: list[Text] = Field(default_factory=list)  # other headers accepted in data files
    missing: MissingPolicy = "error"
    impute: float | None = None  # the value used when `missing: impute`

    def value_range(self) -> tuple[float, float | None]:
        low, high = DEFAULT_RANGE[self.kind]
        low = self.min if self.min is not None else low
        return (low, self.max if self.max is not None else high)


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
        return _check_formula(v)


# ---------------------------------------------------------------- rule kinds


class Cut(Model):
    """One band: `at_least` for higher-is-better, `below` for lower-is-better (half-open)."""

    at_least: float | None = None
    below: float | None = None
    points: float = Field(ge=0)

    @model_validator(mode="after")
    def _one_bound(self) -> Cut:
        if (self.at_least is None) == (self.below is None):
            raise PydanticCustomError(
                "PX012",
                "a band needs exactly one of `at_least` (higher is better) or `below` "
                "(lower is better)",
            )
        return self

    @property
    def bound(self) -> float:
        return self.at_least if self.at_least is not None else self.below  # type: ignore[return-value]


class Bands(Model):
    of: Name
    better: Better
    cuts: list[Cut] = Field(min_length=1)
    otherwise: float = Field(default=0, ge=0)


class Proportional(Model):
    """points = max × (value − floor) / (target − floor), clipped to [0, max]."""

    of: Name
    target: float | None = None  # value earning full points; default 1 for rates, 100 for percents
    floor: float = 0.0  # value at or beyond which no points are earned


class PerCount(Model):
    of: Name
    each: float = Field(gt=0)
    cap: float | None = Field(default=None, gt=0)  # most points moved; default the criterion max


class RelativeToBest(Model):
    """value ÷ best unit's value in the block × max (lower-is-better: best ÷ value)."""

    of: Name
    better: Better = "higher"


class Appraised(Model):
    """Points entered by hand: self-assessed and appraised (thẩm định); the appraised count."""

    column: Text | None = None  # default: the criterion id, e.g. "1.1"
    self_column: Text | None = None  # default: "<id>:self"


class Survey(Model):
    """Survey points (SIPAS, officials' survey): value ÷ target × max."""

    of: Name
    target: float | None = None
    if_missing: Literal["rescale", "zero", "error"] = "rescale"


class BandsRule(Model):
    bands: Bands


class ProportionalRule(Model):
    proportional: Proportional


class YesNoRule(Model):
    yes_no: Name


class DeductRule(Model):
    deduct: PerCount


class BonusRule(Model):
    bonus: PerCount


class RelativeRule(Model):
    relative_to_best: RelativeToBest


class AppraisedRule(Model):
    appraised: Appraised


class SurveyRule(Model):
    survey: Survey


RULE_KINDS = (
    "bands",
    "proportional",
    "yes_no",
    "deduct",
    "bonus",
    "relative_to_best",
    "appraised",
    "survey",
)


def _rule_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return _KIND_OF_MODEL[type(value)]
    if isinstance(value, dict):
        present = [k for k in RULE_KINDS if k in value]
        return present[0] if len(present) == 1 else None
    return None


Rule = Annotated[
    Annotated[BandsRule, Tag("bands")]
    | Annotated[ProportionalRule, Tag("proportional")]
    | Annotated[YesNoRule, Tag("yes_no")]
    | Annotated[DeductRule, Tag("deduct")]
    | Annotated[BonusRule, Tag("bonus")]
    | Annotated[RelativeRule, Tag("relative_to_best")]
    | Annotated[AppraisedRule, Tag("appraised")]
    | Annotated[SurveyRule, Tag("survey")],
    Discriminator(
        _rule_kind,
        custom_error_type="PX013",
        custom_error_message="a rule must have exactly one kind",
    ),
]


_KIND_OF_MODEL: dict[type[BaseModel], str] = {
    BandsRule: "bands",
    ProportionalRule: "proportional",
    YesNoRule: "yes_no",
    DeductRule: "deduct",
    BonusRule: "bonus",
    RelativeRule: "relative_to_best",
    AppraisedRule: "appraised",
    SurveyRule: "survey",
}


def rule_kind(rule: BaseModel) -> str:
    kind = _rule_kind(rule)
    assert kind is not None
    return kind


def rule_body(rule: BaseModel) -> Any:
    return getattr(rule, rule_kind(rule))


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
        return None if v is None else _check_formula(v, boolean=True)

    @model_validator(mode="after")
    def _leaf_or_parent(self) -> Criterion:
        if self.criteria is None:
            missing = [k for k in ("max", "rule") if getattr(self, k) is None]
            if missing:
                raise PydanticCustomError(
                    "PX011",
                    "criterion {id} needs {keys} (or sub-criteria under `criteria`)",
                    {"id": self.id, "keys": " and ".join(f"`{k}`" for k in missing)},
                )
        elif self.rule is not None:
            raise PydanticCustomError(
                "PX012",
                "criterion {id} has both `rule` and sub-criteria; a rule belongs on the leaves",
                {"id": self.id},
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
        return _check_formula(v, boolean=True)


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
    blocks: dict[Name, Block] = Field(min_length=1)
    indicators: dict[Name, Indicator] = Field(default_factory=dict)
    derived: dict[Name, Derived] = Field(default_factory=dict)
    areas: list[Area] = Field(min_length=1)
    classes: list[ClassDef] = Field(min_length=1)
    caps: list[Cap] = Field(default_factory=list)
    ranking: Ranking = Field(default_factory=Ranking)
    examples: list[Example] = Field(default_factory=list)

    def leaves(self) -> list[tuple[Area, Criterion]]:
        return [(a, leaf) for a in self.areas for c in a.criteria for leaf in c.leaves()]

    def classes_for(self, block: str) -> list[ClassDef]:
        own = self.blocks[block].classes if block in self.blocks else None
        return own if own is not None else self.classes
