"""The problems users see, and the exit codes they lead to.

Every problem is a `Diagnostic`: where it is (file, line, column, key path), a stable code, a
severity, what is wrong and, where one helps, what to do. Loaders and linters collect them all
before stopping; the CLI only renders them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

EXIT_OK = 0
EXIT_USER_ERROR = 1  # the input has problems the user can fix
EXIT_USAGE = 2  # the command line itself is wrong (click uses 2 as well)
EXIT_BUG = 3  # parindex itself failed


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in one file."""

    file: str
    line: int | None  # 1-based
    column: int | None  # 1-based
    path: str  # key path, list items named by id, e.g. areas[3].criteria[3.4].max
    code: str  # stable, e.g. PX111
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None
    sheet: str | None = None  # a workbook's sheet: the place is shown as `file [Sheet1] V5`

    def render(self) -> str:
        where = self.file
        if self.sheet is not None:
            where += f" [{self.sheet}]"
            if self.line is not None:
                where += f" {cell_ref(self.line, self.column)}"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        head = f"{where}: {self.code} {self.severity.value}: "
        if self.path:
            head += f"{self.path}: "
        text = head + self.message
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.column or 0, self.code)


def cell_ref(row: int, column: int | None) -> str:
    """Excel's name of a cell (1-based): (5, 22) → V5; a whole row → "row 5"."""
    if column is None:
        return f"row {row}"
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


def file_error(file: str, code: str, message: str, hint: str | None = None) -> ParindexError:
    """An error about a whole file (unreadable, too large …), with no line to point at."""
    return ParindexError([Diagnostic(file, None, None, "", code, message, Severity.ERROR, hint)])


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
