"""Hypothesis strategies: random but valid criteria sets and indicator data for them."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from parindex.criteria import model as m
from parindex.scoring.reference import BLANK

BLOCKS = ["department", "district", "commune"]
QUARTERS = st.integers(1, 20).map(lambda n: n / 4)
EDGES = [0.0, 0.02, 0.05, 0.5, 1.0, 3.0, 10.0, 50.0, 80.0, 100.0]


@st.composite
def criteria_sets(draw: st.DrawFn) -> m.CriteriaSet:
    blocks = draw(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=3, unique=True))
    kinds = {"n1": "count", "n2": "count", "r1": "rate", "p1": "percent", "y1": "yes_no"}
    # what a blank cell means (the reader applies it; `reference` models it with BLANK)
    indicators = {}
    for name, kind in kinds.items():
        missing = draw(st.sampled_from(["not_applicable", "zero", "impute"]))
        impute = draw(st.sampled_from([0.0, 0.5, 1.0])) if missing == "impute" else None
        indicators[name] = m.Indicator(label=name, kind=kind, missing=missing, impute=impute)
    zero_policy = st.sampled_from(["not_applicable", "full_marks", "zero", "error"])
    derived = {
        "ratio": m.Derived(
            formula=draw(st.sampled_from(["n1 / (n1 + n2)", "n2 / (n1 + n2)"])),
            kind="rate",
            zero_denominator=draw(zero_policy),
        ),
        "mix": m.Derived(
            formula=draw(
                st.sampled_from(
                    ["min(ratio, r1)", "r1 * 2 - ratio", "max(p1 / 100, ratio)", "r1 / y1"]
                )
            ),
            zero_denominator=draw(zero_policy),
        ),
    }
    # sometimes a derived value that leaves its range or overflows: the run must refuse it
    extra = draw(
        st.sampled_from(
            [
                None,
                None,
                None,
                None,
                ("n2 - n1", "count"),
                ("n1 / r1", "rate"),
                ("n1 * 1e306", None),
            ]
        )
    )
    if extra is not None:
        derived["odd"] = m.Derived(formula=extra[0], kind=extra[1], zero_denominator="zero")
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

    counter = [0]

    def criterion(a: int, depth: int) -> m.Criterion:
        counter[0] += 1
        cid = f"{a + 1}.{counter[0]}"
        blocks_of = draw(st.sampled_from([None, None, blocks[:1], blocks[-1:]]))
        if depth < 2 and draw(st.integers(0, 3)) == 0:  # a parent with its own sub-criteria
            subs = [criterion(a, depth + 1) for _ in range(draw(st.integers(1, 3)))]
            return m.Criterion(id=cid, title="t", criteria=subs, blocks=blocks_of)
        cmax = draw(QUARTERS)
        return m.Criterion(
            id=cid,
            title="t",
            max=cmax,
            rule=rule(cmax),
            blocks=blocks_of,
            not_applicable_if=draw(st.sampled_from([None, None, "n2 == 0", "y1 < 0.5"])),
        )

    areas = []
    for a in range(draw(st.integers(1, 3))):
        crits = [criterion(a, 0) for _ in range(draw(st.integers(1, 4)))]
        area_blocks = draw(st.sampled_from([None, None, None, blocks[:1]]))
        areas.append(m.Area(id=str(a + 1), title="a", criteria=crits, blocks=area_blocks))
    classes = [
        m.ClassDef(label="Xuất sắc", min=90),
        m.ClassDef(label="Tốt", min=80),
        m.ClassDef(label="Khá", min=60),
        m.ClassDef(label="Yếu"),
    ]
    # per-block classes: other minimums, sometimes without the top class
    own = st.sampled_from(
        [
            None,
            [
                m.ClassDef(label="Tốt", min=70),
                m.ClassDef(label="Khá", min=50),
                m.ClassDef(label="Yếu"),
            ],
            [
                m.ClassDef(label="Xuất sắc", min=95),
                m.ClassDef(label="Tốt", min=75.5),
                m.ClassDef(label="Khá", min=40),
                m.ClassDef(label="Yếu"),
            ],
        ]
    )
    block_defs = {b: m.Block(label=b, classes=draw(own)) for b in blocks}
    cap_pool = [
        m.Cap(when="r1 > 0.5", at_most="Khá", reason="r"),
        m.Cap(when="ratio >= 0.5", at_most="Tốt", reason="q"),
        m.Cap(when="y1 == 0 and p1 < 50", at_most="Yếu", reason="y"),
        m.Cap(when="mix > 0.2", at_most="Khá", reason="m", blocks=blocks[:1]),
    ]
    caps = draw(st.lists(st.sampled_from(cap_pool), max_size=3, unique_by=lambda c: c.reason))
    tie_break = draw(
        st.sampled_from(
            [
                [],
                [m.TieBreak(of="ratio", better="lower")],
                [m.TieBreak(of="area:1")],
                [m.TieBreak(of="p1"), m.TieBreak(of="mix", better="lower")],
            ]
        )
    )
    return m.CriteriaSet(
        schema_version=1,
        id="gen",
        title="gen",
        period="2024",
        total=100,
        blocks=block_defs,
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
    """One unit: a block of the set and a value per column: None = not applicable (KAD),
    `reference.BLANK` = a blank cell (the indicator's `missing:` says what it means)."""
    cols: dict[str, st.SearchStrategy[Any]] = {
        "n1": st.sampled_from([0, 1, 3, 10, 50, 100]),
        "n2": st.sampled_from([0, 1, 5, 10, 100]),
        "r1": st.sampled_from([0.0, 0.019, 0.02, 0.05, 0.5, 0.51, 1.0]),
        "p1": st.sampled_from([0.0, 49.0, 50.0, 80.0, 100.0]),
        "y1": st.sampled_from([0, 1]),
    }
    for _, c in cs.leaves():
        if c.rule is not None and m.rule_kind(c.rule) == "appraised":
            cols[c.id] = st.sampled_from([0.0, (c.max or 0) / 2, c.max or 0])
    fields = {
        k: st.one_of(st.none(), st.just(BLANK), v)
        if k in cs.indicators
        else st.one_of(st.none(), v)
        for k, v in cols.items()
    }
    return st.fixed_dictionaries({"block": st.sampled_from(list(cs.blocks)), **fields})
