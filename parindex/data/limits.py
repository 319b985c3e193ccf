"""How much a table file may hold, checked before anything is allocated for it.

A 1.4 MB workbook can declare ten million rows, and `/dev/zero` never ends: each limit is checked
against what the file says about itself (its size, a sheet's extent) before the cells are read,
and the refusal names the limit and the option that raises it.
"""

from __future__ import annotations

from dataclasses import dataclass

from parindex.errors import ParindexError, Text, file_error, t


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 200 * 1024 * 1024  # --max-mb
    max_rows: int = 1_000_000  # --max-rows
    max_columns: int = 2_000  # --max-columns

    def check_bytes(self, file: str, size: int) -> None:
        if size > self.max_bytes:
            raise _over(
                file,
                t("the file holds more than {limit} bytes", limit=float(self.max_bytes)),
                f"--max-mb {max(1, size // (1024 * 1024) + 1)}" if size < 2**62 else "--max-mb",
            )

    def check_extent(self, file: str, sheet: str | None, rows: int, columns: int) -> None:
        """`sheet`: the sheet's name, None for a text file."""
        if rows > self.max_rows:
            raise _over(
                file,
                _extent(sheet, "rows", rows, self.max_rows),
                f"--max-rows {rows}",
            )
        if columns > self.max_columns:
            raise _over(
                file,
                _extent(sheet, "columns", columns, self.max_columns),
                f"--max-columns {columns}",
            )


def _extent(sheet: str | None, what: str, count: int, limit: int) -> Text:
    # float: counts this large are grouped as the language groups thousands (1.000.001)
    n, most = float(count), float(limit)
    if sheet is None:
        if what == "rows":
            return t("the file has {count} rows; the limit is {limit}", count=n, limit=most)
        return t("the file has {count} columns; the limit is {limit}", count=n, limit=most)
    if what == "rows":
        return t(
            "sheet `{sheet}` has {count} rows; the limit is {limit}",
            sheet=sheet,
            count=n,
            limit=most,
        )
    return t(
        "sheet `{sheet}` has {count} columns; the limit is {limit}",
        sheet=sheet,
        count=n,
        limit=most,
    )


def _over(file: str, message: Text, option: str) -> ParindexError:
    return file_error(
        file,
        "PD001",
        message,
        hint=t("if the file really is that large, raise the limit with {option}", option=option),
    )
