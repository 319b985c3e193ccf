"""The HTML report as PDF, for attaching to an official document.

The PDF holds the summaries, charts, rankings, heads and awards; each unit's explanation stays
in the HTML report and the workbook (for the demo province it would add some 230 A4 pages).
Two engines lay out the same page with its print stylesheet, with the same content:
- Chromium, when the machine has it (`chromium`, `chromium-browser`, `google-chrome`): ~1.3 s;
- WeasyPrint otherwise (a Python package; needs the system's Pango): ~5 s, about 7 ms a table
  row on this kind of machine.
`auto` picks Chromium when found.

Either engine works outside this interpreter while the run makes its other formats (`start`):
Chromium is its own process anyway, and WeasyPrint runs in a forked child, since its layout
is pure Python and would otherwise hold the interpreter for its whole ~5 s.
"""

from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path
from types import TracebackType
from typing import Any

from parindex.reports.html import render

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def browser() -> str | None:
    return next((p for name in BROWSERS if (p := shutil.which(name))), None)


def files(doc: dict[str, Any], lang: str, engine: str = "auto") -> dict[str, bytes]:
    with start(doc, lang, engine) as printing:
        return printing.result()


def start(doc: dict[str, Any], lang: str, engine: str = "auto") -> Printing:
    """The page rendered here, then laid out as PDF in another process; `result()` waits for
    it. Used as a context manager, so that a run failing elsewhere stops the printing."""
    exe = browser() if engine in ("auto", "chromium") else None
    if engine == "chromium" and exe is None:
        raise RuntimeError(
            "no Chromium on this machine: install it, or use --pdf-engine weasyprint"
        )
    page = render(doc, lang, compact=True)
    return _Chromium(page, exe) if exe else _WeasyPrint(page)


class Printing(ABC):
    """A PDF being laid out by another process."""

    @abstractmethod
    def result(self) -> dict[str, bytes]:
        """The PDF file, once the other process has made it."""

    @abstractmethod
    def close(self) -> None:
        """Stop the printing if it still runs, and remove what it left."""

    def __enter__(self) -> Printing:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def with_weasyprint(page: str) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=page).write_pdf()
    return pdf


def _weasyprint_child(page: str, conn: Any) -> None:
    try:
        conn.send((True, with_weasyprint(page)))
    except BaseException as exc:  # the parent re-raises it, as an in-process call would
        try:
            conn.send((False, exc))
        except Exception:  # an exception that does not pickle: its words at least
            conn.send((False, RuntimeError(f"WeasyPrint: {exc!r}")))
    finally:
        conn.close()


class _WeasyPrint(Printing):
    def __init__(self, page: str) -> None:
        self.page = page
        self.proc: Any = None
        # a forked child inherits the imported modules: no second start-up; where fork is not
        # offered the layout runs in-process when the result is asked for
        if "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self.conn, child = ctx.Pipe(duplex=False)
            self.proc = ctx.Process(target=_weasyprint_child, args=(page, child), daemon=True)
            # the child flushes the streams it inherits when it ends: empty them first, or it
            # would print what this process had buffered a second time
            sys.stdout.flush()
            sys.stderr.flush()
            self.proc.start()
            child.close()

    def result(self) -> dict[str, bytes]:
        if self.proc is None:
            return {"report.pdf": with_weasyprint(self.page)}
        try:
            ok, value = self.conn.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            self.proc.join()
            raise RuntimeError(
                f"WeasyPrint stopped (exit code {self.proc.exitcode}) before the PDF was made"
            ) from None
        self.proc.join()
        if not ok:
            raise value
        return {"report.pdf": value}

    def close(self) -> None:
        if self.proc is not None:
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join()
            self.conn.close()


class _Chromium(Printing):
    def __init__(self, page: str, exe: str, timeout: float = 300) -> None:
        self.timeout = timeout
        self.tmp = tempfile.TemporaryDirectory(prefix="parindex-pdf-")
        src = Path(self.tmp.name) / "report.html"
        self.out = Path(self.tmp.name) / "report.pdf"
        src.write_text(page, encoding="utf-8")
        # a fresh profile, and no background traffic: the page needs no network at all
        self.args = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={Path(self.tmp.name) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={self.out}",
            src.as_uri(),
        ]
        self.proc = subprocess.Popen(
            self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
        )

    def result(self) -> dict[str, bytes]:
        try:
            stdout, stderr = self.proc.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()
            raise
        if self.proc.returncode:
            raise subprocess.CalledProcessError(self.proc.returncode, self.args, stdout, stderr)
        return {"report.pdf": self.out.read_bytes()}

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()
        self.tmp.cleanup()


def with_chromium(page: str, exe: str, timeout: float = 300) -> bytes:
    with _Chromium(page, exe, timeout) as printing:
        return printing.result()["report.pdf"]
