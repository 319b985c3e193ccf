"""The one pipeline a library user calls, without click: `parindex.run.rank`."""

import csv
import random

import pytest

from parindex.errors import ParindexError
from parindex.run import DEMO_DATA, RankRun, rank
from parindex.run.document import build


def test_rank_without_click_gives_results_heads_and_awards():
    run = rank()
    assert isinstance(run, RankRun)
    assert sum(len(r.table) for r in run.results) == 166
    assert run.heads and run.awards
    doc = build(run)
    assert [u["rank"] for u in doc["units"][:3]] == [1, 2, 3]


def test_rank_raises_one_error_with_every_problem(tmp_path):
    text = DEMO_DATA.read_text(encoding="utf-8-sig").splitlines()
    rows = list(csv.reader(text))
    rows[3][3] = "lots"
    rows[7][4] = "-5"
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    with pytest.raises(ParindexError) as caught:
        rank(data=bad)
    assert len(caught.value.diagnostics) >= 2
    assert {d.code for d in caught.value.diagnostics} >= {"PD006", "PD007"}


def _shuffled_demo(tmp_path, seed):
    lines = DEMO_DATA.read_text(encoding="utf-8-sig").splitlines()
    head, body = lines[0], lines[1:]
    random.Random(seed).shuffle(body)
    path = tmp_path / f"shuffled-{seed}.csv"
    path.write_text("\n".join([head, *body]) + "\n", encoding="utf-8")
    return path


def test_shuffling_the_rows_changes_nothing_but_the_provenance(tmp_path):
    from parindex.run import DEMO_HEADS

    docs = []
    for seed in (1, 2):
        doc = build(rank(data=_shuffled_demo(tmp_path, seed), heads=DEMO_HEADS))
        del doc["provenance"]
        docs.append(doc)
    assert docs[0] == docs[1]
    awards = docs[0]["awards"]
    units = [u["id"] for u in docs[0]["units"]]
    assert [a["unit"] for a in awards] == sorted((a["unit"] for a in awards), key=units.index), (
        "awards follow the units' order (block, rank, id)"
    )


def test_explanations_are_left_out_when_not_asked_for():
    doc = build(rank(), explanations=False)
    assert all("explanation" not in u for u in doc["units"])
