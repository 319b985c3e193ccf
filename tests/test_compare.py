"""Two periods side by side, on hand-made results documents."""

import json

import pytest

from parindex.compare import compare

from test_cli import run


def unit(uid, block, index, klass, rank, areas, values):
    """A unit record with what compare reads; the rest filled as results.json requires."""
    return {
        "id": uid,
        "name": f"Đơn vị {uid}",
        "block": block,
        "block_label": block,
        "block_label_en": None,
        "index": index,
        "index_exact": index,
        "class": klass,
        "class_en": None,
        "class_before_caps": klass,
        "rank": rank,
        "block_size": 3,
        "index_self": None,
        "self_gap": None,
        "self_flag": False,
        "caps": [],
        "points": index,
        "possible": 100.0,
        "areas": {
            a: {"points": v, "max": 100.0, "index": v, "index_self": None, "self_gap": None}
            for a, v in areas.items()
        },
        "criteria": {},
        "values": values,
        "criteria_set": "s",
    }


def doc(period, units):
    return {
        "format": "parindex.results/1",
        "provenance": {
            "parindex_version": "0",
            "criteria": [],
            "data": None,
            "time": f"{period}-12-31T00:00:00+00:00",
        },
        "criteria_sets": [
            {
                "id": "s",
                "title": "s",
                "blocks": {"department": "Sở, ban, ngành"},
                "areas_en": {},
                "classes": {},
                "period": period,
                "areas": {"3": "TTHC", "7": "Hiện đại hóa"},
                "derived": {
                    "late_rate": {
                        "formula": "late / resolved",
                        "label": "Tỷ lệ trễ hẹn",
                        "kind": "rate",
                    }
                },
            }
        ],
        "units": units,
    }


A = doc(
    "2015",
    [
        unit("S1", "department", 80.0, "Khá", 2, {"3": 70, "7": 90}, {"late": 30, "resolved": 100}),
        unit("S2", "department", 90.0, "Tốt", 1, {"3": 90, "7": 90}, {"late": 10, "resolved": 300}),
        unit(
            "S3",
            "department",
            60.0,
            "Trung bình",
            3,
            {"3": 50, "7": 70},
            {"late": 5, "resolved": 100},
        ),
    ],
)
B = doc(
    "2016",
    [
        unit("S1", "department", 88.0, "Tốt", 1, {"3": 86, "7": 90}, {"late": 6, "resolved": 200}),
        unit("S2", "department", 85.5, "Tốt", 2, {"3": 81, "7": 90}, {"late": 10, "resolved": 300}),
        unit("S4", "department", 70.0, "Khá", 3, {"3": 60, "7": 80}, {"late": 4, "resolved": 100}),
    ],
)


def test_movements_transitions_and_units_in_one_period_only():
    c = compare(A, B)
    assert (c.period_a, c.period_b) == ("2015", "2016")
    assert [(u.id, u.change, u.rank_a, u.rank_b) for u in c.units] == [
        ("S1", 8.0, 2, 1),
        ("S2", -4.5, 1, 2),
    ]
    assert c.transitions == {"department": {("Khá", "Tốt"): 1, ("Tốt", "Tốt"): 1}}
    assert c.only_a == [("S3", "Đơn vị S3")] and c.only_b == [("S4", "Đơn vị S4")]
    assert [u.id for u in c.improved(1)] == ["S1"] and [u.id for u in c.fell(1)] == ["S2"]


def test_an_area_is_titled_by_its_own_block_s_criteria_set():
    communes = {
        **A["criteria_sets"][0],
        "id": "c",
        "blocks": {"commune": "UBND cấp xã"},
        "areas": {"3": "Cải cách TTHC cấp xã", "7": "Hiện đại hóa cấp xã"},
    }
    x = unit("X1", "commune", 70.0, "Khá", 1, {"3": 60, "7": 80}, {"late": 1, "resolved": 10})
    y = {**x, "index": 75.0, "areas": {**x["areas"], "3": {**x["areas"]["3"], "index": 70}}}
    a = {**A, "criteria_sets": [*A["criteria_sets"], communes], "units": [*A["units"], x]}
    b = {**B, "criteria_sets": [communes, *B["criteria_sets"]], "units": [*B["units"], y]}
    titles = {(m.block, m.area): m.title for m in compare(a, b).areas}
    assert titles[("department", "3")] == "TTHC"
    assert titles[("commune", "3")] == "Cải cách TTHC cấp xã"


