"""Comparators for every (indicator, authority, period), as pure functions over polars frames.

Input ``values``: one row per (indicator_id, geo_level, area_code, period) with ``year`` and ``value``
(NULL when suppressed). Output: one row per LA value row with

- ``sn_average`` / ``sn_count``: the statistical neighbours' values in the same period summarised by the
  ``Comparator``'s statistic (mean, as LAIT shows it, or median, as the national framework dashboard does)
  over the neighbours of its model: the newest model for every period (LAIT's and the dashboard's choice,
  the default), the model in force at the end of the period (the newest whose first day is on or before
  the period end; before the oldest loaded model, that oldest model, flagged in ``sn_model_note``), or a
  named model. Neighbours without a value (suppressed, not published, or the authority did not exist) are
  left out; ``sn_count`` says how many were used (as DfE's tools, any number is enough: the comparator's
  ``min_neighbours``, default 1);
- ``region`` (the region row of the authority's region) and ``england`` (the national row);
- ``rank`` among all authorities with a value (1 = best for a polarity, 1 = highest for "neither"),
  ``rank_of`` and ``quartile`` 1-4 (1 = best quarter, or highest values for "neither");
- ``quartile_band`` A-D as LAIT computes it (cut points from R's default quantile of every authority's value;
  A = best quarter); none for indicators without a polarity;
- ``trend_*``: the window of up to ``trend_window`` periods ending at this one: first value and period,
  number of values, and ``direction`` (improving / declining / stable, or increasing / decreasing /
  stable for "neither"); "stable" when the change is within ``stable_tolerance`` of the first value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import polars as pl

SN_MODELS = ("latest", "period_end")  # besides a model's id ("2025-05")
SN_STATS = ("mean", "median")


class ComparatorError(ValueError):
    """An unknown neighbour model or statistic; the message lists the valid choices."""


@dataclass(frozen=True)
class Comparator:
    """Which statistical neighbours, summarised how. ``model``: "latest" (the newest model for every
    period, as LAIT and the national framework dashboard do), "period_end" (the model in force at the end of
    each period) or a model id. ``stat``: "mean" (LAIT) or "median" (the dashboard)."""

    model: str = "latest"
    stat: str = "mean"
    # neighbours that must have a figure for there to be a neighbour figure: LAIT and the dashboard use any
    # number (R's mean/median with na.rm); the label always says how many there were ("3 of 10")
    min_neighbours: int = 1

    @classmethod
    def of(
        cls,
        model: str | None = None,
        stat: str | None = None,
        preset: str | None = None,
        models: list[str] | None = None,
    ) -> Comparator:
        base = PRESETS.get(preset or "lait")
        if base is None:
            raise ComparatorError(
                f"unknown comparator preset {preset!r}; choose one of: {', '.join(PRESETS)}"
            )
        model = (model or base.model).strip()
        stat = (stat or base.stat).strip().lower()
        if stat not in SN_STATS:
            raise ComparatorError(f"unknown --sn-stat {stat!r}; choose one of: {', '.join(SN_STATS)}")
        chosen = cls(model, stat)
        problem = chosen.model_problem(models) if models is not None else None
        if problem:
            raise ComparatorError(problem)
        return chosen

    def model_problem(self, model_ids: Iterable[str]) -> str | None:
        """Why the model is not one of the loaded ``model_ids`` (naming the valid choices), or None."""
        ids = sorted(model_ids)
        if self.model in SN_MODELS or self.model in ids:
            return None
        return f"unknown --sn-model {self.model!r}; choose one of: {', '.join([*SN_MODELS, *ids])}"

    def describe(self, model_names: dict[str, str]) -> str:
        """The comparison in words for a whole profile ("mean of the statistical neighbours, May 2025 model
        (the newest, for every period)"); ``model_names``: model id -> "May 2025"."""
        if self.model == "period_end":
            return self.label(None) + " of the model in force at each period's end"
        if self.model != "latest":
            return self.label(model_names.get(self.model, self.model))
        if not model_names:
            return self.label(None)
        return self.label(model_names[max(model_names)]) + " (the newest, for every period)"

    def label(self, model_title: str | None, count: int | None = None) -> str:
        """ "mean of the 10 statistical neighbours, May 2025 model" (the count is the neighbours with a
        value, said as "8 of 10" when some have none)."""
        n = "" if count is None else (f" {count}" if count >= 10 else f" {count} of 10")
        return f"{self.stat} of the{n} statistical neighbours" + (
            f", {model_title} model" if model_title else ""
        )


PRESETS = {
    "lait": Comparator("latest", "mean"),  # LAIT: the mean of the newest model's neighbours, every year
    "dashboard": Comparator("latest", "median"),  # the national framework dashboard: their median
}
DEFAULT = PRESETS["lait"]

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


def model_for_periods(
    periods: pl.DataFrame, models: pl.DataFrame, choice: str = "period_end"
) -> pl.DataFrame:
    """(period, year) -> model_id: the one in force at the period end (with a note when none was in force),
    the newest for every period ("latest"), or the one named."""
    if not models.is_empty() and choice != "period_end":
        chosen = models.sort("in_force_from")["model_id"][-1] if choice == "latest" else choice
        return periods.with_columns(
            pl.lit(chosen, dtype=pl.String).alias("model_id"),
            pl.lit(None, dtype=pl.String).alias("sn_model_note"),
        )
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
    min_neighbours: int | None = None,
    trend_window: int = 5,
    stable_tolerance: float = 0.02,
    comparator: Comparator = DEFAULT,
) -> pl.DataFrame:
    """See the module docstring. ``la_codes`` limits the output rows (ranks still use every authority).

    ``min_neighbours`` overrides the comparator's.
    ``neighbours``: model_id, la_code, rank, neighbour_la_code. ``models``: model_id, in_force_from.
    ``authorities``: la_code, name, region_code. ``polarity``: indicator_id, polarity.
    """
    if "joint_with" not in values.columns:
        values = values.with_columns(pl.lit(None, dtype=pl.String).alias("joint_with"))
    v = values.select(
        "indicator_id", "geo_level", "area_code", "period", "year", "value", "symbol", "joint_with"
    )
    la_all = v.filter(pl.col("geo_level") == "la").join(polarity, on="indicator_id", how="left")
    la_all = la_all.with_columns(pl.col("polarity").fill_null("neither"))

    # rank and quartile among every authority with a value
    good_high = pl.col("polarity") != "lower_is_better"
    score = pl.when(good_high).then(-pl.col("value")).otherwise(pl.col("value"))
    # a figure published jointly for several authorities is nobody's own: not ranked, banded or averaged
    ranked = la_all.filter(pl.col("value").is_not_null() & pl.col("joint_with").is_null()).with_columns(
        score.alias("_score")
    )
    ranked = ranked.with_columns(
        pl.col("_score").rank("min").over("indicator_id", "period").cast(pl.Int32).alias("rank"),
        pl.len().over("indicator_id", "period").cast(pl.Int32).alias("rank_of"),
    ).with_columns(
        ((pl.col("rank").cast(pl.Float64) * 4 / pl.col("rank_of")).ceil().clip(1, 4))
        .cast(pl.Int8)
        .alias("quartile")
    )
    # LAIT's quartile bands: R's quantile() (type 7, linear) of every authority's value; A is the best
    # quarter (for "lower is better" the lowest values), a value on a cut belongs to the quarter below it
    cuts = ranked.group_by("indicator_id", "period").agg(
        *(
            pl.col("value").quantile(q, interpolation="linear").alias(f"_q{int(q * 100)}")
            for q in (0.25, 0.5, 0.75)
        )
    )
    ranked = ranked.join(cuts, on=["indicator_id", "period"], how="left")
    low_band = (
        pl.when(pl.col("value") <= pl.col("_q25"))
        .then(1)
        .when(pl.col("value") <= pl.col("_q50"))
        .then(2)
        .when(pl.col("value") <= pl.col("_q75"))
        .then(3)
        .otherwise(4)
    )
    ranked = ranked.with_columns(
        pl.when(pl.col("polarity") == "lower_is_better")
        .then(low_band.replace_strict({1: "A", 2: "B", 3: "C", 4: "D"}, return_dtype=pl.String))
        .when(pl.col("polarity") == "higher_is_better")
        .then(low_band.replace_strict({1: "D", 2: "C", 3: "B", 4: "A"}, return_dtype=pl.String))
        .otherwise(None)
        .alias("quartile_band")
    ).drop("_q25", "_q50", "_q75")
    out = la_all if la_codes is None else la_all.filter(pl.col("area_code").is_in(la_codes))
    out = out.join(
        ranked.select("indicator_id", "area_code", "period", "rank", "rank_of", "quartile", "quartile_band"),
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

    # statistical neighbours of the chosen model (the newest, the one in force at the period end, or a named one)
    periods = out.select("period", "year").unique()
    pm = model_for_periods(periods, models, comparator.model)
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
        nvals = la_all.filter(pl.col("joint_with").is_null()).select(
            "indicator_id",
            "period",
            pl.col("area_code").alias("neighbour_la_code"),
            pl.col("value").alias("_nv"),
        )
        pairs = pairs.join(nvals, on=["indicator_id", "period", "neighbour_la_code"], how="left")
        summary = pl.col("_nv").median() if comparator.stat == "median" else pl.col("_nv").mean()
        sn = pairs.group_by("indicator_id", "area_code", "period").agg(
            summary.alias("_mean"), pl.col("_nv").is_not_null().sum().alias("sn_count")
        )
        out = (
            out.join(sn, on=["indicator_id", "area_code", "period"], how="left")
            .with_columns(
                pl.col("sn_count").fill_null(0),
                pl.when(
                    pl.col("sn_count")
                    >= (comparator.min_neighbours if min_neighbours is None else min_neighbours)
                )
                .then(pl.col("_mean"))
                .otherwise(None)
                .alias("sn_average"),
            )
            .drop("_mean")
        )

    # a joint figure is not its authority's own: no neighbour figure beside it
    out = out.with_columns(
        pl.when(pl.col("joint_with").is_not_null())
        .then(None)
        .otherwise(pl.col("sn_average"))
        .alias("sn_average"),
        pl.when(pl.col("joint_with").is_not_null()).then(0).otherwise(pl.col("sn_count")).alias("sn_count"),
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
