"""The report's charts, written as SVG without matplotlib: the geometry shows the numbers (each
bar as long as its index, each heat-map cell in matplotlib's RdYlGn colour), no chart imports
matplotlib, and the PDF printed by another process gives its file or its error."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from parindex.reports import charts, pdf

from test_cli import run


@pytest.fixture(scope="module")
def doc_path(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    assert run("rank", "--quiet", "--out", str(out), "--format", "json").exit_code == 0
    return out / "results.json"


def test_each_bar_is_as_long_as_its_index_and_coloured_by_its_class():
    svg = charts.ranked_bars(
        ("1. A", "2. B", "3. C"), (90.0, 75.0, 55.0), (0, 1, 2), (("Tốt", 85.0),), "t", "x"
    )
    bars = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" '
                      r'fill="(#[0-9A-F]{6})"/>', svg)  # fmt: skip
    assert [c for _, _, c in bars] == charts.CLASS_COLOURS[:3]
    # the axis runs from 10 below the lowest value (55) to 100
    widths = [float(w) for _, w, _ in bars]
    for width, value in zip(widths, (90, 75, 55), strict=True):
        assert width / widths[0] == pytest.approx((value - 45) / (90 - 45), abs=0.002)
    assert "Tốt ≥ 85" in svg and ">1. A</text>" in svg
    assert [t for t in re.findall(r">(\d+)</text>", svg)] == ["50", "60", "70", "80", "90", "100"]


def test_heat_map_cells_take_matplotlibs_rdylgn_colours_and_blank_cells_stay_blank():
    from matplotlib import colormaps
    from matplotlib.colors import to_rgb

    scale = colormaps["RdYlGn"]
    for v in range(0, 101, 5):
        mine = charts.colour(v)
        theirs = to_rgb(scale(v / 100))
        assert all(
            abs(int(mine[1 + 2 * k : 3 + 2 * k], 16) / 255 - theirs[k]) <= 2 / 255 for k in range(3)
        ), v
    svg = charts.heat_map(("A", "B"), ("1", "2"), ((10.0, None), (55.0, 99.0)), "t")
    cells = svg[svg.index('<g class="cells">') : svg.index("</g>")]
    assert len(re.findall(r'<rect [^>]*fill="#[0-9a-f]{6}"', cells)) == 3
    # the colour scale in 50 bands, from red at 0 to green at 100
    bands = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"/>', svg[svg.index("</g>") :])
    assert bands == [charts.colour(2 * k + 1) for k in range(50)]
    assert f'fill="{charts.colour(10.0)}"' in svg and ">99</text>" in svg


def test_ticks_are_round_steps_within_the_range():
    assert charts.ticks(40, 100) == [40, 50, 60, 70, 80, 90, 100]
    assert charts.ticks(0, 14.4, 6) == [0, 2.5, 5, 7.5, 10, 12.5]
    assert charts.ticks(0, 1.2, 6) == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2])


def test_the_report_with_its_charts_never_imports_matplotlib(doc_path):
    code = (
        "import json, sys; from parindex.reports import html; "
        "doc = json.load(open(sys.argv[1], encoding='utf-8')); page = html.render(doc, 'vi'); "
        "assert page.count('<svg') == 9, page.count('<svg'); "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    )
    subprocess.run([sys.executable, "-c", code, str(doc_path)], check=True)


def test_weasyprint_in_its_child_process_gives_the_pdf_or_its_error(doc_path, monkeypatch):
    doc = json.loads(doc_path.read_text(encoding="utf-8"))

    def broken(page: str) -> bytes:
        raise ValueError("layout failed")

    monkeypatch.setattr(pdf, "with_weasyprint", broken)  # the forked child inherits it
    with pytest.raises(ValueError, match="layout failed"):
        pdf.files(doc, "vi", engine="weasyprint")
    monkeypatch.setattr(pdf, "with_weasyprint", lambda page: b"%PDF-1.7 " + page[:15].encode())
    assert pdf.files(doc, "vi", engine="weasyprint") == {"report.pdf": b"%PDF-1.7 <!DOCTYPE html>"}


def test_a_format_failing_after_the_pdf_started_stops_the_printing(doc_path, monkeypatch):
    import time

    import click

    from parindex.commands.common import render_formats
    from parindex.reports import formats

    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    started: list[pdf.Printing] = []
    real = pdf.start

    def recorded(*args: object, **kwargs: object) -> pdf.Printing:
        started.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return started[-1]

    def broken(fmt: str, *args: object, **kwargs: object) -> dict[str, bytes]:
        raise RuntimeError(f"{fmt} failed")

    monkeypatch.setattr(pdf, "with_weasyprint", lambda page: time.sleep(60) or b"")
    monkeypatch.setattr(pdf, "start", recorded)
    monkeypatch.setattr(formats, "render", broken)
    t = time.perf_counter()
    with pytest.raises(click.UsageError, match="xlsx failed"):
        render_formats(doc, ["xlsx", "pdf"], "vi", doc_path.parent, "weasyprint")
    assert time.perf_counter() - t < 30  # the sleeping child was not waited for
    (printing,) = started
    assert not printing.proc.is_alive()  # type: ignore[attr-defined]
