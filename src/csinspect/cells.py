"""Cells that are safe to open in a spreadsheet (OWASP "CSV injection"): text a council or a report typed
that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) must never run as one.

In CSV a quote is put before such text (the spreadsheet then shows it as text). In .xlsx the cell is typed as
text, which keeps the characters exactly (so an exported action plan re-imports unchanged) and is never
calculated. Numbers and dates are not text and are left alone.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: Any) -> Any:
    """The value to write into a CSV cell."""
    return "'" + value if looks_like_formula(value) else value


def set_xlsx_cell(ws: Any, row: int, column: int, value: Any) -> Any:
    """``ws.cell(row, column, value)`` with text that looks like a formula kept as text; returns the cell."""
    cell = ws.cell(row=row, column=column, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"
    return cell


def append_xlsx_row(ws: Any, values: list[Any]) -> None:
    """``ws.append(values)`` (also on a write-only sheet) with text that looks like a formula kept as text."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        if looks_like_formula(value):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    ws.append(cells)
