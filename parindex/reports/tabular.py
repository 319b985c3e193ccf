"""The results document, results.json and the CSV files.

`document` gathers everything a run produced into one plain dict — the shape results.json
stores and every report format renders, so `parindex report results.json` can redraw any format
later without scoring again. Each CSV keeps one flat row per record, in Excel's flavour for a
Vietnamese PC or plainly for programs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from parindex.i18n import N_, _, day, number, short
from parindex.reports.text import Words


def to_json(doc: dict[str, Any]) -> bytes:
    from parindex.document.io import to_json as strict

    return strict(doc)


class JsonPieces:
    """results.json in pieces, a chunk of unit rows at a time: `start`, `units` for each chunk,
    `end` together are the bytes `to_json` makes of {**head, "units": [...], **tail}."""

    def __init__(self, head: dict[str, Any], tail: dict[str, Any]) -> None:
        self.head, self.tail = head, tail
        self.sep = b""

    def start(self) -> bytes:
        import orjson

        return orjson.dumps(self.head)[:-1] + b',"units":['

    def units(self, chunk: list[dict[str, Any]]) -> bytes:
        import orjson

        if not chunk:
            return b""
        out = self.sep + orjson.dumps(chunk)[1:-1]
        self.sep = b","
        return out

    def end(self) -> bytes:
        import orjson

        return b"]" + (b"," + orjson.dumps(self.tail)[1:] if self.tail else b"}") + b"\n"


BOM = "\ufeff".encode()
# Excel reads a cell starting with one of these as a formula, whatever the file says (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(text: str) -> str:
    """A text cell that no spreadsheet will run: a leading quote before = + - @ tab or CR."""
    return "'" + text if text.startswith(FORMULA_START) else text


class _Dialect:
    """How one CSV flavour writes a header, a number, a yes/no and a text."""

    def __init__(self, doc: dict[str, Any], lang: str, mode: str) -> None:
        self.excel = mode == "excel-vi"
        self.lang = "vi" if self.excel else lang
        self.words = Words(doc, self.lang)

    def head(self, plain: str, words: str) -> str:
        return _(words, self.lang) if self.excel else plain

    def num(self, v: Any, decimals: int | None = None) -> Any:
        if not self.excel or v is None or isinstance(v, str):
            return v
        return number(v, "vi", decimals) if decimals is not None else short(v, "vi")

    def yes(self, v: bool) -> str | bool:
        return (_("yes", "vi") if v else _("no", "vi")) if self.excel else v


def to_csv(doc: dict[str, Any], lang: str = "vi", mode: str = "plain") -> bytes:
    """results.csv: one line per unit."""
    units = UnitLines(doc, lang, mode)
    return units.head() + units.lines(doc["units"])


class UnitLines:
    """results.csv made a chunk of unit rows at a time (the document need not be whole: its
    head says which areas and criteria there are), formatted column by column, each distinct
    value of a column formatted once."""

    def __init__(self, doc: dict[str, Any], lang: str, mode: str) -> None:
        self.d = d = _Dialect(doc, lang, mode)
        sets = doc.get("criteria_sets", [])
        rows = doc.get("units", [])
        self.areas = sorted(
            {a for s in sets for a in s["areas"]} | {a for r in rows for a in r["areas"]},
            key=natural,
        )
        self.crits = sorted(
            {c for s in sets for c in s.get("criteria", {})}
            | {c for r in rows for c in r["criteria"]},
            key=natural,
        )
        w, excel = d.words, d.excel
        text = _memo(lambda v: None if v is None else safe(v))
        self.num = _memo(
            lambda v: text(d.num(v)) if excel else text(v) if isinstance(v, str) else v
        )
        self.two = _memo(lambda v: text(d.num(v, 2)) if excel else v)
        self.index = _memo(lambda v, dec: text(d.num(v, dec)) if excel else v)
        self.block = _memo(lambda v: text(w.block(v) if excel else v))
        self.klass = _memo(lambda v: text(w.klass(v) if excel else v))
        self.yes = _memo(lambda v: text(d.yes(v)) if excel else v)
        self.text = text

    def head(self) -> bytes:
        d = self.d
        head = [
            d.head("id", N_("ID")),
            d.head("name", N_("Unit")),
            d.head("block", N_("Block")),
            d.head("index", N_("Index (%)")),
            d.head("class", N_("Class")),
            d.head("rank", N_("Rank")),
            d.head("block_size", N_("Units in block")),
            d.head("index_self", N_("Self-assessed (%)")),
            d.head("self_gap", N_("Self-assessed minus appraised")),
            d.head("self_flag", N_("Self-assessment flagged")),
            d.head("capped_by", N_("Class lowered by")),
        ]
        head += [
            f"area {a}" if not d.excel else _("Area {id} (%)", "vi").format(id=a)
            for a in self.areas
        ]
        head += [
            f"criterion {c}" if not d.excel else _("Criterion {id}", "vi").format(id=c)
            for c in self.crits
        ]
        return _csv([[safe(h) for h in head]], self.d.excel, bom=True)

    def lines(self, rows: list[dict[str, Any]]) -> bytes:
        w = self.d.words
        decimals = [w.decimals(r) for r in rows]
        columns = [
            list(map(self.text, [r["id"] for r in rows])),
            list(map(self.text, [r["name"] for r in rows])),
            list(map(self.block, [r["block"] for r in rows])),
            list(map(self.index, [r["index"] for r in rows], decimals)),
            list(map(self.klass, [r["class"] for r in rows])),
            [r["rank"] for r in rows],
            [r["block_size"] for r in rows],
            list(map(self.index, [r["index_self"] for r in rows], decimals)),
            list(map(self.two, [r["self_gap"] for r in rows])),
            list(map(self.yes, [r["self_flag"] for r in rows])),
            [self.text("; ".join(c["reason"] for c in r["caps"] if c["lowered"])) for r in rows],
        ]
        for a in self.areas:
            cells = [r["areas"].get(a) for r in rows]
            columns.append(
                list(map(self.two, [None if c is None else c.get("index") for c in cells]))
            )
        # the criteria row by row: a unit's entries lie together in memory, a column's do not
        crits, num = self.crits, self.num
        points = [
            map(num, [p if e and (p := e["points"]) is not None else _shown(e) for e in found])
            for found in (map(r["criteria"].get, crits) for r in rows)
        ]
        fixed = zip(*columns, strict=True)
        lines = [(*f, *p) for f, p in zip(fixed, points, strict=True)]
        return _csv(lines, self.d.excel)


def _memo(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn` formatting each distinct value once (a column holds few distinct values)."""
    return lru_cache(maxsize=1 << 16, typed=True)(fn)


