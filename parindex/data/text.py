"""Text files as offices export them → rows of cells, decoded by what the bytes are.

UTF-8 with or without a BOM, Excel's "Unicode Text" (UTF-16 with a BOM, tab-separated) and
Windows-1258 are all common; anything else is identified by charset-normalizer rather than a
chain of guesses. Every text ends up NFC. Bytes that are no text (a binary file, a UTF-8 BOM
followed by invalid bytes) are refused with the place of the first bad byte.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata

from parindex.data.limits import Limits
from parindex.errors import Text, file_error, t

_GIVE_TABLE = t("give a CSV or text export, or an Excel workbook named .xlsx/.xls/.ods")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _where(raw: bytes, offset: int) -> Text:
    line = raw.count(b"\n", 0, offset) + 1
    byte = f"0x{raw[offset]:02x}"
    return t(
        "byte {offset} (line {line}): {byte}",
        offset=float(offset),  # grouped as the language groups thousands
        line=line,
        byte=byte,
    )


def refuse_binary(head: bytes, file: str) -> None:
    """A NUL byte in the first bytes of a file without a UTF-16 mark: not a text table."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    nul = head.find(b"\x00")
    if nul >= 0:
        raise file_error(
            file,
            "PD001",
            t("the file is not text: {where} is a NUL byte", where=_where(head, nul)),
            hint=_GIVE_TABLE,
        )


def decode(raw: bytes, file: str = "") -> str:
    """The file's text, NFC; a ParindexError when the bytes are not text in any encoding."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            skip = len(bom) if encoding == "utf-8" else 0
            try:
                text = raw[skip:].decode(encoding)
            except UnicodeDecodeError as exc:
                raise file_error(
                    file,
                    "PD001",
                    t(
                        "the file starts as {encoding} (it has the byte-order mark), but "
                        "{where} is not valid {encoding}",
                        encoding=encoding.upper(),
                        where=_where(raw, exc.start + skip),
                    ),
                    hint=t("the file is damaged or not text: export it again from the spreadsheet"),
                ) from None
            return _clean(text, file)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = _detected(raw, file)
    return _clean(text, file)


def _detected(raw: bytes, file: str) -> str:
    from charset_normalizer import from_bytes

    nul = raw.find(b"\x00")
    best = from_bytes(raw).best() if nul < 0 else None
    if best is None:
        bad = nul if nul >= 0 else _first_non_utf8(raw)
        raise file_error(
            file,
            "PD001",
            t("the file is not text in any encoding: {where}", where=_where(raw, bad)),
            hint=_GIVE_TABLE,
        )
    return str(best)


def _first_non_utf8(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def _clean(text: str, file: str) -> str:
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise file_error(
            file,
            "PD001",
            t("the file holds a NUL character on line {line}: it is not a text table", line=line),
            hint=_GIVE_TABLE,
        )
    # Windows-1258 decodes to decomposed letters; every other text is composed too
    return unicodedata.normalize("NFC", text)


def read_text_table(raw: bytes, file: str, limits: Limits) -> list[list[str]]:
    """Rows of cells; the delimiter (`,` `;` or tab) is the one that splits the first line most.

    A file without quotes is split with `str.split`, about twice as fast as the csv module,
    which reads every other file."""
    text = decode(raw, file)
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > limits.max_rows:
        limits.check_extent(file, None, lines, 0)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=lambda d: len(next(csv.reader([first], delimiter=d))))
    if '"' not in text:
        plain = text.replace("\r\n", "\n")
        if "\r" not in plain:
            rows = [line.split(delimiter) for line in plain.split("\n")]
            if rows and rows[-1] == [""]:
                rows.pop()
            limits.check_extent(file, None, len(rows), max(map(len, rows), default=0))
            return rows
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    out: list[list[str]] = []
    try:
        for row in reader:
            if len(row) > limits.max_columns:
                limits.check_extent(file, None, reader.line_num, len(row))
            out.append(row)
    except csv.Error as exc:
        raise file_error(
            file,
            "PD001",
            t(
                "the CSV file cannot be read at line {line}: {reason}",
                line=reader.line_num,
                reason=str(exc),
            ),
        ) from None
    limits.check_extent(file, None, len(out), 0)
    return out
