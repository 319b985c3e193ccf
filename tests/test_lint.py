"""The linter: each policy check fires on the mistake it is for, at the right place."""

import pytest

from parindex.criteria.lint import CODES, lint

from conftest import MINIMAL, edit

SUB = """\
      - id: "1.2"
        title: Kiểm tra
        max: 3
        criteria:
          - {id: "1.2.1", title: Kế hoạch kiểm tra, max: 1, rule: {appraised: {}}}
          - {id: "1.2.2", title: Kết quả kiểm tra, max: 2, rule: {appraised: {}}}
"""


def findings(loaded, text):
    return [(d.code, d.severity.value, d.line, d.path, d.text()) for d in lint(loaded(text))]


def test_sub_criteria_that_add_up_are_clean(loaded):
    text = edit('      - {id: "1.2", title: Kiểm tra, max: 3, rule: {appraised: {}}}\n', SUB)
    assert findings(loaded, text) == []


def test_a_parent_max_that_differs_from_its_children(loaded):
    text = edit(
        '      - {id: "1.2", title: Kiểm tra, max: 3, rule: {appraised: {}}}\n',
        SUB.replace("max: 2, rule", "max: 1.5, rule"),
    )
    assert findings(loaded, text) == [
        (
            "PX101",
            "error",
            5,
            "total",
            "for block `department` the criteria maxima add up to 9.5, not the declared total 10",
        ),
        (
            "PX102",
            "error",
            21,
            "areas[1].criteria[1.2].max",
            "criterion 1.2 declares max 3 but its criteria add up to 2.5",
        ),
    ]


def test_band_points_that_rise_as_the_value_worsens(loaded):
    text = edit("- {below: 0.10, points: 1}", "- {below: 0.10, points: 4}")
    assert findings(loaded, text) == [
        (
            "PX113",
            "error",
            33,
            "areas[3].criteria[3.4].rule.bands.cuts[3].points",
            "band 3 gives more points (4) than the better band 2 (3)",
        ),
    ]


def test_otherwise_above_a_band(loaded):
    text = edit("otherwise: 0", "otherwise: 2")
    assert [f[0] for f in findings(loaded, text)] == ["PX113"]


def test_proportional_on_a_count_needs_a_target(loaded):
    text = edit("rule: {yes_no: plan_on_time}", "rule: {proportional: {of: dossiers_resolved}}")
    got = findings(loaded, text)
    assert (
        "PX124",
        "error",
        18,
        "areas[1].criteria[1.1].rule.proportional",
        "a `proportional` rule on the `count` indicator `dossiers_resolved` needs a `target` "
        "(the value that earns full points)",
    ) in got


def test_target_equal_to_floor(loaded):
    text = edit(
        "rule: {yes_no: plan_on_time}",
        "rule: {proportional: {of: late_rate, target: 0.1, floor: 0.1}}",
    )
    assert "PX124" in [f[0] for f in findings(loaded, text)]


def test_yes_no_on_a_count_warns(loaded):
    text = edit("rule: {yes_no: plan_on_time}", "rule: {yes_no: dossiers_late}")
    assert ("PX125", "warning") in [(f[0], f[1]) for f in findings(loaded, text)]


def test_deduction_cap_above_max(loaded):
    text = edit(
        "rule: {yes_no: plan_on_time}", "rule: {deduct: {of: dossiers_late, each: 0.5, cap: 3}}"
    )
    assert (
        "PX126",
        "error",
        18,
        "areas[1].criteria[1.1].rule.deduct.cap",
        "the `deduct` cap 3 is above the criterion's max 2",
    ) in findings(loaded, text)


def test_a_cap_at_the_best_class_warns(loaded):
    text = edit("at_most: Khá", "at_most: Tốt")
    assert [f[:2] for f in findings(loaded, text)] == [("PX133", "warning")]


def test_a_class_without_min_before_the_last(loaded):
    text = edit("{label: Khá, min: 70}", "{label: Khá}")
    assert [f[0] for f in findings(loaded, text)] == ["PX131"]


def test_the_last_class_with_a_min_leaves_units_without_class(loaded):
    text = edit("{label: Yếu}", "{label: Yếu, min: 10}")
    assert [f[0] for f in findings(loaded, text)] == ["PX131"]


def test_two_criteria_reading_the_same_appraised_column(loaded):
    text = edit("rule: {yes_no: plan_on_time}", 'rule: {appraised: {column: "1.2"}}')
    got = findings(loaded, text)
    assert (
        "PX143",
        "error",
        19,
        "areas[1].criteria[1.2].rule.appraised",
        "column `1.2` is already read by criterion 1.1",
    ) in got


