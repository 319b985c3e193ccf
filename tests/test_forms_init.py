"""The first run after `parindex init` must not mislead, nor fail half way."""

import json

import pytest

from test_cli import run


@pytest.mark.usefixtures("english")
def test_init_copies_the_heads_roster_and_the_printed_command_rates_heads(tmp_path):
    result = run("init", "tinh", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "created tinh/data/heads-2016.csv" in result.output
    command = result.output.splitlines()[-1]
    assert command == (
        "rank with them: parindex rank --criteria tinh/criteria "
        "--data tinh/data/khanh-hoa-2016.csv --heads tinh/data/heads-2016.csv"
    )
    args = command.split("parindex ", 1)[1].split()
    result = run(*args, "--quiet", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert len(doc["heads"]) > 0
    assert doc["provenance"]["heads"]["path"] == "tinh/data/heads-2016.csv"


@pytest.mark.usefixtures("english")
def test_init_where_a_file_stands_in_the_way_copies_nothing(tmp_path):
    (tmp_path / "tinh").mkdir()
    (tmp_path / "tinh" / "data").write_text("not a folder", encoding="utf-8")
    result = run("init", "tinh", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "tinh/data: is a file, and parindex init needs a folder there",
        "choose an empty folder, or move those files away first",
    ]
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert sorted(p.name for p in (tmp_path / "tinh").iterdir()) == ["data"]

    (tmp_path / "plain").write_text("a file", encoding="utf-8")
    result = run("init", "plain", cwd=tmp_path)
    assert result.exit_code == 1
    assert "plain: is a file, and parindex init needs a folder there" in result.output
