"""Data, forms and records problems, and the notes the readers give back, in the run's language:
exact Vietnamese renderings of a sample of PD/PF/PR codes, a bad data file through the command
line in each language, and a guard that no message of these readers is left as plain text."""

from __future__ import annotations

import ast
import re
from datetime import datetime
from pathlib import Path

import pytest
import test_data
import test_data_traps
import test_records
import test_roster
from test_reports_i18n import ENGLISH, VIETNAMESE, leaks

from parindex.criteria.loader import load
from parindex.data.indicators import read_indicators
from parindex.data.roster import read_roster
from parindex.errors import ParindexError
from parindex.forms.collect import collect
from parindex.forms.units import Unit
from parindex.records.indicators import open_records
from parindex.scoring.compile import compile_plan

from conftest import MINIMAL
from test_cli import run

ROOT = Path(__file__).parent.parent


def vi(exc: pytest.ExceptionInfo[ParindexError]) -> list[str]:
    return [d.render("vi") for d in exc.value.diagnostics]


@pytest.fixture
def plan(write):
    return compile_plan(load(write(MINIMAL, "criteria.yaml")).criteria)


@pytest.fixture
def rate_plan(write):
    return compile_plan(load(write(test_data_traps.RATE, "rate.yaml")).criteria)


def read_vi(tmp_path: Path, text: str, plan) -> list[str]:
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParindexError) as exc:
        read_indicators(path, [plan], display="data.csv")
    return vi(exc)


DATA = [
    (
        "PD004",
        test_data.GOOD.replace(";dossiers_late;", ";Ghi chú;"),
        "data.csv:1: PD004 lỗi: không có cột `dossiers_late` (Hồ sơ trễ hẹn), là cột mà bộ tiêu "
        "chí của khối `department` cần\n"
        "    gợi ý: hãy thêm cột có tên `dossiers_late` hoặc `Hồ sơ trễ hẹn`",
    ),
    (
        "PD005",
        test_data.GOOD + "SNV;Sở Nội vụ;department;1;0;có;1\n",
        "data.csv:4:1: PD005 lỗi: id: mã đơn vị `SNV` bị dùng hai lần (lần đầu ở dòng 2)",
    ),
    (
        "PD006",
        test_data.GOOD.replace(";100;2;", ";tám mươi;2;"),
        "data.csv:2:4: PD006 lỗi: dossiers_resolved: đơn vị `SNV`: `tám mươi` không phải là số\n"
        "    gợi ý: ghi KAD nếu không áp dụng",
    ),
    (
        "PD006",
        test_data.GOOD.replace(";100;2;", ";100%;2;"),
        "data.csv:2:4: PD006 lỗi: dossiers_resolved: đơn vị `SNV`: `100%` là tỷ lệ phần trăm, "
        "nhưng `dossiers_resolved` thuộc loại `count`",
    ),
    (
        "PD007",
        test_data.GOOD.replace(";2,5\n", ";4\n"),
        "data.csv:2:7: PD007 lỗi: 1.2: đơn vị `SNV`: `4` vượt quá mức tối đa 3",
    ),
    (
        "PD007",
        test_data.GOOD.replace(";10;0;", ";-1;0;"),
        "data.csv:3:5: PD007 lỗi: dossiers_late: đơn vị `STP`: `-1` là số âm",
    ),
    (
        "PD008",
        test_data.GOOD.replace(";100;2;", ";100;200;"),
        "data.csv:2:5: PD008 lỗi: dossiers_late: đơn vị `SNV`: dossiers_late (200) lớn hơn "
        "dossiers_resolved (100)\n"
        "    gợi ý: phần không thể lớn hơn tổng: hãy kiểm tra cả hai ô",
    ),
    (
        "PD009",
        test_data.GOOD.replace(";department;100", ";xyz;100"),
        "data.csv:2:3: PD009 lỗi: block: đơn vị `SNV` thuộc khối `xyz`, là khối không có trong "
        "bộ tiêu chí nào\n    gợi ý: các khối: department",
    ),
    (
        "PD010",
        test_data.GOOD.replace(";100;2;", ";;2;"),
        "data.csv:2:4: PD010 lỗi: dossiers_resolved: đơn vị `SNV` không có giá trị cho "
        "`dossiers_resolved`\n"
        "    gợi ý: hãy điền giá trị, ghi KAD nếu không áp dụng, hoặc khai báo `missing:` cho "
        "chỉ tiêu này trong bộ tiêu chí",
    ),
    (
        "PD014",
        test_data.GOOD + ";Sở Y tế;department;1;0;có;1\n",
        "data.csv:4:1: PD014 lỗi: id: đơn vị không có mã\n"
        "    gợi ý: hãy đặt cho mỗi đơn vị một mã riêng, ví dụ SNV",
    ),
    (
        "PD019",
        test_data.GOOD.split("\n")[0] + "\n",
        "data.csv: PD019 lỗi: tệp có dòng tiêu đề nhưng không có đơn vị nào\n"
        "    gợi ý: cần ít nhất một đơn vị để xếp hạng: tệp hoặc trang tính này có đúng không?",
    ),
]


