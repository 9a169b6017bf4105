"""The 0-17 population of each authority from the ONS mid-year estimates file DfE publishes
(``ons_mid-year_population_estimates_*.csv``), read from the path given. Collection year Y (to 31 March Y)
uses the mid-(Y-1) estimate, as DfE's own rates do (e.g. the 2025 CLA rates use the mid-2024 figure).

The store holds the same figures (indicator ``population_0_17``); ``csinspect.analysis.returns`` reads them
from there. This reader serves the synthetic-data generator, which runs without a database.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import polars as pl

from csinspect.sources.official.readers import OfficialDataError

FILE_GLOB = "ons_mid-year_population_estimates_*.csv"


@lru_cache(maxsize=4)
def _table(path: Path) -> pl.DataFrame:
    try:
        df = pl.read_csv(path, infer_schema=False)
        df = df.filter(pl.col("geographic_level") == "Local authority")
        return df.select(
            pl.col("time_period").cast(pl.Int32).alias("year"),
            pl.col("old_la_code").alias("la_code"),
            pl.col("new_la_code").alias("gss_code"),
            pl.col("la_name"),
            pl.col("population_estimate").cast(pl.Int64, strict=False).alias("population"),
        )
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise OfficialDataError(f"{path.name}: cannot read the ONS population estimates: {exc}") from exc


def population_table(path: Path) -> pl.DataFrame | None:
    """The file's local-authority rows (year, la_code, gss_code, la_name, population); None if it is absent."""
    return _table(path) if path.is_file() else None


def population_0_17(table: pl.DataFrame, la_code: str, year: int) -> int | None:
    """0-17 population for council ``la_code`` (3-digit DfE code or GSS code) in collection year ``year``."""
    rows = table.filter(
        ((pl.col("la_code") == la_code) | (pl.col("gss_code") == la_code)) & (pl.col("year") <= year - 1)
    )
    if not rows.height:
        return None
    return int(rows.sort("year")["population"][-1])
