"""The 0-17 population a rate per 10,000 needs, from the ONS mid-year estimates file DfE publishes
(``ons_mid-year_population_estimates_*.csv``). Collection year Y (to 31 March Y) uses the mid-(Y-1)
estimate, as DfE's own rates do (e.g. the 2025 CLA rates use the mid-2024 figure)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import polars as pl

from csinspect.config import get_settings

FILE_GLOB = "ons_mid-year_population_estimates_*.csv"


def find_population_file(path: Path | None = None) -> Path | None:
    if path is not None:
        return path if path.exists() else None
    candidates: list[Path] = []
    if env := os.environ.get("CSINSPECT_POPULATION_FILE"):
        candidates.append(Path(env))
    dirs = [get_settings().data_dir / "official"]
    if shared := os.environ.get("CSINSPECT_SHARED"):
        dirs.append(Path(shared) / "data" / "official")
    dirs.append(Path(__file__).resolve().parents[4] / "shared" / "data" / "official")
    for d in dirs:
        if d.is_dir():
            candidates.extend(sorted(d.glob(FILE_GLOB), reverse=True))
    return next((c for c in candidates if c.exists()), None)


@lru_cache(maxsize=4)
def _table(path: Path) -> pl.DataFrame:
    df = pl.read_csv(path, infer_schema=False)
    df = df.filter(pl.col("geographic_level") == "Local authority")
    return df.select(
        pl.col("time_period").cast(pl.Int32).alias("year"),
        pl.col("old_la_code").alias("la_code"),
        pl.col("new_la_code").alias("gss_code"),
        pl.col("la_name"),
        pl.col("population_estimate").cast(pl.Int64, strict=False).alias("population"),
    )


def population_table(path: Path | None = None) -> pl.DataFrame | None:
    found = find_population_file(path)
    return _table(found) if found else None


def population_0_17(la_code: str, year: int, path: Path | None = None) -> int | None:
    """0-17 population for council ``la_code`` (3-digit DfE code or GSS code) in collection year ``year``."""
    table = population_table(path)
    if table is None:
        return None
    rows = table.filter(
        ((pl.col("la_code") == la_code) | (pl.col("gss_code") == la_code)) & (pl.col("year") <= year - 1)
    )
    if not rows.height:
        return None
    return int(rows.sort("year")["population"][-1])
