"""Problems with criteria (PX codes), and those the scoring and the output files report, in the
run's language: the exact Vietnamese of a sample, every pydantic error type in Vietnamese, the
CLI in each language without a word of the other, and no message left as plain English text."""

from __future__ import annotations

import ast
import errno
import re
from pathlib import Path

import pytest

from parindex.criteria import formula as fx
from parindex.criteria import messages
from parindex.criteria.validate import check_file
from parindex.errors import ParindexError, t

from conftest import MINIMAL, edit
from test_cli import run

ROOT = Path(__file__).parent.parent


def vi(text: str, write) -> list[str]:
    """Every problem of criteria `text`, rendered in Vietnamese."""
    return [d.render("vi") for d in check_file(write(text), "f.yaml").diagnostics]


# (code, what is replaced in MINIMAL, by what, the Vietnamese of that problem)
SAMPLE = [
    (
        "PX001",
        "title: Bộ tiêu chí thử",
        "title: a: b",
        "f.yaml:3:9: PX001 lỗi: lỗi cú pháp YAML: không được ghi `khóa: giá trị` ở vị trí này\n"
        "    gợi ý: kiểm tra thụt lề và bảo đảm mỗi `khóa: giá trị` có dấu cách sau dấu `:`",
    ),
    (
        "PX002",
        "total: 10\n",
        "total: 10\ntotal: 10\n",
        "f.yaml:6:1: PX002 lỗi: total: khóa `total` bị trùng (đã ghi ở dòng 5)\n"
        "    gợi ý: chỉ giữ lại một trong hai; YAML sẽ ngầm dùng khóa ghi sau cùng",
    ),
    (
        "PX007",
        "schema_version: 1",
        "schema_version: 2",
        "f.yaml:1:17: PX007 lỗi: schema_version: tệp này được viết cho phiên bản lược đồ bộ tiêu "
        "chí 2; phiên bản parindex này đọc được phiên bản 1\n"
        "    gợi ý: hãy nâng cấp parindex (`pip install -U parindex`) để đọc tệp này",
    ),
    (
        "PX010",
        "max: 5\n",
        "maxx: 5\n",
        "f.yaml:25:9: PX010 lỗi: areas[3].criteria[3.4].maxx: khóa `maxx` không hợp lệ\n"
        "    gợi ý: có phải là `max`?",
    ),
    (
        "PX011",
        "    title: Chỉ đạo điều hành\n",
        "\n",
        "f.yaml:15:5: PX011 lỗi: areas[1]: thiếu khóa bắt buộc `title`",
    ),
    (
        "PX012",
        "max: 5\n",
        "max: năm\n",
        "f.yaml:25:14: PX012 lỗi: areas[3].criteria[3.4].max: `max` phải là số; giá trị đang ghi "
        "là `năm`",
    ),
    (
        "PX012",
        "better: lower",
        "better: lowr",
        "f.yaml:29:21: PX012 lỗi: areas[3].criteria[3.4].rule.bands.better: `better` phải là một "
        "trong các giá trị `higher`, `lower`; giá trị đang ghi là `lowr`\n"
        "    gợi ý: có phải là `lower`?",
    ),
    (
        "PX013",
        "          bands:",
        "          band:",
        "f.yaml:27:11: PX013 lỗi: areas[3].criteria[3.4].rule: loại cách chấm `band` không hợp lệ; "
        "các loại được dùng: `bands`, `proportional`, `yes_no`, `deduct`, `bonus`, "
        "`relative_to_best`, `appraised`, `survey`\n"
        "    gợi ý: có phải là `bands`?",
    ),
    (
        "PX014",
        "{label: Tốt, min: 85}",
        "{label: Tốt, min: 85, above: 84}",
        "f.yaml:36:27: PX014 lỗi: classes[1].above: loại `Tốt` có cả `min` và `above`: chỉ ghi một "
        "khóa (`min: 85` cho “từ 85 điểm”, `above: 84` cho “trên 84 điểm”)",
    ),
    (
        "PX017",
        "{below: 0.05, points: 3}",
        "{points: 3}",
        "f.yaml:32:17: PX017 lỗi: areas[3].criteria[3.4].rule.bands.cuts[2]: mỗi mức cần đúng một "
        "trong hai khóa `at_least` (càng cao càng tốt) hoặc `below` (càng thấp càng tốt)",
    ),
    (
        "PX020",
        "formula: dossiers_late / dossiers_resolved",
        "formula: dossiers_late ** 2",
        "f.yaml:13:24: PX020 lỗi: derived.late_rate.formula: công thức `dossiers_late ** 2`: không "
        "được dùng phép toán `**`; chỉ dùng số, tên chỉ tiêu, + - * /, phép so sánh, "
        "`and`/`or`/`not`, `min`, `max` và `abs`",
    ),
    (
        "PX020",
        "when: late_rate > 0.2",
        "when: late_rate * 2",
        "f.yaml:41:12: PX020 lỗi: caps[1].when: công thức `late_rate * 2` phải là một điều kiện "
        "(một phép so sánh, ví dụ `late_rate > 0.2`)",
    ),
    (
        "PX111",
        "{below: 0.05, points: 3}",
        "{below: 0.01, points: 3}",
        "f.yaml:32:18: PX111 lỗi: areas[3].criteria[3.4].rule.bands.cuts[2].below: mức 2 (< 0,01) "
        "chồng lên mức 1 (< 0,02): hãy liệt kê các ngưỡng từ giá trị tốt nhất đến kém nhất",
    ),
    (
        "PX115",
        "- {below: 0.10, points: 1}",
        "- {below: 10, points: 1}",
        "f.yaml:33:25: PX115 cảnh báo: areas[3].criteria[3.4].rule.bands.cuts[3].below: mức 3 có "
        "ngưỡng 10 nằm ngoài khoảng giá trị của `late_rate` (từ 0 đến 1)\n"
        "    gợi ý: có phải là 0,1?",
    ),
    (
        "PX116",
        "{below: 0.02, points: 5}",
        "{below: 0.02, points: 4.5}",
        "f.yaml:28:13: PX116 lỗi: areas[3].criteria[3.4].rule.bands: mức tốt nhất chỉ cho 4,5 điểm "
        "trong khi điểm tối đa của tiêu chí là 5: không đơn vị nào đạt đủ điểm, mọi đơn vị đều "
        "mất 0,5 điểm\n"
        "    gợi ý: cho mức tốt nhất 5 điểm, hoặc hạ `max` xuống 4,5",
    ),
    (
        "PX121",
        "formula: dossiers_late / dossiers_resolved",
        "formula: dossiers_lat / dossiers_resolved",
        "f.yaml:13:24: PX121 lỗi: derived.late_rate.formula: không có chỉ tiêu `dossiers_lat`\n"
        "    gợi ý: có phải là `dossiers_late`?",
    ),
    (
        "PX132",
        "at_most: Khá",
        "at_most: Kha",
        "f.yaml:41:38: PX132 lỗi: caps[1].at_most: không có loại `Kha` trong khối `department`\n"
        "    gợi ý: có phải là `Khá`?",
    ),
    (
        "PX141",
        '- {id: "1.2"',
        '- {id: "1.1"',
        "f.yaml:19:14: PX141 lỗi: areas[1].criteria[1.1].id: mã tiêu chí `1.1` bị trùng (đã dùng ở "
        "dòng 18)",
    ),
    (
        "PX151",
        "plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no}",
        "plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no}\n"
        "  spare: {label: Dự phòng, kind: count}",
        "f.yaml:12:3: PX151 cảnh báo: indicators.spare: chỉ tiêu `spare` được khai báo nhưng không "
        "có cách chấm, công thức hay điều kiện giới hạn nào sử dụng",
    ),
]


