"""The decision annex (.docx): the table a provincial decision attaches, in Vietnamese.

"Phụ lục — Kết quả xác định Chỉ số CCHC năm …": per block, STT / unit / index / class / rank /
note, filled into a Word template with docxtpl. The bundled template (built by
scripts/make_annex_template.py) is laid out as Nghị định 30/2020/NĐ-CP asks; a province's own
template (`--annex-template`) may use the same placeholders. The annex is a legal document in
Vietnamese whatever `--lang` says; the provenance goes into the file's properties, not its text.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

from parindex.reports.text import Words, blocks, provenance, reason

BUNDLED = Path(__file__).parent / "templates" / "annex.docx"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def files(doc: dict[str, Any], lang: str, template: Path | None = None) -> dict[str, bytes]:
    return {"annex.docx": annex(doc, template)}


def context(doc: dict[str, Any]) -> dict[str, Any]:
    """What the template's placeholders show, in Vietnamese, numbers as `decimals:` says."""
    w = Words(doc, "vi")
    periods = sorted({s.get("period", "") for s in doc.get("criteria_sets", [])} - {""})
    out = []
    for k, (block, _label, units) in enumerate(blocks(doc)):
        out.append(
            {
                "roman": ROMAN[k] if k < len(ROMAN) else str(k + 1),
                "label": w.block(block).upper(),
                "units": [
                    {
                        "stt": n,
                        "name": u["name"],
                        "index": w.index(u),
                        "klass": w.klass(u["class"]),
                        "rank": u["rank"],
                        "note": note(u),
                    }
                    for n, u in enumerate(units, start=1)
                ],
            }
        )
    return {
        "title": ("KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM " + ", ".join(periods)).strip(),
        "attached": "(Kèm theo Quyết định số …/QĐ-UBND ngày … tháng … năm … "
        "của Ủy ban nhân dân tỉnh)",
        "blocks": out,
    }


def note(u: dict[str, Any]) -> str:
    """Why the class is not what the index alone gives: "Hạ loại: tỷ lệ hồ sơ trễ hẹn trên 20%"."""
    reasons = [reason(c, "vi") for c in u["caps"] if c["lowered"]]
    if not reasons:
        return ""
    text = "; ".join(reasons)
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return f"Hạ loại: {text}"


def annex(doc: dict[str, Any], template: Path | None = None) -> bytes:
    import jinja2
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    try:
        tpl = DocxTemplate(str(template or BUNDLED))
        tpl.render(context(doc), autoescape=True)
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise RuntimeError(f"the annex template {template} is not a Word .docx file") from exc
    except jinja2.TemplateError as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RuntimeError(
            f"the annex template {template} has an error in its placeholders{where}: {exc}"
        ) from exc
    props = tpl.docx.core_properties
    props.author = "parindex"
    props.title = "Phụ lục kết quả xác định Chỉ số CCHC"
    props.subject = ", ".join(s.get("title", "") for s in doc.get("criteria_sets", []))
    # the provenance: which software, criteria and data produced this annex (Tệp > Thuộc tính)
    # python-docx caps a property at 255 characters, the file format does not: full hashes
    props._element._get_or_add("description").text = "\n".join(
        f"{k}: {v}" for k, v in provenance(doc, "vi")
    )
    props.keywords = "CCHC; PAR index; parindex"
    time = doc["provenance"].get("time")
    if time:
        props.created = props.modified = datetime.fromisoformat(time).replace(tzinfo=None)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()
