"""Writing indicator values to the store: LA codes checked against the authority register (old 3-digit
code first, then the GSS code), values before an authority existed (or after it ended) dropped and
listed, duplicates within a file reported, and an upsert that keeps a change log.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from csinspect.load.outcome import FileOutcome
from csinspect.sources.official.ees import count_symbols
from csinspect.store.models import Authority, AuthorityCode, SourceFile
from csinspect.store.profile_models import IndicatorValue, IndicatorValueChange

KEY = ["indicator_id", "source_kind", "geo_level", "area_code", "period"]


@dataclass
class AreaRegister:
    """The authorities the store knows: codes, GSS codes and when each existed."""

    valid: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)
    gss: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.valid

    @classmethod
    def from_session(cls, session: Session) -> AreaRegister:
        reg = cls()
        for code, gss, vf, vu in session.execute(
            select(Authority.la_code, Authority.gss_code, Authority.valid_from, Authority.valid_until)
        ):
            reg.valid[code] = (vf, vu)
            if gss:
                reg.gss[gss] = code
        for code, gss in session.execute(select(AuthorityCode.la_code, AuthorityCode.gss_code)):
            reg.gss.setdefault(gss, code)
        return reg

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "la_code": list(self.valid),
                "valid_from": [v[0] for v in self.valid.values()],
                "valid_until": [v[1] for v in self.valid.values()],
            },
            schema={"la_code": pl.String, "valid_from": pl.Date, "valid_until": pl.Date},
        )


def check_areas(values: pl.DataFrame, register: AreaRegister, summary: FileOutcome) -> pl.DataFrame:
    """Keep national/regional rows and LA rows of known authorities that existed during the period."""
    if register.empty:
        summary.notes.append("authority register not loaded: LA codes were not checked")
        return values.filter(pl.col("area_code").is_not_null())
    la = values.filter(pl.col("geo_level") == "la")
    other = values.filter(pl.col("geo_level") != "la")
    known = set(register.valid)
    by_gss = pl.col("gss_code").replace_strict(register.gss, default=None, return_dtype=pl.String)
    la = la.with_columns(
        pl.when(pl.col("area_code").is_in(list(known)))
        .then(pl.col("area_code"))
        .otherwise(by_gss)
        .alias("resolved")
    )
    unknown = la.filter(pl.col("resolved").is_null())
    if unknown.height:
        summary.skip("unknown_la_code", unknown.height)
        listed = (
            unknown.select("area_code", "gss_code", "area_name").unique().sort("area_code", nulls_last=True)
        )
        summary.notes.append(
            "unknown LA codes (not loaded): "
            + "; ".join(f"{a or '-'} {n or ''} ({g or 'no GSS'})" for a, g, n in listed.iter_rows())
        )
    la = la.filter(pl.col("resolved").is_not_null()).with_columns(pl.col("resolved").alias("area_code"))
    la = la.join(register.frame(), left_on="area_code", right_on="la_code", how="left")
    # An authority has values only for periods it existed in (on at least one day of the period):
    # North Northamptonshire (from 2021-04-01) has none for the year ending 31 March 2021.
    before = pl.col("valid_from").is_not_null() & (pl.col("end") < pl.col("valid_from"))
    after = pl.col("valid_until").is_not_null() & (pl.col("start") >= pl.col("valid_until"))
    for reason, cond in (("before_authority_existed", before), ("after_authority_ended", after)):
        dropped = la.filter(cond)
        if dropped.height:
            summary.skip(reason, dropped.height)
            pairs = dropped.select("area_code", "period").unique().sort("area_code", "period")
            summary.notes.append(
                f"{reason.replace('_', ' ')} (dropped): "
                + ", ".join(f"{a} {p}" for a, p in pairs.head(40).iter_rows())
                + (" …" if pairs.height > 40 else "")
            )
        la = la.filter(~cond)
    return pl.concat([other, la.select(other.columns)], how="vertical")


def split_joint(values: pl.DataFrame, summary: FileOutcome) -> pl.DataFrame:
    """A row published once for several authorities ("940 / 941": North and West Northamptonshire's shared
    workforce) becomes a row for each, marked with the others in ``joint_with``, so that each authority shows
    it, labelled as joint, and no comparison treats it as one authority's figure."""
    values = values.with_columns(pl.lit(None, dtype=pl.String).alias("joint_with"))
    joint = values.filter((pl.col("geo_level") == "la") & pl.col("area_code").str.contains("/"))
    if joint.is_empty():
        return values
    rows = []
    for rec in joint.iter_rows(named=True):
        codes = [c.strip() for c in rec["area_code"].split("/") if c.strip()]
        for c in codes:
            rows.append(rec | {"area_code": c, "joint_with": " / ".join(x for x in codes if x != c)})
    pairs = sorted({r["area_code"] + " with " + (r["joint_with"] or "") for r in rows})
    summary.notes.append(
        f"joint rows (one figure for several authorities, kept as joint for each): {', '.join(pairs)}"
    )
    return pl.concat(
        [
            values.filter(~((pl.col("geo_level") == "la") & pl.col("area_code").str.contains("/"))),
            pl.DataFrame(rows, schema=values.schema),
        ],
        how="vertical",
    )


