"""Strict YAML reading for criteria files, keeping every node's position.

PyYAML's own loaders accept things a criteria file must not contain (duplicate keys silently
last-win, `NO` becomes False, `1:30` becomes 90, aliases expand into "billion laughs"), and they
forget where each value came from. So we take libyaml's *events* (fast, in C) and build plain
Python data ourselves, resolving only the scalars the language needs, refusing the rest, and
recording the line and column of every key and value. `SourceTree.locate` then turns a key path
(from pydantic or the linter) into `file:line:col` and a readable path that names list items by
their `id`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from parindex.errors import Diagnostic, ParindexError, Severity, Text, file_error, t
from parindex.i18n import N_

MAX_BYTES = 5 * 1024 * 1024  # a real criteria set is ~50 KB; 5 MB holds 20,000+ criteria
MAX_DEPTH = 40

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.1 resolves yes/no/on/off as booleans and 1:30 as 90; we resolve only what a
# criteria file needs and leave everything else as text.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?$")
# Vietnamese writes 2,5 for 2.5; in block context such a scalar is unambiguous.
_DECIMAL_COMMA = re.compile(r"^[-+]?[0-9]+,[0-9]+$")
# Values under these keys are names, never numbers: `id: 1.10` must stay "1.10", not 1.1.
TEXT_KEYS = frozenset({"id", "period"})
_ALLOWED_TAGS = {"tag:yaml.org,2002:str"}

Path_ = tuple[str | int, ...]


@dataclass
class SourceTree:
    """Plain data read from one YAML file, with the position of every key and value."""

    file: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # path -> (line, col)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # path -> key's (line, col)

    def locate(self, raw: Path_) -> tuple[Path_, str]:
        """Follow `raw` as far as it exists in the data.

        Returns the existing prefix (segments that do not exist, such as union tags or missing
        keys, are skipped) and the readable path of the full location.
        """
        node = self.data
        found: list[str | int] = []
        pretty = ""
        for seg in raw:
            if isinstance(node, dict) and isinstance(seg, str) and seg in node:
                found.append(seg)
                pretty += _key_text(seg, first=not pretty)
                node = node[seg]
            elif isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node):
                found.append(seg)
                item = node[seg]
                name = item.get("id") if isinstance(item, dict) else None
                pretty += f"[{name}]" if isinstance(name, str) and name else f"[{seg + 1}]"
                node = item
            # anything else is a segment that the file does not contain: skip it
        return tuple(found), pretty

    def position(self, raw: Path_, *, at_key: bool = False) -> tuple[int | None, int | None]:
        found, _ = self.locate(raw)
        if at_key and found == raw and found in self.keys:
            return self.keys[found]
        pos = self.values.get(found)
        return pos if pos else (None, None)

    def diag(
        self,
        raw: Path_,
        code: str,
        message: str | Text,
        *,
        severity: Severity = Severity.ERROR,
        hint: str | Text | None = None,
        at_key: bool = False,
        pretty: str | None = None,
    ) -> Diagnostic:
        line, col = self.position(raw, at_key=at_key)
        if pretty is None:
            _, pretty = self.locate(raw)
        return Diagnostic(self.file, line, col, pretty, code, message, severity, hint)

    def get(self, raw: Path_) -> Any:
        node = self.data
        for seg in raw:
            node = node[seg]
        return node


class Grouped:
    """A large whole number as a field of a message, its thousands grouped as the language
    groups them: 5,242,880 / 5.242.880."""

    def __init__(self, value: int) -> None:
        self.value = value

    def render(self, lang: str) -> str:
        from parindex.i18n import number

        return number(self.value, lang, 0)


def _key_text(key: str, *, first: bool) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        return key if first else f".{key}"
    return f'["{key}"]'


def closest(word: str, choices: list[str] | set[str] | frozenset[str]) -> str | None:
    """The choice `word` was most likely meant to be, or None when nothing is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: list[str] | set[str] | frozenset[str]) -> Text | None:
    """A 'did you mean `x`?' hint, or None when nothing is close."""
    close = closest(word, choices)
    return t("did you mean `{name}`?", name=close) if close else None


