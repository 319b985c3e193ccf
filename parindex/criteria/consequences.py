"""What follows from the ranking, as data: heads' accountability, emulation awards, and the
watch on self-assessment inflation. Provinces write these rules differently every year, so they
live in the criteria file beside the criteria they build on.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator, model_validator

from parindex.criteria.base import Code, Indicator, Model, Name, Text, check_formula, problem
from parindex.criteria.rules import HeadRule
from parindex.errors import t

# ---------------------------------------------------------------- head-of-unit accountability


class Period(Model):
    """The assessment period; heads' terms are clipped to it."""

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise problem("PX018", t("the period ends before it starts"))
        return self

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class Level(Model):
    """A rating level under Nghị định 90/2020/NĐ-CP, e.g. Hoàn thành tốt nhiệm vụ ≥ 75."""

    label: Text
    label_en: Text | None = None
    min: float | None = Field(default=None, ge=0, le=100)


class HeadComponent(Model):
    """One part of a head's score: the unit's result (`unit:`) or one of the head's indicators."""

    id: Code
    title: Text
    title_en: Text | None = None
    max: float = Field(gt=0)
    rule: HeadRule


class Attribution(Model):
    """How much of the unit's result a head carries when they served part of the period.

    proportional: the unit components count with the share of the period served (their points
    and their maximum both), so a head who served 4 of 12 months carries 4/12 of the result.
    minimum_term: a head who served at least `minimum_share` carries the whole result; a shorter
    term carries none of it (the head is rated on their own indicators alone).
    """

    mode: Literal["proportional", "minimum_term"] = "proportional"
    minimum_share: float = Field(default=0.5, gt=0, le=1)


class HeadCap(Model):
    """A ceiling on a head's level, e.g. unit Yếu → at most Hoàn thành nhiệm vụ."""

    unit_class: list[Text] | None = Field(default=None, min_length=1)  # the unit's class is one
    disciplined: bool | None = None  # true: the head was disciplined in the period
    when: Text | None = None  # a condition over the head's indicators
    at_most: Text  # a level label
    reason: Text
    reason_en: Text | None = None

    @model_validator(mode="after")
    def _has_condition(self) -> HeadCap:
        if self.unit_class is None and self.disciplined is None and self.when is None:
            raise problem(
                "PX011", t("a cap needs a condition: `unit_class`, `disciplined` or `when`")
            )
        return self

    @field_validator("when")
    @classmethod
    def _parse(cls, v: str | None) -> str | None:
        return None if v is None else check_formula(v, boolean=True)


class Accountability(Model):
    """How heads of units are scored and rated from their unit's results and their own work."""

    title: Text = "Đánh giá trách nhiệm người đứng đầu"
    source: Text | None = None
    illustrative: bool = False
    period: Period
    indicators: dict[Name, Indicator] = Field(default_factory=dict)
    components: list[HeadComponent] = Field(min_length=1)
    attribution: Attribution = Field(default_factory=Attribution)
    levels: list[Level] = Field(min_length=1)
    caps: list[HeadCap] = Field(default_factory=list)
    decimals: int = Field(default=2, ge=0, le=6)


# ---------------------------------------------------------------- emulation awards


class Exclusion(Model):
    """Units not considered for any award, e.g. those classed Trung bình or Yếu."""

    class_: list[Text] = Field(alias="class", min_length=1)
    reason: Text
    reason_en: Text | None = None


class Conditions(Model):
    """Every condition given must hold; each is reported with the value that decided it."""

    class_: list[Text] | None = Field(default=None, alias="class", min_length=1)
    rank_at_most: int | None = Field(default=None, ge=1)
    min_index: float | None = Field(default=None, ge=0, le=100)
    min_improvement: float | None = None  # index points over the previous period
    no_cap: bool = False  # no cap lowered the unit's class
    head_at_least: Text | None = None  # a level label: every head of the unit rated at least


class Quota(Model):
    """At most `per_block` units per block, best rank first; a tie at the limit is decided by
    `ties`: include_all (every tied unit gets it) or exclude_all (none of them does)."""

    per_block: int = Field(ge=1)
    ties: Literal["include_all", "exclude_all"] = "include_all"


class Award(Model):
    id: Code
    title: Text
    title_en: Text | None = None
    blocks: list[Name] | None = Field(default=None, min_length=1)
    conditions: Conditions
    quota: Quota | None = None
    source: Text | None = None
    illustrative: bool = False


class Awards(Model):
    exclude: list[Exclusion] = Field(default_factory=list)
    awards: list[Award] = Field(min_length=1)


# ---------------------------------------------------------------- self-assessment watch


class SelfAssessment(Model):
    """Flag units whose self-assessed index exceeds the appraised one by more than this."""

    flag_gap_above: float = Field(ge=0)


# ---------------------------------------------------------------- uncertainty analysis


class RobustnessRanges(Model):
    """Default ranges for `parindex robustness`; the command line overrides each."""

    weights: float = Field(default=0.1, ge=0, lt=1)  # criterion weights × U(1 − w, 1 + w)
    cuts: float = Field(default=0.05, ge=0, lt=1)  # band cut points × U(1 − c, 1 + c)
    appraised: float = Field(default=0.05, ge=0, le=1)  # appraisal noise sd, share of the max
    draws: int = Field(default=1000, ge=1, le=1_000_000)
    seed: int = 0
    flag_share: float = Field(default=0.2, ge=0, le=1)
