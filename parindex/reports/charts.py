"""Charts for the HTML and PDF reports, as SVG written directly.

A ranked bar chart, a class count and a heat map are rectangles, lines and labels: written as
SVG here they cost milliseconds, where matplotlib took about 2 s of a run (0.5 s to import, 1.6 s
to lay out some 2,000 labels) — half the time the demo's every output is allowed. The geometry
follows the matplotlib charts they replace (same sizes in points, margins, colours, RdYlGn
scale, ticks), and the browser, not Python, places each label by its anchor.

Text stays text, set in DejaVu Sans, which matplotlib's package ships and which covers every
Vietnamese letter; the report embeds the subset of that font its charts use (`font_face`), so
diacritics render the same on any machine, offline, whatever fonts it has.
"""

from __future__ import annotations

import base64
import io
import math
from functools import lru_cache
from html import escape
from importlib.util import find_spec
from pathlib import Path

FONT = "DejaVu Sans"
CLASS_COLOURS = ["#2E7D32", "#1565C0", "#F9A825", "#C62828", "#6A1B9A"]
# ColorBrewer's RdYlGn, the 11 colours matplotlib's "RdYlGn" interpolates between
RDYLGN = [
    (165, 0, 38), (215, 48, 39), (244, 109, 67), (253, 174, 97), (254, 224, 139), (255, 255, 191),
    (217, 239, 139), (166, 217, 106), (102, 189, 99), (26, 152, 80), (0, 104, 55),
]  # fmt: skip
TICK = 3.5  # tick length and label gap, points (matplotlib's defaults)
SIZE = 9  # the base font size, points


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _text(
    x: float, y: float, s: str, size: float = SIZE, anchor: str = "middle", **attrs: str
) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}"{extra}>'
        f"{escape(s, quote=False)}</text>"
    )


def _svg(width: float, height: float, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}pt" height="{_n(height)}pt" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="{FONT}">'
        f'<rect width="100%" height="100%" fill="#fff"/>{"".join(body)}</svg>'
    )


def ticks(low: float, high: float, most: int = 8) -> list[float]:
    """Round steps (1, 2, 2.5 or 5 × 10ⁿ) from low to high, at most `most` + 1 of them."""
    raw = (high - low) / most or 1.0
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw - 1e-12)
    first = math.ceil(low / step - 1e-9) * step
    return [first + k * step for k in range(int((high - first) / step + 1e-9) + 1)]


class _Axes:
    """A plotting box in the figure (points) and its data ranges."""

    def __init__(self, box: tuple[float, float, float, float], xr: tuple[float, float],
                 yr: tuple[float, float], y_down: bool = False) -> None:  # fmt: skip
        self.left, self.top, self.right, self.bottom = box
        self.xr, self.yr, self.y_down = xr, yr, y_down

    def x(self, v: float) -> float:
        return self.left + (v - self.xr[0]) / (self.xr[1] - self.xr[0]) * (self.right - self.left)

    def y(self, v: float) -> float:
        share = (v - self.yr[0]) / (self.yr[1] - self.yr[0])
        return self.top + (share if self.y_down else 1 - share) * (self.bottom - self.top)

    def frame(self) -> str:
        w, h = self.right - self.left, self.bottom - self.top
        return (
            f'<rect x="{_n(self.left)}" y="{_n(self.top)}" width="{_n(w)}" height="{_n(h)}" '
            'fill="none" stroke="#000" stroke-width="0.8"/>'
        )

    def xticks(self, values: list[float], labels: list[str]) -> list[str]:
        out, marks = [], []
        for v, label in zip(values, labels, strict=True):
            x = self.x(v)
            marks.append(f"M{_n(x)} {_n(self.bottom)}v{TICK}")
            out.append(_text(x, self.bottom + 2 * TICK + SIZE * 0.8, label))
        return [_marks(marks), *out]

    def yticks(self, values: list[float], labels: list[str], size: float = SIZE) -> list[str]:
        out, marks = [], []
        for v, label in zip(values, labels, strict=True):
            y = self.y(v)
            marks.append(f"M{_n(self.left - TICK)} {_n(y)}h{TICK}")
            out.append(_text(self.left - 2 * TICK, y + size * 0.35, label, size, "end"))
        return [_marks(marks), *out]

    def title(self, s: str) -> str:
        return _text((self.left + self.right) / 2, self.top - 6, s, SIZE * 1.2)


