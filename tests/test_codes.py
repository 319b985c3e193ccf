"""The one registry of diagnostic codes: the README is generated from it, the package raises no
code outside it, and every code is exercised by some test."""

import re
from pathlib import Path

import pytest

from parindex.codes import CODES, update_readme

ROOT = Path(__file__).parent.parent
CODE = re.compile(r"\bP[XDFRO]\d{3}\b")
# a code inside a string literal of a test (an expected message), not in a comment
EXPECTED = re.compile(r"[\"'][^\"'\n]*\b(P[XDFRO]\d{3})\b")


def test_the_readme_tables_are_generated_from_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert update_readme(readme) == readme, "run `python -m parindex.codes` to regenerate"


def test_the_package_raises_only_registered_codes():
    used = {
        code
        for path in (ROOT / "parindex").rglob("*.py")
        if path.name != "codes.py"
        for code in CODE.findall(path.read_text(encoding="utf-8"))
    }
    assert used - set(CODES) == set()


def _tested() -> set[str]:
    return {
        code
        for path in (ROOT / "tests").rglob("*.py")
        if path.name != "test_codes.py"
        for code in EXPECTED.findall(path.read_text(encoding="utf-8"))
    }


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_is_exercised_by_a_test(code):
    assert code in _TESTED, f"no test expects {code}"


_TESTED = _tested()
