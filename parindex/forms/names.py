"""A safe file name for each unit's form, whatever its id holds.

An id may hold anything a spreadsheet cell can: `../x`, `a/b`, `CON`, Vietnamese letters, 300
characters. pathvalidate replaces what no file system accepts and renames device names; here the
names are also kept from being hidden or relative (`.`/`..`), short enough for every file
system and archive tool, and distinct even where the file system ignores case.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_STEM = 100  # characters; file systems allow 255 bytes, archive tools and e-mail less


def safe_stem(text: str) -> str:
    """A file name stem for one id (no extension), never empty, never starting with a dot."""
    from pathvalidate import sanitize_filename

    nfc = unicodedata.normalize("NFC", text)
    stem = sanitize_filename(nfc, replacement_text="_", platform="universal", max_len=255)
    stem = re.sub(r"^\.+", lambda m: "_" * len(m.group()), stem)
    stem = stem or "_"
    if len(stem) > MAX_STEM:
        stem = stem[: MAX_STEM - 9].rstrip(" .") + "-" + _digest(nfc)
    return stem


def unique_stems(ids: list[str]) -> dict[str, str]:
    """id → stem, distinct for every id even on file systems that ignore case."""
    stems = {uid: safe_stem(uid) for uid in ids}
    seen: dict[str, list[str]] = {}
    for uid, stem in stems.items():
        seen.setdefault(stem.casefold(), []).append(uid)
    for group in seen.values():
        if len(group) > 1:  # `a/b` and `a_b`, or `SNV` and `snv`: tell them apart by the id
            for uid in group:
                stems[uid] = stems[uid][: MAX_STEM - 9] + "-" + _digest(uid)
    return stems


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