def _marks(moves: list[str]) -> str:
    """Tick marks as one path: a page holds hundreds, and each element costs WeasyPrint."""
    return f'<path d="{"".join(moves)}" stroke="#000" stroke-width="0.8" fill="none"/>'


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = "#000", **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
        f'stroke="{stroke}" stroke-width="0.8"{extra}/>'
    )


def _tall(
    n: int, width: float, longest: int, right: float = 0.97
) -> tuple[float, float, tuple[float, float, float, float]]:
    """A figure (points) with room for n labelled rows, and its plotting box."""
    height = max(2.5, 0.19 * n + 1.1)
    left = min(0.5, 0.1 + 0.0105 * longest * 8 / width)
    return (
        width * 72,
        height * 72,
        (left * width * 72, 0.55 * 72, right * width * 72, (height - 0.5) * 72),
    )


# Charts are pure functions of their (hashable) inputs: the HTML report and the PDF show the
# same ones, so each is made once per run.
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
    width, height, box = _tall(n, 8, max((len(x) for x in names), default=10))
    lowest = min([*values, *(t for _, t in thresholds), 100.0])
    ax = _Axes(box, (max(0.0, lowest - 10), 100), (-0.6, n - 0.4))
    body = []
    row = abs(ax.y(0.75) - ax.y(0))
    for k, (v, c) in enumerate(zip(values, classes, strict=True)):
        y = ax.y(n - 1 - k + 0.375)
        w = max(0.0, ax.x(v) - ax.x(ax.xr[0]))
        body.append(
            f'<rect x="{_n(ax.left)}" y="{_n(y)}" width="{_n(w)}" height="{_n(row)}" '
            f'fill="{CLASS_COLOURS[min(c, 4)]}"/>'
        )
    for _label, low in thresholds:
        x = ax.x(low)
        body.append(_line(x, ax.top, x, ax.bottom, stroke="#424242", stroke_dasharray="3,1.3"))
    for label, low in thresholds:  # on a white ground, so the label reads over the bars
        x, y, said = ax.x(low), ax.y(n - 0.4) + 1.5, f"{label} ≥ {low:g}"
        tall = width_of(said, 7) + 3
        body.append(
            f'<rect x="{_n(x - 4.5)}" y="{_n(y - 1.5)}" width="9" height="{_n(tall)}" '
            'fill="#fff" fill-opacity="0.9"/>'
            f'<text transform="translate({_n(x + 2.5)},{_n(y)}) rotate(-90)" font-size="7" '
            f'text-anchor="end">{escape(said, quote=False)}</text>'
        )
    xs = [t for t in ticks(*ax.xr) if ax.xr[0] <= t <= ax.xr[1]]
    body += ax.xticks(xs, [f"{t:g}" for t in xs])
    body += ax.yticks([n - 1 - k for k in range(n)], list(names), 7 if n > 40 else 8)
    body.append(ax.frame())
    body.append(_text((ax.left + ax.right) / 2, ax.bottom + 2 * TICK + SIZE * 2.1, xlabel))
    body.append(ax.title(title))
    return _svg(width, height, body)


@lru_cache(maxsize=64)
def class_counts(labels: tuple[str, ...], counts: tuple[int, ...], title: str) -> str:
    width, height = 5 * 72, 2.6 * 72
    k = len(labels)
    top = max([*counts, 1]) * 1.2
    # matplotlib's 5% margins around the bars' extent
    pad = 0.05 * (k - 1 + 0.8)
    ax = _Axes((0.125 * width, 0.15 * height, 0.9 * width, 0.88 * height),
               (-0.4 - pad, k - 0.6 + pad), (0, top))  # fmt: skip
    body = []
    for j, count in enumerate(counts):
        x0, x1, y = ax.x(j - 0.4), ax.x(j + 0.4), ax.y(count)
        body.append(
            f'<rect x="{_n(x0)}" y="{_n(y)}" width="{_n(x1 - x0)}" height="{_n(ax.bottom - y)}" '
            f'fill="{CLASS_COLOURS[j % len(CLASS_COLOURS)]}"/>'
        )
        body.append(_text((x0 + x1) / 2, y - 3, str(count)))
    ys = [t for t in ticks(0, top, 6) if t <= top and t == int(t)]
    body += ax.yticks(ys, [f"{t:g}" for t in ys])
    body += ax.xticks(list(range(k)), list(labels))
    body.append(ax.frame())
    body.append(ax.title(title))
    return _svg(width, height, body)


