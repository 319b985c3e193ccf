"""results.json written by parindex before `parindex.results/2` (the fixture: the demo's
SXD, CLA and NHO20 ranked with their heads by the code of 23a9cad) still reads: converted on
read, with every explanation row and lift the old file held."""

import json
from pathlib import Path

import pytest

from parindex.document import view
from parindex.document.io import read_results
from parindex.document.model import FORMAT

from test_cli import run

V1 = Path(__file__).parent / "fixtures" / "results-v1.json"


def test_a_v1_file_reads_as_the_current_format_with_its_explanations():
    old = json.loads(V1.read_text(encoding="utf-8"))
    doc = read_results(V1)
    assert old["format"] == "parindex.results/1" and doc["format"] == FORMAT
    assert [u["id"] for u in doc["units"]] == ["SXD", "CLA", "NHO20"]
    for before, after in zip(old["units"], doc["units"], strict=True):
        traces = before["explanation"]["criteria"]
        joined = view.criteria(doc, after)
        same = ("id", "title", "title_en", "area", "kind", "max", "status", "of", "better")
        assert [{k: t[k] for k in same} for t in traces] == [
            {k: c[k] for k in same} for c in joined
        ]
        # /1 kept a criterion's points twice: rounded to 6 decimals per unit, and as computed in
        # the explanation; /2 keeps the first
        points = [t["points"] for t in traces]
        assert [c["points"] for c in joined] == [pytest.approx(p, abs=1e-6) for p in points]
        assert [c["lost"] for c in joined] == [pytest.approx(t["lost"], abs=1e-6) for t in traces]
        for t, c in zip(traces, joined, strict=True):
            if t["status"] == "scored":
                assert (t["band"], t["bound"]) == (c["band"], c["bound"]), t["id"]
            if t["kind"] != "appraised":
                assert c["value"] == before["values"][t["of"]] if t["of"] else c["value"] is None
        lift = before["explanation"]["lift"]
        if lift is not None:
            assert [s["id"] for s in lift["steps"]] == after["explanation"]["lift"]["steps"]
            steps = view.lift_steps(doc, after)
            assert [(s["id"], s["title"]) for s in steps] == [
                (s["id"], s["title"]) for s in lift["steps"]
            ]
    assert not any("max" in e for u in doc["units"] for e in u["criteria"].values())
    assert doc["units"][1]["explanation"]["lift"]["steps"] == ["1.5", "3.3"]


def test_report_compare_and_previous_take_a_v1_file(tmp_path):
    out = tmp_path / "out"
    result = run("report", str(V1), "--format", "md,html,xlsx,csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Tỷ lệ hồ sơ trễ hẹn" in page and "Để lên loại Tốt" in page
    result = run("compare", str(V1), str(V1))
    assert result.exit_code == 0, result.output
    result = run(
        "rank", "--quiet", "--format", "json", "--previous", str(V1), "--out", str(tmp_path / "r")
    )
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "r" / "results.json").read_text(encoding="utf-8"))
    assert doc["format"] == FORMAT == "parindex.results/2"
