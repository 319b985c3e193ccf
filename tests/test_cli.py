"""The command line: exit codes, output, and the real installed command."""

import json
import os
import shutil
import subprocess
import sys

from click.testing import CliRunner

from parindex.cli import main
from parindex.criteria.validate import bundled_sets

from conftest import MINIMAL, edit


def run(*args, cwd=None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args))
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args))
    finally:
        os.chdir(old)


def test_validate_clean_file_exits_0(write):
    result = run("validate", str(write(MINIMAL)))
    assert result.exit_code == 0, result.output
    assert "1 file(s) checked: 0 error(s) in 0 file(s), 0 warning(s)" in result.output


def test_validate_reports_every_error_and_exits_1(tmp_path):
    (tmp_path / "a.yaml").write_text(edit("max: 5\n", "max: năm\n"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(edit("better: lower", "better: lowr"), encoding="utf-8")
    result = run("validate", ".", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "a.yaml:25:14: PX012 error: areas[3].criteria[3.4].max: `max` must be a number; got `năm`",
        "b.yaml:29:21: PX012 error: areas[3].criteria[3.4].rule.bands.better: `better` must be "
        "one of higher, lower; got `lowr`",
        "    hint: did you mean `lower`?",
        "2 file(s) checked: 2 error(s) in 2 file(s), 0 warning(s)",
    ]


def test_validate_hides_warnings_that_lint_shows(write):
    path = write(edit("- {below: 0.10, points: 1}", "- {below: 10, points: 1}"))
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert "PX115" not in result.output
    assert "1 warning(s) (see them with `parindex lint`)" in result.output
    result = run("lint", str(path))
    assert result.exit_code == 0
    assert "PX115 warning" in result.output


def test_usage_errors_exit_2(tmp_path):
    assert run("validate").exit_code == 2
    assert run("validate", str(tmp_path / "missing.yaml")).exit_code == 2
    assert run("validate", str(tmp_path)).exit_code == 2  # a folder without criteria files


def test_schema_is_json_and_written_to_a_file(tmp_path):
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "CriteriaSet"
    out = tmp_path / "s.json"
    assert run("schema", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == schema


def test_init_copies_the_bundled_sets_and_never_overwrites(tmp_path):
    target = tmp_path / "tinh"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    copied = sorted(p.name for p in (target / "criteria").iterdir())
    assert copied == sorted(p.name for p in bundled_sets())
    assert run("validate", str(target / "criteria")).exit_code == 0

    edited = target / "criteria" / "communes.yaml"
    edited.write_text("# my edits\n", encoding="utf-8")
    result = run("init", str(target))
    assert result.exit_code == 1
    assert "already exists; parindex init never overwrites a file" in result.output
    assert edited.read_text(encoding="utf-8") == "# my edits\n"


def test_the_installed_command_runs(tmp_path):
    exe = shutil.which("parindex") or [sys.executable, "-m", "parindex"]
    cmd = [exe] if isinstance(exe, str) else exe
    done = subprocess.run(
        [*cmd, "validate", *map(str, bundled_sets())],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 file(s) checked: 0 error(s)" in done.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(edit("at_most: Khá", "at_most: Kha"), encoding="utf-8")
    done = subprocess.run(
        [*cmd, "validate", "bad.yaml"], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert done.returncode == 1
    assert "bad.yaml:41:38: PX132 error: caps[1].at_most: unknown class `Kha`" in done.stdout
