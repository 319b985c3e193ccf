"""The rule kinds a leaf criterion (or an accountability component) scores with."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from parindex.criteria.base import Better, Model, Name, Text, problem
from parindex.errors import t


class Cut(Model):
    """One band: `at_least` for higher-is-better, `below` for lower-is-better (half-open)."""

    at_least: float | None = None
    below: float | None = None
    points: float = Field(ge=0)

    @model_validator(mode="after")
    def _one_bound(self) -> Cut:
        if (self.at_least is None) == (self.below is None):
            raise problem(
                "PX017",
                t(
                    "a band needs exactly one of `at_least` (higher is better) or `below` "
                    "(lower is better)"
                ),
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

    def columns(self, criterion_id: str) -> tuple[str, str]:
        """The appraised and self-assessed columns, defaults resolved (one place for the
        scoring and the readers)."""
        return self.column or criterion_id, self.self_column or f"{criterion_id}:self"


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


class UnitResult(Model):
    """For a head of unit: the unit's own result as points — its index (`index`) or an area's
    sub-index (`area:3`) — index ÷ 100 × max."""

    of: Text = "index"


class UnitRule(Model):
    unit: UnitResult


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


HEAD_RULE_KINDS = ("unit", "bands", "proportional", "yes_no", "deduct", "bonus")


def _kind_among(value: Any, kinds: tuple[str, ...]) -> str | None:
    if isinstance(value, BaseModel):
        return _KIND_OF_MODEL[type(value)]
    if isinstance(value, dict):
        present = [k for k in kinds if k in value]
        return present[0] if len(present) == 1 else None
    return None


def _rule_kind(value: Any) -> str | None:
    return _kind_among(value, RULE_KINDS)


def _head_rule_kind(value: Any) -> str | None:
    return _kind_among(value, HEAD_RULE_KINDS)


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


HeadRule = Annotated[
    Annotated[UnitRule, Tag("unit")]
    | Annotated[BandsRule, Tag("bands")]
    | Annotated[ProportionalRule, Tag("proportional")]
    | Annotated[YesNoRule, Tag("yes_no")]
    | Annotated[DeductRule, Tag("deduct")]
    | Annotated[BonusRule, Tag("bonus")],
    Discriminator(
        _head_rule_kind,
        custom_error_type="PX013",
        custom_error_message="a rule must have exactly one kind",
    ),
]
"""The rules that score a head of unit: the unit's result, and the head's own indicators."""


_KIND_OF_MODEL: dict[type[BaseModel], str] = {
    UnitRule: "unit",
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
