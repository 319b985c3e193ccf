"""The command line speaks the run's language: help, usage errors, click's own words and the
commands' own lines, in Vietnamese (the default) or English (--lang en, PARINDEX_LANG=en)."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from parindex.cli import main
from parindex.commands import click_words, lang

from conftest import MINIMAL
from test_cli import run

# Words that give English away in a Vietnamese help page (and the reverse); option names,
# `code`, and [choice|lists] are taken out first: they are typed as they are.
ENGLISH = [
    "the", "of", "and", "or", "a", "to", "for", "with", "not", "this", "each", "every", "file",
    "files", "folder", "unit", "units", "data", "sheet", "rows", "Show", "Options", "Usage",
    "Commands", "default", "Default", "required", "PATH", "PATHS", "FILE", "TEXT", "INTEGER",
    "FLOAT", "RANGE", "OPTIONS", "COMMAND", "ARGS", "UNIT", "DIRECTORY", "OLD", "NEW", "OUT",
    "RESULTS", "DOSSIERS", "DIR",
]  # fmt: skip
VIETNAMESE = [
    "Tùy chọn", "Cách dùng", "Lệnh", "tệp", "thư mục", "mặc định", "Hiện", "của", "và", "hoặc",
    "không", "các", "những", "bắt buộc", "TỆP", "ĐƯỜNG_DẪN", "VĂN_BẢN", "TÙY_CHỌN",
]  # fmt: skip


def leaks(text: str, words: list[str]) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


def readable(help_text: str) -> str:
    """The help's prose: without option names, `code` and [choice|lists]."""
    text = re.sub(r"`[^`]*`", " ", help_text)
    text = re.sub(r"\[[\w|.-]+\]", " ", text)
    return re.sub(r"(?<![\w-])--?[\w-]+(?:/--[\w-]+)?", " ", text)


def every_command() -> list[tuple[str, ...]]:
    """The command path of the group and of every command, sub-groups' included."""
    paths: list[tuple[str, ...]] = [()]

    def walk(group: click.Group, prefix: tuple[str, ...]) -> None:
        for name, cmd in group.commands.items():
            paths.append((*prefix, name))
            if isinstance(cmd, click.Group):
                walk(cmd, (*prefix, name))

    walk(main, ())
    return paths


def leaf_commands() -> list[tuple[tuple[str, ...], click.Command]]:
    out = []

    def walk(group: click.Group, prefix: tuple[str, ...]) -> None:
        for name, cmd in group.commands.items():
            if isinstance(cmd, click.Group):
                walk(cmd, (*prefix, name))
            else:
                out.append(((*prefix, name), cmd))

    walk(main, ())
    return out


@pytest.mark.parametrize("path", every_command(), ids=lambda p: " ".join(p) or "parindex")
def test_every_help_page_is_in_one_language(path, monkeypatch):
    monkeypatch.delenv("PARINDEX_LANG", raising=False)
    vi = run(*path, "--help")
    assert vi.exit_code == 0, vi.output
    assert vi.output.startswith("Cách dùng: ") and "Tùy chọn:" in vi.output
    assert not leaks(readable(vi.output), ENGLISH), vi.output
    cmd: click.Command = main
    for name in path:
        assert isinstance(cmd, click.Group)
        cmd = cmd.commands[name]
    en = None if isinstance(cmd, click.Group) else run(*path, "--help", "--lang", "en")
    monkeypatch.setenv("PARINDEX_LANG", "en")
    by_env = run(*path, "--help")
    assert by_env.output.startswith("Usage: ") and "Options:" in by_env.output
    assert not leaks(by_env.output, VIETNAMESE), by_env.output
    if en is not None:  # --lang on the command line wins over the environment
        assert en.output == by_env.output
        monkeypatch.setenv("PARINDEX_LANG", "en")
        assert run(*path, "--lang", "vi", "--help").output == vi.output


def test_every_command_takes_lang():
    missing = [
        " ".join(p) for p, cmd in leaf_commands() if "lang" not in {q.name for q in cmd.params}
    ]
    assert not missing
    for path, cmd in leaf_commands():  # the classes that translate help and metavars
        assert isinstance(cmd, lang.Command), path
        for q in cmd.params:
            assert not isinstance(q, click.Argument) or isinstance(q, lang.Argument), path
            assert not isinstance(q.type, click.Path) or isinstance(q.type, lang.PathType), path
            plain = (click.types.IntParamType, click.types.FloatParamType)
            assert type(q.type) not in (*plain, click.IntRange, click.FloatRange), (path, q.name)
        option = next(q for q in cmd.params if q.name == "lang")
        assert isinstance(option, click.Option) and option.envvar == "PARINDEX_LANG"
        assert option.default == "vi"


