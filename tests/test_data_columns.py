"""A text column with a few odd cells: those go one by one, the rest over arrays — and the
result (values, blanks, not-applicable marks, failures with their messages, readings) is the
one the cell-by-cell path gives."""

import numpy as np
import pytest

from parindex.data import columns
from parindex.data.cells import ColumnSpec

RATE = ColumnSpec("r", "r", "rate", 0.0, 1.0, "error")
COUNT = ColumnSpec("c", "c", "count", 0.0, None, "error")
YES_NO = ColumnSpec("y", "y", "yes_no", 0.0, 1.0, "error")

CASES = [
    (RATE, "en", ["0.5", "5.4e-05", "", "0.25", "KAD", "12%", "0.75", "1.5"]),
    (RATE, "vi", ["0,5", "5,4e-05", "", "0,25", "N/A", "91,08%", "0,75", "abc"]),
    (COUNT, "vi", ["12", "1.234", "3,5", "-", "7", "8", "12%", "40"]),
    (COUNT, "en", ["12", "1,234", "1e3", "7", "", "9", "10", "-4"]),
    (YES_NO, "vi", ["1", "0", "có", "1", "", "0", "2", "1"]),
    (YES_NO, "vi", ["x", "", "", "", "", "", "", ""]),
    # a text only the other convention reads: every cell one by one, ambiguities included
    (COUNT, "vi", ["0.875", "1.071", "2", "3", "4", "5", "6", "7"]),
]


def outcome(got, numbers):
    return (
        got.values.tolist(),
        got.na.tolist(),
        got.blank.tolist(),
        [(f.index, f.code, f.message, f.hint) for f in got.failed],
        got.x_marks,
        {i: got.reading(i, numbers) for i in range(len(got.values))},
    )


@pytest.mark.parametrize(("spec", "numbers", "cells"), CASES)
def test_a_few_odd_cells_read_as_one_by_one_reads_them(spec, numbers, cells, monkeypatch):
    rows = list(range(2, 2 + len(cells)))
    fast = columns.convert(cells, spec, numbers, rows)
    monkeypatch.setattr(columns, "_partly", lambda *a: None)
    slow = columns.convert(cells, spec, numbers, rows)
    assert np.array_equal(fast.values, slow.values, equal_nan=True)
    assert outcome(fast, numbers)[1:] == outcome(slow, numbers)[1:]


def test_only_the_odd_cells_are_parsed_one_by_one(monkeypatch):
    cells = [f"{i / 10000:g}" for i in range(10000)]
    cells[7] = "7e-04"
    seen = []
    parse = columns.parse_number
    monkeypatch.setattr(columns, "parse_number", lambda t, n: seen.append(t) or parse(t, n))
    got = columns.convert(cells, RATE, "en", list(range(len(cells))))
    assert seen == ["7e-04"]
    assert got.values[7] == 0.0007 and got.values[-1] == 0.9999 and not got.failed