@pytest.mark.parametrize(("code", "text", "expected"), DATA, ids=[c for c, _, _ in DATA])
def test_data_problems_in_vietnamese(tmp_path, plan, code, text, expected):
    assert read_vi(tmp_path, text, plan) == [expected]


def test_number_traps_in_vietnamese(tmp_path, rate_plan):
    head = test_data_traps.HEAD
    assert read_vi(tmp_path, head + "A;a;department;1,071;5;1;0,9\n", rate_plan) == [
        "data.csv:2:4: PD015 lỗi: dossiers_resolved: đơn vị `A`: `1,071` (đọc là 1,071, dấu "
        "phẩy thập phân) không phải là số nguyên, nhưng `dossiers_resolved` là số lượng\n"
        "    gợi ý: có phải là 1071? Theo cách ghi `en` thì đọc là 1071; hãy ghi 1071 không có "
        "dấu phân cách"
    ]
    both = "A;a;department;100;5;1;0.875\nB;b;department;100;5;1;1.000\n"
    assert read_vi(tmp_path, head + both, rate_plan) == [
        "data.csv:3:7: PD016 lỗi: sipas: đơn vị `B`: `1.000` có hai cách đọc: 1000 theo "
        "`--numbers vi` (`.` phân cách hàng nghìn), 1 theo `--numbers en` (dấu chấm thập phân), "
        "cách ghi mà cột này cũng dùng (`0.875` ở dòng 2)\n"
        "    gợi ý: hãy ghi 1000 hoặc 1, và ghi mọi số trong cột theo cùng một cách "
        "(xem --numbers)"
    ]
    assert read_vi(tmp_path, head + "A;a;department;100;5;1;91,08\n", rate_plan) == [
        "data.csv:2:7: PD007 lỗi: sipas: đơn vị `A`: `91,08` (đọc là 91,08, dấu phẩy thập phân) "
        "vượt quá mức tối đa 1\n"
        "    gợi ý: tỷ lệ nằm trong khoảng từ 0 đến 1: hãy ghi 0,9108 hoặc 91,08%"
    ]


def test_layout_refusals_in_vietnamese(tmp_path, rate_plan):
    cols, xlsx = test_data_traps.COLS, test_data_traps.xlsx
    rows = [cols, ["SNV", "Sở Nội vụ", "department", 100, 2, 1, 0.9],
            ["STP", "Sở Tư pháp", None, 100, 1, 0, 0.8],
            ["SCT", "Sở Công Thương", "department", 80, 1, 1, 0.7]]  # fmt: skip
    path = xlsx(tmp_path / "d.xlsx", {"Số liệu": (rows, [(1, 3, 2, 3)], {(3, 4): "=1/0+E2"})})
    with pytest.raises(ParindexError) as exc:
        read_indicators(path, [rate_plan], display="d.xlsx")
    assert vi(exc) == [
        "d.xlsx [Số liệu] D2: PD018 lỗi: Hồ sơ đã giải quyết: `100` nằm trong ô gộp D2:D3, trải "
        "trên dòng của 2 đơn vị: không rõ là giá trị của đơn vị nào\n"
        "    gợi ý: hãy bỏ gộp ô và ghi giá trị riêng của từng đơn vị vào dòng của đơn vị đó",
        "d.xlsx [Số liệu] C3: PD009 lỗi: Khối: đơn vị `STP` không có khối: ô để trống và không "
        "gộp với ô phía trên\n"
        "    gợi ý: hãy ghi khối của đơn vị, hoặc gộp ô với ô khối phía trên",
        "d.xlsx [Số liệu] E4: PD017 lỗi: Hồ sơ trễ hẹn: đơn vị `SCT`: ô chứa công thức "
        "`=1/0+E2` nhưng chưa có giá trị tính toán\n"
        "    gợi ý: hãy mở tệp bằng Excel hoặc LibreOffice, để chương trình tính toán, rồi lưu lại",
    ]
    copies = xlsx(tmp_path / "c.xlsx", {"Sheet1": (rows[:2], [], {}),
                                        "Sheet1 (2)": (rows[:2], [], {})})  # fmt: skip
    with pytest.raises(ParindexError) as exc:
        read_indicators(copies, [rate_plan], display="c.xlsx")
    assert vi(exc) == [
        "c.xlsx: PD018 lỗi: các trang tính `Sheet1`, `Sheet1 (2)` đều chứa bảng đơn vị, và "
        "`Sheet1`, `Sheet1 (2)` không được đặt tên theo khối: không rõ phải đọc trang tính nào "
        "(có thể là hai bản sửa của cùng một bảng?)\n"
        "    gợi ý: hãy chọn một trang tính bằng --sheet TÊN, hoặc đặt tên mỗi trang tính theo "
        "khối của nó"
    ]
    with pytest.raises(ParindexError) as exc:
        read_indicators(copies, [rate_plan], display="c.xlsx", sheet="Sheet9")
    assert vi(exc) == [
        "c.xlsx: PD001 lỗi: không có trang tính tên `Sheet9` (các trang tính: Sheet1, Sheet1 (2))"
    ]


