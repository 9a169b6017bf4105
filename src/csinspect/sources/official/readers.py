"""Reading official files in their published formats (CSV, .xlsx, .ods) with errors that name the file,
the sheet and the column that was expected.

Spreadsheets are read with python-calamine (Rust; reads .ods and .xlsx): the 2 MB Ofsted workbook loads in
well under a second, where openpyxl/odfpy-based readers take tens of seconds.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from csinspect.sources.errors import SourceError


class OfficialDataError(SourceError):
    """An official file that is missing, unreadable or not in the expected format.

    Built from one message "file[, place]: problem", as the readers write them."""

    def __init__(self, message: str) -> None:
        head, _, problem = message.partition(": ")
        file, _, where = head.partition(" ")
        super().__init__(file, problem or message, where)
        self.args = (message,)

    def __str__(self) -> str:
        return str(self.args[0])


def read_csv(path: Path, required: Iterable[str]) -> pl.DataFrame:
    """All columns as text; raises OfficialDataError naming the file and the missing columns."""
    try:
        df = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise OfficialDataError(f"{path.name}: cannot read as CSV: {exc}") from exc
    df = df.rename({c: c.lstrip("\ufeff").strip() for c in df.columns})
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise OfficialDataError(
            f"{path.name}: expected column(s) {', '.join(missing)}; found {', '.join(df.columns[:20])}"
        )
    return df


def sheet_names(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise OfficialDataError(f"{path.name}: cannot read as a spreadsheet: {exc}") from exc


def read_sheet(path: Path, sheet: str) -> list[list[Any]]:
    """The sheet's cells row by row (strings, floats, datetimes, '' for empty)."""
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise OfficialDataError(f"{path.name}: cannot read as a spreadsheet: {exc}") from exc
    if sheet not in wb.sheet_names:
        raise OfficialDataError(
            f"{path.name}: expected a sheet named {sheet!r}; the workbook has {', '.join(wb.sheet_names)}"
        )
    try:
        return [list(r) for r in wb.get_sheet_by_name(sheet).to_python()]
    except Exception as exc:  # a damaged sheet: calamine's own error types
        raise OfficialDataError(f"{path.name} sheet {sheet!r}: cannot be read: {exc}") from exc


def clean_header(value: Any) -> str:
    return " ".join(str(value).split())


def find_header(
    rows: Sequence[Sequence[Any]], required: Sequence[str], where: str, start: int = 0
) -> tuple[int, dict[str, int]]:
    """The first row at or after ``start`` holding every ``required`` header (white space folded).

    Returns the row index and a map header -> column index. ``where`` names file and sheet for errors.
    """
    want = [clean_header(r) for r in required]
    for i in range(start, len(rows)):
        cells = [clean_header(c) for c in rows[i]]
        if all(w in cells for w in want):
            return i, {c: j for j, c in enumerate(cells) if c}
    raise OfficialDataError(f"{where}: expected a header row with column(s) {', '.join(want)}; none found")


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_date(value: Any, where: str) -> date | None:
    """A date cell (datetime, date or ISO text); '' -> None; anything else is an error naming the cell."""
    if value in ("", None):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise OfficialDataError(f"{where}: expected a date, found {text!r}") from None


def la_number(value: Any) -> str | None:
    """A DfE 3-digit LA number from a cell (301.0 -> '301'); None when the cell is not a number."""
    text = cell_text(value)
    return text if text.isdigit() and len(text) == 3 else None


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_HYPERLINK = re.compile(r'HYPERLINK\("([^"]+)"')


def ods_row_links(path: Path, sheet: str) -> dict[int, str]:
    """Row index (as in ``read_sheet``) -> the URL of the first HYPERLINK formula in that row (.ods only).

    Calamine reads values, not formulas; Ofsted's web links are HYPERLINK formulas in column A.
    """
    from lxml import etree

    from csinspect.sources.xml_safety import SAFE_XML

    links: dict[int, str] = {}
    try:
        with zipfile.ZipFile(path) as z, z.open("content.xml") as fh:
            row = 0
            inside = False
            for event, el in etree.iterparse(fh, events=("start", "end"), **SAFE_XML):
                if el.tag == f"{_ODS_TABLE}table":
                    if event == "start":
                        inside = el.get(f"{_ODS_TABLE}name") == sheet
                    elif inside:
                        break
                    continue
                if not inside or event != "end" or el.tag != f"{_ODS_TABLE}table-row":
                    continue
                for cell in el.iter(f"{_ODS_TABLE}table-cell"):
                    m = _HYPERLINK.search(cell.get(f"{_ODS_TABLE}formula") or "")
                    if m:
                        links[row] = m.group(1)
                        break
                row += int(el.get(f"{_ODS_TABLE}number-rows-repeated") or 1)
                el.clear()
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise OfficialDataError(f"{path.name}: cannot read the hyperlinks of sheet {sheet!r}: {exc}") from exc
    return links