def test_the_group_lists_its_commands_in_the_run_language(monkeypatch):
    monkeypatch.delenv("PARINDEX_LANG", raising=False)
    out = run("--help").output
    assert "Lệnh:" in out and "rank        Xếp hạng hằng năm" in out
    assert "Cách dùng: main [TÙY_CHỌN] LỆNH [THAM_SỐ]..." in out
    assert "-h, --help  Hiện trợ giúp này rồi thoát." in out
    assert run("--version").output == "parindex, phiên bản " + _version() + "\n"
    monkeypatch.setenv("PARINDEX_LANG", "en")
    out = run("--help").output
    assert "Commands:" in out and "rank        The annual ranking" in out
    assert run("--version").output == "parindex, version " + _version() + "\n"


def _version() -> str:
    from parindex import __version__

    return __version__


def test_option_rows_say_metavars_and_defaults_in_the_run_language(monkeypatch):
    monkeypatch.delenv("PARINDEX_LANG", raising=False)
    out = " ".join(run("rank", "--help").output.split())
    assert "--criteria ĐƯỜNG_DẪN" in out and "--data TỆP" in out
    assert "[mặc định: 200; x>=1]" in out
    assert "--csv [excel-vi|plain]" in out  # choices are values to type
    assert "--lang [vi|en]" in out
    out = " ".join(run("collect", "--help").output.split())
    assert "--prefer newest|TỆP" in out and "Cách dùng: main collect [TÙY_CHỌN] ĐƯỜNG_DẪN..." in out
    assert "[bắt buộc]" in out
    out = " ".join(run("rank", "--help", "--lang", "en").output.split())
    assert "--criteria PATH" in out and "--data FILE" in out and "[default: 200; x>=1]" in out


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (
            ("rank", "--bogus"),
            "Lỗi: Không có tùy chọn '--bogus'.",
            "Error: No such option '--bogus'.",
        ),
        (
            ("validate",),
            "Lỗi: Thiếu đối số 'ĐƯỜNG_DẪN...'.",
            "Error: Missing argument 'PATHS...'.",
        ),
        (
            ("rank", "--csv", "excel"),
            "Lỗi: Giá trị không hợp lệ cho '--csv': 'excel' không phải là một trong "
            "'excel-vi', 'plain'.",
            "Error: Invalid value for '--csv': 'excel' is not one of 'excel-vi', 'plain'.",
        ),
        (
            ("explain", "SXD", "--data", "nope.csv"),
            "Lỗi: Giá trị không hợp lệ cho '--data': Tệp 'nope.csv' không tồn tại.",
            "Error: Invalid value for '--data': File 'nope.csv' does not exist.",
        ),
        (
            ("rnk",),
            "Lỗi: Không có lệnh 'rnk'. (Có phải là 'rank'?)",
            "Error: No such command 'rnk'. Did you mean 'rank'?",
        ),
        (
            ("records", "generate", "out", "--year", "x"),
            "Lỗi: Giá trị không hợp lệ cho '--year': 'x' không phải là số nguyên hợp lệ.",
            "Error: Invalid value for '--year': 'x' is not a valid integer.",
        ),
    ],
)
def test_usage_errors_in_each_language(args, vi, en, monkeypatch, tmp_path):
    monkeypatch.delenv("PARINDEX_LANG", raising=False)
    said = run(*args, cwd=tmp_path)
    assert said.exit_code == 2
    assert vi in said.output, said.output
    assert "Cách dùng: main" in said.output and "Xem trợ giúp bằng 'main" in said.output
    said = run(*args, "--lang", "en", cwd=tmp_path) if args[0] != "rnk" else None
    monkeypatch.setenv("PARINDEX_LANG", "en")
    by_env = run(*args, cwd=tmp_path)
    assert en in by_env.output, by_env.output
    assert "Usage: main" in by_env.output and "Try 'main" in by_env.output
    if said is not None:
        assert said.output == by_env.output


