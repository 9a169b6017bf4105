"""Comparators for every (indicator, authority, period), as pure functions over polars frames.

Input ``values``: one row per (indicator_id, geo_level, area_code, period) with ``year`` and ``value``
(NULL when suppressed). Output: one row per LA value row with

- ``sn_average`` / ``sn_count``: mean of the statistical neighbours' values in the same period, using the
  10 neighbours of the model in force at the end of the period (the newest model whose first day is on or
  before the period end; for periods before the oldest loaded model, that oldest model, flagged in
  ``sn_model_note``). Neighbours without a value (suppressed, not published, or the authority did not
  exist) are left out of the mean; ``sn_count`` says how many were used, and there is no average when
  fewer than ``min_neighbours`` (default 5 of 10) have a value;
- ``region`` (the region row of the authority's region) and ``england`` (the national row);
- ``rank`` among all authorities with a value (1 = best for a polarity, 1 = highest for "neither"),
  ``rank_of`` and ``quartile`` 1-4 (1 = best quarter, or highest values for "neither");
- ``trend_*``: the window of up to ``trend_window`` periods ending at this one: first value and period,
  number of values, and ``direction`` (improving / declining / stable, or increasing / decreasing /
  stable for "neither"); "stable" when the change is within ``stable_tolerance`` of the first value.
"""

from __future__ import annotations

from datetime import date

import polars as pl

DIRECTION_WORDS = {
    "higher_is_better": ("improving", "declining"),
    "lower_is_better": ("declining", "improving"),
    "neither": ("increasing", "decreasing"),
}


def period_end(label_col: str = "period", year_col: str = "year") -> pl.Expr:
    """31 August of the end year for academic years ("2023/24"), otherwise 31 March."""
    academic = pl.col(label_col).str.contains("/")
    return pl.date(
        pl.col(year_col), pl.when(academic).then(8).otherwise(3), pl.when(academic).then(31).otherwise(31)
    )


def model_for_periods(periods: pl.DataFrame, models: pl.DataFrame) -> pl.DataFrame:
    """(period, year) -> model_id in force at the period end, with a note when none was in force."""
    if models.is_empty():
        return periods.with_columns(
            pl.lit(None, dtype=pl.String).alias("model_id"),
            pl.lit(None, dtype=pl.String).alias("sn_model_note"),
        )
    ms = models.sort("in_force_from")
    oldest_id, oldest_from = ms.row(0)[0], ms.row(0)[1]
    p = periods.with_columns(period_end().alias("_end")).sort("_end")
    joined = p.join_asof(
        ms.rename({"in_force_from": "_from"}), left_on="_end", right_on="_from", strategy="backward"
    )
    note = f"no model in force then is loaded; used the oldest loaded model ({oldest_id}, from {oldest_from})"
    return joined.with_columns(
        pl.when(pl.col("model_id").is_null()).then(pl.lit(note)).otherwise(None).alias("sn_model_note"),
        pl.col("model_id").fill_null(pl.lit(oldest_id)),
    ).drop("_end", "_from")


