"""Property: whatever a table file holds, reading it raises nothing but ParindexError."""

import csv
import io

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.criteria.loader import load
from parindex.data.indicators import read_indicators
from parindex.data.limits import Limits
from parindex.errors import ParindexError
from parindex.scoring.compile import compile_plan

from conftest import MINIMAL

HEADERS = ["id", "Mã đơn vị", "Tên đơn vị", "Khối", "STT", "Ghi chú", "Hồ sơ trễ hẹn", "1.2",
           "dossiers_resolved", "plan_on_time", "Hồ sơ", "Có", "Không", "(1)", "Tổng cộng",
           "I. SỞ, BAN, NGÀNH", "department", "Sở, ban, ngành", ""]  # fmt: skip
WORDS = ["0.875", "1,071", "1.234,5", "1e400", "nan", "-inf", "91,08%", "x", "có", "KAD",
         "204,5", "1 234", "0,", ",5", "1.2.3", "١٢", "Người lập biểu", "SNV", "\u0301"]  # fmt: skip
CELLS = st.one_of(
    st.sampled_from(HEADERS + WORDS),
    st.text(max_size=8),
    st.floats(allow_nan=False, allow_infinity=False),
    st.none(),
)
GRIDS = st.lists(st.lists(CELLS, max_size=9), max_size=8)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def plan(write):
    return compile_plan(load(write(MINIMAL, "criteria.yaml")).criteria)


def only_our_errors(path, plan, **kw) -> None:
    try:
        read_indicators(path, [plan], limits=Limits(max_rows=50, max_columns=50), **kw)
    except ParindexError as exc:
        assert exc.diagnostics


@SETTINGS
@given(grid=GRIDS, delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]),
       numbers=st.sampled_from(["vi", "en"]), subset=st.booleans())  # fmt: skip
def test_csv_text(tmp_path, plan, grid, delimiter, encoding, numbers, subset):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(
        [["" if c is None else str(c) for c in row] for row in grid]
    )
    path = tmp_path / "d.csv"
    path.write_bytes(out.getvalue().encode(encoding, errors="replace"))
    only_our_errors(path, plan, numbers=numbers, subset=subset)


@SETTINGS
@given(raw=st.binary(max_size=300), prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe"]))
def test_bytes(tmp_path, plan, raw, prefix):
    path = tmp_path / "d.csv"
    path.write_bytes(prefix + raw)
    only_our_errors(path, plan)


@SETTINGS
@given(
    sheets=st.lists(GRIDS, min_size=1, max_size=3),
    merges=st.lists(st.tuples(*[st.integers(0, 9)] * 4), max_size=4),
)
def test_xlsx(tmp_path, plan, sheets, merges):
    path = tmp_path / "d.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for n, grid in enumerate(sheets):
        ws = wb.add_worksheet(["Sheet1", "department", f"S{n}"][n])
        taken: set[tuple[int, int]] = set()
        for r0, c0, dr, dc in merges:
            r1, c1 = r0 + dr % 3, c0 + dc % 3
            cells = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
            if (r1, c1) != (r0, c0) and not cells & taken:
                ws.merge_range(r0, c0, r1, c1, "Khối")
                taken |= cells
        for r, row in enumerate(grid):
            for c, v in enumerate(row):
                if v is not None and (r, c) not in taken:
                    ws.write(r, c, v)
    wb.close()
    only_our_errors(path, plan)
