"""results.json written compactly and read back validated.

Written by orjson, compact (an indent costs 3.8× on the demo with the standard library and
makes its files far larger); JSON has no NaN or Infinity and the file never holds them. Read
back, the whole document is checked against its declared shape, so `report`, `compare` and
`--previous` refuse a damaged file with the place of the problem instead of failing inside a
renderer.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parindex.errors import Diagnostic, ParindexError, Text, file_error, t
from parindex.i18n import N_

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from parindex.document.model import ResultsDocument

HINT = t("give a results.json that `parindex rank` wrote")
MAX_BYTES = 4 << 30  # 100,000 units write about 1 GB; past this it is not a results file
SHOWN = 10
BOM = b"\xef\xbb\xbf"  # problems shown of a damaged file; the rest counted


def to_json(doc: ResultsDocument | dict[str, Any]) -> bytes:
    """The document as compact UTF-8 JSON, never `NaN` or `Infinity` (JSON has neither).

    orjson writes it ~10× faster than the standard library's C encoder (9 s → under 1 s for
    10,000 units × 150 criteria). It writes a non-finite float as null; none can reach the
    document, since the readers and the engine refuse non-finite values with their place."""
    import orjson

    return orjson.dumps(doc) + b"\n"


@cache
def _adapter() -> TypeAdapter[ResultsDocument]:
    from pydantic import TypeAdapter

    from parindex.document.model import ResultsDocument

    return TypeAdapter(ResultsDocument)


def schema() -> dict[str, Any]:
    """The published JSON Schema of results.json."""
    out = _adapter().json_schema()
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    out["title"] = "parindex results document (parindex.results/2)"
    return out


def read_results(path: Path, display: str | None = None) -> dict[str, Any]:
    """The whole document, validated against its shape (`model.ResultsDocument`);
    ParindexError (PD030) otherwise. Returned as the plain mapping every renderer takes."""
    from pydantic import ValidationError

    from parindex.atomic import interrupted
    from parindex.document.model import FORMAT
    from parindex.document.upgrade import V1, from_v1

    file = display or str(path)
    if interrupted(path.parent):
        raise file_error(
            file,
            "PD030",
            t("the run that wrote this folder was stopped while replacing its files"),
            hint=t("run the command that wrote it again; its next run finishes the replacement"),
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            shown = f"{size:,}"
            said = t("{size} bytes: too large for a results.json", size=shown)
            raise file_error(file, "PD030", said)
        raw = path.read_bytes()
    except OSError as exc:
        said = t("cannot read the file: {reason}", reason=str(exc.strerror))
        raise file_error(file, "PD030", said) from None
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise file_error(
            file,
            "PD030",
            t(
                "not UTF-8 text (byte {offset}): not a results.json",
                offset=exc.start + len(raw) - len(raw.removeprefix(BOM)),
            ),
            hint=HINT,
        ) from None
    except json.JSONDecodeError as exc:
        raise ParindexError(
            [
                Diagnostic(
                    file,
                    exc.lineno,
                    exc.colno,
                    "",
                    "PD030",
                    t("not a results.json: not JSON ({problem})", problem=exc.msg),
                    hint=HINT,
                )
            ]
        ) from None
    except RecursionError:
        said = t("nested too deeply for a results.json")
        raise file_error(file, "PD030", said, hint=HINT) from None
    if isinstance(data, dict) and data.get("format") == V1:
        data = from_v1(data)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise file_error(
            file,
            "PD030",
            t("not a parindex results file (format `parindex.results/2`)"),
            hint=HINT,
        )
    try:
        _adapter().validate_python(data)
        return data
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems = [
            Diagnostic(
                file,
                None,
                None,
                _path(e["loc"]),
                "PD030",
                _problem(e),
                hint=HINT if k == 0 else None,
            )
            for k, e in enumerate(errors[:SHOWN])
        ]
        if len(errors) > SHOWN:
            more = t("… and {count} more", count=len(errors) - SHOWN)
            problems.append(Diagnostic(file, None, None, "", "PD030", more))
        raise ParindexError(problems) from None


def read_previous(path: Path, display: str | None = None) -> dict[str, float]:
    """Unit id → index of a previous period (NaN where the unit had none)."""
    doc = read_results(path, display)
    return {
        u["id"]: float("nan") if u["index"] is None else float(u["index"]) for u in doc["units"]
    }


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# the shapes a hand-edited results.json gets wrong, in the reader's words
_TYPES = {
    "float_parsing": N_("`{key}` must be a number; got {value}"),
    "float_type": N_("`{key}` must be a number; got {value}"),
    "int_parsing": N_("`{key}` must be a whole number; got {value}"),
    "int_type": N_("`{key}` must be a whole number; got {value}"),
    "int_from_float": N_("`{key}` must be a whole number; got {value}"),
    "string_type": N_("`{key}` must be text; got {value}"),
    "bool_type": N_("`{key}` must be true or false; got {value}"),
    "bool_parsing": N_("`{key}` must be true or false; got {value}"),
    "list_type": N_("`{key}` must be a list; got {value}"),
    "dict_type": N_("`{key}` must be a mapping of keys; got {value}"),
    "model_type": N_("`{key}` must be a mapping of keys; got {value}"),
}


def _problem(e: Any) -> Text:
    key = next((str(s) for s in reversed(e["loc"]) if isinstance(s, str)), "value")
    if e["type"] == "missing":
        return t("missing required key `{key}`", key=key)
    if e["type"] in _TYPES:
        return Text(_TYPES[e["type"]], {"key": key, "value": _shown(e.get("input"))})
    # any other type in pydantic's English: a results.json is written by parindex, so a
    # damaged one is rare and its detail is for whoever repairs it
    return t("{problem} (found {value})", problem=e["msg"], value=_shown(e.get("input")))


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if value is not None else "null"
    return text if len(text) <= 60 else text[:57] + "…"
