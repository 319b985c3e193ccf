"""Policy checks on a valid criteria set: what YAML and the schema allow but a ranking must not.

Each check has a stable code (in the registry `parindex/codes.py`, from which the README's
table is generated); errors fail
`parindex validate`, warnings are shown by `parindex lint`. Every finding points at the line of
the key it is about. One module per family of checks.
"""

from __future__ import annotations

from parindex.codes import CODES as ALL_CODES
from parindex.criteria.lint.classes import Classes
from parindex.criteria.lint.consequences import check_consequences
from parindex.criteria.lint.references import References
from parindex.criteria.lint.structure import Structure
from parindex.criteria.loader import LoadedCriteria
from parindex.errors import Diagnostic

# the lint family of the one registry of codes (parindex/codes.py)
CODES: dict[str, str] = {c: text for c, text in ALL_CODES.items() if c.startswith("PX1")}


class Linter(References, Structure, Classes):
    def run(self) -> list[Diagnostic]:
        self.indicators()
        self.derived()
        self.hierarchy()
        self.totals()
        self.classes()
        self.caps()
        self.ranking()
        self.wholes()
        self.renames()
        self.examples()
        self.unused()
        check_consequences(self)
        return sorted(self.found, key=lambda d: d.sort_key)


def lint(loaded: LoadedCriteria) -> list[Diagnostic]:
    """Every policy finding in a loaded criteria set, sorted by position."""
    return Linter(loaded).run()
