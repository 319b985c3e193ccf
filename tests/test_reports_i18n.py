"""One language per run: the catalogs are complete, and no output of the demo speaks the other
language or shows an internal name (indicator ids, block ids, rule parameters) to a reader."""

from __future__ import annotations

import ast
import csv
import html.parser
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from parindex import i18n
from parindex.reports import sheets

from test_cli import run

ROOT = Path(__file__).parent.parent
PO = i18n.LOCALE_DIR / "vi" / "LC_MESSAGES" / "parindex.po"
MO = PO.with_suffix(".mo")


def source_messages() -> set[str]:
    """Every message the code and the template mark, found as written: in Python by its syntax
    tree (also inside f-strings, which the extractor of Python 3.11 does not look into, and
    across implicitly joined literals), in the template by its text."""
    found: set[str] = set()
    for path in (ROOT / "parindex").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    call = re.compile(r"""\bN?_\(\s*(?:\n\s*)?(["'])((?:\\.|(?!\1).)*)\1""")
    for path in (ROOT / "parindex").rglob("*.j2"):
        for m in call.finditer(path.read_text(encoding="utf-8")):
            found.add(m.group(2).encode().decode("unicode_escape").encode("latin-1").decode())
    return found


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def test_every_message_is_translated_and_the_compiled_catalog_is_current():
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    with PO.open("rb") as f:
        po = read_po(f)
    # a message with a plural (click's) is keyed by its singular; Vietnamese has one form
    translated = {m.id: m.string for m in po if m.id and m.string and all(m.string)}
    singular = {(k[0] if isinstance(k, tuple) else k) for k in translated}
    missing = sorted(source_messages() - singular)
    assert not missing, f"untranslated (run scripts/update_catalogs.py): {missing}"
    assert not [m.id for m in po if m.id and m.fuzzy], "fuzzy translations in the catalog"
    with MO.open("rb") as f:
        mo = {_hashable(m.id): _hashable(m.string) for m in read_mo(f) if m.id}
    assert mo == translated, "parindex.mo is stale: run scripts/update_catalogs.py"
    for msgid, text in translated.items():  # the same placeholders on both sides
        if isinstance(msgid, tuple):  # click fills both forms' fields: a form may use either
            fields = set(re.findall(r"{\w+(?:!r)?}", " ".join(msgid)))
            assert all(set(re.findall(r"{\w+(?:!r)?}", form)) <= fields for form in text), msgid
            continue
        assert re.findall(r"{\w+}", msgid) == re.findall(r"{\w+}", text), msgid


def test_the_catalog_is_part_of_the_package():
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = data["tool"]["setuptools"]["package-data"]["parindex.reports"]
    assert "locale/*/LC_MESSAGES/*.mo" in shipped
    assert i18n._("Rank", "vi") == "Hạng" and i18n._("Rank", "en") == "Rank"


# ------------------------------------------------------------------ what a reader sees