def test_a_usage_error_a_command_raises_is_in_the_run_language(tmp_path, monkeypatch):
    monkeypatch.delenv("PARINDEX_LANG", raising=False)
    said = run("template", "--out", "forms.xlsx", "--per-unit", cwd=tmp_path)
    assert said.exit_code == 2
    assert "Lỗi: Giá trị không hợp lệ cho --out: với --per-unit, hãy chỉ định một thư mục" in (
        said.output
    )
    said = run("template", "--out", "forms.xlsx", "--per-unit", "--lang", "en", cwd=tmp_path)
    assert "Error: Invalid value for --out: with --per-unit, give a folder" in said.output


def test_command_lines_in_each_language(tmp_path, monkeypatch):
    monkeypatch.delenv("PARINDEX_LANG", raising=False)
    (tmp_path / "c.yaml").write_text(MINIMAL, encoding="utf-8")
    said = run("validate", "c.yaml", cwd=tmp_path)
    assert said.output == "đã kiểm tra 1 tệp: 0 lỗi trong 0 tệp, 0 cảnh báo\n"
    said = run("validate", "c.yaml", "--lang", "en", cwd=tmp_path)
    assert said.output == "1 file(s) checked: 0 error(s) in 0 file(s), 0 warning(s)\n"
    said = run("schema", "-o", "s.json", cwd=tmp_path)
    assert said.output == "đã ghi s.json\n"
    said = run("init", "tinh", cwd=tmp_path)
    assert "đã tạo tinh/data/heads-2016.csv" in said.output
    assert "kiểm tra các chỉnh sửa bằng: parindex validate tinh/criteria" in said.output
    again = run("init", "tinh", "--lang", "en", cwd=tmp_path)
    assert again.exit_code == 1
    assert "already exists; parindex init never overwrites a file" in again.output
    said = run("rank", "--format", "json", "--out", "out", "--quiet", cwd=tmp_path)
    assert said.output.endswith("đã ghi out/results.json (166 đơn vị)\n"), said.output
    said = run("rank", "--format", "json", "--out", "out", "--quiet", "--lang", "en", cwd=tmp_path)
    assert said.output.endswith("wrote out/results.json (166 units)\n"), said.output


