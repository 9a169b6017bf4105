"""Reading DfE statistical-neighbour workbooks: sheet ``LA SN Groups``, one row per LA with its
ten neighbours (SN1..SN10) and closeness (SNP). Rows below the "Old SNs:" heading are former LAs kept by
the workbook (``listed_under_old_sns``). Rows whose neighbours are "-" (942/943 in April 2021) are skipped.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from csinspect.sources.dates import MONTH_NUMBERS
from csinspect.sources.official.readers import (
    OfficialDataError,
    cell_text,
    find_header,
    la_number,
    read_sheet,
)

SHEET = "LA SN Groups"
# Titles as the DfE tool names its versions.
TITLES = {"2021-04": "LGR version, April 2021", "2025-05": "May 2025"}
NAME = re.compile(r"^sn_([a-z]+)_(\d{4})\.xlsx$", re.IGNORECASE)


def model_of(path: Path) -> tuple[str, date]:
    """The model id ("2021-04") and first day in force, from the file name ``sn_<month>_<year>.xlsx``."""
    m = NAME.match(path.name)
    if not m or m.group(1).lower() not in MONTH_NUMBERS:
        raise OfficialDataError(f"{path.name}: expected a file named sn_<month>_<year>.xlsx")
    month, year = MONTH_NUMBERS[m.group(1).lower()], int(m.group(2))
    return f"{year}-{month:02d}", date(year, month, 1)


def parse_sn_sheet(path: Path) -> tuple[list[dict[str, object]], dict[str, int]]:
    """Neighbour rows (la_code, la_name, rank, neighbour_la_code, closeness, listed_under_old_sns, row)."""
    rows = read_sheet(path, SHEET)
    where = f"{path.name} sheet {SHEET}"
    head, cols = find_header(rows, ("LA num", "LA Name", "SN1", "SNP", "SN10"), where)
    header = [cell_text(c) for c in rows[head]]
    sn_cols = [header.index(f"SN{k}") for k in range(1, 11)]
    out: list[dict[str, object]] = []
    skipped: dict[str, int] = {}
    old = False
    for i in range(head + 1, len(rows)):
        row = rows[i]
        if any("old sns" in cell_text(c).lower() for c in row[:3]):
            old = True
            continue
        code = la_number(row[cols["LA num"]])
        if code is None:
            continue
        neighbours = [la_number(row[j]) for j in sn_cols]
        if all(n is None for n in neighbours):
            skipped["no neighbours listed ('-')"] = skipped.get("no neighbours listed ('-')", 0) + 1
            continue
        if any(n is None for n in neighbours):
            raise OfficialDataError(f"{where} row {i + 1}: LA {code} lists fewer than ten neighbours")
        for rank, (j, n) in enumerate(zip(sn_cols, neighbours, strict=True), start=1):
            out.append(
                {
                    "la_code": code,
                    "la_name": cell_text(row[cols["LA Name"]]),
                    "rank": rank,
                    "neighbour_la_code": n,
                    "closeness": cell_text(row[j + 1]) or None,
                    "listed_under_old_sns": old,
                    "row": i + 1,
                }
            )
    return out, skipped
