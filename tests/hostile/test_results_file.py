"""results.json given back to `report`, `compare` and `--previous`: validated against its
published shape, so a damaged file is refused with where the damage is."""

import json

import jsonschema
import pytest

from parindex.document.io import read_results, schema

from test_cli import run


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    out = tmp_path_factory.mktemp("good")
    assert run("rank", "--quiet", "--out", str(out)).exit_code == 0
    return out / "results.json"


def test_the_written_document_satisfies_the_published_schema(good):
    doc = json.loads(good.read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema())
    assert read_results(good)["units"][0]["id"] == doc["units"][0]["id"]


def test_schema_command_publishes_it(tmp_path):
    result = run("schema", "--results", "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 0
    assert json.loads((tmp_path / "r.json").read_text())["title"].startswith("parindex results")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x00\x01\x02binary", "PD030 error: not a results.json: not JSON"),
        (b"\xef\xbb\xbf\xff\xfe", "PD030 error: not UTF-8 text (byte 3)"),
        (b"[" * 100_000 + b"]" * 100_000, "PD030 error: nested too deeply for a results.json"),
        (b'{"format": "other"}', "PD030 error: not a parindex results file"),
        (
            b'{"format": "parindex.results/1", "units": 3}',
            "PD030 error: provenance: missing required key `provenance`",
        ),
    ],
)
@pytest.mark.usefixtures("english")
def test_damaged_files_are_refused_with_the_place(tmp_path, content, expected):
    bad = tmp_path / "results.json"
    bad.write_bytes(content)
    for args in (
        ["report", str(bad), "--format", "md", "--out", str(tmp_path / "o")],
        ["compare", str(bad), str(bad)],
        ["rank", "--quiet", "--previous", str(bad), "--out", str(tmp_path / "o")],
    ):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert expected in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.usefixtures("english")
def test_a_wrong_type_deep_inside_is_named_by_its_path(good, tmp_path):
    doc = json.loads(good.read_text(encoding="utf-8"))
    doc["units"][3]["rank"] = "first"
    doc["units"][5]["areas"]["1"]["index"] = [1]
    bad = tmp_path / "results.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run("report", str(bad), "--format", "md", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any("PD030 error: units[3].rank: `rank` must be a whole number" in x for x in lines)
    assert any("units[5].areas.1.index: `index` must be a number" in x for x in lines)
