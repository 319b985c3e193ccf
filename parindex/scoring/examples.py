"""Run the worked examples a criteria author wrote into the file (`parindex check`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from parindex.criteria.model import Example
from parindex.data.numbers import NO, NOT_APPLICABLE, YES, parse_number
from parindex.data.table import IndicatorTable
from parindex.errors import Text, t
from parindex.scoring.compile import Plan
from parindex.scoring.engine import evaluate


@dataclass(frozen=True)
class Mismatch:
    what: Text  # "index", "class" or "points 3.4"
    expected: str
    got: str | Text


@dataclass(frozen=True)
class ExampleOutcome:
    index: int
    name: str
    mismatches: list[Mismatch] = field(default_factory=list)
    problems: list[Text] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.mismatches and not self.problems


def run_examples(plan: Plan) -> list[ExampleOutcome]:
    return [_run(plan, i, ex) for i, ex in enumerate(plan.criteria.examples)]


def _value(v: float | bool | str | None) -> float:
    """A `given` value as the data reader would read it: numbers, 2,5, có/không, KAD."""
    if v is None:
        return math.nan
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, str):
        word = " ".join(v.casefold().split())
        if word in YES or word in NO:
            return 1.0 if word in YES else 0.0
        if word in NOT_APPLICABLE:
            return math.nan
        return parse_number(v).value
    return float(v)


def _run(plan: Plan, i: int, ex: Example) -> ExampleOutcome:
    block = ex.block or plan.blocks[0]
    values = {k: np.array([_value(v)]) for k, v in ex.given.items()}
    table = IndicatorTable(
        ids=[f"example-{i + 1}"],
        names=[ex.name],
        blocks=[block],
        values=values,
        na={k: np.isnan(v) for k, v in values.items()},
    )
    missing = sorted(
        name
        for name, ind in plan.criteria.indicators.items()
        if name not in ex.given and ind.missing == "error"
    )
    if missing:
        return ExampleOutcome(
            i,
            ex.name,
            problems=[t("`given` lacks {names}", names=", ".join(f"`{m}`" for m in missing))],
        )
    res = evaluate(plan, table)
    if res.problems:
        return ExampleOutcome(i, ex.name, problems=[p.message for p in res.problems])
    got_index = float(res.classification.rounded[0])
    got_class = res.classification.label(plan, block, 0)
    out: list[Mismatch] = []
    want = ex.expect
    if want.index is not None and not abs(got_index - want.index) <= ex.tolerance:
        out.append(Mismatch(t("index"), f"{want.index:g}", f"{got_index:g}"))
    if want.class_ is not None and want.class_.casefold() != got_class.casefold():
        out.append(Mismatch(t("class"), want.class_, got_class))
    leaf_ids = [leaf.id for leaf in plan.leaves]
    for cid, pts in want.points.items():
        got = float(res.points[0, leaf_ids.index(cid)])
        shown = t("not applicable") if math.isnan(got) else f"{got:g}"
        if math.isnan(got) or abs(got - pts) > ex.tolerance:
            out.append(Mismatch(t("points {id}", id=cid), f"{pts:g}", shown))
    return ExampleOutcome(i, ex.name, out)
