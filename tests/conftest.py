"""Shared helpers: a small valid criteria file that tests break one mistake at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from parindex.criteria.loader import LoadedCriteria, load
from parindex.criteria.validate import check_file

# Line numbers matter: tests assert the exact line of each mistake in this text.
MINIMAL = """\
schema_version: 1
id: test-set
title: Bộ tiêu chí thử
period: "2024"
total: 10
blocks:
  department: {label: "Sở, ban, ngành"}
indicators:
  dossiers_resolved: {label: Hồ sơ đã giải quyết, kind: count}
  dossiers_late: {label: Hồ sơ trễ hẹn, kind: count, at_most: dossiers_resolved}
  plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no}
derived:
  late_rate: {formula: dossiers_late / dossiers_resolved, kind: rate, zero_denominator: full_marks}
areas:
  - id: "1"
    title: Chỉ đạo điều hành
    criteria:
      - {id: "1.1", title: Kế hoạch, max: 2, rule: {yes_no: plan_on_time}}
      - {id: "1.2", title: Kiểm tra, max: 3, rule: {appraised: {}}}
  - id: "3"
    title: Thủ tục hành chính
    criteria:
      - id: "3.4"
        title: Tỷ lệ hồ sơ trễ hẹn
        max: 5
        rule:
          bands:
            of: late_rate
            better: lower
            cuts:
              - {below: 0.02, points: 5}
              - {below: 0.05, points: 3}
              - {below: 0.10, points: 1}
            otherwise: 0
classes:
  - {label: Tốt, min: 85}
  - {label: Khá, min: 70}
  - {label: Trung bình, min: 50}
  - {label: Yếu}
caps:
  - {when: late_rate > 0.2, at_most: Khá, reason: Tỷ lệ trễ hẹn trên 20%}
"""


@pytest.fixture
def write(tmp_path: Path):
    """Write criteria text to a file named like a user's, return its path."""

    def _write(text: str, name: str = "tieu-chi.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def problems(write):
    """Every rendered diagnostic (errors and warnings) for criteria text, path shown as `f.yaml`."""

    def _problems(text: str) -> list[str]:
        report = check_file(write(text), "f.yaml")
        return [d.render() for d in report.diagnostics]

    return _problems


@pytest.fixture
def loaded(write):
    def _loaded(text: str = MINIMAL) -> LoadedCriteria:
        return load(write(text), "f.yaml")

    return _loaded


def edit(old: str, new: str, text: str = MINIMAL) -> str:
    """MINIMAL with one exact piece replaced; fails loudly if the piece is not there."""
    assert text.count(old) == 1, f"{old!r} must occur once in the text"
    return text.replace(old, new)


def score_one_draw(res, d, j):
    """Draw j of a robustness batch scored the slow, obvious way: every weight folded into a
    perturbed plan (each criterion's maximum and points × its weight, the draw's cut points)
    and table (noisy appraised points), then the whole engine — `evaluate`, classes, caps and
    ranks — run again. Returns (rounded index, class position, rank) per unit: the oracle the
    batched `evaluate_draws` is tested against, and the benchmark's baseline."""
    import dataclasses

    import numpy as np

    from parindex.scoring import params as P
    from parindex.scoring.batch import build_groups
    from parindex.scoring.engine import evaluate

    plan = res.plan
    w = d.weights[j]
    leaves = []
    table = dataclasses.replace(res.table, values=dict(res.table.values))
    for leaf in plan.leaves:
        k, p = leaf.index, leaf.params
        s = float(w[k])
        match p:
            case P.BandsParams():
                bounds = d.bounds[k][j] if k in d.bounds else p.bounds
                p = dataclasses.replace(
                    p, bounds=bounds, points=p.points * s, otherwise=p.otherwise * s
                )
            case P.DeductParams() | P.BonusParams():
                p = dataclasses.replace(p, each=p.each * s, cap=p.cap * s)
            case P.AppraisedParams():
                col = res.table.values[leaf.of]
                if k in d.noise:
                    col = np.clip(col + d.noise[k][j], 0, leaf.max)
                table.values[leaf.of] = col * s
        leaves.append(dataclasses.replace(leaf, params=p, max=leaf.max * s))
    again = dataclasses.replace(
        plan,
        leaves=leaves,
        maxima=plan.maxima * w,
        groups=build_groups(leaves),
    )
    res2 = evaluate(again, table)
    cl = res2.classification
    return cl.rounded, cl.class_index, cl.rank


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run's language English: for tests that pin a message as it is written in the code
    (the default language, Vietnamese, shows its translation)."""
    monkeypatch.setenv("PARINDEX_LANG", "en")