def store_values(session: Session, values: pl.DataFrame, source: SourceFile, summary: FileOutcome) -> None:
    """Check areas, count symbols and blanks, then upsert with a change log (all in the caller's transaction)."""
    values = split_joint(values, summary)
    blank = values.filter(pl.col("value").is_null() & pl.col("symbol").is_null())
    if blank.height:
        summary.skip("blank", blank.height)
    values = values.filter(pl.col("value").is_not_null() | pl.col("symbol").is_not_null())
    for key, n in count_symbols(values).items():
        summary.skip(key, n)
    values = check_areas(values, AreaRegister.from_session(session), summary)
    dupes = values.height - values.unique(subset=KEY).height
    if dupes:
        summary.skip("duplicate_key", dupes)
        summary.notes.append(f"{dupes} rows repeat an (indicator, area, period) already read; kept the first")
        values = values.unique(subset=KEY, keep="first", maintain_order=True)
    counts = upsert_values(session, values, source)
    summary.rows_loaded += counts["inserted"] + counts["updated"] + counts["unchanged"]
    summary.notes.append(
        "values: {inserted} new, {updated} changed, {unchanged} unchanged".format(**counts)
        + f" ({values['indicator_id'].n_unique()} indicators)"
    )


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def upsert_values(session: Session, values: pl.DataFrame, source: SourceFile) -> Counter[str]:
    counts: Counter[str] = Counter(inserted=0, updated=0, unchanged=0)
    if values.is_empty():
        return counts
    ids = values["indicator_id"].unique().to_list()
    kinds = values["source_kind"].unique().to_list()
    existing: dict[tuple[str, str, str, str, str], tuple[int, float | None, str | None, int | None]] = {}
    for row in session.execute(
        select(
            IndicatorValue.id,
            IndicatorValue.indicator_id,
            IndicatorValue.source_kind,
            IndicatorValue.geo_level,
            IndicatorValue.area_code,
            IndicatorValue.period,
            IndicatorValue.value,
            IndicatorValue.symbol,
            IndicatorValue.source_file_id,
        ).where(IndicatorValue.indicator_id.in_(ids), IndicatorValue.source_kind.in_(kinds))
    ):
        existing[(row[1], row[2], row[3], row[4], row[5])] = (row[0], row[6], row[7], row[8])
    new_rows: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    cols = [*KEY, "year", "value", "symbol", "numerator", "denominator", "source_ref", "joint_with"]
    for rec in values.select(cols).iter_rows(named=True):
        key = (rec["indicator_id"], rec["source_kind"], rec["geo_level"], rec["area_code"], rec["period"])
        rec["source_file_id"] = source.id
        old = existing.get(key)
        if old is None:
            new_rows.append(rec)
            continue
        vid, old_value, old_symbol, old_file = old
        if _same(old_value, rec["value"]) and old_symbol == rec["symbol"]:
            counts["unchanged"] += 1
            continue
        updates.append(
            {
                "id": vid,
                **{
                    k: rec[k]
                    for k in (
                        "value",
                        "symbol",
                        "numerator",
                        "denominator",
                        "source_ref",
                        "source_file_id",
                        "joint_with",
                    )
                },
            }
        )
        changes.append(
            {
                "value_id": vid,
                "indicator_id": rec["indicator_id"],
                "area_code": rec["area_code"],
                "period": rec["period"],
                "old_value": old_value,
                "old_symbol": old_symbol,
                "new_value": rec["value"],
                "new_symbol": rec["symbol"],
                "old_source_file_id": old_file,
                "new_source_file_id": source.id,
            }
        )
    if new_rows:
        for start in range(0, len(new_rows), 5000):
            session.execute(insert(IndicatorValue), new_rows[start : start + 5000])
    if updates:
        session.execute(update(IndicatorValue), updates)
        session.execute(insert(IndicatorValueChange), changes)
    counts["inserted"] = len(new_rows)
    counts["updated"] = len(updates)
    return counts
