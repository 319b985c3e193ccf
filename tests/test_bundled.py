"""The bundled default criteria sets: clean, complete, and accepted by the published schema."""

import math

import jsonschema
import pytest

from parindex.criteria.lint import lint
from parindex.criteria.loader import load
from parindex.criteria.model import rule_kind
from parindex.criteria.validate import bundled_sets, check_file, json_schema

SETS = bundled_sets()


def test_three_blocks_are_bundled():
    blocks = {b for p in SETS for b in load(p).criteria.blocks}
    assert blocks == {"department", "district", "commune"}


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_bundled_set_validates_and_lints_clean(path):
    assert check_file(path).diagnostics == []


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_json_schema_accepts_bundled_set(path):
    data = load(path).source.data  # what parindex read, not what a YAML 1.1 loader would guess
    jsonschema.Draft202012Validator(json_schema()).validate(data)


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_bundled_set_has_eight_areas_adding_to_100(path):
    cs = load(path).criteria
    assert len(cs.areas) == 8
    assert math.isclose(sum(leaf.max or 0 for _, leaf in cs.leaves()), 100)
    labels = [(k.label, k.min) for k in cs.classes]
    assert labels == [("Tốt", 85), ("Khá", 70), ("Trung bình", 50), ("Yếu", None)]


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_bundled_set_covers_the_quantitative_criteria_the_mission_names(path):
    cs = load(path).criteria
    assert {"late_rate", "on_time_rate", "online_share", "post_share"} <= set(cs.derived)
    kinds = {rule_kind(leaf.rule) for _, leaf in cs.leaves() if leaf.rule is not None}
    assert {"bands", "proportional", "survey", "appraised", "deduct"} <= kinds
    assert any(leaf.illustrative for _, leaf in cs.leaves())
    assert cs.examples


def test_departments_and_districts_score_one_stop_coverage_and_supplement_once():
    for path in SETS:
        cs = load(path).criteria
        if "commune" in cs.blocks:
            continue
        assert "one_stop_share" in cs.derived
        assert any(
            leaf.rule is not None
            and rule_kind(leaf.rule) == "deduct"
            and "dossiers_resupplied" in leaf.rule.model_dump_json()
            for _, leaf in cs.leaves()
        )


def test_json_schema_rejects_an_unknown_key():
    with pytest.raises(jsonschema.ValidationError):
        data = dict(load(SETS[0]).source.data, weigth=1)
        jsonschema.Draft202012Validator(json_schema()).validate(data)


def test_lint_of_bundled_sets_is_empty_including_warnings():
    for path in SETS:
        assert lint(load(path)) == []
