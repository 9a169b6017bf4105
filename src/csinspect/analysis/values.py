"""Every authority x measure x period in one long, documented format with stable column names: the value and
its unit, the neighbour figure with the group and statistic that made it, region, England, rank, quartile and
LAIT band, trend direction and source (``csinspect export values``, ``/api/v1/values``). Measures are the
indicator catalogue's and, unless left out, every other LAIT measure (``lait:<short>``)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.analysis.comparators import DEFAULT, Comparator, compute_comparators
from csinspect.analysis.profile import (
    VALUE_COLUMNS,
    _frame,
    national_profile,
    read_profile_data,
    value_select,
)
from csinspect.indicators.catalogue import get_catalogue
from csinspect.indicators.schema import JUDGEMENT_AREAS
from csinspect.store.profile_models import IndicatorValue, LaitMeasureRow

# The columns, in order, with their meaning (docs/values.md is generated from the same list by the tests).
COLUMNS: dict[str, str] = {
    "la_code": "DfE 3-digit LA number",
    "la_name": "Authority name",
    "region_code": "ONS region code",
    "measure_id": "csinspect's id: a catalogue indicator, or lait:<LAIT short name>",
    "measure": "Title of the measure",
    "group": "Judgement area(s) for catalogue indicators; LAIT topic for LAIT measures",
    "period": "Period as published (2024, 2023/24, 2014-16)",
    "year": "Calendar year the period ends in",
    "value": "The authority's figure (empty when not published)",
    "symbol": "Why there is no figure (c suppressed, x not applicable, - not available …)",
    "unit": "percent, rate_per_10k, count, score, days, months, money or other",
    "decimals": "Decimal places the figure is published to",
    "polarity": "higher_is_better, lower_is_better or neither",
    "sn_value": "The statistical neighbours' figure (sn_stat of their values)",
    "sn_stat": "mean or median",
    "sn_model": "DfE statistical-neighbour model used (2021-04, 2025-05)",
    "sn_count": "Neighbours with a figure (of 10)",
    "sn_label": "The comparison in words: 'mean of the 10 statistical neighbours, May 2025 model'",
    "region": "The region's figure",
    "england": "England's figure",
    "rank": "Rank among authorities with a figure (1 = best, or highest when there is no polarity)",
    "rank_of": "Authorities ranked",
    "quartile": "1-4 by rank (1 = best quarter, or highest)",
    "quartile_band": "LAIT's band A-D (A = best quarter); empty without a polarity",
    "trend": "improving, declining or stable over up to 5 periods (increasing/decreasing without a polarity)",
    "trend_years": "Years the trend spans",
    "source": "Where the figure comes from (ees, lait, ons, ofsted)",
    "joint_with": "The other authorities a jointly published figure belongs to ('941' on 940's row); not ranked or averaged",
}


@dataclass(frozen=True)
class Filters:
    la_codes: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    group: str | None = None  # a judgement area or a LAIT topic
    include_lait: bool = True


def _lait_only(session: Session, comparator: Comparator, base: pl.DataFrame) -> pl.DataFrame:
    rows = session.scalars(select(LaitMeasureRow)).all()
    meta = {m.indicator_id: m for m in rows if m.indicator_id.startswith("lait:")}
    if not meta:
        return pl.DataFrame()
    data = read_profile_data(session)
    values = _frame(
        session.connection().execute(value_select().where(IndicatorValue.indicator_id.like("lait:%"))).all(),
        VALUE_COLUMNS,
    )
    polarity = pl.DataFrame(
        [{"indicator_id": i, "polarity": m.polarity} for i, m in meta.items()],
        schema={"indicator_id": pl.String, "polarity": pl.String},
    )
    comp = compute_comparators(
        values, data.neighbours, data.models, data.authorities, polarity, comparator=comparator
    )
    info = pl.DataFrame(
        [
            {
                "indicator_id": i,
                "measure": m.title,
                "group": m.topic,
                "unit": m.unit,
                "decimals": m.decimals,
                "_quartiles": m.quartiles,
            }
            for i, m in meta.items()
        ]
    )
    comp = comp.join(info, on="indicator_id", how="left").with_columns(
        pl.when(pl.col("_quartiles")).then(pl.col("quartile_band")).otherwise(None).alias("quartile_band"),
        pl.lit("lait").alias("source"),
    )
    return comp.drop("_quartiles")


def values_long(
    session: Session, comparator: Comparator = DEFAULT, filters: Filters = Filters()
) -> pl.DataFrame:
    """The long table, filtered; columns exactly ``COLUMNS``."""
    catalogue = get_catalogue()
    data = read_profile_data(session)
    comp = national_profile(session, comparator)
    info = pl.DataFrame(
        [
            {
                "indicator_id": i.id,
                "measure": i.title,
                "group": "; ".join(JUDGEMENT_AREAS.get(a, a) for a in i.judgement_areas),
                "unit": i.unit,
                "decimals": i.decimals,
                "source": i.source.kind,
            }
            for i in catalogue.indicators.values()
            if not i.hidden
        ]
    )
    frames = [comp.join(info, on="indicator_id", how="inner")]
    if filters.include_lait:
        extra = _lait_only(session, comparator, comp)
        if not extra.is_empty():
            frames.append(extra.select(frames[0].columns))
    out = pl.concat(frames, how="vertical_relaxed")
    names = data.authorities.select(pl.col("la_code").alias("area_code"), pl.col("name").alias("la_name"))
    titles = data.model_names()
    out = out.join(names, on="area_code", how="left")
    # the comparison in words, said by the comparator itself for each (model, neighbours with a figure)
    pairs = out.select("model_id", "sn_count").unique()
    words = [
        comparator.label(titles.get(m, m), n) if m is not None and n is not None else None
        for m, n in pairs.iter_rows()
    ]
    out = out.join(
        pairs.with_columns(pl.Series("_label", words, dtype=pl.String)),
        on=["model_id", "sn_count"],
        how="left",
        nulls_equal=True,
    )
    out = out.select(
        pl.col("area_code").alias("la_code"),
        "la_name",
        "region_code",
        pl.col("indicator_id").alias("measure_id"),
        "measure",
        "group",
        "period",
        "year",
        "value",
        "symbol",
        "unit",
        "decimals",
        "polarity",
        pl.col("sn_average").alias("sn_value"),
        pl.lit(comparator.stat).alias("sn_stat"),
        pl.col("model_id").alias("sn_model"),
        "sn_count",
        pl.when(pl.col("sn_average").is_not_null()).then(pl.col("_label")).otherwise(None).alias("sn_label"),
        "region",
        "england",
        "rank",
        "rank_of",
        "quartile",
        "quartile_band",
        pl.col("direction").alias("trend"),
        "trend_years",
        "source",
        "joint_with",
    )
    # a count measures an authority's size: no rank, quartile, band or neighbour figure beside it
    count = pl.col("unit") == "count"
    out = out.with_columns(
        *(
            pl.when(count).then(None).otherwise(pl.col(c)).alias(c)
            for c in ("rank", "rank_of", "quartile", "quartile_band", "sn_value", "sn_label")
        ),
        pl.when(count).then(0).otherwise(pl.col("sn_count")).alias("sn_count"),
    )
    if filters.la_codes:
        out = out.filter(pl.col("la_code").is_in(list(filters.la_codes)))
    if filters.measures:
        out = out.filter(pl.col("measure_id").is_in(list(filters.measures)))
    if filters.periods:
        out = out.filter(
            pl.col("period").is_in(list(filters.periods))
            | pl.col("year").cast(pl.String).is_in(list(filters.periods))
        )
    if filters.group:
        g = filters.group.strip().lower()
        out = out.filter(pl.col("group").str.to_lowercase().str.contains(g, literal=True))
    return out.sort("la_code", "measure_id", "year")