def test_areas_move_on_the_units_in_both_periods():
    c = compare(A, B)
    # area 3: (70 + 90)/2 = 80 → (86 + 81)/2 = 83.5; area 7 stays at 90
    assert [(m.area, m.mean_a, m.mean_b, m.change) for m in c.areas] == [
        ("3", 80.0, 83.5, 3.5),
        ("7", 90.0, 90.0, 0.0),
    ]


def test_rates_are_pooled_over_dossiers():
    c = compare(A, B)
    province = next(r for r in c.rates if r.block == "")
    # 2015: (30 + 10 + 5) / (100 + 300 + 100) = 9%; 2016: (6 + 10 + 4) / (200 + 300 + 100) = 3.33%
    assert province.a == 45 / 500 and province.b == 20 / 600 and province.pooled


def test_the_command(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(A, ensure_ascii=False), encoding="utf-8")
    b.write_text(json.dumps(B, ensure_ascii=False), encoding="utf-8")
    result = run("compare", str(a), str(b), "--format", "md", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "| S1 | Đơn vị S1 | Sở, ban, ngành | 80.00 → 88.00 | +8.00 | Khá → Tốt | 2 → 1 |" in (
        result.output
    )
    assert "| Tỷ lệ trễ hẹn | whole province | 9.00% | 3.33% |" in result.output
    assert "Only in 2015: S3 (Đơn vị S3)" in result.output
    vi = run("compare", str(a), str(b), "--format", "md").output
    assert "| S1 | Đơn vị S1 | Sở, ban, ngành | 80,00 → 88,00 | +8,00 | Khá → Tốt | 2 → 1 |" in vi
    assert "| Tỷ lệ trễ hẹn | toàn tỉnh | 9,00% | 3,33% |" in vi
    result = run("compare", str(a), str(tmp_path / "missing.json"))
    assert result.exit_code == 2


def test_the_command_draws_its_tables(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(A, ensure_ascii=False), encoding="utf-8")
    b.write_text(json.dumps(B, ensure_ascii=False), encoding="utf-8")
    vi = run("compare", str(a), str(b))
    assert vi.exit_code == 0, vi.output
    for title in (
        "Chuyển xếp loại 2015 → 2016: Sở, ban,",
        "Tiến bộ nhiều nhất",
        "Giảm nhiều nhất",
        "Lĩnh vực thay đổi nhiều nhất",
        "Tỷ lệ hồ sơ",
        "Đơn vị chỉ có ở một kỳ",
    ):
        assert title in vi.output
    en = run("compare", str(a), str(b), "--lang", "en", "--format", "json")
    doc = json.loads(en.output[: en.output.rindex("}") + 1])
    assert doc["only_in_a"] == [{"id": "S3", "name": "Đơn vị S3"}]
    assert {"from": "Khá", "to": "Tốt", "units": 1} in doc["class_transitions"]["department"]


def _with_rate(d, name, formula):
    d = json.loads(json.dumps(d))
    d["criteria_sets"][0]["derived"][name] = {"formula": formula, "label": name, "kind": "rate"}
    return d


def test_a_ratio_of_sums_is_pooled_and_anything_else_says_it_is_a_mean(tmp_path):
    # `(late + late) / (resolved + resolved)` is a ratio of sums: pooled (9% as above)
    a = _with_rate(A, "twice", "(late + late) / (resolved + resolved)")
    a = _with_rate(a, "capped", "min(late / resolved, 0.2)")
    b = _with_rate(B, "twice", "(late + late) / (resolved + resolved)")
    b = _with_rate(b, "capped", "min(late / resolved, 0.2)")
    for u in a["units"] + b["units"]:
        u["values"]["twice"] = None
        u["values"]["capped"] = min(u["values"]["late"] / u["values"]["resolved"], 0.2)
    c = compare(a, b)
    twice = next(r for r in c.rates if r.block == "" and r.name == "twice")
    assert (twice.a, twice.pooled) == (90 / 1000, True)
    capped = next(r for r in c.rates if r.block == "" and r.name == "capped")
    assert capped.pooled is False and capped.a == pytest.approx((0.2 + 10 / 300 + 0.05) / 3)
    pa, pb = tmp_path / "a.json", tmp_path / "b.json"
    pa.write_text(json.dumps(a, ensure_ascii=False), encoding="utf-8")
    pb.write_text(json.dumps(b, ensure_ascii=False), encoding="utf-8")
    md = run("compare", str(pa), str(pb), "--format", "md", "--lang", "en").output
    assert "| capped (mean of the units' rates) | whole province |" in md
    assert "| twice | whole province | 9.00% |" in md
    vi = run("compare", str(pa), str(pb)).output
    assert "capped (trung bình tỷ lệ của các đơn vị)" in vi.replace("\n", " ") or (
        "trung bình tỷ lệ" in vi
    )
