"""One language per run, for the commands that revise the criteria and read periods side by
side: compare, impact, robustness, diff and officials speak the run's language only, and show
no internal name (criteria sets' ids of indicators, blocks, rule parameters, awards)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_records_officials import records
from test_reports_i18n import ENGLISH, VIETNAMESE, internal_names, leaks, strip, visible

from test_cli import run

ROOT = Path(__file__).parent.parent
SETS = ROOT / "parindex" / "criteria" / "sets"


def _ok(result):
    assert result.exit_code == 0, result.output
    return result.output


def _modified(tmp: Path) -> Path:
    """The 2017 revision with the departments' threshold of Tốt raised from 85 to 86: bands,
    maxima, a renumbering, caps and a class threshold change, and units move class."""
    new = tmp / "revised"
    shutil.copytree(SETS / "revised-2017", new)
    path = new / "departments.yaml"
    text = path.read_text(encoding="utf-8")
    assert "{label: Tốt, label_en: Good, min: 85}" in text
    path.write_text(text.replace("label_en: Good, min: 85}", "label_en: Good, min: 86}", 1))
    return new


@pytest.fixture(scope="module")
def said(tmp_path_factory):
    """lang → (output name → what a reader sees), and the demo's results document."""
    tmp = tmp_path_factory.mktemp("revision")
    _ok(run("rank", "--out", str(tmp / "a"), "--format", "json"))
    new = _modified(tmp)
    _ok(run("rank", "--criteria", str(new), "--out", str(tmp / "b"), "--format", "json"))
    a, b = str(tmp / "a" / "results.json"), str(tmp / "b" / "results.json")
    old = str(SETS / "default")
    dossiers, steps = records(tmp)
    got = {}
    for lang in ("vi", "en"):
        texts = {}
        for fmt in ("table", "md"):
            opts = ("--lang", lang, "--format", fmt)
            texts[f"compare same {fmt}"] = _ok(run("compare", a, a, *opts))
            texts[f"compare {fmt}"] = _ok(run("compare", a, b, *opts))
            texts[f"impact {fmt}"] = _ok(run("impact", old, str(new), "--all", *opts))
            texts[f"diff {fmt}"] = _ok(run("diff", old, str(new), *opts))
            texts[f"robustness {fmt}"] = _ok(
                run("robustness", "--draws", "30", "--seed", "1", "--all", *opts)
            )
        opts = ("--lang", lang, "--format", "json")
        machine = {
            "compare": run("compare", a, b, *opts),
            "impact": run("impact", old, str(new), *opts),
            "robustness": run("robustness", "--draws", "30", "--seed", "1", *opts),
            "diff": run("diff", old, str(new), *opts),
        }
        texts |= {f"{name} json": _ok(r)[: r.output.rindex("}") + 1] for name, r in machine.items()}
        out = tmp / f"officials-{lang}"
        texts["officials"] = _ok(
            run(
                "officials",
                str(dossiers),
                "--steps",
                str(steps),
                "--month",
                "2016-06",
                "--out",
                str(out),
                "--format",
                "xlsx,csv",
                "--lang",
                lang,
            )
        )
        files = {p.name: p.read_bytes() for p in out.iterdir()}
        texts |= {f"officials {name}": text for name, text in visible(files).items()}
        got[lang] = texts
    doc = json.loads((tmp / "a" / "results.json").read_text(encoding="utf-8"))
    return got, doc


def _officials_data(text: str) -> str:
    # the rules' title has no English version; official and unit ids are the data's
    return text.replace("Đánh giá hằng tháng cán bộ, công chức tham gia xử lý hồ sơ", " ")


def _closing_lines(text: str) -> str:
    """The commands' own closing lines ("8 change(s)", "wrote …") belong to the CLI's messages,
    translated elsewhere; what is checked here is what the reports draw."""
    keep = [
        line
        for line in text.splitlines()
        if not line.startswith("wrote ")
        and not line.endswith(("change(s)", "unit(s) flagged", "officials)"))
    ]
    return "\n".join(keep)


def test_vietnamese_revision_outputs_show_no_english_and_no_internal_name(said):
    got, doc = said
    forbidden = [*ENGLISH, *sorted(internal_names())]
    found = {
        name: leaks(strip(_closing_lines(text), doc), forbidden)
        for name, text in got["vi"].items()
        if not name.endswith(" json")  # for programs: ids are its keys and values
    }
    bad = {k: v for k, v in found.items() if v}
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())


def test_english_revision_outputs_show_no_vietnamese_and_no_internal_name(said):
    got, doc = said
    # block ids are English words (commune, district) and may be said in English prose
    forbidden = [*VIETNAMESE, *sorted(internal_names() - {"commune", "district", "department"})]
    texts = {k: v for k, v in got["en"].items() if not k.endswith((".csv", " json"))}
    found = {
        name: leaks(_officials_data(strip(_closing_lines(text), doc)), forbidden)
        for name, text in texts.items()
    }
    bad = {k: v for k, v in found.items() if v}
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())


