"""The heads roster: dates as Vietnamese documents write them, and every problem by row."""

import pytest

from parindex.criteria.loader import load
from parindex.criteria.validate import bundled_sets
from parindex.data.roster import parse_date, read_roster
from parindex.errors import ParindexError

HEAD = (
    "Mã đơn vị;Người đứng đầu;Chức vụ;Từ ngày;Đến ngày;Kỷ luật;"
    "Tỷ lệ hồ sơ người đứng đầu trực tiếp xử lý trên phần mềm một cửa;"
    "Hồ sơ trễ hẹn tại bước xử lý của người đứng đầu;"
    "Số tháng có đánh giá công chức trong quy trình xử lý hồ sơ\n"
)
GOOD = HEAD + (
    "SNV;Phan Quang Hòa;Giám đốc;01/01/2016;30/06/2016;không;0,47;1;6\n"
    "SNV;Hồ Thu Hạnh;Giám đốc;01/07/2016;31/12/2016;không;0,68;1;5\n"
    "STP;Dương Văn Cường;Giám đốc;;;có;0,64;0;12\n"
)
UNITS = {"SNV": "Sở Nội vụ", "STP": "Sở Tư pháp"}


@pytest.fixture
def acc():
    cs = load(bundled_sets()[0]).criteria
    assert cs.accountability is not None
    return cs.accountability


@pytest.fixture
def read(tmp_path, acc):
    def _read(text):
        path = tmp_path / "heads.csv"
        path.write_text(text, encoding="utf-8")
        return read_roster(path, acc, UNITS, display="heads.csv")

    return _read


def problems(read, text):
    with pytest.raises(ParindexError) as exc:
        read(text)
    return [d.render() for d in exc.value.diagnostics]


def test_a_good_roster(read):
    t = read(GOOD)
    assert t.units == ["SNV", "SNV", "STP"]
    assert [d.isoformat() for d in t.starts] == ["2016-01-01", "2016-07-01", "2016-01-01"]
    assert [d.isoformat() for d in t.ends] == ["2016-06-30", "2016-12-31", "2016-12-31"]
    assert t.disciplined.tolist() == [False, False, True]
    assert t.values["head_processed_share"].tolist() == [0.47, 0.68, 0.64]


CASES = [
    (
        "overlapping terms",
        GOOD.replace("01/07/2016;31/12", "30/06/2016;31/12"),
        [
            "heads.csv:3: PD024 error: the terms of `Phan Quang Hòa` (01/01/2016–30/06/2016, row 2) "
            "and `Hồ Thu Hạnh` (30/06/2016–31/12/2016) overlap at unit `SNV`\n"
            "    hint: a new head's term starts the day after the previous one ends"
        ],
    ),
    (
        "outside the period",
        GOOD.replace("01/01/2016;30/06", "01/03/2014;30/06"),
        [
            "heads.csv:2:4: PD022 error: the term of `Phan Quang Hòa` (01/03/2014–30/06/2016) lies "
            "outside the period 01/01/2016–31/12/2016\n"
            "    hint: a head in post before the period starts on 01/01/2016"
        ],
    ),
    (
        "ends before it starts",
        GOOD.replace("01/07/2016;31/12/2016", "01/07/2016;31/05/2016"),
        [
            "heads.csv:3:5: PD023 error: the term of `Hồ Thu Hạnh` ends (31/05/2016) before it starts "
            "(01/07/2016)"
        ],
    ),
    (
        "a unit with no head",
        HEAD + "SNV;A;Giám đốc;;;không;0,5;0;12\n",
        [
            "heads.csv: PD025 error: unit `STP` (Sở Tư pháp) has no head in the roster\n"
            "    hint: add a row for its head; a unit with two heads in the period has two rows"
        ],
    ),
    (
        "an unknown unit",
        GOOD + "SNX;B;Giám đốc;;;không;0,5;0;12\n",
        [
            "heads.csv:5:1: PD020 error: Mã đơn vị: unit `SNX` is not among the ranked units\n"
            "    hint: did you mean `SNV`?"
        ],
    ),
    (
        "a bad date",
        GOOD.replace("30/06/2016;không", "31/06/2016;không"),
        [
            "heads.csv:2:5: PD021 error: Đến ngày: `31/06/2016` is not a date\n"
            "    hint: write dates as dd/mm/yyyy, e.g. 01/07/2016"
        ],
    ),
    (
        "a bad head indicator",
        GOOD.replace(";0,64;0;12", ";0,64;-1;12"),
        [
            "heads.csv:4:8: PD007 error: Hồ sơ trễ hẹn tại bước xử lý của người đứng đầu: unit "
            "`STP/Dương Văn Cường`: `-1` is negative"
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_roster_problems_have_exact_messages(read, text, expected):
    assert problems(read, text) == expected


@pytest.mark.parametrize(
    ("cell", "iso"),
    [
        ("01/07/2016", "2016-07-01"),
        ("1/7/2016", "2016-07-01"),
        ("2016-07-01", "2016-07-01"),
        ("01.07.2016", "2016-07-01"),
        (42552.0, "2016-07-01"),
    ],
)
def test_dates(cell, iso):
    got = parse_date(cell)
    assert got is not None and got.isoformat() == iso


def test_not_dates():
    assert parse_date("31/02/2016") is None and parse_date("July") is None
