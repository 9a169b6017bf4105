"""The layout readers turn Fingertips downloads and revenue outturn workbooks into EES's layout, and name the
file and problem when a file is not what its dataset says."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from csinspect.sources.official.layouts import read_fingertips, read_revenue_outturn
from csinspect.sources.official.readers import OfficialDataError

FINGERTIPS_HEADER = (
    "Indicator ID,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,Time period,Value,Count"
)


def test_fingertips_rows_become_ees_rows_and_breakdowns_are_left_out(tmp_path: Path) -> None:
    f = tmp_path / "la_hospital_admissions_2324.csv"
    f.write_text(
        "\n".join(
            [
                FINGERTIPS_HEADER,
                "90284,E92000001,England,England,Persons,<15 yrs,,,2023/24,78.5,80000",
                "90284,E92000001,England,England,Persons,<15 yrs,Deprivation,Most deprived decile,2023/24,99.1,9000",
                "90284,E06000032,Luton,Counties & UAs (from Apr 2023),Persons,<15 yrs,,,2023/24,70.2,330",
                "90284,E12000006,East of England,Regions (statistical),Persons,<15 yrs,,,2023/24,72.0,9000",
                "90284,E07000223,Adur,Districts & UAs (from Apr 2023),Persons,<15 yrs,,,2023/24,65.0,50",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    df = read_fingertips(f)
    got = df.select(
        "geographic_level", "new_la_code", "region_code", "time_period", "time_identifier", "Value"
    )
    assert got.rows() == [
        ("National", None, None, "202324", "Financial year", "78.5"),
        ("Local authority", "E06000032", None, "202324", "Financial year", "70.2"),
        ("Regional", None, "E12000006", "202324", "Financial year", "72.0"),
    ]
    bad = tmp_path / "la_hospital_admissions_bad.csv"
    bad.write_text("Area Code,Value\nE06000032,1\n", encoding="utf-8")
    with pytest.raises(OfficialDataError, match=r"la_hospital_admissions_bad.csv: not a Fingertips"):
        read_fingertips(bad)


def _outturn(path: Path, sheet: str = "RSX_LA_Data_202425") -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for _ in range(3):
        ws.append(["Revenue outturn notes"])
    ws.append(
        [
            "E-code",
            "ONS Code",
            "Local authority",
            "Class",
            "Children Social Care - Total Expenditure (C3 = C1 + C2)",
        ]
    )
    ws.append(["E0000", "E92000001", "England", "Eng", 13000000])
    ws.append(["E0231", "E06000032", "Luton UA", "UA", "[x]"])
    ws.append(["", "E06", "Unitary Authorities", "UA", 4000000])
    ws.append(["E3831", "E07000223", "Adur", "SD", 0])
    ws.append([None, None, None, None, None])
    ws.append(["Note: row 431 holds references"])
    wb.save(path)
    return path


def test_revenue_outturn_keeps_england_and_upper_tier_authorities(tmp_path: Path) -> None:
    df = read_revenue_outturn(_outturn(tmp_path / "RSX_LA_Data_2024-25_data_by_LA.xlsx"))
    got = df.select(
        "geographic_level",
        "new_la_code",
        "time_period",
        "Children Social Care - Total Expenditure (C3 = C1 + C2)",
    )
    assert got.rows() == [
        ("National", None, "202425", "13000000.0"),
        ("Local authority", "E06000032", "202425", "x"),
    ]
    assert df["_row"].to_list() == [5, 6] and df.schema["_row"] == pl.Int64
    with pytest.raises(OfficialDataError, match=r"RO3.xlsx: no sheet named like"):
        read_revenue_outturn(_outturn(tmp_path / "RO3.xlsx", sheet="Data"))
