"""Reading the provider-level sheet of Ofsted's "Children's social care data in England" workbook
(``Provider_level_at_31_Mar_<year>``): every active provider with its latest full inspection, and the share
judged good or outstanding by LA, region and England as indicator values (catalogue source kind ``ofsted``),
so provider outcomes get the same comparators as any indicator. Pure: the load wing resolves LA names.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from csinspect.indicators.catalogue import Catalogue
from csinspect.sources.official.ees import NATIONAL_CODE, REGION_CODES, VALUE_SCHEMA
from csinspect.sources.official.readers import (
    OfficialDataError,
    cell_date,
    cell_text,
    find_header,
    read_sheet,
    sheet_names,
)

SHEET = re.compile(r"^Provider_level_at_31_Mar_(\d{4})$")
OE_COLUMN = "Overall experiences and progress of children and young people"
REQUIRED = ("URN", "Provision type", "Local authority", "Government Office Region", OE_COLUMN)
GRADES = {
    "outstanding": 4,
    "good": 3,
    "requires improvement to be good": 2,
    "requires improvement": 2,
    "inadequate": 1,
}
# Provision types Ofsted counts as children's homes in this workbook (case varies in the sheet).
CHILDRENS_HOMES = {
    "children's home",
    "secure children's home",
    "residential special school (registered as a children's home)",
}
PROVISION_GROUPS = {"childrens_homes": CHILDRENS_HOMES, "all": None}


def grade_ordinal(label: str) -> int | None:
    return GRADES.get(" ".join(label.lower().split())) if label else None


def parse_provider_sheet(path: Path) -> tuple[date, str, list[dict[str, Any]]]:
    """(as-at date, sheet name, provider rows) from the workbook's provider-level sheet."""
    sheets = [s for s in sheet_names(path) if SHEET.match(s)]
    if not sheets:
        raise OfficialDataError(
            f"{path.name}: expected a sheet named Provider_level_at_31_Mar_<year>; found {sheet_names(path)}"
        )
    sheet = sorted(sheets)[-1]
    m = SHEET.match(sheet)
    assert m is not None
    as_at = date(int(m.group(1)), 3, 31)
    rows = read_sheet(path, sheet)
    where = f"{path.name} sheet {sheet}"
    head, cols = find_header(rows, REQUIRED, where)
    date_col = cols.get("Latest full inspection date")
    out: list[dict[str, Any]] = []
    for i, row in enumerate(rows[head + 1 :], start=head + 2):
        urn = cell_text(row[cols["URN"]])
        if not urn:
            continue
        label = cell_text(row[cols[OE_COLUMN]])
        places = cell_text(row[cols["Places"]]) if "Places" in cols else ""
        out.append(
            {
                "urn": urn,
                "provision_type": cell_text(row[cols["Provision type"]]),
                "sector": cell_text(row[cols["Sector"]]) if "Sector" in cols else None,
                "la_printed": cell_text(row[cols["Local authority"]]) or None,
                "region": cell_text(row[cols["Government Office Region"]]),
                "places": int(places) if places.isdigit() else None,
                "inspection_date": cell_date(row[date_col], f"{where} row {i}")
                if date_col is not None
                else None,
                "overall_label": label or None,
                "overall_ordinal": grade_ordinal(label),
                "source_ref": f"{where} row {i}",
            }
        )
    return as_at, sheet, out


def good_or_better(providers: pl.DataFrame, group: str) -> pl.DataFrame:
    """Share of providers (in ``group``) judged good or outstanding, by LA, region and England."""
    types = PROVISION_GROUPS[group]
    sub = providers.filter(pl.col("overall_ordinal").is_not_null())
    if types is not None:
        sub = sub.filter(pl.col("provision_type").str.to_lowercase().is_in(list(types)))
    agg = [
        (pl.col("overall_ordinal") >= 3).sum().cast(pl.Float64).alias("numerator"),
        pl.len().cast(pl.Float64).alias("denominator"),
    ]
    la = (
        sub.filter(pl.col("la_code").is_not_null())
        .group_by("la_code")
        .agg(agg)
        .rename({"la_code": "area_code"})
    )
    la = la.with_columns(pl.lit("la").alias("geo_level"))
    reg = (
        sub.with_columns(
            pl.col("region").str.to_lowercase().replace_strict(REGION_CODES, default=None).alias("area_code")
        )
        .filter(pl.col("area_code").is_not_null())
        .group_by("area_code")
        .agg(agg)
        .with_columns(pl.lit("regional").alias("geo_level"))
    )
    nat = sub.select(agg).with_columns(
        pl.lit(NATIONAL_CODE).alias("area_code"), pl.lit("national").alias("geo_level")
    )
    cols = ["geo_level", "area_code", "numerator", "denominator"]
    out = pl.concat([la.select(cols), reg.select(cols), nat.select(cols)])
    return out.with_columns((pl.col("numerator") / pl.col("denominator") * 100).alias("value"))


def provider_values(
    rows: list[dict[str, Any]], catalogue: Catalogue, as_at: date, file_name: str, sheet: str
) -> pl.DataFrame | None:
    """Indicator values of every catalogue indicator read from the provider sheet (rows with ``la_code``)."""
    frame = pl.DataFrame(
        [
            {
                "provision_type": r["provision_type"],
                "la_code": r["la_code"],
                "region": r["region"],
                "overall_ordinal": r["overall_ordinal"],
            }
            for r in rows
        ],
        schema={
            "provision_type": pl.String,
            "la_code": pl.String,
            "region": pl.String,
            "overall_ordinal": pl.Int64,
        },
    )
    values = []
    for ind, src in catalogue.sources_for("ofsted", "ofsted_csc_providers"):
        group = src.filters.get("provision_group", "all")
        if group not in PROVISION_GROUPS:
            raise OfficialDataError(f"indicator {ind.id}: unknown provision_group {group!r}")
        v = good_or_better(frame, group)
        values.append(
            v.select(
                pl.lit(ind.id).alias("indicator_id"),
                pl.lit("ofsted").alias("source_kind"),
                "geo_level",
                "area_code",
                pl.lit(None, dtype=pl.String).alias("gss_code"),
                pl.lit(None, dtype=pl.String).alias("area_name"),
                pl.lit(str(as_at.year)).alias("period"),
                pl.lit(as_at.year).alias("year"),
                pl.lit(date(as_at.year - 1, 4, 1)).alias("start"),
                pl.lit(as_at).alias("end"),
                "value",
                pl.lit(None, dtype=pl.String).alias("symbol"),
                "numerator",
                "denominator",
                pl.lit(f"{file_name} sheet {sheet} (computed)").alias("source_ref"),
            ).cast(VALUE_SCHEMA)
        )
    return pl.concat(values) if values else None