def test_limits_and_undecodable_files_in_vietnamese(tmp_path, plan):
    from parindex.data.limits import Limits

    path = tmp_path / "data.csv"
    path.write_text(test_data.GOOD * 700, encoding="utf-8")
    with pytest.raises(ParindexError) as exc:
        read_indicators(path, [plan], display="data.csv", limits=Limits(max_rows=1000))
    assert vi(exc) == [
        "data.csv: PD001 lỗi: tệp có 2.100 dòng; giới hạn là 1.000\n"
        "    gợi ý: nếu tệp thực sự lớn như vậy, hãy nâng giới hạn bằng --max-rows 2100"
    ]
    path.write_bytes(b"id;name\nA\x00;B\n")
    with pytest.raises(ParindexError) as exc:
        read_indicators(path, [plan], display="data.csv")
    assert vi(exc) == [
        "data.csv: PD001 lỗi: tệp không phải là văn bản: byte 9 (dòng 2): 0x00 là byte NUL\n"
        "    gợi ý: hãy dùng tệp CSV hoặc tệp văn bản xuất ra, hoặc tệp Excel có đuôi "
        ".xlsx/.xls/.ods"
    ]


def test_roster_terms_in_vietnamese(tmp_path):
    acc = load(test_roster.bundled_sets()[0]).criteria.accountability
    good = test_roster.GOOD
    path = tmp_path / "heads.csv"

    def problems(text):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ParindexError) as exc:
            read_roster(path, acc, test_roster.UNITS, display="heads.csv")
        return vi(exc)

    assert problems(good.replace("01/07/2016;31/12", "30/06/2016;31/12")) == [
        "heads.csv:3: PD024 lỗi: nhiệm kỳ của `Phan Quang Hòa` (01/01/2016–30/06/2016, dòng 2) "
        "và của `Hồ Thu Hạnh` (30/06/2016–31/12/2016) chồng lấn nhau tại đơn vị `SNV`\n"
        "    gợi ý: nhiệm kỳ của người đứng đầu mới bắt đầu từ ngày sau ngày kết thúc nhiệm kỳ "
        "của người trước"
    ]
    assert problems(good.replace("01/01/2016;30/06", "01/03/2014;30/06")) == [
        "heads.csv:2:4: PD022 lỗi: nhiệm kỳ của `Phan Quang Hòa` (01/03/2014–30/06/2016) nằm "
        "ngoài kỳ đánh giá 01/01/2016–31/12/2016\n"
        "    gợi ý: người đứng đầu nhận nhiệm vụ trước kỳ đánh giá thì ghi ngày bắt đầu là "
        "01/01/2016"
    ]
    assert problems(good.replace("01/07/2016;31/12/2016", "01/07/2016;31/05/2016")) == [
        "heads.csv:3:5: PD023 lỗi: nhiệm kỳ của `Hồ Thu Hạnh` kết thúc (31/05/2016) trước khi "
        "bắt đầu (01/07/2016)"
    ]
    assert problems(good.replace("31/12/2016;không", "31/06/2016;không")) == [
        "heads.csv:3:5: PD021 lỗi: Đến ngày: `31/06/2016` không phải là ngày\n"
        "    gợi ý: hãy ghi ngày theo dạng dd/mm/yyyy, ví dụ 01/07/2016"
    ]


