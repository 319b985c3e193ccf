"""The shape of results.json (`parindex.results/2`), declared once.

Records allow keys beyond those declared, so a newer parindex's document still reads; every
declared key is type-checked on read, so a hand-edited or truncated file is refused with the
place of the problem rather than failing half way through a report.

What a criterion is (title, area, kind, maximum, what its rule reads, its cut points) is stated
once, under its criteria set; each unit holds only what is its own (points, status, the band
its value reached). A `parindex.results/1` document, which repeated a criterion's facts in every
unit's explanation, is converted on read (`upgrade.from_v1`).
"""

from __future__ import annotations

from typing import Literal, NotRequired

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict

FORMAT = "parindex.results/2"

_open = ConfigDict(extra="allow")


@with_config(_open)
class SourceFile(TypedDict):
    path: str
    sha256: str


@with_config(_open)
class Provenance(TypedDict):
    parindex_version: str
    criteria: list[SourceFile]
    data: SourceFile | None
    time: str
    heads: NotRequired[SourceFile]
    previous: NotRequired[SourceFile]


@with_config(_open)
class ClassRow(TypedDict):
    label: str
    label_en: str | None
    min: float | None


@with_config(_open)
class DerivedRow(TypedDict):
    formula: str
    label: str | None
    kind: str


@with_config(_open)
class IndicatorRow(TypedDict):
    label: str
    label_en: str | None
    kind: str


@with_config(_open)
class AwardTitle(TypedDict):
    title: str
    title_en: str | None


@with_config(_open)
class Exclusion(TypedDict):
    reason: str
    reason_en: str | None


@with_config(_open)
class LevelRow(TypedDict):
    label: str
    label_en: str | None


@with_config(_open)
class CriterionFacts(TypedDict):
    """What a criterion is, whatever the unit."""

    title: str
    title_en: str | None
    area: str
    kind: str
    max: float
    of: str | None  # the indicator or rate its rule reads
    better: str | None  # bands and relative rules: higher or lower
    bounds: list[float | None] | None  # bands: the cut points, best band first


@with_config(_open)
class CriteriaSetRow(TypedDict):
    id: str
    title: str
    period: str | None
    blocks: dict[str, str]
    areas: dict[str, str]
    areas_en: dict[str, str]
    classes: dict[str, list[ClassRow]]
    derived: dict[str, DerivedRow]
    criteria: dict[str, CriterionFacts]
    title_en: NotRequired[str | None]
    decimals: NotRequired[int]
    blocks_en: NotRequired[dict[str, str | None]]
    indicators: NotRequired[dict[str, IndicatorRow]]
    award_titles: NotRequired[dict[str, AwardTitle]]
    exclusions: NotRequired[list[Exclusion]]
    levels: NotRequired[list[LevelRow]]


@with_config(_open)
class CapRow(TypedDict):
    reason: str
    reason_en: str | None
    at_most: str
    lowered: bool


@with_config(_open)
class AreaRow(TypedDict):
    points: float | None
    max: float | None
    index: float | None
    index_self: float | None
    self_gap: float | None


Status = Literal["scored", "no_cases_full_marks", "not_applicable", "not_in_block", "missing_zero"]


@with_config(_open)
class CriterionRow(TypedDict):
    points: float | None
    status: str
    # with explanations, for band rules: the band reached (1 = best; 0 = none of them; null
    # when the rule did not read a value)
    band: NotRequired[int | None]


class Trace(TypedDict):
    """One criterion of one unit with its facts joined: what renderers read (`view`), never
    stored."""

    id: str
    title: str
    title_en: str | None
    area: str
    kind: str
    max: float
    points: float | None
    lost: float
    status: str
    of: str | None
    value: float | None
    band: int | None
    bound: float | None
    better: str | None


@with_config(_open)
class CapTraceRow(TypedDict):
    when: str
    at_most: str
    reason: str
    lowered: NotRequired[bool]


@with_config(_open)
class LiftRow(TypedDict):
    target_class: str
    target_class_en: str | None
    target_min: float | None
    needed_points: float
    reachable: bool
    steps: list[str]  # the criteria to recover in full, by id, smallest loss first
    blocking_caps: list[CapTraceRow]


@with_config(_open)
class ExplanationRow(TypedDict):
    caps: list[CapTraceRow]
    lift: LiftRow | None


# `class` is a Python keyword: the keys named so are declared in the functional form and
# inherited
_UnitClass = TypedDict(
    "_UnitClass", {"class": str, "class_en": str | None, "class_before_caps": str}
)
_UnitResultClass = TypedDict("_UnitResultClass", {"class": str})


@with_config(_open)
class UnitRow(_UnitClass):
    id: str
    name: str
    block: str
    block_label: str
    block_label_en: str | None
    index: float | None
    index_exact: float | None
    rank: int
    block_size: int
    index_self: float | None
    self_gap: float | None
    self_flag: bool
    caps: list[CapRow]
    points: float | None
    possible: float | None
    areas: dict[str, AreaRow]
    criteria: dict[str, CriterionRow]
    values: dict[str, float | None]
    explanation: NotRequired[ExplanationRow]
    criteria_set: str


@with_config(_open)
class UnitResult(_UnitResultClass):
    index: float | None
    rank: int
    block_size: int


@with_config(_open)
class HeadRow(TypedDict):
    unit: str
    unit_name: str
    block: str
    head: str
    position: str | None
    start: str
    end: str
    share_of_period: float
    weight_of_unit_result: float
    components: dict[str, float | None]
    score: float | None
    level: str
    level_en: str | None
    level_before_caps: str
    caps: list[CapRow]
    unit_result: UnitResult


@with_config(_open)
class CheckRow(TypedDict):
    condition: str
    held: bool
    value: str | float | int | bool | None
    required: str | float | int | bool | None
    # the condition as data (documents written before these were added lack them)
    got: NotRequired[str | float | int | bool | None]
    need: NotRequired[str | float | int | list[str] | None]
    before: NotRequired[float | None]
    after: NotRequired[float | None]
    gain: NotRequired[float | None]
    missing: NotRequired[Literal["previous", "no_result", "heads"] | None]


@with_config(_open)
class AwardRow(TypedDict):
    unit: str
    unit_name: str
    block: str
    award: str
    title: str
    eligible: bool
    excluded: str | None
    checks: list[CheckRow]
    quota: str | None
    reasons: list[str]
    undetermined: NotRequired[Literal["heads", "previous"] | None]
    exclusion: NotRequired[dict[str, str] | None]  # {"kind": "block" | "class", …} as data
    quota_detail: NotRequired[dict[str, int | str | None] | None]  # per_block, rank, ties


@with_config(_open)
class ResultsDocument(TypedDict):
    format: Literal["parindex.results/2"]
    provenance: Provenance
    criteria_sets: list[CriteriaSetRow]
    units: list[UnitRow]
    heads: NotRequired[list[HeadRow]]
    awards: NotRequired[list[AwardRow]]
