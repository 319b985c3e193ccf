"""Benchmark: report generation for the demo province.

Usage: python bench/reports.py [repeats]

Times each format rendered from the results document in this process (each first call, since
charts are drawn once per run and then reused), then the whole `parindex rank` command with all
formats as a new process, with each PDF engine.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = ["json", "csv", "xlsx", "html", "docx", "md", "pdf"]


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    exe = [sys.executable, "-m", "parindex"]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [*exe, "rank", "--quiet", "--out", tmp, "--format", "json"],
            check=True,
            capture_output=True,
        )
        doc = json.loads((Path(tmp) / "results.json").read_text(encoding="utf-8"))
        from parindex.reports.formats import render

        print("format | first render in-process (s)")
        for fmt in FORMATS:
            t = time.perf_counter()
            render(fmt, doc, "vi", pdf_engine="auto")
            print(f"{fmt} | {time.perf_counter() - t:.2f}")
        print("\nwhole command, all formats | median s | min s")
        for engine in ("chromium", "weasyprint"):
            times = []
            for _ in range(repeats):
                t = time.perf_counter()
                subprocess.run(
                    [
                        *exe,
                        "rank",
                        "--quiet",
                        "--out",
                        tmp,
                        "--format",
                        ",".join(FORMATS),
                        "--pdf-engine",
                        engine,
                    ],
                    check=True,
                    capture_output=True,
                )
                times.append(time.perf_counter() - t)
            print(f"pdf by {engine} | {statistics.median(times):.2f} | {min(times):.2f}")


if __name__ == "__main__":
    main()