def test_collect_refusals_in_vietnamese(tmp_path, plan):
    files = []
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text(test_data.GOOD, encoding="utf-8")
        files.append((tmp_path / name, name))
    listed = [Unit("SNV", "Sở Nội vụ", "department"), Unit("STP", "Sở Tư pháp", "department"),
              Unit("SYT", "Sở Y tế", "department")]  # fmt: skip
    with pytest.raises(ParindexError) as exc:
        collect(files, [plan], listed, list_shown="units.csv")
    assert vi(exc) == [
        "b.csv:2:1: PF002 lỗi: đơn vị `SNV` cũng có trong a.csv (dòng 2)\n"
        "    gợi ý: hãy để đơn vị ở một tệp, hoặc chỉ rõ tệp được dùng bằng --prefer newest "
        "hoặc --prefer TỆP",
        "b.csv:3:1: PF002 lỗi: đơn vị `STP` cũng có trong a.csv (dòng 3)\n"
        "    gợi ý: hãy để đơn vị ở một tệp, hoặc chỉ rõ tệp được dùng bằng --prefer newest "
        "hoặc --prefer TỆP",
        "units.csv: PF003 lỗi: đơn vị `SYT` (Sở Y tế) chưa gửi báo cáo\n"
        "    gợi ý: hãy thu thập báo cáo của đơn vị, hoặc lập bảng không có đơn vị này bằng "
        "--allow-missing",
    ]


def test_records_refusals_in_vietnamese(tmp_path):
    path = test_records.write(tmp_path, test_records.BAD)
    with pytest.raises(ParindexError) as exc:
        open_records([(path, "hs.csv")], units={"SNV", "STP"}, cutoff=datetime(2017, 1, 1))
    found = {d.render("vi").split("\n")[0] for d in exc.value.diagnostics}
    assert {
        "hs.csv:2:7: PR020 lỗi: Ngày hoàn thành: hồ sơ `H1` hoàn thành (2016-06-03 09:00:00) "
        "trước khi được tiếp nhận (2016-06-05 08:00:00)",
        "hs.csv:4:4: PR010 lỗi: Kênh tiếp nhận: `fax` không phải là kênh tiếp nhận hợp lệ: phải "
        "là một trong trực tiếp, trực tuyến, bưu chính",
        "hs.csv:4:11: PR010 lỗi: Mức độ hài lòng: `9` không phải là mức đánh giá từ 1 đến 5",
        "hs.csv:5:1: PR023 lỗi: Mã hồ sơ: mã hồ sơ `H1` bị dùng hai lần (lần đầu ở hs.csv dòng 2)",
        "hs.csv:6:7: PR024 lỗi: Ngày hoàn thành: hồ sơ `H6` có thời điểm sau mốc chốt số liệu "
        "01/01/2017 00:00",
    } <= found


def test_notes_in_each_language(tmp_path, rate_plan):
    text = (
        "STT;" + test_data_traps.HEAD + "1;SNV;Sở Nội vụ;department;100;2;có;0,9\n"
        ";;Tổng cộng;;100;2;;\n;;Người lập biểu;;;;;\n;;Nguyễn Văn A;;;;;\n"
    )
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    notes: list = []
    read_indicators(path, [rate_plan], display="data.csv", note=notes.append)
    assert [str(n) for n in notes] == [
        "data.csv: header at row 1, 1 unit(s); left out columns STT (A); left out rows "
        "3 (total rows); 4–5 (signature block)"
    ]
    assert [n.render("vi") for n in notes] == [
        "data.csv: tiêu đề ở dòng 1, 1 đơn vị; bỏ qua các cột STT (A); bỏ qua các dòng "
        "3 (dòng tổng cộng); 4–5 (phần chữ ký)"
    ]


BAD = (
    "id;name;block;dossiers_resolved;dossiers_late;plan_on_time;1.2\n"
    "SNV;Sở Nội vụ;department;tám mươi;2;có;2,5\n"
    "STP;Sở Tư pháp;department;1,071;-1;0;4\n"
    "SCT;Sở Công Thương;xyz;100;2;1;2\n"
    "SYT;Sở Y tế;department;;2;có lẽ;2\n"
)


