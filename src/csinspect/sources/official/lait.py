"""The DfE LAIT benchmarking data set in long form (``bds_long_*.parquet``): one row per measure
(``Short Desc``), period (``Years``), and LA or region (``LA Number``: 970 England, 980-990 regions).

Every measure is read: those the catalogue names under its indicators, the others as ``lait:<short>``
(described by LAIT's data dictionary, ``lait_dictionary``). LAIT prints unavailable values as ``-``; they are
kept as that symbol, never as zero.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from csinspect.sources.official.ees import (
    NATIONAL_CODE,
    REGION_CODES,
    VALUE_SCHEMA,
    check_cells,
    check_columns,
    split_values,
)
from csinspect.sources.official.periods import lait_period
from csinspect.sources.official.readers import OfficialDataError

LAIT_COLUMNS = ["Short Desc", "Years", "LA and Regions", "Values", "LA Number"]
# LAIT's region rows (LA Number 980-990) by name -> ONS region codes (Inner/Outer London: E13 codes).
LAIT_REGIONS = {
    **REGION_CODES,
    "london (inner)": "E13000001",
    "london (outer)": "E13000002",
}


def read_lait(path: Path) -> pl.DataFrame:
    try:
        df = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:  # any damage polars reports
        raise OfficialDataError(f"{path.name}: cannot read as parquet: {exc}") from exc
    check_columns(path.name, df.columns, LAIT_COLUMNS, "the LAIT long benchmarking file")
    return df.with_row_index("_row", offset=1)


def extract_lait(
    df: pl.DataFrame, measures: dict[str, list[str]], file_name: str
) -> tuple[pl.DataFrame, dict[str, str]]:
    """Values of the LAIT measures named in ``measures`` (Short Desc -> indicator ids), and the measures left
    out because a cell is neither a number (LAIT writes small ones in exponent form) nor a known symbol."""
    sub = df.filter(pl.col("Short Desc").is_in(list(measures)))
    if sub.is_empty():
        return pl.DataFrame(schema=VALUE_SCHEMA), {}
    refused: dict[str, str] = {}
    for short, part in sub.partition_by("Short Desc", as_dict=True).items():
        try:
            check_cells(part, "Values", file_name, "exponent")
        except OfficialDataError as exc:
            refused[str(short[0])] = (
                str(exc).replace(f"{file_name}, ", "").replace("; the file was not loaded", "")
            )
    if refused:
        sub = sub.filter(~pl.col("Short Desc").is_in(list(refused)))
    periods = {}
    for y in sub["Years"].unique().to_list():
        try:
            periods[y] = lait_period(y)
        except ValueError:
            continue  # e.g. "0": counted as bad_period below
    pframe = pl.DataFrame(
        [
            {"Years": y, "period": p.label, "year": p.year, "start": p.start, "end": p.end}
            for y, p in periods.items()
        ],
        schema={"Years": pl.String, "period": pl.String, "year": pl.Int32, "start": pl.Date, "end": pl.Date},
    )
    sub = sub.join(pframe, on="Years", how="left")
    value, symbol = split_values("Values", "exponent")
    num = pl.col("LA Number").cast(pl.Int64, strict=False)
    name = pl.col("LA and Regions").str.strip_chars()
    geo = (
        pl.when(num == 970)
        .then(pl.lit("national"))
        .when((num >= 980) & (num <= 990))
        .then(pl.lit("regional"))
        .when(num.is_not_null())
        .then(pl.lit("la"))
        .otherwise(None)
    )
    area = (
        pl.when(num == 970)
        .then(pl.lit(NATIONAL_CODE))
        .when((num >= 980) & (num <= 990))
        .then(name.str.to_lowercase().replace_strict(LAIT_REGIONS, default=None))
        .otherwise(num.cast(pl.String).str.zfill(3))
    )
    mapping = pl.DataFrame(
        [{"Short Desc": sd, "indicator_id": ind} for sd, inds in measures.items() for ind in inds]
    )
    sub = sub.join(mapping, on="Short Desc", how="inner")
    return sub.select(
        "indicator_id",
        pl.lit("lait").alias("source_kind"),
        geo.alias("geo_level"),
        area.alias("area_code"),
        pl.lit(None, dtype=pl.String).alias("gss_code"),
        name.alias("area_name"),
        "period",
        "year",
        "start",
        "end",
        value.alias("value"),
        symbol.alias("symbol"),
        pl.lit(None, dtype=pl.Float64).alias("numerator"),
        pl.lit(None, dtype=pl.Float64).alias("denominator"),
        (pl.lit(f"{file_name} row ") + pl.col("_row").cast(pl.String)).alias("source_ref"),
    ).cast(VALUE_SCHEMA), refused
