"""Readers of the official files that are not in Explore Education Statistics' layout, each turning its file
into that layout (every cell as text, ``time_period``/``time_identifier``/``geographic_level``, the area columns,
``_row`` the spreadsheet row) so that one extractor reads every dataset. A registry with one signature:
``READERS[dataset.layout](path) -> DataFrame``; the catalogue's dataset says which layout its files are in.

- ``ees``: an EES CSV (``ees.read_ees_csv``).
- ``fingertips``: OHID's Fingertips indicator download (e.g. hospital admissions caused by injuries in children):
  one row per area and period, ``Area Type`` giving the level, ``Time period`` as ``2023/24``; rows with a
  ``Category`` are breakdowns (deprivation deciles…) and are left out.
- ``revenue_outturn``: MHCLG's revenue outturn workbooks by authority (RO3, RSX): a sheet ``*_LA_Data_YYYYYY`` whose
  header row holds ``ONS Code`` and ``Class``; England is ``Eng``; upper-tier classes (UA, MD, LB, SC) are
  authorities; lower tiers and other bodies are left out. Values are £ thousands; ``[x]`` is the symbol x.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import polars as pl

from csinspect.sources.official.ees import read_ees_csv
from csinspect.sources.official.readers import OfficialDataError

FINGERTIPS_LEVELS = {
    "england": "National",
    "regions (statistical)": "Regional",
    "region": "Regional",
    "counties & uas (from apr 2023)": "Local authority",
    "counties & uas (from apr 2021)": "Local authority",
    "counties & uas (from apr 2020)": "Local authority",
    "counties & uas (from apr 2019)": "Local authority",
    "upper tier local authorities (post 4/23)": "Local authority",
}
OUTTURN_LEVELS = {"eng": "National", "ua": "Local authority", "md": "Local authority", "lb": "Local authority",
                  "sc": "Local authority"}  # fmt: skip


def read_fingertips(path: Path) -> pl.DataFrame:
    df = read_ees_csv(path)
    need = ["Area Code", "Area Name", "Area Type", "Time period", "Value", "Category Type"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise OfficialDataError(
            f"{path.name}: not a Fingertips indicator download: missing columns {missing}"
        )
    df = df.filter(pl.col("Category Type").is_null())
    # "2023/24" -> EES's "202324" (a single year stays as it is)
    period = pl.col("Time period").str.strip_chars().str.replace(r"^(\d{4})/(\d{2})$", "${1}${2}")
    level = (
        pl.col("Area Type")
        .str.strip_chars()
        .str.to_lowercase()
        .replace_strict(FINGERTIPS_LEVELS, default=None)
    )
    code = pl.col("Area Code").str.strip_chars()
    return df.with_columns(
        period.alias("time_period"),
        pl.lit("Financial year").alias("time_identifier"),
        level.alias("geographic_level"),
        pl.when(level == "Regional").then(code).alias("region_code"),
        pl.when(level == "Regional").then(pl.col("Area Name")).alias("region_name"),
        pl.when(level == "Local authority").then(code).alias("new_la_code"),
        pl.lit(None, dtype=pl.String).alias("old_la_code"),
        pl.when(level == "Local authority").then(pl.col("Area Name")).alias("la_name"),
    ).filter(pl.col("geographic_level").is_not_null())


def read_revenue_outturn(path: Path) -> pl.DataFrame:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for unreadable workbooks
        raise OfficialDataError(f"{path.name}: cannot read as a workbook: {exc}") from exc
    sheet = next((s for s in wb.sheet_names if re.search(r"_LA_Data_(\d{6})$", s)), None)
    if sheet is None:
        raise OfficialDataError(
            f"{path.name}: no sheet named like 'RO3_LA_Data_202425' (found {wb.sheet_names})"
        )
    year = re.search(r"(\d{6})$", sheet).group(1)  # type: ignore[union-attr]
    rows = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    head = next((i for i, r in enumerate(rows[:40]) if "ONS Code" in r and "Class" in r), None)
    if head is None:
        raise OfficialDataError(f"{path.name}, sheet {sheet}: no header row with 'ONS Code' and 'Class'")
    header = [str(h).strip() for h in rows[head]]
    body = []
    for i, r in enumerate(rows[head + 1 :], start=head + 2):
        cells = ["" if v is None else str(v).strip() for v in r]
        if not cells[header.index("ONS Code")]:
            break  # the data table ends at the first row without a code (notes follow)
        body.append([*(_cell(c) for c in cells[: len(header)]), i])
    seen: dict[str, int] = {}
    names = []
    for h in header:  # a workbook may repeat a heading: keep every column, the repeats numbered
        seen[h] = seen.get(h, 0) + 1
        names.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    df = pl.DataFrame(body, schema=[*names, "_row"], orient="row", schema_overrides={"_row": pl.Int64})
    # subtotal rows ("Unitary Authorities", ONS Code "E06") share their members' class: an authority has a
    # nine-character GSS code
    is_area = pl.col("ONS Code").str.contains(r"^[EWSN]\d{8}$")
    level = pl.when(is_area).then(
        pl.col("Class").str.to_lowercase().replace_strict(OUTTURN_LEVELS, default=None)
    )
    return df.with_columns(
        pl.lit(year).alias("time_period"),
        pl.lit("Financial year").alias("time_identifier"),
        level.alias("geographic_level"),
        pl.when(level == "Local authority").then(pl.col("ONS Code")).alias("new_la_code"),
        pl.lit(None, dtype=pl.String).alias("old_la_code"),
        pl.when(level == "Local authority").then(pl.col("Local authority")).alias("la_name"),
    ).filter(pl.col("geographic_level").is_not_null())


def _cell(text: str) -> str | None:
    if text == "":
        return None
    if text == "[x]":
        return "x"
    return text


READERS: dict[str, Callable[[Path], pl.DataFrame]] = {
    "ees": read_ees_csv,
    "fingertips": read_fingertips,
    "revenue_outturn": read_revenue_outturn,
}
