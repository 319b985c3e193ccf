"""Every output format, by name: the results document in, files (name → bytes) out.

Each renderer lives in its own module and is imported only when asked for, so a run that writes
CSV never loads fontTools, python-docx or WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

# format → (module, function, file names it writes)
FORMATS: dict[str, tuple[str, str]] = {
    "json": ("parindex.reports.tabular", "json_files"),
    "csv": ("parindex.reports.tabular", "csv_files"),
    "xlsx": ("parindex.reports.xlsx", "files"),
    "html": ("parindex.reports.html", "files"),
    "pdf": ("parindex.reports.pdf", "files"),
    "docx": ("parindex.reports.docx", "files"),
    "md": ("parindex.reports.markdown", "files"),
    "sheets": ("parindex.reports.sheets", "files"),
    "sheets-pdf": ("parindex.reports.sheets", "with_pdf"),
}


# the formats that show each unit's explanation (results.json carries it so that `report` can
# draw any format later); the others are written without computing it
EXPLAINED = frozenset({"json", "xlsx", "html", "pdf", "sheets", "sheets-pdf"})


def needs_explanations(formats: list[str]) -> bool:
    return any(f in EXPLAINED for f in formats)


# formats laid out by another process: started before the others are made, collected after
STARTED = frozenset({"pdf"})


def start(fmt: str, doc: dict[str, Any], lang: str, pdf_engine: str = "auto") -> Any:
    """A format of STARTED, begun: a context manager whose `result()` gives its files."""
    from parindex.reports import pdf

    assert fmt in STARTED
    return pdf.start(doc, lang, engine=pdf_engine)


def parse(text: str) -> list[str]:
    """`xlsx,html` → ["xlsx", "html"]; ValueError naming an unknown format."""
    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    return list(dict.fromkeys(wanted))


def render(
    fmt: str,
    doc: dict[str, Any],
    lang: str,
    pdf_engine: str = "auto",
    *,
    csv: str = "excel-vi",
    annex_template: Path | None = None,
) -> dict[str, bytes]:
    """The files of one format (name → bytes); `csv` is the CSV dialect (excel-vi or plain),
    `annex_template` the Word template of the decision annex."""
    module, name = FORMATS[fmt]
    fn: Callable[..., dict[str, bytes]] = getattr(import_module(module), name)
    if fmt in ("pdf", "sheets", "sheets-pdf"):
        return fn(doc, lang, engine=pdf_engine)
    if fmt == "csv":
        return fn(doc, lang, mode=csv)
    if fmt == "docx":
        return fn(doc, lang, template=annex_template)
    return fn(doc, lang)