def decode(raw: bytes, file: str) -> str:
    """UTF-8 (with or without BOM) to NFC text, or a diagnostic naming the bad byte."""
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    raw = raw[bom:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # the column counts characters, as an editor does, not bytes
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        raise ParindexError(
            [
                Diagnostic(
                    file,
                    line,
                    col,
                    "",
                    "PX006",
                    t(
                        "the file is not valid UTF-8: byte {byte} at offset {offset}",
                        byte=format(raw[exc.start], "#04x"),
                        offset=exc.start + bom,
                    ),
                    hint=t("save the file as UTF-8 (in Notepad: Save As → Encoding → UTF-8)"),
                )
            ]
        ) from None
    return text


def read_source(path: Path, display: str | None = None) -> SourceTree:
    """Read and compose one criteria file; raise ParindexError with every problem found."""
    file = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise file_error(
            file, "PX000", t("cannot read the file: {reason}", reason=str(exc.strerror))
        ) from None
    if len(raw) > MAX_BYTES:
        raise file_error(
            file,
            "PX005",
            t(
                "the file is {size} bytes; criteria files are limited to {limit} bytes",
                size=Grouped(len(raw)),
                limit=Grouped(MAX_BYTES),
            ),
            hint=t("split the criteria into one file per block"),
        )
    return compose(decode(raw, file), file)


def compose(text: str, file: str) -> SourceTree:
    """Build a SourceTree from YAML text; raise ParindexError listing every problem."""
    tree = SourceTree(file, None)
    composer = _Composer(tree)
    try:
        tree.data = composer.document(_events(text))
    except _Stop:
        pass
    except yaml.reader.ReaderError as exc:
        # a character YAML does not allow (a control character pasted from elsewhere)
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        shown = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        composer.found.append(
            (
                Diagnostic(
                    file,
                    line,
                    col,
                    "",
                    "PX006",
                    t(
                        "a character YAML does not allow in text ({char}, a control character)",
                        char=shown,
                    ),
                    hint=t(
                        "delete it: it is invisible in most editors (it often comes with text "
                        "copied from a PDF or a web page)"
                    ),
                ),
                (),
            )
        )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = _libyaml(exc.problem or "invalid YAML")
        if exc.context:
            context = _libyaml(exc.context)
            said = t("YAML syntax error: {problem} ({context})", problem=problem, context=context)
        else:
            said = t("YAML syntax error: {problem}", problem=problem)
        composer.problem(
            mark,
            (),
            "PX001",
            said,
            hint=t("check the indentation and that every `key: value` has a space after `:`"),
        )
    if composer.problems:
        raise ParindexError(composer.rendered())
    return tree


# libyaml's words for the syntax errors a hand-edited file makes, for the catalog; any other
# is shown in libyaml's own English (braces doubled: the words become a message template)
_LIBYAML = frozenset(
    {
        N_("could not find expected ':'"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected ',' or '}}'"),
        N_("did not find expected '-' indicator"),
        N_("did not find expected <document start>"),
        N_("did not find expected alphabetic or numeric character"),
        N_("did not find expected key"),
        N_("did not find expected node content"),
        N_("found a tab character that violates indentation"),
        N_("found character that cannot start any token"),
        N_("found undefined tag handle"),
        N_("found unexpected end of stream"),
        N_("found unknown escape character"),
        N_("mapping values are not allowed in this context"),
        N_("block sequence entries are not allowed in this context"),
        N_("invalid YAML"),
        N_("while parsing a block collection"),
        N_("while parsing a block mapping"),
        N_("while parsing a flow mapping"),
        N_("while parsing a flow sequence"),
        N_("while parsing a node"),
        N_("while parsing a block node"),
        N_("while parsing a quoted scalar"),
        N_("while scanning a plain scalar"),
        N_("while scanning a quoted scalar"),
        N_("while scanning a simple key"),
        N_("while scanning an alias"),
        N_("while scanning an anchor"),
        N_("while scanning for the next token"),
    }
)


def _libyaml(words: str) -> str | Text:
    template = words.replace("{", "{{").replace("}", "}}")
    return Text(template) if template in _LIBYAML else words


def _events(text: str) -> Iterator[Any]:
    """libyaml's events; one C call per event (yaml.parse makes two)."""
    loader = Loader(text)
    try:
        while (ev := loader.get_event()) is not None:
            yield ev
    finally:
        loader.dispose()


class _Stop(Exception):
    """Raised to stop composing after a problem that makes the rest meaningless."""


class _Composer:
    """Events → plain data. Paths are kept raw (keys and 0-based indices) on the hot path;
    readable paths are made only for the few nodes that have a problem."""

    def __init__(self, tree: SourceTree) -> None:
        self.tree = tree
        self.found: list[tuple[Diagnostic, Path_]] = []
        self._events: Iterator[Any] = iter(())

    @property
    def problems(self) -> list[Diagnostic]:
        return [d for d, _ in self.found]

    def problem(
        self, mark: Any, raw: Path_, code: str, message: Text, hint: Text | None = None
    ) -> None:
        line, col = _pos(mark) if mark is not None else (None, None)
        diag = Diagnostic(self.tree.file, line, col, "", code, message, Severity.ERROR, hint)
        self.found.append((diag, raw))

    def rendered(self) -> list[Diagnostic]:
        """Problems with readable paths: list items named by id when the file was composed
        in full, by position when composing had to stop."""
        out = []
        for diag, raw in self.found:
            if self.tree.data is not None:
                pretty = self.tree.locate(raw)[1]
            else:
                pretty = "".join(
                    f"[{s + 1}]" if isinstance(s, int) else _key_text(s, first=i == 0)
                    for i, s in enumerate(raw)
                )
            out.append(replace(diag, path=pretty))
        return out

    def document(self, events: Iterator[Any]) -> Any:
        data: Any = None
        seen_document = False
        self._events = events
        for ev in events:
            if isinstance(ev, yaml.DocumentStartEvent):
                if seen_document:
                    self.problem(
                        ev.start_mark,
                        (),
                        "PX001",
                        t("the file holds more than one YAML document (a second `---`)"),
                        hint=t("keep one criteria set per file"),
                    )
                    raise _Stop
                seen_document = True
                data = self.node(next(events), (), 0)
        return data

    def node(self, ev: Any, path: Path_, depth: int) -> Any:
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            if isinstance(ev, yaml.AliasEvent):
                said = t("YAML alias `*{name}` is not allowed in a criteria file", name=ev.anchor)
            else:
                said = t("YAML anchor `&{name}` is not allowed in a criteria file", name=ev.anchor)
            self.problem(
                ev.start_mark,
                path,
                "PX003",
                said,
                hint=t("write each value out in full; anchors and aliases hide what a rule says"),
            )
            raise _Stop  # never expand: an alias bomb must cost nothing
        if depth > MAX_DEPTH:
            said = t("nesting deeper than {count} levels", count=MAX_DEPTH)
            self.problem(ev.start_mark, path, "PX009", said)
            raise _Stop
        self.tree.values[path] = _pos(ev.start_mark)
        if isinstance(ev, yaml.ScalarEvent):
            return self.scalar(ev, path)
        if isinstance(ev, yaml.SequenceStartEvent):
            self._check_tag(ev, "tag:yaml.org,2002:seq", path)
            return self.sequence(path, depth)
        if isinstance(ev, yaml.MappingStartEvent):
            self._check_tag(ev, "tag:yaml.org,2002:map", path)
            return self.mapping(path, depth)
        raise AssertionError(f"unexpected YAML event {ev!r}")  # libyaml guarantees the grammar

    def _check_tag(self, ev: Any, allowed: str, path: Path_) -> None:
        if ev.tag not in (None, "!", allowed):
            shown = ev.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(
                ev.start_mark,
                path,
                "PX008",
                t("YAML tag `{tag}` is not allowed in a criteria file", tag=shown),
                hint=t("remove the tag"),
            )

    def sequence(self, path: Path_, depth: int) -> list[Any]:
        items: list[Any] = []
        for ev in self._events:
            if isinstance(ev, yaml.SequenceEndEvent):
                return items
            items.append(self.node(ev, (*path, len(items)), depth + 1))
        raise AssertionError("unterminated sequence")

    def mapping(self, path: Path_, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        events = self._events
        keys = self.tree.keys
        for kev in events:
            if isinstance(kev, yaml.MappingEndEvent):
                return out
            key = self.key(kev, path)
            vev = next(events)
            if key is None:
                self._skip(vev)
                continue
            kpath = (*path, key)
            if key in out:
                self.problem(
                    kev.start_mark,
                    kpath,
                    "PX002",
                    t(
                        "duplicate key `{key}` (first written at line {line})",
                        key=key,
                        line=keys[kpath][0],
                    ),
                    hint=t("keep one of the two; YAML would silently use the last one"),
                )
                self._skip(vev)
                continue
            keys[kpath] = _pos(kev.start_mark)
            if key in TEXT_KEYS and isinstance(vev, yaml.ScalarEvent) and not vev.anchor:
                self.tree.values[kpath] = _pos(vev.start_mark)
                out[key] = unicodedata.normalize("NFC", vev.value)
            else:
                out[key] = self.node(vev, kpath, depth + 1)
        raise AssertionError("unterminated mapping")

    def key(self, ev: Any, path: Path_) -> str | None:
        if not isinstance(ev, yaml.ScalarEvent):
            said = t("a key must be plain text, not a list or a mapping")
            self.problem(ev.start_mark, path, "PX004", said)
            self._skip(ev)
            return None
        if ev.anchor:
            self.node(ev, path, 0)  # reports the anchor and stops
        value = self.scalar(ev, path)
        if not isinstance(value, str):
            self.problem(
                ev.start_mark,
                path,
                "PX004",
                _read_as(ev.value, value),
                hint=t('put it in quotes: "{key}":', key=ev.value),
            )
            return None
        return value

    def scalar(self, ev: Any, path: Path_) -> Any:
        value = ev.value if ev.value.isascii() else unicodedata.normalize("NFC", ev.value)
        if ev.tag not in (None, "!") and ev.tag not in _ALLOWED_TAGS:
            self._check_tag(ev, "tag:yaml.org,2002:str", path)
            return value
        if ev.style or ev.tag is not None or not ev.implicit[0]:  # quoted or explicitly text
            return value
        if not value or value[0] in _NUMERIC_START or value in _SPECIAL:
            return _resolve_plain(value)
        return value

    def _skip(self, ev: Any) -> None:
        """Consume a node we will not keep, without composing it."""
        if isinstance(ev, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            level = 1
            for inner in self._events:
                if isinstance(inner, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                    level += 1
                elif isinstance(inner, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                    level -= 1
                    if level == 0:
                        return


_NUMERIC_START = frozenset("0123456789+-.~")
_SPECIAL = frozenset({"null", "Null", "NULL", *_BOOL})


def _resolve_plain(value: str) -> Any:
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    if _DECIMAL_COMMA.match(value):
        return float(value.replace(",", "."))
    return value


def _pos(mark: Any) -> tuple[int, int]:
    """libyaml counts from 0; editors and users count from 1."""
    return (mark.line + 1, mark.column + 1)


def _read_as(key: str, value: Any) -> Text:
    """A key YAML reads as something else than text."""
    if value is None:
        return t("the key `{key}` is read as a null, not as text", key=key)
    if isinstance(value, bool):
        return t("the key `{key}` is read as a true/false value, not as text", key=key)
    return t("the key `{key}` is read as a number, not as text", key=key)
