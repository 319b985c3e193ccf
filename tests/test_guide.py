"""The Vietnamese user guide shows commands with what they print: the short, fixed outputs are
run here and must appear in the guide as they are, so the guide cannot drift from the program."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from parindex.cli import main

GUIDE = Path(__file__).parent.parent / "docs" / "huong-dan-su-dung.md"


@pytest.fixture
def province(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PARINDEX_LANG", "vi")
    runner = CliRunner()
    made = runner.invoke(main, ["init", "khanh-hoa-2016"])
    assert made.exit_code == 0, made.output
    return runner, made.output, tmp_path / "khanh-hoa-2016"


def shown(text: str) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    missing = [line for line in text.strip().splitlines() if line not in guide]
    assert not missing, "the guide does not show these lines as the program prints them:\n" + (
        "\n".join(missing)
    )


def test_the_guide_shows_init_validate_and_check_as_they_print(province):
    runner, made, folder = province
    shown(made)
    os.chdir(folder)
    shown(runner.invoke(main, ["validate", "criteria"]).output)
    shown(runner.invoke(main, ["check", "criteria"]).output)
    dep = folder / "criteria" / "departments.yaml"
    text = dep.read_text(encoding="utf-8")
    broken = text.replace(
        "title_en: PAR inspections, max: 2, rule:", "title_en: PAR inspections, max: 2, rul:"
    )
    assert broken != text
    dep.write_text(broken, encoding="utf-8")
    shown(runner.invoke(main, ["validate", "criteria"]).output)
