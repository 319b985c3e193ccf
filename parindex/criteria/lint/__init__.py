"""Policy checks on a valid criteria set: what YAML and the schema allow but a ranking must not.

Each check has a stable code (listed in `CODES`, documented in the README); errors fail
`parindex validate`, warnings are shown by `parindex lint`. Every finding points at the line of
the key it is about. One module per family of checks.
"""

from __future__ import annotations

from parindex.criteria.lint.classes import Classes
from parindex.criteria.lint.consequences import check_consequences
from parindex.criteria.lint.references import References
from parindex.criteria.lint.structure import Structure
from parindex.criteria.loader import LoadedCriteria
from parindex.errors import Diagnostic

CODES: dict[str, str] = {
    "PX101": "leaf maxima of a block do not add up to the declared total",
    "PX102": "a parent's max differs from the sum of its sub-criteria",
    "PX111": "band cut points out of order or overlapping",
    "PX112": "band points above the criterion's max",
    "PX113": "band points break the declared direction",
    "PX114": "band bound does not match the direction (`at_least` vs `below`)",
    "PX115": "band cut point outside the indicator's range (warning)",
    "PX121": "reference to an undeclared indicator",
    "PX122": "derived indicators that depend on each other in a loop",
    "PX124": "proportional or survey rule without a usable target",
    "PX125": "yes/no rule on an indicator that is not yes/no (warning)",
    "PX126": "bonus or deduction cap above the criterion's max",
    "PX131": "class thresholds not decreasing, or a class that can never be reached",
    "PX132": "cap naming an unknown class",
    "PX133": "cap that can never lower a class (warning)",
    "PX141": "duplicate id",
    "PX142": "reference to an undeclared block",
    "PX143": "two criteria read the same appraised-points column",
    "PX151": "indicator declared but never used (warning)",
    "PX161": "example that names an unknown indicator, criterion, class or block",
    "PX174": "indicator range or missing-value policy that contradicts itself",
    "PX176": "a column header cut in two by a comma in a YAML list (warning)",
    "PX181": "accountability component reading an unknown head indicator or unit result",
    "PX182": "head level thresholds not decreasing, or a level that can never be reached",
    "PX183": "head cap or award naming an unknown level or class",
    "PX184": "award conditions that can never hold together, or need what the file lacks",
    "PX185": "self-assessment watch on a set without appraised criteria (warning)",
}


class Linter(References, Structure, Classes):
    def run(self) -> list[Diagnostic]:
        self.indicators()
        self.derived()
        self.hierarchy()
        self.totals()
        self.classes()
        self.caps()
        self.ranking()
        self.renames()
        self.examples()
        self.unused()
        check_consequences(self)
        return sorted(self.found, key=lambda d: d.sort_key)


def lint(loaded: LoadedCriteria) -> list[Diagnostic]:
    """Every policy finding in a loaded criteria set, sorted by position."""
    return Linter(loaded).run()
