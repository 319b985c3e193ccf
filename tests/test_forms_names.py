"""Per-unit forms are named by unit id, safely, whatever the id holds."""

import pytest
from openpyxl import load_workbook

from parindex.forms.names import MAX_STEM, safe_stem, unique_stems

from test_cli import run


def test_safe_stems_cannot_escape_hide_or_name_a_device():
    assert safe_stem("../x") == "___x"
    assert safe_stem("..") == "__"
    assert safe_stem(".hidden") == "_hidden"
    assert safe_stem("CON") == "CON_"
    assert safe_stem("nul.txt") == "nul_.txt"
    assert safe_stem("a/b\\c:d*e?f") == "a_b_c_d_e_f"
    assert safe_stem("UBND xã Vạn Thạnh") == "UBND xã Vạn Thạnh"
    # NFD in, NFC out: one name however the id was typed
    assert safe_stem("Sơn Hòa".replace("ò", "o\u0300")) == "Sơn Hòa"
    long = safe_stem("đ" * 300)
    assert len(long) == MAX_STEM and long.startswith("đđđ")
    assert safe_stem("đ" * 300) != safe_stem("đ" * 299)


def test_unique_stems_tell_apart_ids_that_would_share_a_file():
    stems = unique_stems(["a/b", "a_b", "SNV", "snv", "STP"])
    assert stems["STP"] == "STP"
    assert len({s.casefold() for s in stems.values()}) == 5
    assert stems["a/b"].startswith("a_b-") and stems["a_b"].startswith("a_b-")


@pytest.mark.usefixtures("english")
def test_template_per_unit_writes_each_form_inside_the_folder(tmp_path):
    ids = ["../x", "CON", "a/b", "a_b", "Sở-Nội-vụ", "X" * 300, "snv", "SNV", "=1+1"]
    rows = "".join(f"{uid};Đơn vị {k};Sở, ban, ngành\n" for k, uid in enumerate(ids))
    (tmp_path / "units.csv").write_text("Mã đơn vị;Tên đơn vị;Khối\n" + rows, encoding="utf-8")
    result = run("template", "--units", "units.csv", "--out", "forms", "--per-unit", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "wrote 9 form(s) for 9 unit(s) in 1 block(s): forms" in result.output
    written = sorted(p.name for p in (tmp_path / "forms").iterdir())
    assert len(written) == 9
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forms", "units.csv"]
    assert {"___x.xlsx", "CON_.xlsx", "Sở-Nội-vụ.xlsx"} <= set(written)
    assert all(len(name) <= MAX_STEM + 5 for name in written)
    stems = unique_stems(ids)
    for uid in ids:
        ws = load_workbook(tmp_path / "forms" / f"{stems[uid]}.xlsx").worksheets[0]
        assert [c.value for c in ws[2]][:3] == [uid, f"Đơn vị {ids.index(uid)}", "Sở, ban, ngành"]
        assert ws.max_row == 2
        assert ws.cell(2, 1).data_type == "s"  # `=1+1` stays text, never a formula
