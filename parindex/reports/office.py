"""Word documents to PDF with LibreOffice (headless), when the machine has it.

A `soffice` call converts many documents (starting LibreOffice costs some 2 s; each page after
that is cheap), in a fresh profile so a running LibreOffice is never disturbed. LibreOffice
converts on one core, so the documents are shared among one call per core (each with its own
profile: two instances may not share one).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

NAMES = ("soffice", "libreoffice")


def soffice() -> str | None:
    return next((p for name in NAMES if (p := shutil.which(name))), None)


def to_pdf(documents: dict[str, bytes], timeout: float = 600) -> dict[str, bytes]:
    """name.docx → bytes in, name.pdf → bytes out; RuntimeError when LibreOffice is missing or
    fails."""
    exe = soffice()
    if exe is None:
        raise RuntimeError(
            "no LibreOffice on this machine for the PDF: install libreoffice-writer-nogui"
        )
    if not documents:
        return {}
    names = sorted(documents)
    calls = max(1, min(os.cpu_count() or 1, 4, len(names) // 8 or 1))  # 8+ documents a call
    with tempfile.TemporaryDirectory(prefix="parindex-office-") as tmp:
        src, out = Path(tmp) / "in", Path(tmp) / "out"
        src.mkdir()
        for name, data in documents.items():
            (src / name).write_bytes(data)
        running = [
            subprocess.Popen(
                [
                    exe,
                    f"-env:UserInstallation={(Path(tmp) / f'profile-{k}').as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(out),
                    *(str(src / name) for name in names[k::calls]),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for k in range(calls)
        ]
        errors = b""
        try:
            for proc in running:
                errors += proc.communicate(timeout=timeout)[1]
        finally:
            for proc in running:  # a timeout or an interruption leaves no LibreOffice behind
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        pdfs = {}
        for name in documents:
            pdf = out / (Path(name).stem + ".pdf")
            if not pdf.exists():
                raise RuntimeError(
                    f"LibreOffice did not convert {name}: {errors.decode(errors='replace')}"
                )
            pdfs[pdf.name] = pdf.read_bytes()
        return pdfs
