"""The last resort: a bug in parindex ends with exit 3, one line of apology and a crash file.

A user never sees a traceback unless they ask for it with `--debug`; the crash file holds
everything a bug report needs (the command line, versions and the traceback).
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

from parindex import __version__


def write_report(exc: BaseException) -> Path | None:
    """Write the crash report; its path, or None when even that failed (a full disk)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = "\n".join(
        [
            f"parindex {__version__} crashed at {stamp}",
            f"command: {' '.join(sys.argv)}",
            f"python: {sys.version.split()[0]} on {platform.platform()}",
            f"cwd: {os.getcwd()}",
            "",
            "".join(traceback.format_exception(exc)),
        ]
    )
    try:
        fd, name = tempfile.mkstemp(prefix=f"parindex-crash-{stamp}-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError:
        return None
    return Path(name)


def apology(exc: BaseException, report: Path | None, lang: str) -> str:
    from parindex.errors import t

    where = (
        t("the details are in {report}", report=str(report))
        if report
        else t("no crash file could be written")
    )
    return t(
        "parindex failed because of a fault of its own ({kind}), not of your files; sorry. "
        "{where} — please send it to the developers (--debug shows it here).",
        kind=type(exc).__name__,
        where=where,
    ).render(lang)
