"""Charts for the HTML and PDF reports, drawn by matplotlib as SVG.

Text stays text (`svg.fonttype: none`: a tenth of the size, three times faster than outlines)
and is set in DejaVu Sans, which matplotlib ships and which covers every Vietnamese letter; the
report embeds the subset of that font its charts use (`font_face`), so diacritics render the
same on any machine, offline, whatever fonts it has.
"""

from __future__ import annotations

import base64
import io
import os
from functools import lru_cache
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: charts are files
import matplotlib.pyplot as plt

FONT = "DejaVu Sans"
# a fixed salt: the same data, the same SVG; no mathtext: a unit named "$x$" is text, not maths
plt.rcParams.update(
    {
        "svg.fonttype": "none",
        "font.family": FONT,
        "font.size": 9,
        "svg.hashsalt": "parindex",
        "text.parse_math": False,
    }
)
CLASS_COLOURS = ["#2E7D32", "#1565C0", "#F9A825", "#C62828", "#6A1B9A"]


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]  # inline: no XML declaration or DOCTYPE


def _tall(n: int, width: float, longest: int, right: float = 0.97) -> tuple[Any, Any]:
    """A figure with room for n labelled rows; margins set once, not by a second layout pass."""
    height = max(2.5, 0.19 * n + 1.1)
    fig, ax = plt.subplots(figsize=(width, height))
    left = min(0.5, 0.1 + 0.0105 * longest * 8 / width)
    fig.subplots_adjust(left=left, right=right, top=1 - 0.55 / height, bottom=0.5 / height)
    return fig, ax


# Charts are pure functions of their (hashable) inputs: the HTML report and the PDF draw the
# same ones, and drawing is the slow part, so each is drawn once per run.
@lru_cache(maxsize=64)
def ranked_bars(
    names: tuple[str, ...],
    values: tuple[float, ...],
    classes: tuple[int, ...],
    thresholds: tuple[tuple[str, float], ...],
    title: str,
    xlabel: str,
) -> str:
    """Units ranked by index, coloured by class, with the class thresholds as lines."""
    n = len(names)
    fig, ax = _tall(n, 8, max((len(x) for x in names), default=10))
    y = list(range(n))[::-1]
    ax.barh(y, values, color=[CLASS_COLOURS[min(c, 4)] for c in classes], height=0.75)
    ax.set_yticks(y, names, fontsize=7 if n > 40 else 8)
    for label, low in thresholds:
        ax.axvline(low, color="#424242", linestyle="--", linewidth=0.8)
        # on a white ground, so the label reads over the bars it crosses
        ax.text(
            low,
            n - 0.4,
            f"{label} ≥ {low:g}",
            rotation=90,
            va="top",
            ha="center",
            fontsize=7,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5, "alpha": 0.9},
        )
    lowest = min([*values, *(t for _, t in thresholds), 100.0])
    ax.set_xlim(max(0.0, lowest - 10), 100)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return _svg(fig)


@lru_cache(maxsize=64)
def class_counts(labels: tuple[str, ...], counts: tuple[int, ...], title: str) -> str:
    fig, ax = plt.subplots(figsize=(5, 2.6))
    fig.subplots_adjust(top=0.85, bottom=0.12)
    bars = ax.bar(list(labels), list(counts), color=CLASS_COLOURS[: len(labels)])
    ax.bar_label(bars)
    ax.set_title(title)
    ax.set_ylim(0, max([*counts, 1]) * 1.2)
    return _svg(fig)


@lru_cache(maxsize=64)
def heat_map(
    names: tuple[str, ...],
    areas: tuple[str, ...],
    values: tuple[tuple[float | None, ...], ...],
    title: str,
) -> str:
    """Units × areas, each cell the area's sub-index (0–100)."""
    import numpy as np

    grid = np.array([[np.nan if v is None else v for v in row] for row in values], dtype=float)
    n = len(names)
    fig, ax = _tall(
        n, max(5.0, 0.6 * len(areas) + 4), max((len(x) for x in names), default=10), right=0.9
    )
    image = ax.imshow(grid, cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
    ax.set_xticks(range(len(areas)), areas)
    ax.set_yticks(range(n), names, fontsize=7 if n > 40 else 8)
    if grid.size <= 400:
        for (i, j), v in np.ndenumerate(grid):
            if not np.isnan(v):
                ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7)
    fig.colorbar(image, ax=ax, fraction=0.04)
    ax.set_title(title)
    return _svg(fig)


def font_face(text: str) -> str:
    """A CSS @font-face carrying the DejaVu Sans glyphs `text` needs, as an embedded font."""
    from fontTools import subset

    path = os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.drop_tables = [*options.drop_tables, "FFTM"]  # a FontForge stamp, not a glyph
    font = subset.load_font(path, options)
    sub = subset.Subsetter(options)
    sub.populate(text="".join(sorted(set(text))) + " 0123456789.,%–≥")
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    font.close()
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        f"@font-face {{ font-family: '{FONT}'; "
        f"src: url(data:font/ttf;base64,{data}) format('truetype'); }}"
    )
