"""results.json and results.csv written unit by unit are the files the whole document makes."""

import pytest

import parindex.run.rows as rows
from parindex.reports import tabular
from parindex.reports.streamed import streamable, write_streamed
from parindex.run import rank
from parindex.run.document import build


@pytest.fixture(scope="module")
def run():
    return rank()


@pytest.mark.parametrize(("lang", "dialect"), [("vi", "excel-vi"), ("en", "plain")])
def test_streamed_files_are_byte_for_byte_the_whole_documents(
    run, tmp_path, monkeypatch, lang, dialect
):
    monkeypatch.setattr(rows, "CHUNK", 7)  # many chunks, the last one short
    doc, written = write_streamed(run, ["csv", "json"], lang, tmp_path, dialect, {})
    whole = build(run)
    expected = {**tabular.csv_files(whole, lang, dialect), **tabular.json_files(whole, lang)}
    assert [p.name for p in written] == list(expected)
    for name, data in expected.items():
        assert (tmp_path / name).read_bytes() == data, name
    # what is kept for the terminal: every unit, in order, without its criteria
    assert [u["id"] for u in doc["units"]] == [u["id"] for u in whole["units"]]
    assert all("criteria" not in u and "explanation" not in u for u in doc["units"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(expected)


def test_only_json_and_csv_are_streamed():
    assert streamable(["json"]) and streamable(["csv", "json"])
    assert not streamable(["json", "md"]) and not streamable([])
