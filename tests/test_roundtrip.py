"""Property: any criteria set built from the models survives YAML and validates clean."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.criteria import model as m
from parindex.criteria.lint import lint
from parindex.criteria.loader import load

TEXT = st.sampled_from(
    ["Tỷ lệ hồ sơ trễ hẹn", "Công khai TTHC", "Kế hoạch: năm 2024", "yes", "1.10", "Khá # ghi chú"]
)
HALVES = st.integers(1, 20).map(lambda n: n / 4)  # maxima in quarter points, like real sets


@st.composite
def criteria_sets(draw: st.DrawFn) -> m.CriteriaSet:
    blocks = draw(
        st.lists(
            st.sampled_from(["department", "district", "commune"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    names = draw(
        st.lists(
            st.sampled_from(["a", "on", "late_rate", "x_1", "no"]),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    kinds = {n: draw(st.sampled_from(["count", "rate", "percent", "yes_no"])) for n in names}
    indicators = {
        n: m.Indicator(
            label=draw(TEXT),
            kind=kinds[n],
            missing=draw(st.sampled_from(["error", "zero", "not_applicable"])),
        )
        for n in names
    }

    def rule(cmax: float) -> m.BaseModel:
        name = draw(st.sampled_from(names))
        kind = kinds[name]
        which = draw(st.sampled_from(["bands", "proportional", "appraised", "deduct", "best"]))
        if which == "bands":
            top = 1.0 if kind in ("rate", "yes_no") else 100.0
            bounds = sorted(
                draw(st.lists(st.integers(1, 99), min_size=1, max_size=4, unique=True)),
                reverse=True,
            )
            points = sorted(
                draw(
                    st.lists(
                        HALVES.filter(lambda p: p <= cmax),
                        min_size=len(bounds),
                        max_size=len(bounds),
                    )
                ),
                reverse=True,
            )
            points[0] = cmax  # the best band reaches the max (PX116 otherwise)
            cuts = [
                m.Cut(at_least=b * top / 100, points=p) for b, p in zip(bounds, points, strict=True)
            ]
            return m.BandsRule(bands=m.Bands(of=name, better="higher", cuts=cuts))
        if which == "proportional":
            target = None if kind in ("rate", "percent") else 10.0
            return m.ProportionalRule(proportional=m.Proportional(of=name, target=target))
        if which == "deduct":
            return m.DeductRule(deduct=m.PerCount(of=name, each=draw(HALVES)))
        if which == "best":
            return m.RelativeRule(relative_to_best=m.RelativeToBest(of=name))
        return m.AppraisedRule(appraised=m.Appraised())

    areas = []
    n = 0
    for a in range(draw(st.integers(1, 3))):
        crits = []
        for _ in range(draw(st.integers(1, 3))):
            n += 1
            cmax = draw(HALVES)
            crits.append(
                m.Criterion(
                    id=f"{a + 1}.{n}",
                    title=draw(TEXT),
                    max=cmax,
                    rule=rule(cmax),
                    illustrative=draw(st.booleans()),
                )
            )
        areas.append(m.Area(id=str(a + 1), title=draw(TEXT), criteria=crits))
    total = sum(leaf.max or 0 for area in areas for c in area.criteria for leaf in c.leaves())
    # every indicator used at least once, so the linter has nothing to warn about either
    used = {
        getattr(m.rule_body(leaf.rule), "of", None)
        for area in areas
        for c in area.criteria
        for leaf in c.leaves()
        if leaf.rule
    }
    indicators = {k: v for k, v in indicators.items() if k in used}
    return m.CriteriaSet(
        schema_version=1,
        id="generated",
        title=draw(TEXT),
        period="2024",
        total=total,
        blocks={b: m.Block(label=draw(TEXT)) for b in blocks},
        indicators=indicators,
        areas=areas,
        classes=[
            m.ClassDef(label="Tốt", min=85),
            m.ClassDef(label="Khá", min=70),
            m.ClassDef(label="Yếu"),
        ],
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(criteria_sets())
def test_generated_sets_round_trip_through_yaml_and_validate(tmp_path, cs):
    data = cs.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path = tmp_path / "generated.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load(path)
    assert loaded.criteria == cs
    assert lint(loaded) == []
