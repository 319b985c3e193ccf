"""Refresh the message catalogs after messages changed in the code.

Extracts every `_("…", lang)`, `N_("…")` and `t("…", field=…)` message (and `_("…")` in the
HTML template) into parindex/reports/locale/parindex.pot, merges it into the Vietnamese catalog
(new messages come in untranslated; translate them in parindex.po, or many at once with
scripts/translate.py), and compiles parindex.mo, which is shipped with
the package. tests/test_reports_i18n.py fails while a message is untranslated or the .mo is stale.

Run: python scripts/update_catalogs.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
LOCALE = ROOT / "parindex" / "reports" / "locale"


def main() -> None:
    pot = LOCALE / "parindex.pot"
    run = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(
        [*run, "extract", "-F", "babel.cfg", "-k", "_", "-k", "N_", "-k", "Nn_:1,2", "-k", "t",
         "--no-location",
         "--sort-output", "--project", "parindex", "-o", str(pot), "."],
        cwd=ROOT, check=True,
    )  # fmt: skip
    subprocess.run(
        [*run, "update", "-i", str(pot), "-d", str(LOCALE), "-D", "parindex", "-l", "vi",
         "--no-fuzzy-matching", "--ignore-obsolete", "--no-wrap"],
        cwd=ROOT, check=True,
    )  # fmt: skip
    subprocess.run(
        [*run, "compile", "-d", str(LOCALE), "-D", "parindex", "-l", "vi", "--statistics"],
        cwd=ROOT, check=True,
    )  # fmt: skip


if __name__ == "__main__":
    main()