@pytest.mark.parametrize(("code", "old", "new", "expected"), SAMPLE)
def test_a_criteria_problem_reads_in_vietnamese(code, old, new, expected, write):
    found = vi(edit(old, new), write)
    assert expected in found, "\n".join(found)
    assert f" {code} " in expected


def test_the_sample_covers_many_codes():
    assert len({code for code, *_ in SAMPLE}) >= 12


def test_a_band_on_the_wrong_side_quotes_its_yaml_as_written(write):
    # a hint that is YAML to type keeps YAML's decimal point; prose numbers take a comma
    text = edit("{below: 0.02, points: 5}", "{at_least: 0.025, points: 5}")
    found = vi(text, write)
    assert (
        "f.yaml:31:18: PX114 lỗi: areas[3].criteria[3.4].rule.bands.cuts[1].at_least: mức 1 dùng "
        "`at_least` nhưng các mức có `better: lower` phải dùng `below`\n"
        "    gợi ý: hãy ghi `below: 0.025`"
    ) in found


# ------------------------------------------------------------------ pydantic's error types


def _sample_ctx(kind: str) -> dict[str, object]:
    return {
        "literal_error": {"expected": "'higher' or 'lower'"},
        "enum": {"expected": "'higher' or 'lower'"},
        "greater_than": {"gt": 0.0},
        "greater_than_equal": {"ge": 0.5},
        "less_than": {"lt": 100.0},
        "less_than_equal": {"le": 100.0},
        "too_short": {"min_length": 1},
        "too_long": {"max_length": 3},
        "string_too_long": {"max_length": 64},
        "string_pattern_mismatch": {"pattern": "^[a-z][a-z0-9_]*$"},
        "value_error": {"error": fx.FormulaError(t("the formula is empty"))},
        "union": {"members": [t("a number"), t("text")]},
    }.get(kind, {})


