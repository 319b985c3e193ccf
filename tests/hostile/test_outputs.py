"""Where the outputs go: a run replaces the last run's files as a set or not at all, and a place
that cannot be written is a message, not a traceback. Last, a bug is exit 3 and a crash file."""

import errno
import json
import os
import re
from pathlib import Path

import pytest

from parindex import atomic
from parindex.atomic import JOURNAL, write_files

from test_cli import run


@pytest.mark.usefixtures("english")
def test_a_run_killed_between_renames_is_finished_by_the_next_write(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_files({out / "results.json": b"old-json", out / "awards.csv": b"old-awards"})
    real = os.replace
    calls = []

    def killed_after_first_rename(src, dst):
        # the journal's own rename, then the first output's, then the process "dies"
        if len(calls) == 2:
            raise KeyboardInterrupt  # stands for kill -9: no cleanup code of ours runs after it
        calls.append(dst)
        real(src, dst)

    monkeypatch.setattr(os, "replace", killed_after_first_rename)
    with pytest.raises(KeyboardInterrupt):
        write_files({out / "results.json": b"new-json", out / "awards.csv": b"new-awards"})
    monkeypatch.setattr(os, "replace", real)
    # half replaced, and it says so
    assert (out / JOURNAL).exists()
    assert atomic.interrupted(out)
    result = run("report", str(out / "results.json"), "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "PD030 error: the run that wrote this folder was stopped" in result.output
    # the next write into the folder first finishes the killed run's replacement
    write_files({out / "summary.md": b"x"})
    assert (out / "results.json").read_bytes() == b"new-json"
    assert (out / "awards.csv").read_bytes() == b"new-awards"
    assert not (out / JOURNAL).exists()
    assert sorted(p.name for p in out.iterdir()) == ["awards.csv", "results.json", "summary.md"]


def test_temporaries_of_a_run_killed_before_its_renames_are_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".parindex-results.json.abc123.tmp").write_bytes(b"x" * 1000)
    (out / "results.json").write_bytes(b"kept")
    write_files({out / "results.csv": b"new"})
    assert sorted(p.name for p in out.iterdir()) == ["results.csv", "results.json"]
    assert (out / "results.json").read_bytes() == b"kept"


@pytest.mark.usefixtures("english")
def test_out_under_a_file_is_a_message(tmp_path):
    (tmp_path / "afile").write_text("x")
    result = run("rank", "--quiet", "--out", str(tmp_path / "afile" / "sub"))
    assert result.exit_code == 1, result.output
    assert "PO001 error: cannot write the output files: a file stands where a folder is " in (
        result.output
    )
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("english")
def test_a_full_disk_replaces_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_files({out / "results.json": b"old"})
    real = atomic.Stage.open

    def opening(self, target):
        if target.name == "results.csv":
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real(self, target)

    monkeypatch.setattr(atomic.Stage, "open", opening)
    result = run("rank", "--quiet", "--out", str(out))
    assert result.exit_code == 1, result.output
    assert "PO001 error: cannot write the output files: the disk is full; nothing was replaced" in (
        result.output
    )
    assert (out / "results.json").read_bytes() == b"old"
    assert sorted(p.name for p in out.iterdir()) == ["results.json"]


def test_a_bug_is_exit_3_with_a_crash_file(tmp_path, monkeypatch):
    import parindex.run.pipeline as pipeline

    def broken(*a, **k):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(pipeline, "score", broken)
    result = run("rank", "--quiet", "--out", str(tmp_path))
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "parindex gặp lỗi của chính chương trình (ZeroDivisionError)" in result.output
    crash = Path(re.search(r"chi tiết ở tệp (\S+)", result.output).group(1))
    text = crash.read_text(encoding="utf-8")
    assert "ZeroDivisionError: a bug" in text and "Traceback" in text
    crash.unlink()
    # --debug shows the traceback instead
    result = run("--debug", "rank", "--quiet", "--out", str(tmp_path))
    assert isinstance(result.exception, ZeroDivisionError)


def test_results_json_is_strict_json(tmp_path):
    assert run("rank", "--quiet", "--out", str(tmp_path)).exit_code == 0
    text = (tmp_path / "results.json").read_text(encoding="utf-8")
    json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in results.json"))
    from parindex.document.io import to_json

    assert b"Infinity" not in to_json({"x": float("inf"), "y": float("nan")})
