"""Measures derived from stored ones, as their publisher computes them (the catalogue's ``kind: derived``
sources): numerator / denominator x multiplier, the denominator taken ``denominator_year_offset`` years away,
rounded half up first where the publisher rounds. Run after the official files of a load; idempotent (a
derivation whose inputs are unchanged is ``unchanged``); stored like any file's values, with provenance."""

from __future__ import annotations

import hashlib

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.indicators.catalogue import Catalogue, get_catalogue
from csinspect.load.official.values import store_values
from csinspect.load.outcome import FileOutcome
from csinspect.sources.official.ees import VALUE_SCHEMA
from csinspect.store.models import SourceFile
from csinspect.store.profile_models import IndicatorValue

KIND = "derived"


def _stored(session: Session, indicator_id: str) -> pl.DataFrame:
    rows = session.execute(
        select(
            IndicatorValue.geo_level,
            IndicatorValue.area_code,
            IndicatorValue.period,
            IndicatorValue.year,
            IndicatorValue.value,
            IndicatorValue.symbol,
            IndicatorValue.source_ref,
        ).where(IndicatorValue.indicator_id == indicator_id)
    ).all()
    return pl.DataFrame(
        rows,
        schema={
            "geo_level": pl.String,
            "area_code": pl.String,
            "period": pl.String,
            "year": pl.Int32,
            "value": pl.Float64,
            "symbol": pl.String,
            "source_ref": pl.String,
        },
        orient="row",
    )


def derive_values(session: Session, catalogue: Catalogue | None = None) -> FileOutcome | None:
    """Every derived indicator from the values stored now; None when the catalogue has none or no input is
    stored."""
    catalogue = catalogue or get_catalogue()
    derived = [(ind, src) for ind, src in catalogue.sources_for(KIND)]
    if not derived:
        return None
    frames = []
    digest = hashlib.sha256()
    for ind, src in derived:
        num, den = _stored(session, src.numerator or ""), _stored(session, src.denominator or "")
        if num.is_empty() or den.is_empty():
            continue
        digest.update(num.sort("geo_level", "area_code", "period").write_csv().encode())
        digest.update(den.sort("geo_level", "area_code", "period").write_csv().encode())
        den = den.select(
            "geo_level", "area_code", (pl.col("year") - src.denominator_year_offset).alias("year"),
            pl.col("value").alias("_den"), pl.col("source_ref").alias("_den_ref"),
        )  # fmt: skip
        j = num.join(den, on=["geo_level", "area_code", "year"], how="left")
        part = (pl.col("_den") - pl.col("value")) if src.complement else pl.col("value")
        rate = pl.when(pl.col("_den") > 0).then(part / pl.col("_den") * src.multiplier)
        j = j.with_columns(rate.alias("_rate"))
        if src.round_to is not None:  # as DfE's R code rounds (janitor-style half up, with its epsilon)
            scale = 10.0**src.round_to
            j = j.with_columns(
                ((pl.col("_rate") * scale + 0.5 + 1.4901161193847656e-08).floor() / scale).alias("_rate")
            )
        frames.append(
            j.select(
                pl.lit(ind.id).alias("indicator_id"),
                pl.lit(KIND).alias("source_kind"),
                "geo_level",
                "area_code",
                pl.lit(None, dtype=pl.String).alias("gss_code"),
                pl.lit(None, dtype=pl.String).alias("area_name"),
                "period",
                "year",
                # the year to 31 March the numerator's period ends in (the register dates each authority by it)
                pl.date(pl.col("year") - 1, 4, 1).alias("start"),
                pl.date(pl.col("year"), 3, 31).alias("end"),
                pl.col("_rate").alias("value"),
                # a suppressed count stays suppressed; a missing population says so
                pl.when(pl.col("_rate").is_null())
                .then(pl.coalesce(pl.col("symbol"), pl.lit("x")))
                .otherwise(None)
                .alias("symbol"),
                pl.col("value").alias("numerator"),
                pl.col("_den").alias("denominator"),
                (
                    pl.lit("1 − (" if src.complement else "")
                    + pl.col("source_ref")
                    + pl.lit(" ÷ ")
                    + pl.coalesce(pl.col("_den_ref"), pl.lit("no denominator"))
                    + pl.lit(")" if src.complement else "")
                ).alias("source_ref"),
            ).cast(VALUE_SCHEMA)
        )
    if not frames:
        return None
    sha = digest.hexdigest()
    summary = FileOutcome(file="derived measures", kind=KIND)
    if (
        session.scalar(select(SourceFile.id).where(SourceFile.kind == KIND, SourceFile.sha256 == sha))
        is not None
    ):
        summary.status = "unchanged"
        return summary
    source = SourceFile(name="derived measures", sha256=sha, kind=KIND)
    session.add(source)
    session.flush()
    values = pl.concat(frames, how="vertical")
    summary.rows_read = values.height
    store_values(session, values, source, summary)
    source.rows = summary.rows_loaded
    summary.notes.insert(
        0,
        f"{len(frames)} derived measure(s): "
        + ", ".join(i.id for i, _ in derived[:5])
        + (" …" if len(derived) > 5 else ""),
    )
    return summary
