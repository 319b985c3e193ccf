"""Benchmark: every output of the demo, and the result sheets, against a baseline tree.

Usage: python bench/outputs.py [repeats] [baseline-source-tree]

1. The whole command `parindex rank --format json,csv,xlsx,html,docx,md,pdf` as a new process
   (start-up, scoring, heads, awards and every format), median of `repeats`, with each PDF engine
   that is installed, and its CPU time (user + system, Chromium included); when a baseline tree
   is given (e.g. a `git worktree` of the commit before), the same command from it, alternating
   runs so both see the same load on a shared machine.
2. With a baseline: WeasyPrint laying out each tree's PDF page in-process, alternating.
3. The 166 result sheets (`--format sheets`) rendered in-process as Word files, median of
   `repeats`; then once with their PDFs through LibreOffice (`sheets-pdf`) when installed.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = "json,csv,xlsx,html,docx,md,pdf"
HERE = Path(__file__).resolve().parents[1]  # this tree


def command(tree: Path | None, out: str, engine: str) -> tuple[float, float]:
    """Wall-clock seconds, and CPU seconds (user + system, the command and its children, such
    as Chromium): the CPU figure moves far less than the wall clock with a shared machine's load."""
    env = dict(os.environ)
    # `python -m` puts the working folder first on sys.path: each tree's run starts in that tree,
    # or a baseline run would import this tree's parindex from the folder the bench ran in
    root = tree if tree is not None else HERE
    env["PYTHONPATH"] = str(root)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "parindex", "rank", "--quiet", "--out", out, "--format", FORMATS,
         "--pdf-engine", engine],
        check=True, capture_output=True, env=env, cwd=root,
    )  # fmt: skip
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def layout(doc: dict[str, object], baseline: Path, tmp: str, repeats: int) -> None:
    """WeasyPrint laying out the PDF's page, this tree's against the baseline's, in-process and
    alternating: the part of the command that differs, without start-up and scoring noise."""
    from parindex.reports import html
    from parindex.reports.pdf import with_weasyprint

    mine = html.render(doc, "vi", compact=True)
    (Path(tmp) / "doc.json").write_text(json.dumps(doc), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-c",
         "import json, sys; from parindex.reports import html; "
         "doc = json.load(open(sys.argv[1], encoding='utf-8')); "
         "open(sys.argv[2], 'w', encoding='utf-8').write(html.render(doc, 'vi', compact=True))",
         str(Path(tmp) / "doc.json"), str(Path(tmp) / "base.html")],
        check=True, env={**os.environ, "PYTHONPATH": str(baseline)}, cwd=baseline,
    )  # fmt: skip
    base = (Path(tmp) / "base.html").read_text(encoding="utf-8")
    a, b = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        with_weasyprint(mine)
        a.append(time.perf_counter() - t)
        t = time.perf_counter()
        with_weasyprint(base)
        b.append(time.perf_counter() - t)
    print(
        f"\nWeasyPrint layout of the PDF page | this tree {statistics.median(a):.2f} s"
        f" | baseline {statistics.median(b):.2f} s"
    )


def _medians(runs: list[tuple[float, float]]) -> str:
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    return f"{wall:.2f} ({cpu:.2f})"


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    baseline = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else None
    from parindex.reports import office, sheets
    from parindex.reports.pdf import browser

    engines = ["weasyprint"] + (["chromium"] if browser() else [])
    with tempfile.TemporaryDirectory() as tmp:
        print(
            "whole command, all formats | this tree: median s (CPU s) | baseline: median s (CPU s)"
        )
        for engine in engines:
            mine, base = [], []
            for _ in range(repeats):
                mine.append(command(None, tmp + "/a", engine))
                if baseline is not None:
                    base.append(command(baseline, tmp + "/b", engine))
            print(f"pdf by {engine} | {_medians(mine)} | {_medians(base) if base else '-'}")
        subprocess.run(
            [sys.executable, "-m", "parindex", "rank", "--quiet", "--out", tmp, "--format", "json"],
            check=True, capture_output=True,
        )  # fmt: skip
        doc = json.loads((Path(tmp) / "results.json").read_text(encoding="utf-8"))
        if baseline is not None:
            layout(doc, baseline, tmp, repeats)
        times = []
        for _ in range(repeats):
            sheets._compiled.cache_clear()  # the template compiled again, as in a new run
            t = time.perf_counter()
            made = sheets.files(doc, "vi")
            times.append(time.perf_counter() - t)
        print(f"\n{len(made)} result sheets (.docx) | median s {statistics.median(times):.2f}")
        if office.soffice():
            t = time.perf_counter()
            made = sheets.with_pdf(doc, "vi")
            print(
                f"{len(made)} files (.docx and .pdf by LibreOffice) | {time.perf_counter() - t:.2f}"
            )


if __name__ == "__main__":
    main()