def test_unknown_tie_break(loaded):
    text = MINIMAL + "ranking:\n  tie_break:\n    - {of: area:9}\n    - {of: late_rat}\n"
    assert [(f[0], f[4]) for f in findings(loaded, text)] == [
        ("PX121", "unknown area `9`"),
        ("PX121", "unknown indicator `late_rat`"),
    ]


def test_examples_are_checked_against_the_set(loaded):
    text = MINIMAL + (
        "examples:\n"
        "  - name: thử\n"
        "    block: departmnt\n"
        '    given: {plan_on_time: 1, dossiers_lat: 3, "1.2": 2}\n'
        '    expect: {class: Kha, points: {"9.9": 1}}\n'
    )
    assert [(f[0], f[2], f[4]) for f in findings(loaded, text)] == [
        ("PX142", 44, "unknown block `departmnt`"),
        ("PX161", 45, "unknown indicator `dossiers_lat`"),
        ("PX161", 46, "unknown class `Kha`"),
        ("PX161", 46, "unknown criterion `9.9`"),
    ]


def test_impute_policy_must_be_complete(loaded):
    text = edit("kind: yes_no}", "kind: yes_no, missing: impute}")
    assert [f[0] for f in findings(loaded, text)] == ["PX174"]


def test_indicator_declared_as_derived_too(loaded):
    text = edit("derived:\n", "derived:\n  plan_on_time: {formula: dossiers_late * 0}\n")
    assert "PX141" in [f[0] for f in findings(loaded, text)]


def test_a_rule_reading_an_undeclared_indicator(loaded):
    text = edit("rule: {yes_no: plan_on_time}", "rule: {yes_no: plan_in_time}")
    got = [(f[0], f[4]) for f in findings(loaded, text)]
    assert ("PX121", "unknown indicator `plan_in_time`") in got


def test_not_applicable_condition_reads_declared_names(loaded):
    text = edit(
        '{id: "1.2", title: Kiểm tra,',
        '{id: "1.2", title: Kiểm tra, not_applicable_if: procedures == 0,',
    )
    assert ("PX121", "unknown indicator `procedures`") in [
        (f[0], f[4]) for f in findings(loaded, text)
    ]


def test_block_classes_are_checked_and_used_by_caps(loaded):
    text = edit(
        '  department: {label: "Sở, ban, ngành"}',
        "  department:\n    label: Sở\n    classes: [{label: Đạt, min: 50}, {label: Không đạt}]",
    )
    assert [(f[0], f[4]) for f in findings(loaded, text)] == [
        ("PX132", "unknown class `Khá` for block `department`"),
    ]


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_is_documented_in_the_readme(code):
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"`{code}`" in readme


ACC = """\
accountability:
  period: {start: "2024-01-01", end: "2024-12-31"}
  indicators:
    share: {label: Tỷ lệ tự xử lý, kind: rate}
  components:
    - {id: TN1, title: Đơn vị, max: 60, rule: {unit: {of: area:9}}}
    - {id: TN2, title: Tự xử lý, max: 40, rule: {proportional: {of: shar}}}
  levels:
    - {label: Tốt, min: 70}
    - {label: Đạt, min: 80}
    - {label: Không đạt}
  caps:
    - {unit_class: [Kha], at_most: Đạt, reason: r}
    - {disciplined: true, at_most: Không hoàn thành, reason: r}
awards:
  awards:
    - id: a
      title: Cờ
      conditions: {head_at_least: Tốt lắm}
"""


def test_accountability_and_awards_are_checked(loaded):
    assert [(f[0], f[2], f[4]) for f in findings(loaded, MINIMAL + ACC)] == [
        ("PX181", 47, "unknown unit result `area:9`"),
        ("PX181", 48, "unknown head indicator `shar`"),
        ("PX182", 51, "level `Đạt` (min 80) can never be reached: `Tốt` above it starts at 70"),
        ("PX183", 54, "unknown class `Kha`"),
        ("PX183", 55, "unknown level `Không hoàn thành`"),
        ("PX183", 60, "unknown level `Tốt lắm`"),
    ]


def test_a_header_alias_cut_by_a_comma(loaded):
    text = edit(
        "  plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no}",
        "  plan_on_time:\n    label: Kế hoạch đúng hạn\n    kind: yes_no\n"
        "    columns: [Kế hoạch (năm 2024, đúng hạn)]",
    )
    assert findings(loaded, text) == [
        (
            "PX176",
            "warning",
            14,
            "indicators.plan_on_time.columns[1]",
            "column header `Kế hoạch (năm 2024` has an unmatched parenthesis",
        ),
        (
            "PX176",
            "warning",
            14,
            "indicators.plan_on_time.columns[2]",
            "column header `đúng hạn)` has an unmatched parenthesis",
        ),
    ]