def colour(v: float) -> str:
    """The RdYlGn colour of a value 0–100."""
    at = min(max(v, 0.0), 100.0) / 100 * (len(RDYLGN) - 1)
    k = min(int(at), len(RDYLGN) - 2)
    f = at - k
    a, b = RDYLGN[k], RDYLGN[k + 1]
    return "#" + "".join(f"{round(p + (q - p) * f):02x}" for p, q in zip(a, b, strict=True))


@lru_cache(maxsize=64)
def heat_map(
    names: tuple[str, ...],
    areas: tuple[str, ...],
    values: tuple[tuple[float | None, ...], ...],
    title: str,
) -> str:
    """Units × areas, each cell the area's sub-index (0–100); a blank cell has none."""
    n, m = len(names), len(areas)
    width, height, (left, top, right, bottom) = _tall(
        n, max(5.0, 0.6 * m + 4), max((len(x) for x in names), default=10), right=0.9
    )
    bar_w = 0.04 * (right - left)  # the colour scale takes a slice of the box, as a colorbar
    ax = _Axes((left, top, right - bar_w * 2.2, bottom), (-0.5, m - 0.5), (-0.5, n - 0.5), True)
    cw, ch = ax.x(0.5) - ax.x(-0.5), ax.y(0.5) - ax.y(-0.5)
    show = n * m <= 400
    body = ['<g class="cells">']
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            if v is None or v != v:
                continue
            x, y = ax.x(j - 0.5), ax.y(i - 0.5)
            body.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(cw + 0.05)}" height="{_n(ch + 0.05)}" '
                f'fill="{colour(v)}"/>'
            )
            if show:
                body.append(_text(x + cw / 2, y + ch / 2 + 2.5, f"{v:.0f}", 7))
    body.append("</g>")
    body += ax.xticks(list(range(m)), list(areas))
    body += ax.yticks(list(range(n)), list(names), 7 if n > 40 else 8)
    body.append(ax.frame())
    body.append(ax.title(title))
    # the colour scale, 100 at the top: bands, not an SVG gradient, which WeasyPrint does not draw
    bx, bh, steps = ax.right + bar_w, ax.bottom - ax.top, 50
    for k in range(steps):
        body.append(
            f'<rect x="{_n(bx)}" y="{_n(ax.bottom - (k + 1) * bh / steps)}" width="{_n(bar_w)}" '
            f'height="{_n(bh / steps + 0.3)}" fill="{colour((k + 0.5) * 100 / steps)}"/>'
        )
    body.append(
        f'<rect x="{_n(bx)}" y="{_n(ax.top)}" width="{_n(bar_w)}" height="{_n(bh)}" '
        'fill="none" stroke="#000" stroke-width="0.8"/>'
    )
    marks = []
    for t in range(0, 101, 20):
        y = ax.bottom - t / 100 * bh
        marks.append(f"M{_n(bx + bar_w)} {_n(y)}h{TICK}")
        body.append(_text(bx + bar_w + 2 * TICK, y + SIZE * 0.35, str(t), anchor="start"))
    body.append(_marks(marks))
    return _svg(width, height, body)


@lru_cache(maxsize=1)
def _advances() -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(font_path()), lazy=True) as font:
        return dict(font.getBestCmap()), dict(font["hmtx"].metrics), font["head"].unitsPerEm


def width_of(text: str, size: float) -> float:
    """How wide `text` is in DejaVu Sans at `size` points (no kerning: a box to put it on)."""
    cmap, metrics, em = _advances()
    return sum(metrics.get(cmap.get(ord(c), ".notdef"), (em // 2, 0))[0] for c in text) * size / em


def font_path() -> Path:
    """DejaVu Sans as matplotlib's package ships it (found without importing matplotlib)."""
    spec = find_spec("matplotlib")
    assert spec is not None and spec.submodule_search_locations
    return Path(
        next(iter(spec.submodule_search_locations)), "mpl-data", "fonts", "ttf", "DejaVuSans.ttf"
    )


def font_face(text: str) -> str:
    """A CSS @font-face carrying the DejaVu Sans glyphs `text` needs, as an embedded font."""
    return _font_face("".join(sorted(set(text))))


@lru_cache(maxsize=8)
def _font_face(chars: str) -> str:
    # cached by the set of characters: the HTML report and the PDF's page usually need the same
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.drop_tables = [*options.drop_tables, "FFTM"]  # a FontForge stamp, not a glyph
    font = subset.load_font(str(font_path()), options)
    sub = subset.Subsetter(options)
    sub.populate(text=chars + " 0123456789.,%–≥")
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    font.close()
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        f"@font-face {{ font-family: '{FONT}'; "
        f"src: url(data:font/ttf;base64,{data}) format('truetype'); }}"
    )
