"""The problem table every returns reader produces, and the per-table row reconciliation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from csinspect.sources.errors import SourceError

PROBLEM_SCHEMA: dict[str, Any] = {
    "file": pl.Utf8,
    "table": pl.Utf8,
    "row": pl.Int64,  # CSV: line number in the file (header = 1); XML: source line; xlsx: sheet row
    "column": pl.Utf8,
    "value": pl.Utf8,
    "rule": pl.Utf8,
    "severity": pl.Utf8,  # error = row rejected; warning = row kept; file = the whole file failed
    "message": pl.Utf8,
}


def empty_problems() -> pl.DataFrame:
    return pl.DataFrame(schema=PROBLEM_SCHEMA)


def problem_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    if not rows:
        return empty_problems()
    return pl.DataFrame(rows, schema=PROBLEM_SCHEMA)


class ReturnsFileError(SourceError):
    """A file that fails as a whole (unreadable, malformed, missing a required column, wrong council/year).

    Nothing from such a file is stored."""

    def __init__(self, file: str, message: str, *, line: int | None = None, rule: str = "file_error") -> None:
        self.line = line
        self.rule = rule
        self.message = message
        super().__init__(file, message, f"line {line}" if line is not None else "")

    def as_problem(self, table: str = "") -> dict[str, Any]:
        return {
            "file": self.file,
            "table": table,
            "row": self.line,
            "column": None,
            "value": None,
            "rule": self.rule,
            "severity": "file",
            "message": self.message,
        }


@dataclass
class TableCount:
    """Rows read = accepted + rejected for one table of one file."""

    file: str
    table: str
    read: int
    accepted: int
    rejected: int

    @property
    def reconciles(self) -> bool:
        return self.read == self.accepted + self.rejected


@dataclass
class ReadResult:
    """What a reader hands back: typed accepted tables, problems and counts."""

    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    problems: pl.DataFrame = field(default_factory=empty_problems)
    counts: list[TableCount] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def add(self, other: ReadResult) -> None:
        for name, df in other.tables.items():
            self.tables[name] = (
                pl.concat([self.tables[name], df], how="diagonal_relaxed") if name in self.tables else df
            )
        self.problems = pl.concat([self.problems, other.problems])
        self.counts.extend(other.counts)
        self.meta.update(other.meta)

    def check_reconciled(self) -> None:
        bad = [c for c in self.counts if not c.reconciles]
        if bad:
            raise AssertionError(f"row counts do not reconcile: {bad}")
