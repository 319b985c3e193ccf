"""Word documents to PDF with LibreOffice (headless), when the machine has it.

One `soffice` call converts every document given (starting LibreOffice costs some 2 s; each
page after that is cheap), in a fresh profile so a running LibreOffice is never disturbed.
"""

from __future__ import annotations

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
    with tempfile.TemporaryDirectory(prefix="parindex-office-") as tmp:
        src, out = Path(tmp) / "in", Path(tmp) / "out"
        src.mkdir()
        for name, data in documents.items():
            (src / name).write_bytes(data)
        done = subprocess.run(
            [
                exe,
                f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *sorted(str(src / name) for name in documents),
            ],
            capture_output=True,
            timeout=timeout,
        )
        pdfs = {}
        for name in documents:
            pdf = out / (Path(name).stem + ".pdf")
            if not pdf.exists():
                raise RuntimeError(
                    f"LibreOffice did not convert {name}: {done.stderr.decode(errors='replace')}"
                )
            pdfs[pdf.name] = pdf.read_bytes()
        return pdfs
