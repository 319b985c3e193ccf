"""The baseline of a benchmark: the scoring code as it was at a git commit, importable beside
the current one in the same process (as `parindex_base`), so both are timed in one run."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
# the commit before the batched engine (issue 12): what the figures are compared with
DEFAULT_REF = "d4fb830"


def load(ref: str = DEFAULT_REF) -> ModuleType:
    """`parindex` at `ref`, extracted once under the temporary folder and renamed
    `parindex_base`; returns the imported package."""
    home = Path(tempfile.gettempdir()) / f"parindex-baseline-{ref}"
    pkg = home / "parindex_base"
    if not pkg.exists():
        home.mkdir(parents=True, exist_ok=True)
        archive = home / "src.tar"
        with archive.open("wb") as out:
            subprocess.run(["git", "archive", ref, "parindex"], cwd=ROOT, stdout=out, check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(home, filter="data")
        (home / "parindex").rename(pkg)
        for path in pkg.rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"\bparindex\.", "parindex_base.", text)
            text = text.replace("from parindex import", "from parindex_base import")
            path.write_text(text, encoding="utf-8")
    if str(home) not in sys.path:
        sys.path.insert(0, str(home))
    return importlib.import_module("parindex_base")