@pytest.mark.parametrize("kind", sorted(messages.KNOWN))
def test_every_pydantic_error_type_we_word_reads_in_vietnamese(kind):
    pydantic_says = "Input should be a valid PYDANTIC"
    said = messages.sentence(kind, ("areas", 0, "max"), "x y", _sample_ctx(kind), pydantic_says)
    assert pydantic_says not in said.render("vi")
    assert said.render("vi") != said.render("en")
    assert "`max`" in said.render("vi") or "`x y`" in said.render("vi")


def test_an_error_type_we_do_not_word_falls_back_to_pydantic_s_own_words():
    said = messages.sentence("url_parsing", ("title",), "x", {}, "Input should be a valid URL")
    assert said.render("vi") == "`title`: Input should be a valid URL"


def test_a_date_a_union_and_a_bound_from_a_real_file(write):
    text = edit(
        "schema_version: 1\n",
        "schema_version: 1\n"
        "examples: [{name: a, given: {x: [1]}, expect: {}}]\n"
        "self_assessment: {flag_gap_above: -1}\n",
    )
    found = vi(text, write)
    assert (
        "f.yaml:2:33: PX012 lỗi: examples[1].given.x: `x` phải là một trong các dạng: số, true "
        "hoặc false, văn bản; đang ghi là một danh sách"
    ) in found
    assert (
        "f.yaml:3:35: PX012 lỗi: self_assessment.flag_gap_above: `flag_gap_above` phải từ 0 trở "
        "lên; giá trị đang ghi là `-1`"
    ) in found


# ------------------------------------------------------------------ the rest of the scope


def test_a_formula_error_reads_in_vietnamese():
    with pytest.raises(fx.FormulaError) as exc:
        fx.parse("min(a)")
    assert exc.value.message.render("vi") == "`min` cần ít nhất 2 đối số, đang có 1"
    assert str(exc.value) == "`min` takes at least 2 arguments, got 1"


def test_a_damaged_results_file_and_an_unwritable_folder_read_in_vietnamese(tmp_path):
    from parindex.atomic import _place_error
    from parindex.document.io import read_results

    bad = tmp_path / "results.json"
    bad.write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(ParindexError) as exc:
        read_results(bad, "results.json")
    assert exc.value.diagnostics[0].render("vi") == (
        "results.json: PD030 lỗi: không phải tệp kết quả của parindex (định dạng "
        "`parindex.results/2`)\n    gợi ý: hãy dùng tệp results.json do `parindex rank` ghi ra"
    )
    full = _place_error("out", OSError(errno.ENOSPC, "No space left on device"))
    assert full.diagnostics[0].render("vi") == (
        "out: PO001 lỗi: không ghi được các tệp kết quả: ổ đĩa đã đầy; không tệp nào bị thay thế\n"
        "    gợi ý: chọn thư mục khác bằng --out, hoặc giải phóng dung lượng / cấp quyền ghi rồi "
        "chạy lại"
    )


def test_the_apology_for_a_crash_is_in_the_run_s_language():
    from parindex.crash import apology

    report = Path("/tmp/parindex-crash.txt")
    assert apology(KeyError("x"), report, "vi") == (
        "parindex gặp lỗi của chính chương trình (KeyError), không phải do tệp của bạn; xin lỗi. "
        f"chi tiết ở tệp {report} — xin gửi tệp này cho nhóm phát triển (--debug để xem tại đây)."
    )
    assert apology(KeyError("x"), None, "en") == (
        "parindex failed because of a fault of its own (KeyError), not of your files; sorry. "
        "no crash file could be written — please send it to the developers (--debug shows it "
        "here)."
    )


