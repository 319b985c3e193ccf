"""A result sheet for every unit (phiếu kết quả): what the Department sends each unit after the
council — its index, class and rank in its block, each area and criterion with points, maximum
and points lost, self-assessed against appraised, the caps applied, what would lift it a class,
and its head's rating.

One Word file per unit, `sheets/<unit id>.docx`, from the bundled template
(templates/sheet.docx, built by scripts/make_templates.py); format `sheets-pdf` adds a PDF of
each through LibreOffice — asked for by name, since LibreOffice needs some 0.2–0.8 s a sheet
where the Word files take a few milliseconds. The template is parsed and compiled once; each
sheet is then one Jinja render of the document's XML, zipped with the template's other parts
(a few milliseconds a sheet; the template is trimmed to the styles it uses, since python-docx's
blank document carries some 790 kB of them).
Placeholders:

    title, id, name, block, summary, self_line, L.<label>,
    areas[].title/.points/.max/.index/.self, criteria[].title/.rule/.points/.max/.lost,
    caps[], lift[], heads[]
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from parindex.document import view
from parindex.i18n import _, day, number, short
from parindex.reports.text import Words, blocks, reason, title

TEMPLATE = Path(__file__).parent / "templates" / "sheet.docx"
FOLDER = "sheets"
# names Windows refuses for a file, whatever the extension
RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{k}" for p in ("com", "lpt") for k in range(10)}


def with_pdf(doc: dict[str, Any], lang: str, engine: str = "auto") -> dict[str, bytes]:
    """sheets/<id>.docx and sheets/<id>.pdf for every unit (RuntimeError without LibreOffice)."""
    from parindex.reports import office

    docx = files(doc, lang)
    pdfs = office.to_pdf({name.split("/", 1)[1]: data for name, data in docx.items()})
    return docx | {f"{FOLDER}/{name}": pdf for name, pdf in pdfs.items()}


def files(doc: dict[str, Any], lang: str, engine: str = "auto") -> dict[str, bytes]:
    """sheets/<id>.docx for every unit."""
    render = _compiled()
    taken: set[str] = set()
    docx: dict[str, bytes] = {}
    w = Words(doc, lang)
    heads: dict[str, list[dict[str, Any]]] = {}
    for h in doc.get("heads", []):
        heads.setdefault(h["unit"], []).append(h)
    for _block, _label, units in blocks(doc):
        for u in units:
            name = safe_name(u["id"], taken) + ".docx"
            docx[name] = render(context(doc, u, w, heads.get(u["id"], [])))
    return {f"{FOLDER}/{name}": data for name, data in docx.items()}


def safe_name(unit_id: str, taken: set[str]) -> str:
    """A file name from a unit id, safe on every system whatever the id holds: letters without
    their marks, digits, `-`, `_`, `.`; no leading dot; not a Windows device name; at most 80
    characters; unique ignoring case (a suffix -2, -3 … otherwise)."""
    text = unicodedata.normalize("NFKD", unit_id.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._-")[:80] or "unit"
    if text.split(".")[0].casefold() in RESERVED:
        text = "_" + text
    name, k = text, 2
    while name.casefold() in taken:
        name = f"{text}-{k}"
        k += 1
    taken.add(name.casefold())
    return name


def context(
    doc: dict[str, Any], u: dict[str, Any], w: Words, heads: list[dict[str, Any]]
) -> dict[str, Any]:
    """What one unit's sheet shows, in words and formatted numbers."""
    lang = w.lang
    periods = sorted({s.get("period", "") for s in doc.get("criteria_sets", [])} - {""})
    sets = {s["id"]: s for s in doc.get("criteria_sets", [])}
    area_titles = sets.get(u["criteria_set"], {}).get("areas_en" if lang == "en" else "areas", {})
    summary = "   ".join(
        [
            _("Index (%)", lang) + ": " + w.index(u),
            _("Class", lang) + ": " + w.klass(u["class"]),
            _("Rank", lang) + f": {u['rank']}/{u['block_size']}",
        ]
    )
    self_line = ""
    if u.get("index_self") is not None:
        self_line = _("Self-assessed {self}; appraised {appraised} ({gap} points apart)", lang)
        self_line = self_line.format(
            self=w.index(u, "index_self"),
            appraised=w.index(u),
            gap=number(u["self_gap"], lang),
        )
    criteria = [
        {
            "title": f"{c['id']} {title(c, lang)}",
            "rule": w.rule(c),
            "points": short(c["points"], lang) if c["points"] is not None else "—",
            "max": short(c["max"], lang),
            "lost": short(c["lost"], lang) if c["lost"] > 0 else "",
        }
        for c in view.criteria(doc, u)
    ]
    areas = [
        {
            "title": f"{aid}. {area_titles.get(aid, '')}".strip(),
            "points": short(a["points"], lang),
            "max": short(a["max"], lang),
            "index": number(a["index"], lang),
            "self": number(a["index_self"], lang),
        }
        for aid, a in u["areas"].items()
        if a.get("max")
    ]
    caps = [
        reason(c, lang)
        + " — "
        + (_("lowered the class", lang) if c["lowered"] else _("did not change the class", lang))
        for c in u["caps"]
    ]
    head_lines = [
        f"{h['head']} ({h['position']}, {day(h['start'], lang)}–{day(h['end'], lang)}): "
        + _("score {score}, rated {level}", lang).format(
            score=number(h["score"], lang), level=w.level(h["level"])
        )
        for h in heads
    ]
    return {
        "title": (_("PAR index result sheet", lang) + " " + ", ".join(periods)).strip().upper(),
        "id": u["id"],
        "name": u["name"],
        "block": w.block(u["block"]),
        "summary": summary,
        "self_line": self_line,
        "areas": areas,
        "criteria": criteria,
        "caps": caps,
        "lift": w.lift(u),
        "heads": head_lines,
        "L": {
            "unit": _("Unit", lang),
            "block": _("Block", lang),
            "areas": _("Results by area", lang),
            "area": _("Area", lang),
            "points": _("Points", lang),
            "max": _("Max", lang),
            "appraised": _("Appraised (%)", lang),
            "self": _("Self-assessed (%)", lang),
            "criteria": _("Results by criterion", lang),
            "criterion": _("Criterion", lang),
            "rule": _("Rule", lang),
            "lost": _("Lost", lang),
            "caps": _("Caps", lang),
            "lift": _("To reach the next class", lang),
            "heads": _("Heads of unit", lang),
        },
    }


