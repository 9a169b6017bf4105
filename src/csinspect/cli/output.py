"""Printing records as a Rich table, JSON or CSV (``--format``)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from csinspect.cells import csv_safe

console = Console()
err_console = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def emit(
    rows: Sequence[Mapping[str, Any]],
    fmt: Format | str = Format.table,
    *,
    title: str | None = None,
    columns: Iterable[str] | None = None,
) -> None:
    """Print ``rows`` (dicts) in the chosen format; ``columns`` picks and orders the table/CSV columns."""
    fmt = Format(fmt)
    cols = list(columns) if columns is not None else (list(rows[0].keys()) if rows else [])
    if fmt is Format.json:
        sys.stdout.write(
            json.dumps([{k: _plain(v) for k, v in r.items()} for r in rows], indent=2, default=str)
        )
        sys.stdout.write("\n")
        return
    if fmt is Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: csv_safe(_plain(r.get(k))) for k in cols})
        return
    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")  # never cut a value with an ellipsis
    for r in rows:
        table.add_row(*["" if r.get(c) is None else str(_plain(r.get(c))) for c in cols])
    console.print(table)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a clear error to stderr; ``raise fail(...)`` ends the command with ``code``."""
    err_console.print(f"[bold red]error:[/] {message}", soft_wrap=True)  # one line, however long
    return typer.Exit(code)
