"""Explore Education Statistics (EES) CSVs, read in general: any file in the EES layout whose name matches a
catalogue dataset gives every catalogue indicator that reads from it.

What is general here (not one loader per file): the standard columns (read by name, in any order, with a
byte-order mark tolerated), the three geographic levels, old and new LA codes, any filter columns,
``time_period``/``time_identifier`` in their yearly, academic and financial forms, the GSS symbols
(``c k x z : ~ low u``) kept as symbols and counted, and derived percentages (column / denominator).
Pure functions over polars frames; ``csinspect.load.official.indicators`` stores what they return.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import polars as pl

from csinspect.indicators.catalogue import Catalogue
from csinspect.indicators.schema import Dataset, Indicator, Source
from csinspect.sources.official.periods import ees_period
from csinspect.sources.official.readers import OfficialDataError

STANDARD_COLUMNS = ("time_period", "time_identifier", "geographic_level")
AREA_COLUMNS = ("country_code", "region_code", "region_name", "old_la_code", "new_la_code", "la_name")
# GSS symbols and the ones older DfE files (and LAIT) use. Any other non-numeric text in a value column is an
# error that stops the file: a token such as "abc", "∞", "0x10", "NaN" or "1e999" is never a value or a symbol.
KNOWN_SYMBOLS = frozenset({"c", "k", "x", "z", ":", "~", "low", "u", "-", ".."})
# A published number: optional minus, digits (thousands commas allowed), optional decimals. No exponents,
# no hexadecimal, no NaN or infinity.
NUMBER = r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$"
YEARS_MONTHS = r"^\d+:\d{1,2}$"
# LAIT's parquet file writes small numbers in exponent form ("7.0000000000000007E-2"): numbers there
NUMBER_WITH_EXPONENT = r"^-?\d+(?:\.\d+)?(?:[Ee][-+]?\d{1,3})?$"
SHOWN_BAD_CELLS = 5
GEO_LEVELS = {"national": "national", "regional": "regional", "local authority": "la"}
NATIONAL_CODE = "E92000001"
# English regions by name (lower case) -> ONS region codes.
REGION_CODES = {
    "north east": "E12000001",
    "north west": "E12000002",
    "yorkshire and the humber": "E12000003",
    "east midlands": "E12000004",
    "west midlands": "E12000005",
    "east of england": "E12000006",
    "london": "E12000007",
    "south east": "E12000008",
    "south west": "E12000009",
}

# The frame every extractor returns (one row per indicator value, before area codes are checked).
VALUE_SCHEMA = pl.Schema(
    {
        "indicator_id": pl.String(),
        "source_kind": pl.String(),
        "geo_level": pl.String(),
        "area_code": pl.String(),
        "gss_code": pl.String(),
        "area_name": pl.String(),
        "period": pl.String(),
        "year": pl.Int32(),
        "start": pl.Date(),
        "end": pl.Date(),
        "value": pl.Float64(),
        "symbol": pl.String(),
        "numerator": pl.Float64(),
        "denominator": pl.Float64(),
        "source_ref": pl.String(),
    }
)


def read_ees_csv(path: Path) -> pl.DataFrame:
    """Every column as text (values and symbols are told apart later), BOM and stray spaces removed."""
    try:
        df = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy", null_values=[""])
    except (pl.exceptions.ComputeError, OSError) as exc:
        raise OfficialDataError(f"{path.name}: cannot read as CSV: {exc}") from exc
    df = df.rename({c: c.lstrip("\ufeff").strip() for c in df.columns})
    return df.with_row_index("_row", offset=2)  # spreadsheet row number (header is row 1)


def looks_like_ees(columns: list[str]) -> bool:
    cols = {c.lstrip("\ufeff").strip() for c in columns}
    return all(c in cols for c in STANDARD_COLUMNS)


def check_columns(file_name: str, found: list[str], expected: list[str], what: str) -> None:
    missing = [c for c in expected if c not in found]
    if missing:
        shown = [c for c in found if c != "_row"]
        raise OfficialDataError(
            f"{file_name}: wrong columns for {what}: missing {missing}; expected {expected}; found {shown}"
        )


# The geography columns EES requires of rows at each level (its data standards).
LEVEL_COLUMNS = {
    "local authority": ("old_la_code", "new_la_code", "la_name"),
    "regional": ("region_code", "region_name"),
}


def check_geography(file_name: str, df: pl.DataFrame) -> None:
    """The columns each geographic level present in the file needs (EES's standard), or an error naming them."""
    levels = set(df["geographic_level"].str.strip_chars().str.to_lowercase().unique().to_list())
    for level, cols in LEVEL_COLUMNS.items():
        if level in levels:
            check_columns(file_name, df.columns, list(cols), f"{level} rows of an EES data file")


def split_values(col: str, value_format: str = "number") -> tuple[pl.Expr, pl.Expr]:
    """(value, symbol) expressions: a number becomes the value; a known symbol is kept as the symbol (cells
    that are neither are refused first by ``check_cells``)."""
    raw = pl.col(col).str.strip_chars()
    if value_format == "years_months":
        parts = raw.str.extract_groups(r"^(\d+):(\d{1,2})$")
        number = parts.struct.field("1").cast(pl.Float64, strict=False) * 12 + parts.struct.field("2").cast(
            pl.Float64, strict=False
        )
    elif value_format == "exponent":
        number = pl.when(raw.str.contains(NUMBER_WITH_EXPONENT)).then(raw.cast(pl.Float64, strict=False))
    else:
        number = pl.when(raw.str.contains(NUMBER)).then(raw.str.replace_all(",", "").cast(pl.Float64))
    symbol = pl.when(number.is_null() & raw.is_not_null() & (raw != "")).then(raw).otherwise(None)
    return number, symbol


def check_cells(df: pl.DataFrame, col: str, file_name: str, value_format: str = "number") -> None:
    """Refuse the file when a value cell is neither a number nor a known symbol, naming the cells."""
    raw = pl.col(col).str.strip_chars()
    pattern = {"years_months": YEARS_MONTHS, "exponent": NUMBER_WITH_EXPONENT}.get(value_format, NUMBER)
    fine = raw.is_null() | (raw == "") | raw.str.contains(pattern) | raw.is_in(list(KNOWN_SYMBOLS))
    bad = df.filter(~fine).select("_row", col)
    if bad.height:
        shown = "; ".join(f"row {r}: {v!r}" for r, v in bad.head(SHOWN_BAD_CELLS).iter_rows())
        more = f" (and {bad.height - SHOWN_BAD_CELLS} more)" if bad.height > SHOWN_BAD_CELLS else ""
        raise OfficialDataError(
            f"{file_name}, column {col!r}: {bad.height} cell(s) neither a number nor a known symbol "
            f"({' '.join(sorted(KNOWN_SYMBOLS))}): {shown}{more}; the file was not loaded"
        )


def extract_indicator(df: pl.DataFrame, indicator: Indicator, source: Source, file_name: str) -> pl.DataFrame:
    """One indicator's values from an EES-layout frame (all geographic levels)."""
    needed = [*STANDARD_COLUMNS, *source.filters.keys(), source.column]
    if source.denominator_column:
        needed.append(source.denominator_column)
    check_columns(file_name, df.columns, needed, f"indicator {indicator.id}")
    sub = df
    for fcol, fval in source.filters.items():
        sub = sub.filter(pl.col(fcol).str.strip_chars() == fval)
    if sub.is_empty():
        return pl.DataFrame(schema=VALUE_SCHEMA)
    for c in AREA_COLUMNS:
        if c not in sub.columns:
            sub = sub.with_columns(pl.lit(None, dtype=pl.String).alias(c))
    check_cells(sub, source.column, file_name, source.value_format)
    if source.denominator_column:
        check_cells(sub, source.denominator_column, file_name)
    value, symbol = split_values(source.column, source.value_format)
    numerator = pl.lit(None, dtype=pl.Float64)
    denominator = pl.lit(None, dtype=pl.Float64)
    if source.denominator_column:
        num, num_sym = split_values(source.column)
        den, den_sym = split_values(source.denominator_column)
        numerator, denominator = num, den
        value = pl.when(den > 0).then(num / den * source.multiplier).otherwise(None)
        symbol = pl.coalesce(num_sym, den_sym, pl.when(den == 0).then(pl.lit("z")).otherwise(None))
    geo = (
        pl.col("geographic_level")
        .str.strip_chars()
        .str.to_lowercase()
        .replace_strict(GEO_LEVELS, default=None)
    )
    sub = sub.with_columns(
        geo.alias("geo_level"),
        value.alias("value"),
        symbol.alias("symbol"),
        numerator.alias("numerator"),
        denominator.alias("denominator"),
    )
    periods = {}
    for tp, ti in sub.select("time_period", "time_identifier").unique().iter_rows():
        try:
            periods[(tp, ti)] = ees_period(tp or "", ti or "")
        except ValueError as exc:
            rows = sub.filter((pl.col("time_period") == tp) & (pl.col("time_identifier") == ti))["_row"]
            raise OfficialDataError(f"{file_name} row {rows[0]}, column 'time_period': {exc}") from exc
    period_frame = pl.DataFrame(
        [
            {
                "time_period": tp,
                "time_identifier": ti,
                "period": p.label,
                "year": p.year,
                "start": p.start,
                "end": p.end,
            }
            for (tp, ti), p in periods.items()
        ],
        schema={
            "time_period": pl.String,
            "time_identifier": pl.String,
            "period": pl.String,
            "year": pl.Int32,
            "start": pl.Date,
            "end": pl.Date,
        },
    )
    sub = sub.join(period_frame, on=["time_period", "time_identifier"], how="left")
    area = (
        pl.when(pl.col("geo_level") == "national")
        .then(pl.lit(NATIONAL_CODE))
        .when(pl.col("geo_level") == "regional")
        .then(pl.col("region_code"))
        .otherwise(pl.col("old_la_code").str.strip_chars())
    )
    name = (
        pl.when(pl.col("geo_level") == "national")
        .then(pl.lit("England"))
        .when(pl.col("geo_level") == "regional")
        .then(pl.col("region_name"))
        .otherwise(pl.col("la_name"))
    )
    return (
        sub.filter(pl.col("geo_level").is_not_null())
        .select(
            pl.lit(indicator.id).alias("indicator_id"),
            pl.lit(source.kind).alias("source_kind"),
            "geo_level",
            area.alias("area_code"),
            pl.when(pl.col("geo_level") == "la")
            .then(pl.col("new_la_code"))
            .otherwise(None)
            .alias("gss_code"),
            name.alias("area_name"),
            "period",
            "year",
            "start",
            "end",
            "value",
            "symbol",
            "numerator",
            "denominator",
            (pl.lit(f"{file_name} row ") + pl.col("_row").cast(pl.String)).alias("source_ref"),
        )
        .cast(VALUE_SCHEMA)
    )  # type: ignore[arg-type]


def extract_dataset(df: pl.DataFrame, pairs: list[tuple[Indicator, Source]], file_name: str) -> pl.DataFrame:
    frames = [extract_indicator(df, ind, src, file_name) for ind, src in pairs]
    if not frames:
        return pl.DataFrame(schema=VALUE_SCHEMA)
    return pl.concat(frames, how="vertical")


def count_symbols(values: pl.DataFrame) -> Counter[str]:
    """Non-numeric cells by symbol: ``symbol c`` … (only known symbols get this far)."""
    counts: Counter[str] = Counter()
    for sym, n in values.filter(pl.col("symbol").is_not_null()).group_by("symbol").len().iter_rows():
        counts[f"symbol {sym}"] += n
    return counts


def ees_pairs(catalogue: Catalogue, dataset: Dataset) -> list[tuple[Indicator, Source]]:
    return [(ind, src) for kind in ("ees", "ons") for ind, src in catalogue.sources_for(kind, dataset.id)]
