"""The bundled demo province: the right units, reproducible from its script, plausible spreads."""

import importlib.util
from collections import Counter
from pathlib import Path

import numpy as np

from parindex.criteria.validate import bundled_sets
from parindex.data.indicators import read_indicators
from parindex.run import DEMO_DATA, DEMO_HEADS, load_criteria, score

ROOT = Path(__file__).resolve().parent.parent


def load_script():
    spec = importlib.util.spec_from_file_location(
        "make_demo_data", ROOT / "scripts" / "make_demo_data.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_demo_data_are_what_the_script_makes(tmp_path, monkeypatch):
    script = load_script()
    monkeypatch.setattr(script, "OUT", tmp_path / "demo.csv")
    monkeypatch.setattr(script, "ROSTER", tmp_path / "heads.csv")
    script.main()
    assert (tmp_path / "demo.csv").read_bytes() == DEMO_DATA.read_bytes()
    assert (tmp_path / "heads.csv").read_bytes() == DEMO_HEADS.read_bytes()


def test_the_demo_province_has_the_units_of_domain_md():
    bundle = load_criteria(bundled_sets())
    table = read_indicators(DEMO_DATA, bundle.plans)
    assert Counter(table.blocks) == {"department": 21, "district": 8, "commune": 137}
    assert "Sở Nội vụ" in table.names and "UBND huyện Khánh Sơn" in table.names
    results = score(bundle, table)
    late = np.concatenate([r.values.value["late_rate"] for r in results])
    online = np.concatenate([r.values.value["online_share"] for r in results])
    assert 0.004 < np.nanmin(late) < 0.02 and 0.25 < np.nanmax(late) <= 0.31
    assert np.nanmin(online) < 0.05 and 0.5 < np.nanmax(online) <= 0.6
    assert np.isnan(late).sum() >= 1  # the inspectorate: not applicable
    no_dossiers = [
        r.table.ids[i]
        for r in results
        for i in range(len(r.table))
        if r.table.values["dossiers_resolved"][i] == 0
    ]
    assert no_dossiers  # a few communes with no dossier at all
    assert all(not r.problems for r in results)
