"""Finish a git merge that conflicts in the message catalogs.

Two branches that each added messages both rewrite parindex.po (sorted), parindex.pot and the
compiled parindex.mo, so git cannot merge them. The union is what both meant: every translation
of either side (ours wins where both translated one message differently, and says so), then
`update_catalogs.py` extracts the messages of the merged code, drops what is no longer used and
compiles the .mo.

Run during a conflicted merge: python scripts/merge_catalogs.py && git add parindex/reports/locale
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).parent.parent
PO = "parindex/reports/locale/vi/LC_MESSAGES/parindex.po"


def side(stage: int) -> bytes:
    return subprocess.run(
        ["git", "show", f":{stage}:{PO}"], cwd=ROOT, capture_output=True, check=True
    ).stdout


def main() -> None:
    ours = read_po(io.BytesIO(side(2)), locale="vi")
    theirs = read_po(io.BytesIO(side(3)), locale="vi")
    for msg in theirs:
        if not msg.id or not msg.string:
            continue
        mine = ours.get(msg.id)
        if mine is None:
            ours[msg.id] = msg
        elif not mine.string:
            mine.string = msg.string
        elif mine.string != msg.string:
            print(f"both translated {msg.id!r}; kept {mine.string!r}, not {msg.string!r}")
    with (ROOT / PO).open("wb") as f:
        write_po(f, ours, width=0, sort_output=True, no_location=True)
    subprocess.run([sys.executable, str(ROOT / "scripts/update_catalogs.py")], check=True)


if __name__ == "__main__":
    main()