def compute_comparators(
    values: pl.DataFrame,
    neighbours: pl.DataFrame,
    models: pl.DataFrame,
    authorities: pl.DataFrame,
    polarity: pl.DataFrame,
    *,
    la_codes: list[str] | None = None,
    min_neighbours: int = 5,
    trend_window: int = 5,
    stable_tolerance: float = 0.02,
) -> pl.DataFrame:
    """See the module docstring. ``la_codes`` limits the output rows (ranks still use every authority).

    ``neighbours``: model_id, la_code, rank, neighbour_la_code. ``models``: model_id, in_force_from.
    ``authorities``: la_code, name, region_code. ``polarity``: indicator_id, polarity.
    """
    v = values.select("indicator_id", "geo_level", "area_code", "period", "year", "value", "symbol")
    la_all = v.filter(pl.col("geo_level") == "la").join(polarity, on="indicator_id", how="left")
    la_all = la_all.with_columns(pl.col("polarity").fill_null("neither"))

    # rank and quartile among every authority with a value
    good_high = pl.col("polarity") != "lower_is_better"
    score = pl.when(good_high).then(-pl.col("value")).otherwise(pl.col("value"))
    ranked = la_all.filter(pl.col("value").is_not_null()).with_columns(score.alias("_score"))
    ranked = ranked.with_columns(
        pl.col("_score").rank("min").over("indicator_id", "period").cast(pl.Int32).alias("rank"),
        pl.len().over("indicator_id", "period").cast(pl.Int32).alias("rank_of"),
    ).with_columns(
        ((pl.col("rank").cast(pl.Float64) * 4 / pl.col("rank_of")).ceil().clip(1, 4))
        .cast(pl.Int8)
        .alias("quartile")
    )
    out = la_all if la_codes is None else la_all.filter(pl.col("area_code").is_in(la_codes))
    out = out.join(
        ranked.select("indicator_id", "area_code", "period", "rank", "rank_of", "quartile"),
        on=["indicator_id", "area_code", "period"],
        how="left",
    )

    # England and region
    nat = v.filter(pl.col("geo_level") == "national").select(
        "indicator_id", "period", pl.col("value").alias("england")
    )
    reg = v.filter(pl.col("geo_level") == "regional").select(
        "indicator_id", "period", pl.col("area_code").alias("region_code"), pl.col("value").alias("region")
    )
    out = out.join(nat.unique(["indicator_id", "period"]), on=["indicator_id", "period"], how="left")
    out = out.join(
        authorities.select("la_code", "region_code"), left_on="area_code", right_on="la_code", how="left"
    )
    out = out.join(
        reg.unique(["indicator_id", "period", "region_code"]),
        on=["indicator_id", "period", "region_code"],
        how="left",
    )

    # statistical neighbours of the model in force at the period end
    periods = out.select("period", "year").unique()
    pm = model_for_periods(periods, models)
    out = out.join(pm, on=["period", "year"], how="left")
    if neighbours.is_empty():
        out = out.with_columns(
            pl.lit(None, dtype=pl.Float64).alias("sn_average"), pl.lit(0, dtype=pl.UInt32).alias("sn_count")
        )
    else:
        pairs = out.select("indicator_id", "area_code", "period", "model_id").join(
            neighbours.select("model_id", "la_code", "neighbour_la_code"),
            left_on=["model_id", "area_code"],
            right_on=["model_id", "la_code"],
            how="inner",
        )
        nvals = la_all.select(
            "indicator_id",
            "period",
            pl.col("area_code").alias("neighbour_la_code"),
            pl.col("value").alias("_nv"),
        )
        pairs = pairs.join(nvals, on=["indicator_id", "period", "neighbour_la_code"], how="left")
        sn = pairs.group_by("indicator_id", "area_code", "period").agg(
            pl.col("_nv").mean().alias("_mean"), pl.col("_nv").is_not_null().sum().alias("sn_count")
        )
        out = (
            out.join(sn, on=["indicator_id", "area_code", "period"], how="left")
            .with_columns(
                pl.col("sn_count").fill_null(0),
                pl.when(pl.col("sn_count") >= min_neighbours)
                .then(pl.col("_mean"))
                .otherwise(None)
                .alias("sn_average"),
            )
            .drop("_mean")
        )

    # trend over up to ``trend_window`` periods ending at this one
    hist = la_all.filter(pl.col("value").is_not_null()).select(
        "indicator_id",
        "area_code",
        pl.col("year").alias("_y"),
        pl.col("period").alias("_p"),
        pl.col("value").alias("_v"),
    )
    win = out.select("indicator_id", "area_code", "period", "year").join(
        hist, on=["indicator_id", "area_code"], how="inner"
    )
    win = win.filter((pl.col("_y") <= pl.col("year")) & (pl.col("_y") > pl.col("year") - trend_window))
    trend = (
        win.sort("_y")
        .group_by("indicator_id", "area_code", "period")
        .agg(
            pl.col("_v").first().alias("trend_first_value"),
            pl.col("_p").first().alias("trend_first_period"),
            pl.col("_y").first().alias("_first_year"),
            pl.len().alias("trend_points"),
        )
    )
    out = out.join(trend, on=["indicator_id", "area_code", "period"], how="left")
    change = pl.col("value") - pl.col("trend_first_value")
    tol = pl.col("trend_first_value").abs() * stable_tolerance
    up_word = pl.col("polarity").replace_strict(
        {k: w[0] for k, w in DIRECTION_WORDS.items()}, default="increasing"
    )
    down_word = pl.col("polarity").replace_strict(
        {k: w[1] for k, w in DIRECTION_WORDS.items()}, default="decreasing"
    )
    out = out.with_columns(
        (pl.col("year") - pl.col("_first_year") + 1).alias("trend_years"),
        pl.when(pl.col("value").is_null() | (pl.col("trend_points").fill_null(0) < 2))
        .then(None)
        .when(change.abs() <= tol)
        .then(pl.lit("stable"))
        .when(change > 0)
        .then(up_word)
        .otherwise(down_word)
        .alias("direction"),
    ).drop("_first_year")
    return out.sort("indicator_id", "area_code", "year")


def reference_date(period_label: str, year: int) -> date:
    """The period end as a date (31 August for academic years, else 31 March)."""
    return date(year, 8, 31) if "/" in period_label else date(year, 3, 31)
