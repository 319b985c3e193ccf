"""The strict YAML reader: what YAML allows but a criteria file must not, and text handling."""

import time
import unicodedata

import pytest

from parindex.criteria.loader import load
from parindex.criteria.source import MAX_BYTES, compose
from parindex.errors import ParindexError

from conftest import MINIMAL, edit


def messages(exc: pytest.ExceptionInfo[ParindexError]) -> list[str]:
    return [d.render() for d in exc.value.diagnostics]


def test_billion_laughs_is_refused_at_the_first_anchor_without_expanding(write):
    bomb = ["schema_version: 1", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for i in range(40):  # 9**40 items if anything expanded it
        bomb.append(f"b{i}: &b{i} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = f"b{i}"
    path = write("\n".join(bomb) + "\n")
    started = time.perf_counter()
    with pytest.raises(ParindexError) as exc:
        load(path, "f.yaml")
    assert time.perf_counter() - started < 1.0
    assert messages(exc) == [
        "f.yaml:2:4: PX003 error: a: YAML anchor `&a` is not allowed in a criteria file\n"
        "    hint: write each value out in full; anchors and aliases hide what a rule says"
    ]


def test_an_alias_without_an_anchor_in_this_file_is_refused():
    with pytest.raises(ParindexError) as exc:
        compose("schema_version: 1\nx: *nowhere\n", "f.yaml")
    # libyaml itself rejects an alias to an unknown anchor
    assert exc.value.diagnostics[0].code in {"PX001", "PX003"}
    assert exc.value.diagnostics[0].line == 2


def test_invalid_utf8_is_reported_with_its_byte_offset(tmp_path):
    path = tmp_path / "f.yaml"
    text = MINIMAL.encode("utf-8").replace("Chỉ đạo điều hành".encode(), b"Ch\xec \xf0ao")
    path.write_bytes(text)
    offset = text.index(b"\xec")
    with pytest.raises(ParindexError) as exc:
        load(path, "f.yaml")
    assert messages(exc) == [
        f"f.yaml:16:14: PX006 error: the file is not valid UTF-8: byte 0xec at offset {offset}\n"
        "    hint: save the file as UTF-8 (in Notepad: Save As → Encoding → UTF-8)"
    ]


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(ParindexError) as exc:
        load(path, "big.yaml")
    assert messages(exc) == [
        f"big.yaml: PX005 error: the file is {MAX_BYTES + 1:,} bytes; criteria files are limited "
        f"to {MAX_BYTES:,} bytes\n    hint: split the criteria into one file per block"
    ]


def test_a_second_document_is_refused():
    with pytest.raises(ParindexError) as exc:
        compose("a: 1\n---\nb: 2\n", "f.yaml")
    assert exc.value.diagnostics[0].code == "PX001"
    assert exc.value.diagnostics[0].line == 2


def test_complex_keys_are_refused():
    with pytest.raises(ParindexError) as exc:
        compose("? [a, b]\n: 1\n", "f.yaml")
    assert [d.code for d in exc.value.diagnostics] == ["PX004"]


def test_every_duplicate_key_in_the_file_is_reported_together():
    text = "a: 1\na: 2\nb:\n  c: 1\n  c: 2\n"
    with pytest.raises(ParindexError) as exc:
        compose(text, "f.yaml")
    assert [(d.code, d.line, d.path) for d in exc.value.diagnostics] == [
        ("PX002", 2, "a"),
        ("PX002", 5, "b.c"),
    ]


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("yes", "yes"),  # YAML 1.1 would make these booleans
        ("no", "no"),
        ("on", "on"),
        ("NO", "NO"),
        ("1:30", "1:30"),  # YAML 1.1 would make this 90
        ("true", True),
        ("false", False),
        ("12", 12),
        ("-3", -3),
        ("1.10", 1.1),
        ("2,5", 2.5),  # Vietnamese decimal comma
        ("1e3", 1000.0),
        ("~", None),
        ("null", None),
        ("0.95", 0.95),
        ("'12'", "12"),
        ("2016-07-06", "2016-07-06"),  # no timestamps: dates stay text
    ],
)
def test_only_the_scalars_the_language_needs_are_resolved(scalar, value):
    assert compose(f"x: {scalar}\n", "f.yaml").data == {"x": value}


def test_ids_keep_their_written_text():
    # `id: 1.10` is criterion "1.10", not the number 1.1
    tree = compose("id: 1.10\nperiod: 2016\nx: 1.10\n", "f.yaml")
    assert tree.data == {"id": "1.10", "period": "2016", "x": 1.1}


def test_a_byte_order_mark_is_accepted(write, tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert load(path).criteria.id == "test-set"


def test_decomposed_vietnamese_is_read_as_composed(write):
    nfd = unicodedata.normalize("NFD", MINIMAL)
    assert nfd != MINIMAL
    loaded = load(write(nfd))
    assert loaded.criteria.classes[1].label == "Khá"  # NFC
    assert loaded.criteria.areas[0].title == unicodedata.normalize("NFC", "Chỉ đạo điều hành")


def test_positions_point_at_keys_and_values():
    tree = compose("a:\n  - id: x\n    b: 1\n", "f.yaml")
    assert tree.values[("a", 0, "b")] == (3, 8)
    assert tree.keys[("a", 0, "b")] == (3, 5)
    assert tree.locate(("a", 0, "b")) == (("a", 0, "b"), "a[x].b")
    # segments the file does not have are skipped: the location stays on the parent
    assert tree.locate(("a", 0, "tag", "c")) == (("a", 0), "a[x]")


def test_the_input_file_is_never_modified(write):
    path = write(edit("max: 5\n", "max: năm\n"))
    before = path.read_bytes()
    with pytest.raises(ParindexError):
        load(path)
    assert path.read_bytes() == before
