"""Cross-check of the same indicator published twice: EES (DfE's statistical release) against LAIT (DfE's
benchmarking tool), wherever both hold a value for the same area and period. They should agree; each
disagreement is listed with both values and where they came from.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.store.profile_models import IndicatorValue


@dataclass
class CrossCheck:
    indicator_id: str
    compared: int
    agree: int
    disagree: int
    examples: list[dict[str, object]]


def crosscheck_frame(values: pl.DataFrame, tolerance: float = 0.051) -> pl.DataFrame:
    """Pairs (ees, lait) for the same indicator/geo/area/period, with ``agrees`` within ``tolerance``.

    The default tolerance accepts differences of rounding to one decimal place.
    """
    both = values.filter(pl.col("value").is_not_null())
    ees = both.filter(pl.col("source_kind") == "ees").drop("source_kind")
    lait = both.filter(pl.col("source_kind") == "lait").drop("source_kind")
    key = ["indicator_id", "geo_level", "area_code", "period"]
    pairs = ees.join(lait, on=key, suffix="_lait")
    return pairs.with_columns(((pl.col("value") - pl.col("value_lait")).abs() <= tolerance).alias("agrees"))


def crosscheck(session: Session, tolerance: float = 0.051) -> list[CrossCheck]:
    """LAIT against EES wherever both publish the same indicator, area and period."""
    rows = session.execute(
        select(
            IndicatorValue.indicator_id,
            IndicatorValue.source_kind,
            IndicatorValue.geo_level,
            IndicatorValue.area_code,
            IndicatorValue.period,
            IndicatorValue.value,
            IndicatorValue.source_ref,
        ).where(IndicatorValue.source_kind.in_(("ees", "lait")))
    ).all()
    frame = pl.DataFrame(
        rows,
        schema={
            "indicator_id": pl.String,
            "source_kind": pl.String,
            "geo_level": pl.String,
            "area_code": pl.String,
            "period": pl.String,
            "value": pl.Float64,
            "source_ref": pl.String,
        },
        orient="row",
    )
    pairs = crosscheck_frame(frame, tolerance)
    out = []
    for (ind,), g in pairs.group_by(["indicator_id"], maintain_order=True):
        bad = g.filter(~pl.col("agrees")).sort("geo_level", "area_code", "period")
        out.append(
            CrossCheck(
                str(ind),
                g.height,
                g.height - bad.height,
                bad.height,
                bad.select(
                    "geo_level",
                    "area_code",
                    "period",
                    "value",
                    "value_lait",
                    "source_ref",
                    "source_ref_lait",
                )
                .head(20)
                .to_dicts(),
            )
        )
    return sorted(out, key=lambda c: c.indicator_id)