def test_a_worked_example_that_fails_says_why_in_vietnamese(loaded):
    from parindex.scoring.compile import compile_plan
    from parindex.scoring.examples import run_examples

    text = MINIMAL + (
        "examples:\n"
        "  - name: thiếu số liệu\n"
        "    given: {dossiers_resolved: 10}\n"
        "    expect: {index: 50}\n"
    )
    text += (
        "  - name: sai\n"
        '    given: {dossiers_resolved: 0, dossiers_late: 0, plan_on_time: 1, "1.2": 3}\n'
        '    expect: {class: Yếu, points: {"3.4": 1}}\n'
    )
    missing, wrong = run_examples(compile_plan(loaded(text).criteria))
    assert [p.render("vi") for p in missing.problems] == [
        "`given` còn thiếu `dossiers_late`, `plan_on_time`"
    ]
    assert [(m.what.render("vi"), m.expected, m.got) for m in wrong.mismatches] == [
        ("xếp loại", "Yếu", "Tốt"),
        ("điểm tiêu chí 3.4", "1", "5"),
    ]


# ------------------------------------------------------------------ the command line

BROKEN = edit(
    "when: late_rate > 0.2",
    "when: late_rate ** 2",
    edit("max: 5\n", "maxx: 5\n", edit("max: 2, rule", "max: hai, rule")),
)
WARNED = edit(
    "- {below: 0.10, points: 1}",
    "- {below: 10, points: 1}",
    edit(
        "at_most: Khá",
        "at_most: Kha",
        edit("kind: yes_no}", "kind: yes_no}\n  spare: {label: Dự phòng, kind: count}"),
    ),
)

# words of an English diagnostic that have no place in a Vietnamese one
ENGLISH = [
    "error", "warning", "hint", "did you mean", "unknown", "must", "missing", "the", "and",
    "not", "is", "of", "or", "line", "key", "band", "points", "class", "criterion", "indicator",
    "formula", "allowed", "got", "file", "outside", "range", "block",
]  # fmt: skip
VIETNAMESE = [
    "lỗi", "cảnh báo", "gợi ý", "có phải là", "không", "khóa", "phải", "tiêu chí", "chỉ tiêu",
    "mức", "loại", "công thức", "khối", "giá trị", "dòng",
]  # fmt: skip


def problem_lines(output: str) -> str:
    """The problems printed, without what a reader sees as written in the file (ids and
    values in backticks) and without the place (file:line:col: CODE … path:)."""
    lines = []
    for line in output.splitlines():
        if not re.match(r"\S+\.yaml:\d+|    ", line):
            continue
        line = re.sub(r"^\S+\.yaml:\d+:\d+: PX\d+ ", "", line)
        line = re.sub(r"^([^:]+): [A-Za-z_][A-Za-z0-9_.\[\]-]*: ", r"\1: ", line)  # the path
        lines.append(re.sub(r"`[^`]*`", " ", line))
    return "\n".join(lines)


def leaks(text: str, words: list[str]) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_validate_and_lint_speak_one_language(lang, tmp_path, monkeypatch):
    monkeypatch.setenv("PARINDEX_LANG", lang)
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "warned.yaml").write_text(WARNED, encoding="utf-8")
    checked = run("validate", "broken.yaml", cwd=tmp_path)
    linted = run("lint", "warned.yaml", cwd=tmp_path)
    assert checked.exit_code == 1 and linted.exit_code == 1
    for code in ("PX010", "PX012", "PX020"):
        assert code in checked.output
    for code in ("PX115", "PX132", "PX151"):
        assert code in linted.output
    text = problem_lines(checked.output) + "\n" + problem_lines(linted.output)
    if lang == "vi":
        assert not leaks(text, ENGLISH), text
        assert "có phải là" in text
    else:
        assert not leaks(text, VIETNAMESE), text
        assert "did you mean" in text


# ------------------------------------------------------------------ no message left in English

SCOPE = [
    *(ROOT / "parindex" / "criteria").rglob("*.py"),
    *(ROOT / "parindex" / "scoring").rglob("*.py"),
    ROOT / "parindex" / "document" / "io.py",
    ROOT / "parindex" / "atomic.py",
    ROOT / "parindex" / "crash.py",
]
# call → positions of its message and hint arguments; keywords `message` and `hint` always
MESSAGE_AT = {
    "Diagnostic": (5, 7),
    "file_error": (2, 3),
    "diag": (2,),  # SourceTree.diag(raw, code, message, hint=…)
    "add": (2,),  # a linter's add(path, code, message, hint=…)
    "problem": (3, 4),  # the YAML composer's problem(mark, raw, code, message, hint)
    "FormulaError": (0,),
    "UnitProblem": (2,),
}


