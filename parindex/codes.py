"""Every diagnostic code parindex reports, with its meaning: one registry.

The README's tables of codes are generated from it (`python -m parindex.codes`), and a test
checks both that the README matches and that each code is raised by some test.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    "PD001": "the file cannot be read (format, sheet, encoding, not text, over a size limit)",
    "PD002": "no column for the unit id, name or block",
    "PD003": 'unknown column (with "did you mean"), or a value under no header',
    "PD004": "no column for an indicator the unit's criteria need",
    "PD005": "duplicate unit id",
    "PD006": "a cell that is not a number (or not yes/no), or not a finite one",
    "PD007": "a value outside its range (negative count, rate above 1, points above the max)",
    "PD008": "a numerator above its denominator (`at_most:`)",
    "PD009": "a unit in a block no criteria set defines, or with a blank block cell",
    "PD010": "a blank cell where the criteria allow none",
    "PD011": "two columns for the same indicator",
    "PD013": "a zero denominator or missing survey the criteria call an error",
    "PD014": "a unit (or head) without id or name",
    "PD015": "a count that is not a whole number (with how it was read, and what it may mean)",
    "PD016": "a number whose reading is ambiguous (both readings shown, and how to write it)",
    "PD017": "a formula cell with no calculated value",
    "PD018": "a layout that cannot be read without guessing (a unit below the total row, a "
    "number merged across units, two copies of one table)",
    "PD019": "a file with a header and no units to rank",
    "PD020": "a roster row for a unit that is not ranked",
    "PD021": "a date that is not a date",
    "PD022": "a term outside the assessment period",
    "PD023": "a term that ends before it starts",
    "PD024": "overlapping terms of two heads of one unit",
    "PD025": "a ranked unit with no head in the roster",
    "PD030": "a results.json that cannot be read back (not JSON, wrong shape, half replaced)",
    "PF002": "a unit returned in more than one file (choose with --prefer newest|FILE)",
    "PF003": "a unit of the list that sent nothing back",
    "PF004": "a returned unit that is not in the units list",
    "PF005": "a returned unit in another block than the units list says",
    "PF010": "two criteria sets whose columns no header tells apart in one form",
    "PR001": "a records file that cannot be read (format, damaged, empty)",
    "PR002": "no column for a field the records need",
    "PR003": 'an unknown column in the records (with "did you mean")',
    "PR004": "two columns for the same field of the records",
    "PR005": "records that hold no dossier",
    "PR006": "records that Spark cannot read as they are (write them with `records convert`)",
    "PR010": "a value of a record that cannot be read (a date, a number, a yes/no, a code)",
    "PR011": "a blank where the record needs a value",
    "PR020": "a dossier finished before it was received",
    "PR021": "a dossier due before it was received",
    "PR022": "a dossier of a unit that is not in the units list",
    "PR023": "a dossier id used more than once",
    "PR024": "a dossier received or finished after the cut-off",
    "PR025": "a withdrawn dossier with no date it was finished",
    "PR030": "a processing step of a dossier that is not in the records",
    "PR040": "a rules file for officials that cannot be read, or has no `officials:` section",
    "PR041": "a rule for officials that is not valid",
    "PR042": "a rule for officials scored from a unit's result",
    "PR043": "a rule for officials reading an indicator the steps do not give",
    "PO001": "the output files cannot be written (a file in the way, no permission, a full disk)",
    "PX000": "the file cannot be read",
    "PX001": "YAML syntax error, or more than one document",
    "PX002": "duplicate key",
    "PX003": "anchor or alias",
    "PX004": "a key that is not text",
    "PX005": "file over the size limit",
    "PX006": "invalid UTF-8",
    "PX007": "missing, invalid or newer `schema_version`",
    "PX008": "YAML tag",
    "PX009": "nesting too deep",
    "PX010": 'unknown key (with "did you mean")',
    "PX011": "missing required key",
    "PX012": "wrong type or value",
    "PX013": "unknown rule kind, or more than one",
    "PX014": "a class with both `min` and `above`",
    "PX015": "a block with no classes (none at the top of the file, none under the block)",
    "PX016": "a criterion with both a `rule` and sub-criteria",
    "PX017": "a band with both or neither of `at_least` and `below`",
    "PX018": "a period that ends before it starts",
    "PX019": "a file that is not a mapping of keys",
    "PX020": "formula outside the language",
    "PX101": "leaf maxima of a block do not add up to the declared total",
    "PX102": "a parent's max differs from the sum of its sub-criteria",
    "PX111": "band cut points out of order or overlapping",
    "PX112": "band points above the criterion's max",
    "PX113": "band points break the declared direction",
    "PX114": "band bound does not match the direction (`at_least` vs `below`)",
    "PX115": "band cut point outside the indicator's range (warning)",
    "PX116": "bands whose best points fall short of the criterion's max",
    "PX121": "reference to an undeclared indicator or area",
    "PX122": "derived indicators that depend on each other in a loop",
    "PX124": "proportional or survey rule without a usable target",
    "PX125": "yes/no rule on an indicator that is not yes/no (warning)",
    "PX126": "bonus or deduction cap above the criterion's max",
    "PX127": "a formula that divides by a constant zero",
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

FAMILIES = {
    "PX0": "the criteria file (reading and the language)",
    "PX1": "the criteria's policy checks (lint)",
    "PD0": "the data files (indicator tables, rosters, results.json)",
    "PF0": "the forms sent to units and collected back",
    "PR0": "the dossier records",
    "PO0": "the output files",
}


def markdown(prefix: str) -> str:
    """The README table of the codes that start with `prefix` (PX, PD, PF, PR or PO)."""
    rows = [f"| `{code}` | {text} |" for code, text in CODES.items() if code.startswith(prefix)]
    return "\n".join(["| code | meaning |", "|---|---|", *rows])


def update_readme(text: str) -> str:
    """The README with each `<!-- codes:PREFIX -->` … `<!-- /codes -->` block regenerated."""
    import re

    def table(m: re.Match[str]) -> str:
        return f"{m.group(1)}\n{markdown(m.group(2))}\n{m.group(3)}"

    return re.sub(
        r"(<!-- codes:(P[XDFRO]) -->)\n(?:.*?\n)?(<!-- /codes -->)", table, text, flags=re.DOTALL
    )


if __name__ == "__main__":
    from pathlib import Path

    readme = Path(__file__).parent.parent / "README.md"
    readme.write_text(update_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")
