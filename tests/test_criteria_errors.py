"""Exact text of the errors users read: each case breaks the minimal set in one place."""

import pytest

from conftest import MINIMAL, edit

CASES = [
    pytest.param(
        edit('{id: "1.1", title: Kế hoạch, max: 2,', '{id: "1.1", title: Kế hoạch, maxx: 2,'),
        [
            "f.yaml:18:38: PX010 error: areas[1].criteria[1.1].maxx: unknown key `maxx`\n    hint: did you mean `max`?"
        ],
        id="typo_key",
    ),
    pytest.param(
        edit("max: 5\n", "max: năm\n"),
        [
            "f.yaml:25:14: PX012 error: areas[3].criteria[3.4].max: `max` must be a number; got `năm`"
        ],
        id="wrong_type",
    ),
    pytest.param(
        edit("- {below: 0.05, points: 3}", "- {below: 0.01, points: 3}"),
        [
            "f.yaml:32:18: PX111 error: areas[3].criteria[3.4].rule.bands.cuts[2].below: band 2 (< 0.01) overlaps band 1 (< 0.02): list cuts from the best value to the worst"
        ],
        id="overlap",
    ),
    pytest.param(
        edit(
            "    title: Chỉ đạo điều hành\n", "    title: Chỉ đạo điều hành\n    title: Chỉ đạo\n"
        ),
        [
            "f.yaml:17:5: PX002 error: areas[1].title: duplicate key `title` (first written at line 16)\n    hint: keep one of the two; YAML would silently use the last one"
        ],
        id="dup_key",
    ),
    pytest.param(
        edit(
            "formula: dossiers_late / dossiers_resolved",
            "formula: dossiers_lat / dossiers_resolved",
        ),
        [
            "f.yaml:10:3: PX151 warning: indicators.dossiers_late: indicator `dossiers_late` is declared but no rule, formula or cap uses it",
            "f.yaml:13:24: PX121 error: derived.late_rate.formula: unknown indicator `dossiers_lat`\n    hint: did you mean `dossiers_late`?",
        ],
        id="unknown_ind_formula",
    ),
    pytest.param(
        edit(
            "formula: dossiers_late / dossiers_resolved",
            "formula: round(dossiers_late / dossiers_resolved)",
        ),
        [
            "f.yaml:13:24: PX020 error: derived.late_rate.formula: formula `round(dossiers_late / dossiers_resolved)`: function `round` is not allowed (only min, max, abs)"
        ],
        id="call",
    ),
    pytest.param(
        edit(
            "formula: dossiers_late / dossiers_resolved",
            "formula: \"__import__('os').system('rm')\"",
        ),
        [
            "f.yaml:13:24: PX020 error: derived.late_rate.formula: formula `__import__('os').system('rm')`: function `__import__('os').system` is not allowed (only min, max, abs)"
        ],
        id="dunder",
    ),
    pytest.param(
        edit("        rule:\n          bands:", "        rule:\n          band:"),
        [
            "f.yaml:27:11: PX013 error: areas[3].criteria[3.4].rule: unknown rule kind `band`; expected one of: `bands`, `proportional`, `yes_no`, `deduct`, `bonus`, `relative_to_best`, `appraised`, `survey`\n    hint: did you mean `bands`?"
        ],
        id="rule_kind",
    ),
    pytest.param(
        edit("    title: Thủ tục hành chính\n", ""),
        ["f.yaml:20:5: PX011 error: areas[3]: missing required key `title`"],
        id="missing_title",
    ),
    pytest.param(
        edit("schema_version: 1", "schema_version: 2"),
        [
            "f.yaml:1:17: PX007 error: schema_version: this file is written for criteria schema version 2; this parindex reads version 1\n    hint: upgrade parindex (`pip install -U parindex`) to read this file"
        ],
        id="version",
    ),
    pytest.param(
        edit("schema_version: 1\n", ""),
        [
            "f.yaml:1:1: PX007 error: missing `schema_version`\n    hint: add `schema_version: 1` as the first line"
        ],
        id="no_version",
    ),
    pytest.param(
        edit(
            '  department: {label: "Sở, ban, ngành"}',
            '  department: {label: "Sở, ban, ngành"}\n  2: {label: Khối 2}',
        ),
        [
            'f.yaml:8:3: PX004 error: blocks: the key `2` is read as a number, not as text\n    hint: put it in quotes: "2":'
        ],
        id="int_key",
    ),
    pytest.param(
        edit("better: lower", "better: lowr"),
        [
            "f.yaml:29:21: PX012 error: areas[3].criteria[3.4].rule.bands.better: `better` must be one of `higher`, `lower`; got `lowr`\n    hint: did you mean `lower`?"
        ],
        id="literal",
    ),
    pytest.param(
        edit("max: 3, rule: {appraised: {}}", "max: 2.5, rule: {appraised: {}}"),
        [
            "f.yaml:5:8: PX101 error: total: for block `department` the criteria maxima add up to 9.5, not the declared total 10"
        ],
        id="sum",
    ),
    pytest.param(
        edit("at_most: Khá", "at_most: Kha"),
        [
            "f.yaml:41:38: PX132 error: caps[1].at_most: unknown class `Kha` for block `department`\n    hint: did you mean `Khá`?"
        ],
        id="cap_class",
    ),
    pytest.param(
        edit("formula: dossiers_late / dossiers_resolved,", "formula: dossiers_late / x,").replace(
            "derived:\n", "derived:\n  x: {formula: late_rate * 2}\n"
        ),
        [
            "f.yaml:13:16: PX122 error: derived.x.formula: derived indicators depend on each other in a loop: x → late_rate → x"
        ],
        id="loop",
    ),
    pytest.param(
        edit("{label: Trung bình, min: 50}", "{label: Trung bình, min: 75}"),
        [
            "f.yaml:38:30: PX131 error: classes[3].min: class `Trung bình` (min 75) can never be reached: `Khá` above it starts at 70\n    hint: list classes from best to worst with decreasing `min`"
        ],
        id="unreachable",
    ),
    pytest.param(
        edit("- {below: 0.02, points: 5}", "- {below: 0.02, points: 6}"),
        [
            "f.yaml:31:39: PX112 error: areas[3].criteria[3.4].rule.bands.cuts[1].points: band 1 gives 6 points, above the max 5"
        ],
        id="points_over",
    ),
    pytest.param(
        edit("- {below: 0.10, points: 1}", "- {below: 10, points: 1}"),
        [
            "f.yaml:33:25: PX115 warning: areas[3].criteria[3.4].rule.bands.cuts[3].below: band 3 cut 10 is outside the range of `late_rate` (0 to 1)\n    hint: did you mean 0.1?"
        ],
        id="rate_pct",
    ),
    pytest.param(
        edit(
            "  plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no}",
            "  Plan On Time: {label: Kế hoạch đúng hạn, kind: yes_no}",
        ),
        [
            'f.yaml:11:17: PX012 error: indicators["Plan On Time"]: `Plan On Time` is not a valid name: use lowercase letters, digits and `_`, starting with a letter\n    hint: for example `plan_on_time`'
        ],
        id="bad_name",
    ),
    pytest.param(
        edit('{id: "1.2", title: Kiểm tra, max', '{id: "1.2", title: Kiểm tra, đánh giá, max'),
        [
            'f.yaml:19:38: PX010 error: areas[1].criteria[1.2]["đánh giá"]: unknown key `đánh giá`\n    hint: inside `{ … }` a comma separates keys: put text that has commas in quotes'
        ],
        id="comma_title",
    ),
    pytest.param(
        edit("    title: Chỉ đạo điều hành\n", "    title: Chỉ đạo điều hành\n   criteria: x\n"),
        [
            "f.yaml:17:4: PX001 error: YAML syntax error: did not find expected '-' indicator (while parsing a block collection)\n    hint: check the indentation and that every `key: value` has a space after `:`"
        ],
        id="syntax",
    ),
    pytest.param(
        edit("- {below: 0.05, points: 3}", "- {at_least: 0.05, points: 3}"),
        [
            "f.yaml:32:18: PX114 error: areas[3].criteria[3.4].rule.bands.cuts[2].at_least: band 2 uses `at_least` but `better: lower` bands use `below`\n    hint: write `below: 0.05`"
        ],
        id="wrong_bound",
    ),
    pytest.param(
        edit("kind: yes_no}", "kind: yes_no, missing: no}"),
        [
            "f.yaml:11:67: PX012 error: indicators.plan_on_time.missing: `missing` must be one of `error`, `zero`, `not_applicable`, `impute`; got `no`"
        ],
        id="yes_trap",
    ),
    pytest.param(
        edit("max: 5\n", "max: !!python/object:os.system 5\n"),
        [
            "f.yaml:25:14: PX008 error: areas[3].criteria[3.4].max: YAML tag `!!python/object:os.system` is not allowed in a criteria file\n    hint: remove the tag"
        ],
        id="tag",
    ),
    pytest.param(
        edit("when: late_rate > 0.2", "when: late_rate * 2"),
        [
            "f.yaml:41:12: PX020 error: caps[1].when: formula `late_rate * 2` must be a condition (a comparison such as `late_rate > 0.2`)"
        ],
        id="cap_formula_not_bool",
    ),
    pytest.param(
        edit(
            '{id: "1.2", title: Kiểm tra, max: 3,',
            '{id: "1.2", title: Kiểm tra, blocks: [distrct], max: 3,',
        ),
        [
            "f.yaml:5:8: PX101 error: total: for block `department` the criteria maxima add up to 7, not the declared total 10",
            "f.yaml:19:47: PX142 error: areas[1].criteria[1.2].blocks[1]: unknown block `distrct`\n    hint: declared blocks: `department`",
        ],
        id="unknown_block",
    ),
    pytest.param(
        edit('{id: "1.2", title: Kiểm tra', '{id: "1.1", title: Kiểm tra'),
        [
            "f.yaml:19:14: PX141 error: areas[1].criteria[1.1].id: duplicate criterion id `1.1` (first used at line 18)"
        ],
        id="dup_id",
    ),
    pytest.param(
        edit(", max: 3, rule: {appraised: {}}}", ", max: 3}"),
        [
            "f.yaml:19:9: PX011 error: areas[1].criteria[1.2]: criterion 1.2 needs `rule` (or sub-criteria under `criteria`)"
        ],
        id="leaf_no_rule",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_each_mistake_gets_its_exact_message(problems, text, expected):
    assert text != MINIMAL
    assert problems(text) == expected
