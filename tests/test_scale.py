"""A province at national scale: 10,000 units ranked end to end through the library.

Marked `scale` (registered in pyproject; CI runs it with the rest). The data are the demo
province's rows repeated under new unit ids, read from a CSV like a user's file.
"""

from __future__ import annotations

import resource
import tracemalloc
from pathlib import Path

import pytest

from parindex.criteria.validate import bundled_sets
from parindex.data.indicators import read_indicators
from parindex.run import DEMO_DATA, load_criteria, score
from parindex.scoring.explain import explain_all

pytestmark = pytest.mark.scale

UNITS = 10_000
# scoring and every unit's explanation, as traced by tracemalloc (measured 55 MiB, and 5.6 MiB
# for 1,000 units: the explanations hold one small tuple per unit and criterion)
TRACED_LIMIT_MIB = 150
# the whole test process, pytest and numpy included
RSS_LIMIT_MIB = 1_536


def province(path: Path, units: int) -> Path:
    """The demo rows repeated under new ids until there are `units` units."""
    header, *rows = DEMO_DATA.read_text(encoding="utf-8-sig").splitlines()
    out = [header]
    for i in range(units):
        cells = rows[i % len(rows)].split(";")
        cells[0] = f"{cells[0]}-{i}"
        cells[1] = f"{cells[1]} ({i})"
        out.append(";".join(cells))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_a_national_province_is_ranked_and_explained_within_memory(tmp_path):
    bundle = load_criteria(bundled_sets())
    table = read_indicators(province(tmp_path / "province.csv", UNITS), bundle.plans)
    assert len(table) == UNITS
    tracemalloc.start()
    try:
        results = score(bundle, table)
        explained = [e for res in results for e in explain_all(res)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sum(len(r.table) for r in results) == UNITS
    assert all(not r.problems for r in results)
    assert len(explained) == UNITS
    # every block ranks all its units: ranks run from 1 to at most the block's size
    for res in results:
        for block in res.plan.blocks:
            ranks = [
                int(res.classification.rank[i])
                for i, b in enumerate(res.table.blocks)
                if b == block
            ]
            assert min(ranks) == 1 and max(ranks) <= len(ranks)
    # the same demo unit, repeated, is explained the same way wherever it stands
    first = {e.id.rsplit("-", 1)[0]: e for e in reversed(explained)}
    for e in explained[:500]:
        twin = first[e.id.rsplit("-", 1)[0]]
        assert [c.points for c in e.criteria] == [c.points for c in twin.criteria]
    assert peak / 2**20 < TRACED_LIMIT_MIB, f"traced peak {peak / 2**20:.0f} MiB"
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert rss < RSS_LIMIT_MIB, f"peak RSS {rss:.0f} MiB"


def test_results_json_grows_linearly_with_the_units(tmp_path):
    """Bytes per unit of results.json do not depend on how many units there are."""
    from parindex.document.io import to_json
    from parindex.run import rank
    from parindex.run.document import build

    per_unit = []
    for n in (500, 2_000):
        doc = build(rank(data=province(tmp_path / f"p{n}.csv", n), consequences=False))
        per_unit.append(len(to_json(doc)) / n)
    small, large = per_unit
    assert abs(large - small) / small < 0.05, per_unit