def heads_csv(doc: dict[str, Any], lang: str = "vi", mode: str = "plain") -> bytes:
    d = _Dialect(doc, lang, mode)
    heads = doc.get("heads", [])
    comps = sorted({c for h in heads for c in h["components"]}, key=natural)
    head = [
        d.head("unit", N_("ID")),
        d.head("unit_name", N_("Unit")),
        d.head("head", N_("Head")),
        d.head("position", N_("Position")),
        d.head("start", N_("From")),
        d.head("end", N_("To")),
        d.head("share_of_period", N_("Share of the period")),
        d.head("weight_of_unit_result", N_("Share of unit result")),
        d.head("score", N_("Score")),
        d.head("level", N_("Level")),
        d.head("level_before_caps", N_("Level before caps")),
        d.head("capped_by", N_("Level lowered by")),
        d.head("unit_index", N_("Unit's index (%)")),
        d.head("unit_class", N_("Unit's class")),
        d.head("unit_rank", N_("Unit's rank")),
        *[
            f"component {c}" if not d.excel else _("Component {id}", "vi").format(id=c)
            for c in comps
        ],
    ]
    lines = [
        [
            h["unit"],
            h["unit_name"],
            h["head"],
            h["position"],
            day(h["start"], "vi") if d.excel else h["start"],
            day(h["end"], "vi") if d.excel else h["end"],
            d.num(h["share_of_period"], 4),
            d.num(h["weight_of_unit_result"], 4),
            d.num(h["score"], 2),
            h["level"],
            h["level_before_caps"],
            "; ".join(c["reason"] for c in h["caps"] if c["lowered"]),
            d.num(h["unit_result"]["index"], 2),
            h["unit_result"]["class"],
            h["unit_result"]["rank"],
            *[d.num(h["components"].get(c)) for c in comps],
        ]
        for h in heads
    ]
    return _table(head, lines, d.excel)