def test_rows_read_in_each_language(said):
    got, _ = said
    vi, en = got["vi"], got["en"]
    assert (
        "| SNV | Sở Nội vụ | Sở, ban, ngành | 79,95 → 80,74 | +0,79 | Khá → Khá | 15 → 14 |"
        in vi["compare md"]
    )
    assert (
        "| SNV | Sở Nội vụ | Provincial departments | 79.95 → 80.74 | +0.79 | Fair → Fair "
        "| 15 → 14 |" in en["compare md"]
    )
    assert "| Tỷ lệ hồ sơ trễ hẹn | toàn tỉnh | 9,69% | 9,69% |" in vi["compare md"]
    assert (
        "| mức chấm | Tiêu chí 3.3: Tỷ lệ hồ sơ trễ hẹn "
        "| Tỷ lệ hồ sơ trễ hẹn: < 2% → 3; < 5% → 2; < 10% → 1; còn lại 0 "
        "| Tỷ lệ hồ sơ trễ hẹn: < 1% → 3; < 3% → 2; < 5% → 1; còn lại 0 |" in vi["diff md"]
    )
    assert (
        "| bands | Criterion 3.3: Late rate | Late rate: < 2% → 3; < 5% → 2; < 10% → 1; "
        "otherwise 0 | Late rate: < 1% → 3; < 3% → 2; < 5% → 1; otherwise 0 |" in en["diff md"]
    )
    assert "| ngưỡng xếp loại | Loại Tốt (Sở, ban, ngành) | ≥ 85 | ≥ 86 |" in vi["diff md"]
    assert (
        "| class threshold | Class Good (Provincial departments) | ≥ 85 | ≥ 86 |" in (en["diff md"])
    )
    assert (
        "| giới hạn xếp loại | Điều kiện giới hạn 1 | Tỷ lệ hồ sơ trễ hẹn trên 20%: khi Tỷ lệ hồ "
        "sơ trễ hẹn > 20%, xếp loại tối đa Khá |" in vi["diff md"]
    )
    assert (
        "| class cap | Cap 1 | More than 20% of dossiers were late: when Late rate > 20%, "
        "at most Fair |" in en["diff md"]
    )
    assert "| Sở, ban, ngành | 21 | 0 |" in vi["impact md"]
    assert "hạ loại: Tỷ lệ hồ sơ trễ hẹn trên 15%" in vi["impact md"]
    assert "cap: More than 15% of dossiers were late" in en["impact md"]
    assert "3.3 Tỷ lệ hồ sơ trễ hẹn -1,00" in vi["impact md"]
    assert "⚑ xếp loại của đơn vị thay đổi trong hơn 20% số lần mô phỏng" in vi["robustness md"]
    assert "Bằng khen" in vi["robustness md"].splitlines()[0]


def test_json_keeps_ids_and_gives_each_a_label_in_the_run_s_language(said):
    got, _ = said
    for lang, block, klass, award in (
        ("vi", "Sở, ban, ngành", "Tốt", "Bằng khen của Chủ tịch UBND tỉnh"),
        ("en", "Provincial departments", "Good", "Certificate of merit of the provincial chairman"),
    ):
        compare = json.loads(got[lang]["compare json"])
        unit = next(u for u in compare["units"] if u["id"] == "SKHDT")
        labels = (unit["block"], unit["block_label"], unit["class_a_label"])
        assert labels == ("department", block, klass)
        impact = json.loads(got[lang]["impact json"])
        assert {"department": block} == {
            s["block"]: s["block_label"] for s in impact["summary"] if s["block"] == "department"
        }
        robust = json.loads(got[lang]["robustness json"])
        assert robust["award_labels"]["bang-khen"] == award
        unit = next(u for u in robust["units"] if u["id"] == "SKHDT")
        assert (unit["block_label"], unit["class_label"]) == (block, klass)
        diff = json.loads(got[lang]["diff json"])["changes"]
        assert {c["what"] for c in diff} >= {"cap", "criterion", "class"}
        assert all(set(c["sets_title"]) == {"vi", "en"} for c in diff)


def test_a_signed_change_in_each_language():
    from parindex.i18n import signed

    assert [signed(x, "vi") for x in (6, -1.17, 0.001, None)] == ["+6,00", "-1,17", "0,00", ""]
    assert [signed(x, "en", 1) for x in (1234.56, -0.04)] == ["+1,234.6", "0.0"]


_DATA_KEYS = ("got", "need", "before", "after", "gain", "missing")