@lru_cache(maxsize=1)
def _compiled() -> Any:
    """The template's document XML as a compiled Jinja template, and a function that renders a
    context into a whole .docx (the template's other parts copied as they are)."""
    import jinja2
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(TEMPLATE))
    tpl.init_docx()
    xml = tpl.patch_xml(tpl.get_xml())
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)  # as docxtpl renders a part
    compiled = jinja2.Environment(autoescape=True).from_string(xml)
    with zipfile.ZipFile(TEMPLATE) as z:
        parts = [(info, z.read(info.filename)) for info in z.infolist()]
    # docxtpl templates the body; the document element around it stays as the template has it
    whole = next(data for info, data in parts if info.filename == "word/document.xml").decode()
    start, end = whole.index("<w:body>"), whole.index("</w:body>") + len("</w:body>")
    before, after = whole[:start], whole[end:]

    def render(ctx: dict[str, Any]) -> bytes:
        body = re.sub(r"\n<w:p([ >])", r"<w:p\1", compiled.render(ctx))
        body = re.sub(r"^<w:body[^>]*>", "<w:body>", body)  # namespaces: the document's
        xml = (before + body + after).encode("utf-8")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for info, data in parts:
                z.writestr(info, xml if info.filename == "word/document.xml" else data)
        return buf.getvalue()

    return render
