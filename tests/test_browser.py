"""The HTML report in a real headless Chromium: no console error, no request, charts visible.

On a machine without Chromium this test is skipped, saying why; in CI (CI=true) a missing
browser is a failure, since .ci/run installs Debian's chromium.
"""

import json
import os

import pytest

from parindex.reports import html
from parindex.reports.pdf import browser

from test_cli import run


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    assert run("rank", "--quiet", "--out", str(out), "--format", "json").exit_code == 0
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    path = out / "report.html"
    path.write_text(html.render(doc, "vi"), encoding="utf-8")
    return path


def test_report_opens_offline_with_every_chart_visible(page_file, tmp_path):
    exe = browser()
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing in CI: .ci/run must install Debian's chromium")
        pytest.skip("Chromium is not installed here (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=exe,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = b.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            charts = page.locator(".chart svg")
            assert charts.count() == 9  # bars, classes and heat map for each of 3 blocks
            for k in range(charts.count()):
                chart = charts.nth(k)
                chart.scroll_into_view_if_needed()
                assert chart.is_visible()
                box = chart.bounding_box()
                assert box is not None and box["width"] > 200 and box["height"] > 100
            # the charts' text is set in the embedded font, Vietnamese letters included
            assert "Sở Kế hoạch và Đầu tư" in page.locator(".chart").first.inner_text()
            page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
            # the search box keeps the rows and explanations whose id or name holds the text
            rows = page.locator("tr.row")
            assert rows.count() == 166
            page.fill("#search", "xây dựng")
            shown = [r for r in rows.all() if r.is_visible()]
            assert [r.inner_text().split("\t")[1] for r in shown] == ["SXD"]
            assert page.locator("div.unit:visible").count() == 1
            page.fill("#search", "")
            assert page.locator("tr.row:visible").count() == 166
        finally:
            b.close()
    assert problems == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert (tmp_path / "report.png").stat().st_size > 10_000
