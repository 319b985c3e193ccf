"""Dossier records that cannot be counted are refused with the file, row and column."""

from datetime import datetime

import pytest
from test_records import GOOD, HEADER, write

from parindex.errors import ParindexError
from parindex.records.indicators import open_records
from parindex.records.officials import load_rules
from parindex.records.periods import parse_period

ROW = "H1,SNV,T1,trực tuyến,2016-06-01 08:00,2016-06-05 17:00,2016-06-03 09:00,,,0,5,x\n"


def refused(path, name, **kw):
    with pytest.raises(ParindexError) as caught:
        open_records([(path, name)], **kw)
    return [d.render().splitlines()[0] for d in caught.value.diagnostics]


def test_a_missing_file(tmp_path):
    assert refused(tmp_path / "nope.csv", "nope.csv") == ["nope.csv: PR001 error: no such file"]


def test_a_field_without_a_column(tmp_path):
    text = GOOD.replace("Mã đơn vị,", "", 1).replace(",SNV,", ",").replace(",STP,", ",")
    path = write(tmp_path, text, "miss.csv")
    assert "miss.csv:1: PR002 error: no column for unit_id (Mã đơn vị)" in refused(path, "miss.csv")


def test_two_columns_for_one_field(tmp_path):
    path = write(tmp_path, HEADER.replace("Mã thủ tục", "dossier_id") + ROW, "two.csv")
    found = refused(path, "two.csv")
    assert any(" PR004 error: " in x and "repeats" in x for x in found), found


def test_records_without_a_dossier(tmp_path):
    path = write(tmp_path, HEADER, "empty.csv")
    assert refused(path, "empty.csv") == ["empty.csv: PR005 error: the records hold no dossier"]


def test_a_blank_where_a_value_is_needed(tmp_path):
    path = write(tmp_path, HEADER + ROW.replace("2016-06-01 08:00", ""), "blank.csv")
    assert refused(path, "blank.csv") == [
        "blank.csv:2:5: PR011 error: Ngày tiếp nhận: Ngày tiếp nhận is blank"
    ]


def test_a_withdrawn_dossier_needs_the_time_it_was_finished(tmp_path):
    row = ROW.replace("2016-06-03 09:00,,", ",có,")
    path = write(tmp_path, HEADER + row, "wd.csv")
    assert refused(path, "wd.csv", cutoff=datetime(2017, 1, 1)) == [
        "wd.csv:2:7: PR025 error: Ngày hoàn thành: dossier `H1` is withdrawn but has no "
        "finishing time"
    ]


def test_rules_for_officials_are_checked(tmp_path):
    month = parse_period("2016-06")
    rules = tmp_path / "r.yaml"
    rules.write_text("x: 1\n", encoding="utf-8")
    with pytest.raises(ParindexError, match="PR040 error: no `officials:` section"):
        load_rules(rules, "r.yaml", month)
    rules.write_text(
        "officials:\n"
        "  indicators:\n    salary: {label: Lương, kind: count}\n"
        "  components:\n"
        "    - {id: A, title: a, max: 100, rule: {proportional: {of: salary}}}\n"
        "  levels:\n    - {label: Tốt, min: 50}\n    - {label: Kém}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParindexError) as caught:
        load_rules(rules, "r.yaml", month)
    assert [d.render() for d in caught.value.diagnostics] == [
        "r.yaml:3:5: PR043 error: officials.indicators.salary: `salary` is not computed from "
        "the steps; use steps_handled, steps_late, late_share"
    ]
