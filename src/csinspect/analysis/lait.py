"""Every measure of LAIT's benchmarking file for one authority, grouped by LAIT's topics, with the same
comparators as the profile (``csinspect profile LA --view lait``, the API's ``view=lait``). Measures are
described by LAIT's data dictionary (``lait_measure``); the figures are LAIT's own (``source_kind`` lait).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.analysis.comparators import DEFAULT, Comparator, compute_comparators
from csinspect.analysis.profile import (
    NATIONAL_CODE,
    Profile,
    ProfileError,
    _period_matches,
    _reference_frames,
    _row,
    model_names,
    read_near_and_wide,
    value_select,
)
from csinspect.indicators.catalogue import get_catalogue
from csinspect.store.profile_models import IndicatorValue, LaitMeasureRow


@dataclass(frozen=True)
class LaitMeasureInfo:
    id: str  # the indicator id its values are stored under (``lait:<short>`` or the catalogue's)
    short: str
    title: str
    topic: str
    unit: str
    unit_text: str | None
    polarity: str
    polarity_given: bool
    decimals: int
    year_type: str | None
    quartiles: bool

    @property
    def polarity_status(self) -> str:
        return "verified" if self.polarity_given else "unverified"


def lait_measures(session: Session) -> list[LaitMeasureInfo]:
    return [
        LaitMeasureInfo(
            m.indicator_id,
            m.short,
            m.title,
            m.topic,
            m.unit,
            m.unit_text,
            m.polarity,
            m.polarity_given,
            m.decimals,
            m.year_type,
            m.quartiles,
        )
        for m in session.scalars(select(LaitMeasureRow).order_by(LaitMeasureRow.topic, LaitMeasureRow.title))
    ]


def lait_topics(session: Session) -> list[str]:
    return sorted({m.topic for m in lait_measures(session)})


def _select(ids: list[str]) -> Any:
    return value_select().where(IndicatorValue.source_kind == "lait", IndicatorValue.indicator_id.in_(ids))


def lait_profile(
    session: Session,
    la_code: str,
    *,
    period: str | None = None,
    topic: str | None = None,
    search: str | None = None,
    comparator: Comparator = DEFAULT,
    only: set[str] | None = None,
) -> Profile:
    """``la_code``'s value of every LAIT measure (of ``topic``, or whose title, topic or short name holds
    ``search``) for ``period`` (default: each measure's latest), against neighbours, region and England."""
    measures = lait_measures(session)
    if not measures and only is not None:
        return Profile(la_code, "", None, period, {}, [], None, "", [], view="lait")
    if not measures:
        raise ProfileError(
            "LAIT's data dictionary is not loaded: load lait_data_dictionary.csv and bds_long_0.parquet"
        )
    if topic is not None:
        known = {m.topic for m in measures}
        match = next((t for t in known if t.lower() == topic.strip().lower()), None)
        if match is None:
            raise ProfileError(f"unknown LAIT topic {topic!r}; topics: {', '.join(sorted(known))}")
        measures = [m for m in measures if m.topic == match]
    if only is not None:
        measures = [m for m in measures if m.id in only]
    if search:
        q = search.strip().lower()
        measures = [
            m for m in measures if q in m.title.lower() or q in m.short.lower() or q in m.topic.lower()
        ]
    catalogue = get_catalogue()
    authorities, neighbours, models, _ = _reference_frames(session, catalogue, la_code)
    auth = authorities.filter(pl.col("la_code") == la_code)
    if auth.is_empty():
        raise ProfileError(f"unknown LA code {la_code!r} (is the authority register loaded?)")
    ids = [m.id for m in measures]
    region = auth["region_code"].to_list()
    near_areas = {la_code, NATIONAL_CODE, *region, *neighbours["neighbour_la_code"].to_list()} - {None}
    values = read_near_and_wide(session, _select(ids), la_code, near_areas, period)
    polarity = pl.DataFrame(
        [{"indicator_id": m.id, "polarity": m.polarity} for m in measures],
        schema={"indicator_id": pl.String, "polarity": pl.String},
    )
    problem = comparator.model_problem(models["model_id"].to_list())
    if problem:
        raise ProfileError(problem)
    comp = compute_comparators(
        values, neighbours, models, authorities, polarity, la_codes=[la_code], comparator=comparator
    )
    names = model_names(models)
    chosen = _period_matches(comp, period) if period else comp.sort("year").group_by("indicator_id").last()
    by_id = {r["indicator_id"]: r for r in chosen.iter_rows(named=True)}
    history: dict[str, list[dict[str, Any]]] = {}
    for h in comp.select("indicator_id", "period", "year", "value", "sn_average", "england").iter_rows(
        named=True
    ):
        history.setdefault(h["indicator_id"], []).append(h)
    areas: dict[str, list[Any]] = {}
    for m in measures:
        r = by_id.get(m.id)
        if r is None:
            continue
        row = _row(
            m,
            r,
            history.get(m.id),
            f"DfE LAIT benchmarking data: {m.short} ({m.year_type or 'year type not given'})",
            comparator,
            names,
        )
        row.judgement_area = m.topic
        row.title = m.title
        if not m.quartiles:
            row.quartile_band = None
            row.notes.append("LAIT shows no quartile band for this measure")
        if not m.polarity_given:
            row.notes.append("no polarity in LAIT's data dictionary: not judged better or worse")
        areas.setdefault(m.topic, []).append(row)
    said = comparator.describe(names)
    return Profile(
        la_code,
        auth["name"][0],
        auth["region_name"][0],
        period,
        areas,
        [],
        None,
        "",
        [] if areas else ["no LAIT figures for this authority match"],
        comparator=said,
        sn_model=comparator.model,
        sn_stat=comparator.stat,
        view="lait",
    )