def without_values(text: str) -> str:
    """The words the program wrote: values as read and ids (in backticks), the file's headers
    (where a problem is) and the words a yes/no cell accepts, which are Vietnamese in both
    languages, taken out."""
    text = re.sub(r"`[^`]*`", "", text)
    for header in BAD.split("\n", 1)[0].split(";"):
        text = text.replace(f" {header}: ", " ")
    return text.replace("có / không (1 / 0)", "").replace("(có)", "").replace("(không)", "")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_bad_data_file_is_reported_in_one_language(tmp_path, monkeypatch, lang):
    (tmp_path / "criteria.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "so-lieu.csv").write_text(BAD, encoding="utf-8")
    monkeypatch.setenv("PARINDEX_LANG", lang)
    result = run("rank", "--criteria", "criteria.yaml", "--data", "so-lieu.csv", cwd=tmp_path)
    assert result.exit_code == 1, result.output
    err = result.stderr
    assert err.count("so-lieu.csv:") == 7, err
    text = without_values(err)
    if lang == "vi":
        assert "`tám mươi` không phải là số" in err
        assert "có phải là 1071?" in err
        assert not leaks(text, ENGLISH), err
    else:
        assert "`tám mươi` is not a number" in err
        assert "did you mean 1071?" in err
        assert not leaks(text, VIETNAMESE), err


# -- no message of these readers is plain text -----------------------------------------------

SCOPE = ["parindex/data", "parindex/forms", "parindex/records", "parindex/run/pipeline.py"]
# calls that build a diagnostic, and where their message and hint are
AT = {"Diagnostic": (5, 7), "file_error": (2, 3), "_diag": (3,), "Failure": (2, 3),
      "Check": (4,), "_over": (1,)}  # fmt: skip
ANYWHERE = {"add", "at", "diag"}  # the readers' own helpers: every argument but the code
NOTES = {"notes", "skipped"}  # lists of notes and of their clauses (`parts` is also SQL's)
CODE = re.compile(r"P[A-Z]\d{3}")


def plain(node: ast.AST | None) -> bool:
    """A str literal or an f-string, or an expression choosing or joining one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.IfExp):
        return plain(node.body) or plain(node.orelse)
    if isinstance(node, ast.BinOp):
        return plain(node.left) or plain(node.right)
    if isinstance(node, ast.BoolOp):
        return any(plain(v) for v in node.values)
    return False


def name_of(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def source_files() -> list[Path]:
    out = []
    for part in SCOPE:
        p = ROOT / part
        out += sorted(p.rglob("*.py")) if p.is_dir() else [p]
    return out


def plain_messages(source: str, label: str) -> list[str]:
    """`label:line: call(…)` for each message, hint or note given as plain text."""
    bad = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = name_of(node)
        args: list[ast.AST | None] = []
        if name in AT:
            args = [node.args[i] for i in AT[name] if i < len(node.args)]
        elif name in ANYWHERE and len(node.args) >= 4:
            args = [
                a
                for a in node.args
                if not (
                    isinstance(a, ast.Constant) and (a.value == "" or CODE.fullmatch(str(a.value)))
                )
            ]
        elif name == "append" and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id in NOTES:
                args = list(node.args)
        if name in AT or name in ANYWHERE:
            args += [k.value for k in node.keywords if k.arg in ("message", "msg", "hint")]
        if any(plain(a) for a in args):
            bad.append(f"{label}:{node.lineno}: {name}(…)")
        first = node.args[0] if node.args else None
        if name == "t" and not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            bad.append(f"{label}:{node.lineno}: t(…) of no literal template: not in the catalog")
    return bad


def test_no_message_hint_or_note_of_these_readers_is_plain_text():
    files = source_files()
    assert len(files) > 30
    bad = [
        b
        for f in files
        for b in plain_messages(f.read_text(encoding="utf-8"), str(f.relative_to(ROOT)))
    ]
    assert not bad, "messages to translate with t(…):\n" + "\n".join(bad)


def test_the_guard_finds_a_plain_message():
    code = (
        "raise file_error(file, 'PD001', f'no sheet named {x}')\n"
        "notes.append('left out rows')\n"
        "Diagnostic(f, 1, 2, '', 'PD003', t('ok'), hint='plain hint')\n"
        "self.diag(s, r, None, '', 'PD009', t('fine'), 'a plain hint')\n"
        "chk.add(1, 2, 'col', 'PD006', t('fine'), hint=t('fine'))\n"
        "file_error(file, 'PD001', t('fine'), hint=t('fine'))\n"
        "t(template, x=1)\n"
    )
    assert plain_messages(code, "x.py") == [
        "x.py:1: file_error(…)",
        "x.py:2: append(…)",
        "x.py:3: Diagnostic(…)",
        "x.py:4: diag(…)",
        "x.py:5: add(…)",
        "x.py:7: t(…) of no literal template: not in the catalog",
    ]
