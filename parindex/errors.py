"""The problems users see, and the exit codes they lead to.

Every problem is a `Diagnostic`: where it is (file, line, column, key path), a stable code, a
severity, what is wrong and, where one helps, what to do. Loaders and linters collect them all
before stopping; the CLI only renders them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

EXIT_OK = 0
EXIT_USER_ERROR = 1  # the input has problems the user can fix
EXIT_USAGE = 2  # the command line itself is wrong (click uses 2 as well)
EXIT_BUG = 3  # parindex itself failed


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Text:
    """A message written in English with named fields, put into the reader's language when shown.

    Problems are found deep in the library, which does not know who will read them; the CLI
    renders them in the run's language. The English template is the key of the message catalog
    (`scripts/update_catalogs.py` extracts every `t("…")`), and the fields are filled in after
    translation so that a translation may put them in its own order. Fields that are values as
    read (a cell's text, a file name) are inserted as they are; numbers follow the language
    (see `i18n.field`).
    """

    template: str
    fields: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        from parindex import i18n

        fields = {k: i18n.field(v, lang) for k, v in self.fields.items()}
        return i18n._(self.template, lang).format(**fields)

    def __str__(self) -> str:
        return self.render("en")


def t(template: str, **fields: object) -> Text:
    """A message to translate: `t("{count} unit(s) left out", count=n)`."""
    return Text(template, fields)


def say(message: str | Text, lang: str) -> str:
    """A message that may or may not be translatable, in `lang`."""
    return message.render(lang) if isinstance(message, Text) else message


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in one file."""

    file: str
    line: int | None  # 1-based
    column: int | None  # 1-based
    path: str  # key path, list items named by id, e.g. areas[3].criteria[3.4].max
    code: str  # stable, e.g. PX111
    message: str | Text
    severity: Severity = Severity.ERROR
    hint: str | Text | None = None
    sheet: str | None = None  # a workbook's sheet: the place is shown as `file [Sheet1] V5`

    def text(self, lang: str = "en") -> str:
        """What is wrong, in `lang`, without the place."""
        return say(self.message, lang)

    def render(self, lang: str = "en") -> str:
        from parindex.i18n import _

        where = self.file
        if self.sheet is not None:
            where += f" [{self.sheet}]"
            if self.line is not None:
                where += f" {cell_ref(self.line, self.column, lang)}"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        head = f"{where}: {self.code} {_(self.severity.value, lang)}: "
        if self.path:
            head += f"{self.path}: "
        text = head + say(self.message, lang)
        if self.hint:
            text += f"\n    {_('hint', lang)}: {say(self.hint, lang)}"
        return text

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.column or 0, self.code)


def cell_ref(row: int, column: int | None, lang: str = "en") -> str:
    """Excel's name of a cell (1-based): (5, 22) → V5; a whole row → "row 5" ("dòng 5")."""
    if column is None:
        from parindex.i18n import _

        return _("row {row}", lang).format(row=row)
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


class ParindexError(Exception):
    """A user-facing failure carrying one or more diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: d.sort_key)
        super().__init__("\n".join(d.render() for d in self.diagnostics))


def file_error(
    file: str, code: str, message: str | Text, hint: str | Text | None = None
) -> ParindexError:
    """An error about a whole file (unreadable, too large …), with no line to point at."""
    return ParindexError([Diagnostic(file, None, None, "", code, message, Severity.ERROR, hint)])


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
