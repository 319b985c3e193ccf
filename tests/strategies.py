"""Hypothesis strategies: random but valid criteria sets and indicator data for them."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from parindex.criteria import model as m

BLOCKS = ["department", "district", "commune"]
QUARTERS = st.integers(1, 20).map(lambda n: n / 4)
EDGES = [0.0, 0.02, 0.05, 0.5, 1.0, 3.0, 10.0, 50.0, 80.0, 100.0]


@st.composite
def criteria_sets(draw: st.DrawFn) -> m.CriteriaSet:
    blocks = draw(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=3, unique=True))
    kinds = {"n1": "count", "n2": "count", "r1": "rate", "p1": "percent", "y1": "yes_no"}
    indicators = {
        name: m.Indicator(label=name, kind=kind, missing="not_applicable")
        for name, kind in kinds.items()
    }
    derived = {
        "ratio": m.Derived(
            formula="n1 / n2",
            kind="rate",
            zero_denominator=draw(st.sampled_from(["not_applicable", "full_marks", "zero"])),
        ),
        "mix": m.Derived(
            formula=draw(
                st.sampled_from(["min(ratio, r1)", "r1 * 2 - ratio", "max(p1 / 100, ratio)"])
            )
        ),
    }
    names = [*kinds, "ratio", "mix"]

    def rule(cmax: float) -> Any:
        which = draw(
            st.sampled_from(
                [
                    "bands",
                    "proportional",
                    "yes_no",
                    "deduct",
                    "bonus",
                    "best",
                    "appraised",
                    "survey",
                ]
            )
        )
        of = draw(st.sampled_from(names))
        if which == "bands":
            higher = draw(st.booleans())
            # cut points drawn from the values the data take, so the half-open edges are hit
            bounds = sorted(
                draw(st.lists(st.sampled_from(EDGES), min_size=1, max_size=4, unique=True)),
                reverse=higher,
            )
            pts = sorted(
                draw(
                    st.lists(
                        st.integers(0, int(cmax * 4)), min_size=len(bounds), max_size=len(bounds)
                    )
                ),
                reverse=True,
            )
            key = "at_least" if higher else "below"
            # the best band gives the max: lint refuses bands that never reach it (PX116)
            pts[0] = int(cmax * 4)
            points = [cmax, *(p / 4 for p in pts[1:])]
            cuts = [m.Cut(**{key: b}, points=p) for b, p in zip(bounds, points, strict=True)]
            return m.BandsRule(
                bands=m.Bands(of=of, better="higher" if higher else "lower", cuts=cuts, otherwise=0)
            )
        if which == "proportional":
            target = draw(st.sampled_from([None, 0.5, 50.0]))
            floor = draw(st.sampled_from([0.0, 0.1, 0.8]))
            if target is not None and target == floor:
                target = None
            if target is None and floor >= 1.0:
                floor = 0.0
            return m.ProportionalRule(
                proportional=m.Proportional(of=of, target=target, floor=floor)
            )
        if which == "yes_no":
            return m.YesNoRule(yes_no=of)
        if which == "deduct":
            return m.DeductRule(
                deduct=m.PerCount(
                    of=of, each=draw(QUARTERS), cap=draw(st.sampled_from([None, cmax / 2]))
                )
            )
        if which == "bonus":
            return m.BonusRule(bonus=m.PerCount(of=of, each=draw(QUARTERS)))
        if which == "best":
            return m.RelativeRule(
                relative_to_best=m.RelativeToBest(
                    of=of, better=draw(st.sampled_from(["higher", "lower"]))
                )
            )
        if which == "survey":
            return m.SurveyRule(
                survey=m.Survey(of=of, if_missing=draw(st.sampled_from(["rescale", "zero"])))
            )
        return m.AppraisedRule(appraised=m.Appraised())

    areas = []
    n = 0
    for a in range(draw(st.integers(1, 3))):
        crits = []
        for _ in range(draw(st.integers(1, 4))):
            n += 1
            cmax = draw(QUARTERS)
            crits.append(
                m.Criterion(
                    id=f"{a + 1}.{n}",
                    title="t",
                    max=cmax,
                    rule=rule(cmax),
                    blocks=draw(st.sampled_from([None, blocks[:1]])),
                    not_applicable_if=draw(st.sampled_from([None, None, "n2 == 0", "y1 < 0.5"])),
                )
            )
        areas.append(m.Area(id=str(a + 1), title="a", criteria=crits))
    classes = [
        m.ClassDef(label="Xuất sắc", min=90),
        m.ClassDef(label="Tốt", min=80),
        m.ClassDef(label="Khá", min=60),
        m.ClassDef(label="Yếu"),
    ]
    caps = draw(st.sampled_from([[], [m.Cap(when="r1 > 0.5", at_most="Khá", reason="r")]]))
    tie_break = draw(
        st.sampled_from([[], [m.TieBreak(of="ratio", better="lower")], [m.TieBreak(of="area:1")]])
    )
    return m.CriteriaSet(
        schema_version=1,
        id="gen",
        title="gen",
        period="2024",
        total=100,
        blocks={b: m.Block(label=b) for b in blocks},
        indicators=indicators,
        derived=derived,
        areas=areas,
        classes=classes,
        caps=caps,
        ranking=m.Ranking(
            decimals=draw(st.integers(0, 2)),
            skip_after_tie=draw(st.booleans()),
            tie_break=tie_break,
        ),
    )


def unit_values(cs: m.CriteriaSet) -> st.SearchStrategy[dict[str, Any]]:
    """One unit: a block of the set and a value (or None = not applicable) per column."""
    cols: dict[str, st.SearchStrategy[Any]] = {
        "n1": st.sampled_from([0, 1, 3, 10, 50, 100]),
        "n2": st.sampled_from([0, 1, 5, 10, 100]),
        "r1": st.sampled_from([0.0, 0.019, 0.02, 0.05, 0.5, 0.51, 1.0]),
        "p1": st.sampled_from([0.0, 49.0, 50.0, 80.0, 100.0]),
        "y1": st.sampled_from([0, 1]),
    }
    for area in cs.areas:
        for c in area.criteria:
            if c.rule is not None and m.rule_kind(c.rule) == "appraised":
                cols[c.id] = st.sampled_from([0.0, (c.max or 0) / 2, c.max or 0])
    fields = {k: st.one_of(st.none(), v) if k != "y1" else v for k, v in cols.items()}
    return st.fixed_dictionaries({"block": st.sampled_from(list(cs.blocks)), **fields})
