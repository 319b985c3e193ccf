"""How much a table file may hold, checked before anything is allocated for it.

A 1.4 MB workbook can declare ten million rows, and `/dev/zero` never ends: each limit is checked
against what the file says about itself (its size, a sheet's extent) before the cells are read,
and the refusal names the limit and the option that raises it.
"""

from __future__ import annotations

from dataclasses import dataclass

from parindex.errors import ParindexError, file_error


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 200 * 1024 * 1024  # --max-mb
    max_rows: int = 1_000_000  # --max-rows
    max_columns: int = 2_000  # --max-columns

    def check_bytes(self, file: str, size: int) -> None:
        if size > self.max_bytes:
            raise _over(
                file,
                f"the file holds more than {self.max_bytes:,} bytes",
                f"--max-mb {max(1, size // (1024 * 1024) + 1)}" if size < 2**62 else "--max-mb",
            )

    def check_extent(self, file: str, where: str, rows: int, columns: int) -> None:
        if rows > self.max_rows:
            raise _over(
                file,
                f"{where} has {rows:,} rows; the limit is {self.max_rows:,}",
                f"--max-rows {rows}",
            )
        if columns > self.max_columns:
            raise _over(
                file,
                f"{where} has {columns:,} columns; the limit is {self.max_columns:,}",
                f"--max-columns {columns}",
            )


def _over(file: str, message: str, option: str) -> ParindexError:
    return file_error(
        file,
        "PD001",
        message,
        hint=f"if the file really is that large, raise the limit with {option}",
    )
