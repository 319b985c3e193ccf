"""Golden files: the demo's Markdown summary and decision annex, compared as text.

The provenance (time, hashes, paths) is left out of the comparison: everything else must match
the stored file. After an intended change, regenerate with PARINDEX_UPDATE_GOLDEN=1 and review
the diff like any other change.
"""

import io
import json
import os
from pathlib import Path

import pytest

from parindex.reports import docx as docx_report
from parindex.reports import markdown

from test_cli import run

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden")
    assert run("rank", "--quiet", "--out", str(out), "--format", "json").exit_code == 0
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PARINDEX_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from tests/golden/{name}"


def without_provenance(text: str) -> str:
    return text[: text.index("\n---\n")] + "\n"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_markdown_summary(doc, lang):
    compare(f"summary.{lang}.md", without_provenance(markdown.summary(doc, lang)))


def test_decision_annex_text(doc):
    from docx import Document

    d = Document(io.BytesIO(docx_report.annex(doc)))
    lines = [p.text for p in d.paragraphs if p.text]
    for table in d.tables:
        lines += [" | ".join(c.text for c in row.cells) for row in table.rows]
    compare("annex.vi.txt", "\n".join(lines) + "\n")
