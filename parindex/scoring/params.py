"""One typed parameter record per rule kind, and the one function that compiles a rule into it.

Criteria leaves and the heads' accountability components both go through `compile_rule`, so a
default (the target of a proportional rule, the cap of a deduction) is resolved in one place.
`score` applies one compiled rule to one column of values; the engine batches rules of the same
kind (`scoring/batch.py`) and uses `score` only for rules that compare units (relative to best).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import assert_never

import numpy as np
from numpy.typing import NDArray

from parindex.criteria.rules import (
    AppraisedRule,
    BandsRule,
    BonusRule,
    DeductRule,
    ProportionalRule,
    RelativeRule,
    SurveyRule,
    UnitRule,
    YesNoRule,
)
from parindex.scoring import kernels

Array = NDArray[np.float64]

# default value earning full points, by the kind of the indicator read
DEFAULT_TARGET = {"rate": 1.0, "percent": 100.0, "score": 100.0, "yes_no": 1.0}


@dataclass(frozen=True)
class BandsParams:
    higher: bool
    bounds: Array  # in the order the cuts are tried: decreasing (higher) or increasing (lower)
    points: Array
    otherwise: float

    @property
    def better(self) -> str:
        return "higher" if self.higher else "lower"


@dataclass(frozen=True)
class ProportionalParams:
    target: float
    floor: float


@dataclass(frozen=True)
class SurveyParams:
    target: float
    if_missing: str  # rescale | zero | error


@dataclass(frozen=True)
class YesNoParams:
    pass


@dataclass(frozen=True)
class DeductParams:
    each: float
    cap: float


@dataclass(frozen=True)
class BonusParams:
    each: float
    cap: float


@dataclass(frozen=True)
class RelativeParams:
    higher: bool

    @property
    def better(self) -> str:
        return "higher" if self.higher else "lower"


@dataclass(frozen=True)
class AppraisedParams:
    column: str
    self_column: str


@dataclass(frozen=True)
class UnitParams:
    """A head's component scored from the unit's result: `index` or `area:<id>`."""

    of: str


RuleParams = (
    BandsParams
    | ProportionalParams
    | SurveyParams
    | YesNoParams
    | DeductParams
    | BonusParams
    | RelativeParams
    | AppraisedParams
    | UnitParams
)

KIND_OF: dict[type, str] = {
    BandsParams: "bands",
    ProportionalParams: "proportional",
    SurveyParams: "survey",
    YesNoParams: "yes_no",
    DeductParams: "deduct",
    BonusParams: "bonus",
    RelativeParams: "relative_to_best",
    AppraisedParams: "appraised",
    UnitParams: "unit",
}


@dataclass(frozen=True)
class CompiledRule:
    of: str  # the column read: indicator, derived indicator, appraised column, or unit result
    params: RuleParams

    @property
    def kind(self) -> str:
        return KIND_OF[type(self.params)]


AnyRule = (
    BandsRule
    | ProportionalRule
    | SurveyRule
    | YesNoRule
    | DeductRule
    | BonusRule
    | RelativeRule
    | AppraisedRule
    | UnitRule
)


def compile_rule(
    rule: AnyRule, cmax: float, kind_of: Callable[[str], str | None], own_id: str = ""
) -> CompiledRule:
    """A validated rule (criterion or head component) → the column it reads and its parameters.

    `kind_of(name)`: the indicator kind of a column (for default targets); `own_id`: the
    criterion id, the default column of appraised points.
    """
    match rule:
        case BandsRule(bands=b):
            return CompiledRule(
                b.of,
                BandsParams(
                    higher=b.better == "higher",
                    bounds=np.array([cut.bound for cut in b.cuts], dtype=np.float64),
                    points=np.array([cut.points for cut in b.cuts], dtype=np.float64),
                    otherwise=float(b.otherwise),
                ),
            )
        case ProportionalRule(proportional=p):
            target = p.target if p.target is not None else _target(p.of, kind_of)
            return CompiledRule(p.of, ProportionalParams(target, p.floor))
        case SurveyRule(survey=s):
            target = s.target if s.target is not None else _target(s.of, kind_of)
            return CompiledRule(s.of, SurveyParams(target, s.if_missing))
        case YesNoRule(yes_no=name):
            return CompiledRule(name, YesNoParams())
        case DeductRule(deduct=d):
            return CompiledRule(d.of, DeductParams(d.each, d.cap if d.cap is not None else cmax))
        case BonusRule(bonus=d):
            return CompiledRule(d.of, BonusParams(d.each, d.cap if d.cap is not None else cmax))
        case RelativeRule(relative_to_best=r):
            return CompiledRule(r.of, RelativeParams(r.better == "higher"))
        case AppraisedRule(appraised=a):
            column, self_column = a.columns(own_id)
            return CompiledRule(column, AppraisedParams(column, self_column))
        case UnitRule(unit=u):
            return CompiledRule(u.of, UnitParams(u.of))
        case _:
            assert_never(rule)


def _target(of: str, kind_of: Callable[[str], str | None]) -> float:
    return DEFAULT_TARGET.get(kind_of(of) or "", 1.0)


def score(params: RuleParams, vz: Array, cmax: float) -> Array:
    """Points of one rule over NaN-free values (the caller overwrites not-applicable entries).

    Rules that compare units or read the unit's result need more than one column of values:
    the engine and the heads' scoring handle those before calling this.
    """
    match params:
        case BandsParams():
            p, _ = kernels.bands(vz, params.bounds, params.points, params.otherwise, params.higher)
            return p
        case ProportionalParams():
            return kernels.proportional(vz, cmax, params.target, params.floor)
        case SurveyParams():
            return kernels.proportional(vz, cmax, params.target, 0.0)
        case YesNoParams():
            return kernels.yes_no(vz, cmax)
        case DeductParams():
            return kernels.deduct(vz, cmax, params.each, params.cap)
        case BonusParams():
            return kernels.bonus(vz, params.each, params.cap)
        case AppraisedParams():
            return np.clip(vz, 0.0, cmax)
        case RelativeParams() | UnitParams():
            raise ValueError(f"{KIND_OF[type(params)]} rules are not scored one column alone")
        case _:
            assert_never(params)