class _Text(html.parser.HTMLParser):
    """The text a browser shows: no style, script or attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(files: dict[str, bytes]) -> dict[str, str]:
    """name → the text a reader sees in it."""
    from docx import Document
    from python_calamine import CalamineWorkbook

    out = {}
    for name, data in files.items():
        if name.endswith(".csv"):
            text = data.decode("utf-8-sig")
            rows = csv.reader(io.StringIO(text), delimiter=";" if ";" in text[:200] else ",")
            out[name] = "\n".join(" | ".join(r) for r in rows)
        elif name.endswith(".md"):
            out[name] = data.decode("utf-8")
        elif name.endswith(".html"):
            p = _Text()
            p.feed(data.decode("utf-8"))
            out[name] = "\n".join(p.parts)
        elif name.endswith(".xlsx"):
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            lines = list(book.sheet_names)
            for sheet in book.sheet_names:
                lines += [
                    " | ".join(map(str, r)) for r in book.get_sheet_by_name(sheet).to_python()
                ]
            out[name] = "\n".join(lines)
        elif name.endswith(".docx"):
            d = Document(io.BytesIO(data))
            lines = [p.text for p in d.paragraphs]
            for t in d.tables:
                lines += [" | ".join(c.text for c in r.cells) for r in t.rows]
            out[name] = "\n".join(lines)
        elif name.endswith(".pdf") and shutil.which("pdftotext"):
            out[name] = subprocess.run(
                ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
            ).stdout.decode("utf-8")
    return out


def internal_names() -> set[str]:
    """Ids a reader must never see: indicators, derived values, blocks, rule parameters."""
    from parindex.criteria.validate import bundled_sets
    from parindex.run import load_criteria

    bundle = load_criteria(bundled_sets(), [str(p) for p in bundled_sets()])
    names = {"min_index", "rank_at_most", "no_cap", "head_at_least", "min_improvement"}
    names |= {"at_most", "at_least", "per_block", "exclude_all", "include_all", "not_in_block"}
    for plan in bundle.plans:
        cs = plan.criteria
        names |= set(cs.indicators) | set(cs.derived) | set(cs.blocks)
    return names


ENGLISH = [
    "required", "wrote", "quota", "eligible", "capped", "class", "rank", "block", "units",
    "index", "otherwise", "band", "reached", "award", "time", "data", "previous", "points",
    "Total", "the", "and", "not", "of", "no cap", "sha256",
]  # fmt: skip
VIETNAMESE = [
    "Hạng", "Xếp loại", "Chỉ số", "điểm", "Điểm", "đủ điều kiện", "Ghi chú", "Tốt", "Khá",
    "Trung bình", "Yếu", "Lý do", "Giới hạn", "trên", "mức", "Khối", "Tự chấm", "thẩm định",
    "không", "Không", "đơn vị", "Hạ loại", "Hoàn thành",
]  # fmt: skip


def data_text(doc: dict) -> list[str]:
    """What the data say in their own words (names of units, heads, positions, titles without
    an English version): shown as they are in either language, so left out of the check."""
    out = [u["name"] for u in doc["units"]]
    for h in doc.get("heads", []):
        out += [h["head"], h["position"], h["unit_name"]]
    for s in doc["criteria_sets"]:
        out += [c["title"] for c in s["criteria"].values() if not c.get("title_en")]
    return sorted(set(out), key=len, reverse=True)


def strip(text: str, doc: dict) -> str:
    for known in data_text(doc):
        text = text.replace(known, " ")
    # file paths and hashes of the provenance name files, not words
    return re.sub(r"\S*[/\\]\S*|\b[0-9a-f]{64}\b|parindex:\S+|\S+\.(yaml|csv|json)\b", " ", text)


def leaks(text: str, words: list[str]) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Every output of the demo in each language: the files of every format and the terminal
    text of rank, explain, heads and awards."""
    got = {}
    for lang in ("vi", "en"):
        out = tmp_path_factory.mktemp(f"out-{lang}")
        fmt = "csv,xlsx,html,docx,md" + (",pdf" if shutil.which("pdftotext") else "")
        rank = run("rank", "--lang", lang, "--out", str(out), "--format", fmt + ",json")
        assert rank.exit_code == 0, rank.output
        files = {p.name: p.read_bytes() for p in out.iterdir() if p.name != "results.json"}
        if lang == "en":
            files.pop("annex.docx")  # the decision annex is a Vietnamese legal document
        texts = visible(files)
        texts["rank"] = rank.output
        texts["rank --full"] = run(
            "rank", "--lang", lang, "--full", "--out", str(out), "--format", "json"
        ).output
        for unit in ("SXD", "TTT", "SKHDT", "KSO07"):
            texts[f"explain {unit}"] = run("explain", unit, "--lang", lang).output
        texts["heads"] = run("heads", "--lang", lang).output
        texts["awards --all"] = run("awards", "--all", "--lang", lang).output
        texts["awards --unit SXD"] = run("awards", "--unit", "SXD", "--lang", lang).output
        doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
        some = {**doc, "units": [u for u in doc["units"] if u["id"] in ("SXD", "TTT", "KSO07")]}
        texts |= visible(sheets.files(some, lang))
        got[lang] = (texts, doc)
    return got


def test_vietnamese_outputs_show_no_english_and_no_internal_name(outputs):
    texts, doc = outputs["vi"]
    forbidden = [*ENGLISH, *sorted(internal_names())]
    found = {name: leaks(strip(text, doc), forbidden) for name, text in texts.items()}
    bad = {k: v for k, v in found.items() if v}
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())
    assert "Hạ loại: tỷ lệ hồ sơ trễ hẹn trên 20%" in texts["annex.docx"]
    assert "Để lên loại Tốt (≥ 85): phải không còn" in texts["explain SXD"]
    assert "chỉ số 87,29, yêu cầu từ 90 trở lên" in texts["awards --unit SXD"]


def test_english_outputs_show_no_vietnamese_and_no_internal_name(outputs):
    texts, doc = outputs["en"]
    # the plain CSV is for programs: ids as headers, values as the data hold them
    texts = {k: v for k, v in texts.items() if not k.endswith(".csv")}
    # block ids are English words (commune, district) and may be said in English prose
    forbidden = [*VIETNAMESE, *sorted(internal_names() - {"commune", "district", "department"})]
    found = {name: leaks(strip(text, doc), forbidden) for name, text in texts.items()}
    bad = {k: v for k, v in found.items() if v}
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())
    assert "More than 20% of dossiers were late" in texts["explain SXD"]
    assert "index 87.29, required at least 90" in texts["awards --unit SXD"]


def test_a_diagnostic_is_rendered_in_the_run_s_language():
    from parindex.errors import Diagnostic, t

    d = Diagnostic(
        "d.xlsx", 5, None, "", "PD001", t("row {row}", row=5), hint=t("row {row}", row=2.5)
    )
    d = Diagnostic(**{**d.__dict__, "sheet": "Biểu 01"})
    assert d.render("en") == "d.xlsx [Biểu 01] row 5: PD001 error: row 5\n    hint: row 2.5"
    assert d.render("vi") == "d.xlsx [Biểu 01] dòng 5: PD001 lỗi: dòng 5\n    gợi ý: dòng 2,5"
    assert d.text("vi") == "dòng 5" and str(d.message) == "row 5"
