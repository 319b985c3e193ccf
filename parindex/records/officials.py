"""Officials, monthly: the processing steps each official finished in a month, how many of them
late at their own hand, and a rating by rules written like the heads' accountability.

The rules are an `officials:` YAML section validated by the heads' own model (`Accountability`:
the same rule kinds, levels and caps) and scored by the heads' own rule code, so an official and
a head of unit are rated by one mechanism; an official's components use their own indicators
only (`steps_handled`, `steps_late`, `late_share`). A step belongs to the month it was finished
in; it is late when finished after its own step deadline.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from parindex.errors import Diagnostic, ParindexError, Text, t
from parindex.records.periods import Period

RULES = Path(__file__).parent / "officials.yaml"
INDICATORS = ("steps_handled", "steps_late", "late_share")


@dataclass(frozen=True)
class OfficialResult:
    official: str
    unit: str
    steps_handled: int
    steps_late: int
    late_share: float | None
    score: float
    level: str
    level_en: str | None
    caps: list[str]
    caps_en: list[str | None]  # each cap's reason in English, when the rules give one


def load_rules(path: Path, shown: str, month: Period) -> Any:
    """The `officials:` section of a YAML file as an Accountability model for `month`.

    Read by the criteria's own strict reader (duplicate keys, `yes`/`on` kept as text …), so
    every problem points at its line like a criteria file's."""
    from pydantic import ValidationError

    from parindex.criteria.consequences import Accountability
    from parindex.criteria.source import read_source

    tree = read_source(path, shown)
    doc = tree.data
    section = doc.get("officials") if isinstance(doc, dict) else None
    if not isinstance(section, dict):
        raise ParindexError([_diag(tree, (), "PR040", t("no `officials:` section"))])
    last = calendar.monthrange(month.start.year, month.start.month)[1]
    rules = {"period": {"start": month.start.date(), "end": month.start.date().replace(day=last)}}
    rules.update(section)
    try:
        acc = Accountability.model_validate(rules)
    except ValidationError as exc:
        raise ParindexError(
            [
                _diag(
                    tree,
                    ("officials", *(p for p in e["loc"] if isinstance(p, str | int))),
                    "PR041",
                    e["msg"],  # pydantic's own words, in English
                )
                for e in exc.errors()
            ]
        ) from None
    problems = [
        _diag(
            tree,
            ("officials", "components", k),
            "PR042",
            t("an official is rated on their own indicators: a `unit` rule does not apply"),
        )
        for k, c in enumerate(acc.components)
        if "unit" in c.rule.model_fields_set
    ]
    problems += [
        _diag(
            tree,
            ("officials", "indicators", name),
            "PR043",
            t(
                "`{name}` is not computed from the steps; use {indicators}",
                name=name,
                indicators=list(INDICATORS),
            ),
            at_key=True,
        )
        for name in acc.indicators
        if name not in INDICATORS
    ]
    if problems:
        raise ParindexError(problems)
    return acc


def month_sql(month: Period) -> str:
    start = f"TIMESTAMP '{month.start:%Y-%m-%d %H:%M:%S}'"
    end = f"TIMESTAMP '{month.end:%Y-%m-%d %H:%M:%S}'"
    return f"""
SELECT s.official_id, min(d.unit_id) AS unit_id, count(*) AS handled,
  SUM(CASE WHEN s.step_finished > s.step_due THEN 1 ELSE 0 END) AS late
FROM steps AS s JOIN dossiers AS d ON d.dossier_id = s.dossier_id
WHERE s.step_finished >= {start} AND s.step_finished < {end}
GROUP BY s.official_id ORDER BY s.official_id
"""


def rate_officials(con: Any, acc: Any, month: Period) -> list[OfficialResult]:
    """Every official who finished a step in `month`, scored and rated by `acc`'s rules."""
    from parindex.data.table import HeadTable
    from parindex.scoring.kernels import round_half_up
    from parindex.scoring.params import UnitParams, compile_rule
    from parindex.scoring.params import score as score_rule

    rows = con.execute(month_sql(month)).fetchall()
    n = len(rows)
    handled = np.array([r[2] for r in rows], dtype=np.float64)
    late = np.array([r[3] for r in rows], dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(handled > 0, late / handled, np.nan)
    values = {"steps_handled": handled, "steps_late": late, "late_share": share}
    first = date(month.start.year, month.start.month, 1)
    table = HeadTable(
        [str(r[1]) for r in rows],
        [str(r[0]) for r in rows],
        [""] * n,
        [first] * n,
        [acc.period.end] * n,
        np.zeros(n, dtype=bool),
        values,
        {k: np.isnan(v) for k, v in values.items()},
    )
    points, maximum = np.zeros(n), np.zeros(n)
    kinds = {name: ind.kind for name, ind in acc.indicators.items()}
    for comp in acc.components:
        # the same compiled rules as the heads' ratings; a component scored from the unit's
        # result is for heads of units, not for every official
        rule = compile_rule(comp.rule, comp.max, kinds.get, comp.id)
        if isinstance(rule.params, UnitParams) or rule.of not in table.values:
            continue
        p = score_rule(rule.params, np.nan_to_num(table.values[rule.of]), comp.max)
        applies = ~table.na[rule.of]
        points += np.where(applies, p, 0.0)
        maximum += np.where(applies, comp.max, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = round_half_up(np.where(maximum > 0, points / maximum * 100.0, np.nan), acc.decimals)
    return [_rated(acc, rows[i], values, i, float(score[i])) for i in range(n)]


def _rated(acc: Any, row: Any, values: dict[str, Any], i: int, score: float) -> OfficialResult:
    from parindex.criteria import formula as fx
    from parindex.scoring.formulas import evaluate

    labels = [lv.label.casefold() for lv in acc.levels]
    level = next(
        (k for k, lv in enumerate(acc.levels) if lv.min is None or score >= lv.min),
        len(acc.levels) - 1,
    )
    caps = []
    caps_en: list[str | None] = []
    one = {k: v[i : i + 1] for k, v in values.items()}
    for cap in acc.caps:
        if cap.when is None:
            continue  # unit classes and discipline belong to heads of units
        held, _ = evaluate(fx.parse(cap.when), one, 1)
        if held[0] != 0:
            limit = labels.index(cap.at_most.casefold())
            if limit > level:
                level = limit
                caps.append(cap.reason)
                caps_en.append(cap.reason_en)
    share = values["late_share"][i]
    return OfficialResult(
        str(row[0]),
        str(row[1]),
        int(row[2]),
        int(row[3]),
        None if np.isnan(share) else float(share),
        score,
        acc.levels[level].label,
        acc.levels[level].label_en,
        caps,
        caps_en,
    )


def _diag(
    tree: Any, raw: tuple[str | int, ...], code: str, message: str | Text, at_key: bool = False
) -> Diagnostic:
    """`tree.diag` with a message that is translated when shown."""
    line, col = tree.position(raw, at_key=at_key)
    _, pretty = tree.locate(raw)
    return Diagnostic(tree.file, line, col, pretty, code, message)