def _old_shaped(a: dict) -> dict:
    """An award row as results.json held it before the checks carried their data."""
    checks = [{k: v for k, v in c.items() if k not in _DATA_KEYS} for c in a["checks"]]
    return {k: v for k, v in a.items() if k not in ("exclusion", "quota_detail")} | {
        "checks": checks
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_award_reasons_read_from_data_as_they_read_from_an_older_document(said, lang):
    from parindex.reports.text import Words

    _, doc = said
    words = Words(doc, lang)
    refused = [a for a in doc["awards"] if not a["eligible"]]
    kinds = {c["condition"] for a in refused for c in a["checks"] if not c["held"]}
    assert {"min_index", "class", "min_improvement"} <= kinds  # the demo refuses for each
    assert any(a["exclusion"] for a in refused) and all("got" in c for c in refused[0]["checks"])
    for a in refused:
        assert words.award_reasons(a) == words.award_reasons(_old_shaped(a)), a


def test_a_quota_and_a_missing_input_are_said_from_data():
    from parindex.reports.text import Words

    row = {
        "award": "x", "title": "X", "eligible": False, "excluded": None,
        "checks": [
            {"condition": "min_improvement", "held": False, "value": "", "required": "",
             "got": None, "need": 3.0, "before": None, "after": None, "gain": None,
             "missing": "previous"},
            {"condition": "min_improvement", "held": False, "value": "", "required": "",
             "got": 6.0, "need": 3.5, "before": 84.19, "after": 90.19, "gain": 6.0,
             "missing": None},
        ],
        "quota": "", "quota_detail": {"per_block": 3, "rank": 4, "ties": "excluded"},
    }  # fmt: skip
    vi = Words({"units": []}, "vi").award_reasons(row)
    assert vi[1] == "chỉ số tăng +6,00 điểm (84,19 → 90,19), yêu cầu tăng từ 3,5 điểm trở lên"
    assert vi[2] == (
        "đã đủ số lượng 3 đơn vị của khối (đơn vị xếp hạng 4); "
        "các đơn vị đồng hạng tại giới hạn đều không được xét"
    )
    en = Words({"units": []}, "en").award_reasons(row)
    assert en == [
        "improvement: no previous period's results were given",
        "index up +6.00 points (84.19 → 90.19), required at least +3.5",
        "the block's quota of 3 is filled (rank 4); units tied at the limit are all left out",
    ]


def test_every_kind_of_rule_change_is_said_in_words(tmp_path):
    """A title, a formula, a not-applicable condition and rule parameters changed: said with
    the indicators' labels and in words, never as `of=…, each=…`."""
    old = SETS / "default" / "departments.yaml"
    text = old.read_text(encoding="utf-8")
    for before, after in (
        ("{of: post_share, target: 0.3}", "{of: post_share, target: 0.4}"),
        ("{of: dossiers_resupplied, each: 0.25}", "{of: dossiers_resupplied, each: 0.5}"),
        (
            "formula: apology_letters / dossiers_late",
            "formula: apology_letters / dossiers_resolved",
        ),
        ("not_applicable_if: procedures_total == 0", "not_applicable_if: procedures_total < 1"),
        (
            "title: Báo cáo CCHC định kỳ đúng hạn, title_en: Periodic reports on time",
            "title: Báo cáo CCHC định kỳ, title_en: Periodic reports",
        ),
    ):
        assert before in text
        text = text.replace(before, after)
    new = tmp_path / "new.yaml"
    new.write_text(text, encoding="utf-8")
    names = sorted(internal_names() | {"target", "each", "proportional", "deduct"})
    vi = _ok(run("diff", str(old), str(new), "--format", "md"))
    en = _ok(run("diff", str(old), str(new), "--format", "md", "--lang", "en"))
    assert len(vi.splitlines()) == len(en.splitlines()) == 2 + 5 + 1  # head, 5 changes, count
    assert not leaks(_closing_lines(vi), [*ENGLISH, *names])
    # in English the rule's words are English words ("proportional", "points each")
    english_ok = {"each", "proportional", "department", "district", "commune"}
    assert not leaks(_closing_lines(en), [*VIETNAMESE, *(n for n in names if n not in english_ok)])
    assert (
        "| cách chấm | Tiêu chí 3.7: Trả kết quả qua dịch vụ bưu chính công ích | tính theo tỷ "
        "lệ: theo Tỷ lệ kết quả trả qua bưu chính, đạt điểm tối đa khi bằng 30%, 0 điểm khi "
        "bằng 0% |" in vi
    )
    assert (
        "| scoring rule | Criterion 3.5: Dossiers sent back for completion at most once "
        "| points deducted per case: of Dossiers sent back for completion more than once, "
        "0.25 points each |" in en
    )
    assert "| Periodic reports on time | Periodic reports |" in en