def _plain(node: ast.expr) -> bool:
    """A message written as plain text: a str literal, an f-string, or text built from them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _plain(node.left) or _plain(node.right)
    if isinstance(node, ast.BoolOp):
        return any(_plain(v) for v in node.values)
    if isinstance(node, ast.IfExp):
        return _plain(node.body) or _plain(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("format", "join") and _plain(node.func.value)
    return False


def plain_messages(source: str) -> list[int]:
    """Lines where a problem's message or hint is plain text instead of `t(…)`, or where a
    `t(…)` template is an f-string (filled before translation: never in the catalog)."""
    bad = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if name == "problem" and isinstance(f, ast.Name):
            where: tuple[int, ...] = (1,)  # criteria.base.problem(code, message)
        elif name == "add" and len(node.args) < 3:
            continue  # a set's add
        else:
            where = MESSAGE_AT.get(name, ())
        args = [a for i, a in enumerate(node.args) if i in where]
        args += [k.value for k in node.keywords if k.arg in ("message", "hint", "problems")]
        template = node.args[0] if name in ("t", "Text") and node.args else None
        if template is not None and not isinstance(template, ast.Constant) and _plain(template):
            bad.append(node.lineno)
        for a in args:
            items = a.elts if isinstance(a, ast.List) else [a]
            if any(_plain(x) for x in items):
                bad.append(node.lineno)
    return bad


def test_no_problem_in_scope_is_written_as_plain_text():
    found = {
        str(p.relative_to(ROOT)): lines
        for p in SCOPE
        if (lines := plain_messages(p.read_text(encoding="utf-8")))
    }
    assert not found, found


@pytest.mark.parametrize(
    "source",
    [
        'Diagnostic(f, 1, 2, "", "PX001", "a message")',
        'Diagnostic(f, 1, 2, "", "PX001", t("a message"), hint=f"try {x}")',
        'file_error(f, "PD030", "cannot read " + name)',
        'tree.diag(loc, "PX012", f"`{key}` must be a number")',
        'self.add(path, "PX121", t("x"), hint=did_you_mean(a, b) or "declare it")',
        'raise FormulaError(f"`{x}` is not a number", at)',
        'UnitProblem(i, name, "no criterion applies to this unit")',
        'raise problem("PX020", "formula {x}".format(x=x))',
        't(f"unknown key `{key}`")',
        'ExampleOutcome(i, n, problems=["`given` lacks " + names])',
    ],
)
def test_the_guard_finds_plain_text_messages(source):
    assert plain_messages(source) == [1]


def test_the_guard_accepts_translatable_messages():
    ok = [
        'Diagnostic(f, 1, 2, "", "PX001", t("a {x}", x=x), hint=t("try"))',
        'self.add(path, "PX121", t("x"), hint=did_you_mean(a, b) or t("declare it"))',
        "Text(says[0], {'label': label})",
        'seen.add("x")',
    ]
    assert [plain_messages(s) for s in ok] == [[], [], [], []]


def test_every_catalog_entry_is_translated():
    from babel.messages.pofile import read_po

    from parindex import i18n

    with (i18n.LOCALE_DIR / "vi" / "LC_MESSAGES" / "parindex.po").open("rb") as f:
        po = read_po(f)
    assert [m.id for m in po if m.id and not m.string] == []


def test_a_hand_edited_results_file_is_refused_in_vietnamese(tmp_path):
    import json

    from parindex.document.io import read_results

    assert run("rank", "--out", str(tmp_path), "--format", "json").exit_code == 0
    path = tmp_path / "results.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["units"][0]["index"] = "abc"
    del doc["units"][1]["name"]
    doc["units"][3]["rank"] = 1.5
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ParindexError) as exc:
        read_results(path, "results.json")
    assert [d.render("vi") for d in exc.value.diagnostics] == [
        'results.json: PD030 lỗi: units[0].index: `index` phải là số; giá trị đang ghi là "abc"\n'
        "    gợi ý: hãy dùng tệp results.json do `parindex rank` ghi ra",
        "results.json: PD030 lỗi: units[1].name: thiếu khóa bắt buộc `name`",
        "results.json: PD030 lỗi: units[3].rank: `rank` phải là số nguyên; giá trị đang ghi là 1.5",
    ]
