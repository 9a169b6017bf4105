"""The long values table as a workbook: a sheet of the values (header frozen, filters on) and a sheet that
says what each column means."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Font

from csinspect.cells import set_xlsx_cell


def write_values_xlsx(df: pl.DataFrame, out: Path, columns: dict[str, str]) -> Path:
    wb = Workbook(write_only=False)
    ws = wb.active
    assert ws is not None
    ws.title = "Values"
    for j, name in enumerate(df.columns, start=1):
        set_xlsx_cell(ws, 1, j, name).font = Font(bold=True)
    for i, row in enumerate(df.iter_rows(), start=2):
        for j, v in enumerate(row, start=1):
            if v is not None:
                set_xlsx_cell(ws, i, j, v)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    about = wb.create_sheet("Columns")
    for i, (name, meaning) in enumerate(columns.items(), start=1):
        set_xlsx_cell(about, i, 1, name).font = Font(bold=True)
        set_xlsx_cell(about, i, 2, meaning)
    wb.save(out)
    return out