def awards_csv(doc: dict[str, Any], lang: str = "vi", mode: str = "plain") -> bytes:
    d = _Dialect(doc, lang, mode)
    w = d.words
    head = [
        d.head("unit", N_("ID")),
        d.head("unit_name", N_("Unit")),
        d.head("block", N_("Block")),
        d.head("award", N_("Award ID")),
        d.head("title", N_("Award")),
        d.head("eligible", N_("Eligible")),
        d.head("reasons", N_("Reasons")),
    ]
    lines = [
        [
            a["unit"],
            a["unit_name"],
            w.block(a["block"]) if d.excel else a["block"],
            a["award"],
            w.award(a) if d.excel else a["title"],
            d.yes(a["eligible"]),
            "; ".join(w.award_reasons(a) if d.excel else a["reasons"]),
        ]
        for a in doc.get("awards", [])
    ]
    return _table(head, lines, d.excel)


def _csv(lines: Iterable[Iterable[Any]], excel: bool, *, bom: bool = False) -> bytes:
    """Lines of CSV, each text cell already made safe from formula injection. Excel's flavour
    is `;`-separated UTF-8 with a BOM (what Excel on a Vietnamese-locale PC opens in columns);
    the plain one is `,`-separated UTF-8. `bom`: these lines start the file. The provenance is
    in results.json, not in the CSV."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
    w.writerows(lines)
    return (BOM if bom and excel else b"") + buf.getvalue().encode("utf-8")


def table_csv(head: list[str], lines: list[list[Any]], excel: bool) -> bytes:
    """A whole small CSV file in one of the two flavours (see `_csv`): header then rows; every
    text cell made safe. Numbers are written as given: an Excel-flavoured caller formats them."""
    return _table(head, lines, excel)


def _table(head: list[str], lines: list[list[Any]], excel: bool) -> bytes:
    """A whole small CSV file: header then rows; every text cell made safe."""
    cells = [[safe(h) for h in head]]
    cells += [[safe(v) if isinstance(v, str) else v for v in line] for line in lines]
    return _csv(cells, excel, bom=True)


def _shown(entry: dict[str, Any] | None) -> str | None:
    """A criterion's cell when it has no points: KAD when not applicable, else blank."""
    return "KAD" if entry is not None and entry["status"] == "not_applicable" else None


# up to XXXIX: enough for areas, and letters such as C or D stay letters
_ROMAN = re.compile(r"X{0,3}(IX|IV|V?I{0,3})")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}


def natural(key: str) -> list[tuple[int, int, str]]:
    """Sort key for ids like 1.2 < 1.10 < 2, and II < IV < IX (Roman-numbered areas are common
    in provincial decisions); numbers and numerals sort together, before other text."""
    out = []
    for part in key.replace("-", ".").split("."):
        if part.isdigit():
            out.append((0, int(part), part))
        elif part and _ROMAN.fullmatch(part):
            out.append((0, _roman(part), part))
        else:
            out.append((1, 0, part))
    return out


def _roman(text: str) -> int:
    values = [_ROMAN_VALUE[c] for c in text]
    return sum(-v if v < nxt else v for v, nxt in zip(values, [*values[1:], 0], strict=True))


def json_files(doc: dict[str, Any], lang: str) -> dict[str, bytes]:
    return {"results.json": to_json(doc)}


def csv_files(doc: dict[str, Any], lang: str, mode: str = "plain") -> dict[str, bytes]:
    out = {"results.csv": to_csv(doc, lang, mode)}
    if doc.get("heads"):
        out["heads.csv"] = heads_csv(doc, lang, mode)
    if doc.get("awards"):
        out["awards.csv"] = awards_csv(doc, lang, mode)
    return out
