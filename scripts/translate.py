"""Fill translations into the Vietnamese catalog from a small TSV-free Python mapping.

Run: python scripts/translate.py FILE.json — FILE maps English messages to Vietnamese; entries
of the catalog with those ids get the translation (existing ones are replaced). A message with a
plural is given by its singular; Vietnamese has one form. Then run
scripts/update_catalogs.py to compile. Handy when many messages are translated at once.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).parent.parent / "parindex/reports/locale/vi/LC_MESSAGES/parindex.po"


def main() -> None:
    mapping: dict[str, str] = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    with PO.open("rb") as f:
        catalog = read_po(f, locale="vi")
    missing = [k for k in mapping if k not in catalog]
    for key, text in mapping.items():
        if key in catalog:  # a message with a plural (keyed by its singular): every form
            m = catalog[key]
            m.string = (text,) * catalog.num_plurals if isinstance(m.id, tuple) else text
    with PO.open("wb") as f:
        write_po(f, catalog, width=0, omit_header=False, sort_output=True, no_location=True)
    if missing:
        print("not in the catalog (run update_catalogs.py first):", *missing, sep="\n  ")


if __name__ == "__main__":
    main()