def test_the_help_imports_nothing_heavy():
    code = (
        "import sys\nfrom parindex.cli import main\n"
        "try:\n    main(['rank', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = {'numpy', 'pydantic', 'rich', 'python_calamine', 'babel', 'duckdb', 'yaml'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PARINDEX_LANG"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.splitlines()[-1] == "[]"
    assert "Cách dùng:" in done.stdout


def test_a_command_runs_with_the_process_gettext_as_it_was(monkeypatch):
    """Click reads our catalog while it parses; the command's own code (and the programs it
    starts: LibreOffice, Chromium, Java) sees the environment as the user gave it."""
    monkeypatch.delenv("PARINDEX_LANG", raising=False)
    monkeypatch.setenv("LANGUAGE", "fr")
    seen = {}

    @lang.command()
    @click.option("--n", type=lang.INT)
    def probe(n: int | None) -> None:
        seen["LANGUAGE"] = os.environ.get("LANGUAGE")
        seen["domain"] = gettext.textdomain()
        raise click.BadParameter("non", param_hint="--n")

    before = gettext.textdomain()
    said = CliRunner().invoke(probe, ["--n", "1"])
    assert seen == {"LANGUAGE": "fr", "domain": before}
    assert "Lỗi: Giá trị không hợp lệ cho --n: non" in said.output  # click's words: ours
    assert os.environ["LANGUAGE"] == "fr" and gettext.textdomain() == before
    said = CliRunner().invoke(probe, ["--n", "x"])
    assert "'x' không phải là số nguyên hợp lệ." in said.output


def test_the_language_is_read_before_click_parses():
    assert lang.argv_lang(["rank", "--lang", "en", "--help"]) == "en"
    assert lang.argv_lang(["rank", "--help", "--lang=en"]) == "en"
    assert lang.argv_lang(["rank", "--", "--lang", "en"]) in ("vi", os.environ.get("PARINDEX_LANG"))
    assert lang.argv_lang(["rank", "--lang", "fr"]) in ("vi", os.environ.get("PARINDEX_LANG"))


def _click_messages() -> set[object]:
    from babel.messages.extract import extract_from_file

    folder = Path(click.__file__).parent
    found: set[object] = set()
    for module in ("core", "exceptions", "parser", "types", "formatting", "decorators"):
        for _, message, _, _ in extract_from_file(
            "python", folder / f"{module}.py", keywords={"_": None, "ngettext": (1, 2)}
        ):
            found.add(message)
    return found


def test_clicks_words_in_our_catalog_are_exactly_clicks():
    """A click upgrade that rewords a message fails here: update click_words and the catalog."""
    known = _click_messages()
    ours = [*click_words.WORDS, *click_words.PLURALS]
    # "required" reaches gettext as a value, `_(extra["required"])`, not as a literal
    assert '_(extra["required"])' in (Path(click.__file__).parent / "core.py").read_text()
    assert [m for m in ours if m not in known and m != "required"] == []
    vi = gettext.translation("parindex", lang.LOCALE_DIR, ["vi"])
    untranslated = [
        m
        for m in ours
        if (vi.ngettext(m[0], m[1], 2) if isinstance(m, tuple) else vi.gettext(m)) in m
    ]
    assert untranslated == []


def test_commands_say_nothing_outside_the_catalog():
    """Every line a command prints, and every usage error it raises, is a catalog message:
    no words in a str literal or f-string given to click.echo, UsageError, BadParameter or a
    progress label."""
    import ast

    root = Path(__file__).parent.parent / "parindex"
    sayers = {"echo", "UsageError", "BadParameter", "progress", "add_task"}
    found = []
    for path in [*sorted((root / "commands").glob("*.py")), root / "cli.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name not in sayers:
                continue
            for text in _literal_text(node.args[0]):
                if re.search(r"[^\W\d_]", text):
                    found.append(f"{path.name}:{node.lineno}: {text!r}")
    assert found == []


def _literal_text(node: object) -> list[str]:
    """The text written literally in an expression: str constants, f-strings' fixed parts,
    both sides of `+` and `if … else`; not inside calls (`_("…", lang)`) or values."""
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal_text(node.left) + _literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_text(node.body) + _literal_text(node.orelse)
    return []


def test_a_problem_found_late_is_reported_in_the_run_language(tmp_path, monkeypatch):
    from parindex.commands import criteria
    from parindex.errors import Diagnostic, ParindexError, t

    def late(*args: object, **kw: object) -> int:
        raise ParindexError([Diagnostic("c.yaml", None, None, "", "PX001", t("late"))])

    monkeypatch.setattr(criteria, "_check", late)
    monkeypatch.delenv("PARINDEX_LANG", raising=False)
    (tmp_path / "c.yaml").write_text(MINIMAL, encoding="utf-8")
    said = run("validate", "c.yaml", "--lang", "en", cwd=tmp_path)
    assert said.exit_code == 1 and "1 error(s); nothing was written" in said.output
    said = run("validate", "c.yaml", cwd=tmp_path)
    assert said.exit_code == 1 and "không ghi tệp nào" in said.output


def test_an_interruption_is_said_in_the_run_language(tmp_path, monkeypatch):
    from parindex.commands import criteria

    def interrupted(*args: object, **kw: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(criteria, "_check", interrupted)
    monkeypatch.delenv("PARINDEX_LANG", raising=False)
    (tmp_path / "c.yaml").write_text(MINIMAL, encoding="utf-8")
    said = run("validate", "c.yaml", cwd=tmp_path)
    assert said.exit_code == 130 and said.output == "đã dừng; không ghi thêm tệp nào\n"
    said = run("validate", "c.yaml", "--lang", "en", cwd=tmp_path)
    assert said.output == "interrupted; nothing more was written\n"


def test_a_group_s_lang_is_its_sub_commands_unless_they_say_their_own(monkeypatch):
    monkeypatch.setenv("PARINDEX_LANG", "vi")
    assert run("records", "--lang", "en", "fields").output.startswith("Dossiers\n")
    assert run("records", "--lang", "en", "fields", "--lang", "vi").output.startswith("Hồ sơ\n")
    monkeypatch.setenv("PARINDEX_LANG", "en")
    assert run("records", "--lang", "vi", "fields").output.startswith("Hồ sơ\n")
    assert run("records", "fields").output.startswith("Dossiers\n")
