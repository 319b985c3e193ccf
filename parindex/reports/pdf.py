"""The HTML report as PDF, for attaching to an official document.

The PDF holds the summaries, charts, rankings, heads and awards; each unit's explanation stays
in the HTML report and the workbook (for the demo province it would add some 230 A4 pages).
Two engines lay out the same page with its print stylesheet, with the same content:
- Chromium, when the machine has it (`chromium`, `chromium-browser`, `google-chrome`): ~1.3 s;
- WeasyPrint otherwise (a Python package; needs the system's Pango): ~5 s, about 7 ms a table
  row on this kind of machine.
`auto` picks Chromium when found.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from parindex.reports.html import render

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def browser() -> str | None:
    return next((p for name in BROWSERS if (p := shutil.which(name))), None)


def files(doc: dict[str, Any], lang: str, engine: str = "auto") -> dict[str, bytes]:
    exe = browser() if engine in ("auto", "chromium") else None
    if engine == "chromium" and exe is None:
        raise RuntimeError(
            "no Chromium on this machine: install it, or use --pdf-engine weasyprint"
        )
    page = render(doc, lang, compact=True)
    return {"report.pdf": with_chromium(page, exe) if exe else with_weasyprint(page)}


def with_weasyprint(page: str) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=page).write_pdf()
    return pdf


def with_chromium(page: str, exe: str, timeout: float = 300) -> bytes:
    with tempfile.TemporaryDirectory(prefix="parindex-pdf-") as tmp:
        src = Path(tmp) / "report.html"
        out = Path(tmp) / "report.pdf"
        src.write_text(page, encoding="utf-8")
        # a fresh profile, and no background traffic: the page needs no network at all
        subprocess.run(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={Path(tmp) / 'profile'}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                src.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return out.read_bytes()
