"""The performance profile: every catalogue indicator for an authority with its comparators, grouped by
judgement area, plus provider outcomes (share of providers good or better by provision type).

``build_profile(session, la_code, period=None, area=None, local_values=None)`` is the interface;
``national_profile`` computes every authority x indicator x period at once (the benchmark).
The store is read once into polars frames and cached until the indicator tables change.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

import polars as pl
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from csinspect.analysis.comparators import DEFAULT, Comparator, compute_comparators
from csinspect.indicators.catalogue import Catalogue, get_catalogue
from csinspect.indicators.schema import JUDGEMENT_AREAS, Indicator
from csinspect.indicators.vocabulary import VocabularyTable, load_vocabulary
from csinspect.store.models import Authority, SourceFile, StatNeighbour, StatNeighbourModel
from csinspect.store.profile_models import IndicatorValue, IndicatorValueChange, ProviderInspection

NATIONAL_CODE = "E92000001"
QUARTILE_WORDS = {
    "polarity": {1: "top quartile", 2: "second quartile", 3: "third quartile", 4: "bottom quartile"},
    "neither": {
        1: "highest quartile",
        2: "second-highest quartile",
        3: "second-lowest quartile",
        4: "lowest quartile",
    },
}


class ProfileError(LookupError):
    """Unknown authority, period or area."""


class LocalValue(Protocol):
    """What ``csinspect.analysis.returns.LocalIndicatorValue`` offers (read-only)."""

    @property
    def indicator_id(self) -> str: ...

    @property
    def period(self) -> str: ...

    @property
    def value(self) -> float | None: ...


@dataclass
class TrendPoint:
    period: str
    value: float | None
    sn_average: float | None
    england: float | None


@dataclass
class ProfileRow:
    judgement_area: str
    indicator_id: str
    title: str
    unit: str
    polarity: str
    polarity_status: str
    period: str
    year: int
    value: float | None
    symbol: str | None
    sn_average: float | None  # the neighbours' mean or median (``sn_stat``), as ``sn_label`` says
    sn_count: int
    sn_model: str | None
    region: float | None
    england: float | None
    rank: int | None
    rank_of: int | None
    quartile: int | None
    quartile_label: str | None
    direction: str | None
    trend_years: int | None
    trend: list[TrendPoint]
    statement: str
    source: str
    decimals: int = 1
    local_value: float | None = None
    local_period: str | None = None
    notes: list[str] = field(default_factory=list)
    sn_stat: str = "mean"
    sn_label: str = ""  # "mean of the 10 statistical neighbours, May 2025 model"
    quartile_band: str | None = None  # LAIT's band, A (best quarter) to D; none without a polarity
    joint_with: str | None = None  # a figure published jointly with these authorities (then not compared)

    def flat(self) -> dict[str, Any]:
        d = asdict(self)
        d["trend"] = "; ".join(f"{t.period}: {fmt(t.value, self.decimals)}" for t in self.trend)
        d["notes"] = "; ".join(self.notes)
        return d


@dataclass
class ProviderOutcome:
    provision_type: str
    la_providers: int
    la_good_or_better: int
    la_percent: float | None
    england_providers: int
    england_percent: float | None
    word: str | None
    statement: str


@dataclass
class Profile:
    la_code: str
    name: str
    region_name: str | None
    period_requested: str | None
    areas: dict[str, list[ProfileRow]]
    provider_outcomes: list[ProviderOutcome]
    provider_as_at: date | None
    vocabulary: str
    notes: list[str]
    comparator: str = ""  # how neighbours were compared, in words (every row's label says it too)
    sn_model: str = "latest"
    sn_stat: str = "mean"
    view: str = "judgement_areas"  # how ``areas`` is grouped: judgement areas, or LAIT topics ("lait")

    def rows(self) -> list[ProfileRow]:
        return [r for rows in self.areas.values() for r in rows]

    def as_dict(self) -> dict[str, Any]:
        return {
            "la_code": self.la_code,
            "name": self.name,
            "region_name": self.region_name,
            "period_requested": self.period_requested,
            "areas": {a: [asdict(r) for r in rows] for a, rows in self.areas.items()},
            "provider_outcomes": [asdict(p) for p in self.provider_outcomes],
            "provider_as_at": self.provider_as_at.isoformat() if self.provider_as_at else None,
            "vocabulary": self.vocabulary,
            "notes": self.notes,
            "comparator": self.comparator,
            "view": self.view,
            "sn_model": self.sn_model,
            "sn_stat": self.sn_stat,
        }


# --- reading the store ----------------------------------------------------------------------------------


@dataclass
class ProfileData:
    values: pl.DataFrame  # indicator_id, geo_level, area_code, period, year, value, symbol, source_kind
    authorities: pl.DataFrame  # la_code, name, region_code, region_name
    neighbours: pl.DataFrame  # model_id, la_code, rank, neighbour_la_code
    models: pl.DataFrame  # model_id, in_force_from
    polarity: pl.DataFrame  # indicator_id, polarity
    national: dict[Comparator, pl.DataFrame] = field(default_factory=dict)  # every authority's, per choice
    _england_only: pl.DataFrame | None = None

    def comparators(self, comparator: Comparator = DEFAULT) -> pl.DataFrame:
        if comparator not in self.national:
            self.national[comparator] = compute_comparators(
                self.values,
                self.neighbours,
                self.models,
                self.authorities,
                self.polarity,
                comparator=comparator,
            )
        return self.national[comparator]

    def model_names(self) -> dict[str, str]:
        return model_names(self.models)

    def england_only(self) -> pl.DataFrame:
        """England's values of the indicators no authority has a figure for (each profile shows them as
        England-only rows); the same for every authority, so computed once."""
        if self._england_only is None:
            self._england_only = england_only(self.values)
        return self._england_only


_CACHE: dict[tuple[str, tuple[Any, ...]], ProfileData] = {}


def _fingerprint(session: Session) -> tuple[Any, ...]:
    """Cheap (primary-key maxima and small-table counts) and changes whenever a load changes the store."""
    return tuple(
        session.scalar(q)
        for q in (
            select(func.max(IndicatorValue.id)),
            select(func.max(IndicatorValueChange.id)),
            select(func.max(SourceFile.id)),
            select(func.count(StatNeighbour.id)),
            select(func.count(Authority.la_code)),
        )
    )


def choose_sources(values: pl.DataFrame, catalogue: Catalogue) -> pl.DataFrame:
    """One value per (indicator, geo level, area, period): the primary source's, else the first alternate's."""
    prio = pl.DataFrame(
        [
            {"indicator_id": ind.id, "source_kind": src.kind, "_prio": i}
            for ind in catalogue.indicators.values()
            for i, src in enumerate(ind.all_sources())
        ],
        schema={"indicator_id": pl.String, "source_kind": pl.String, "_prio": pl.Int32},
    ).unique(["indicator_id", "source_kind"], keep="first")
    v = values.join(prio, on=["indicator_id", "source_kind"], how="inner")
    return (
        v.sort("_prio")
        .unique(["indicator_id", "geo_level", "area_code", "period"], keep="first", maintain_order=True)
        .drop("_prio")
    )


VALUE_COLUMNS = {
    "indicator_id": pl.String,
    "source_kind": pl.String,
    "geo_level": pl.String,
    "area_code": pl.String,
    "period": pl.String,
    "year": pl.Int32,
    "value": pl.Float64,
    "symbol": pl.String,
    "joint_with": pl.String,
}


def value_select() -> Any:
    """The ``VALUE_COLUMNS`` of stored values, for a ``where`` to narrow."""
    return select(*(getattr(IndicatorValue, c) for c in VALUE_COLUMNS))


def _value_select(catalogue: Catalogue | None = None) -> Any:
    """The catalogue's values (LAIT's other measures, ``lait:…``, are read by ``analysis.lait`` and
    ``analysis.values`` when asked for): by the catalogue's ids, which the (area, indicator) index seeks."""
    ids = sorted(i.id for i in (catalogue or get_catalogue()).indicators.values() if not i.hidden)
    return value_select().where(IndicatorValue.indicator_id.in_(ids))


def model_names(models: pl.DataFrame) -> dict[str, str]:
    """Model id -> "May 2025" (the month it came into force), from a frame of model_id, in_force_from."""
    return {m: f"{d:%B %Y}" for m, d in models.select("model_id", "in_force_from").iter_rows()}


def fetch_rows(conn: Any, stmt: Any) -> list[tuple[Any, ...]]:
    """The rows of a Core ``select`` of plain columns straight from the database driver: for the tens of
    thousands of value rows an authority's profile reads, building SQLAlchemy ``Row`` objects cost as much as
    the query. The statement is compiled by the connection's own dialect (SQLite or PostgreSQL)."""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    args: Any = tuple(params[n] for n in (compiled.positiontup or ())) if compiled.positional else params
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(compiled.string, args)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _frame(rows: Sequence[Any], schema: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row")


def _reference_frames(
    session: Session, catalogue: Catalogue, la_code: str | None = None, model_ids: list[str] | None = None
) -> tuple[pl.DataFrame, ...]:
    conn = session.connection()
    authorities = _frame(
        conn.execute(
            select(Authority.la_code, Authority.name, Authority.region_code, Authority.region_name)
        ).all(),
        {"la_code": pl.String, "name": pl.String, "region_code": pl.String, "region_name": pl.String},
    )
    q = select(
        StatNeighbour.model_id, StatNeighbour.la_code, StatNeighbour.rank, StatNeighbour.neighbour_la_code
    )
    if la_code is not None:
        q = q.where(StatNeighbour.la_code == la_code)
    if model_ids is not None:
        q = q.where(StatNeighbour.model_id.in_(model_ids))
    neighbours = _frame(
        conn.execute(q).all(),
        {"model_id": pl.String, "la_code": pl.String, "rank": pl.Int32, "neighbour_la_code": pl.String},
    )
    models = _frame(
        conn.execute(select(StatNeighbourModel.id, StatNeighbourModel.in_force_from)).all(),
        {"model_id": pl.String, "in_force_from": pl.Date},
    )
    polarity = pl.DataFrame(
        [{"indicator_id": i.id, "polarity": i.polarity} for i in catalogue.indicators.values()],
        schema={"indicator_id": pl.String, "polarity": pl.String},
    )
    return authorities, neighbours, models, polarity


def cached_profile_data(session: Session) -> ProfileData | None:
    return _CACHE.get((str(session.get_bind().engine.url), _fingerprint(session)))


def read_profile_data(session: Session, catalogue: Catalogue | None = None) -> ProfileData:
    """Every value in the store (source chosen per key) plus authorities and neighbours; cached."""
    catalogue = catalogue or get_catalogue()
    key = (str(session.get_bind().engine.url), _fingerprint(session))
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    values = choose_sources(
        _frame(session.connection().execute(_value_select(catalogue)).all(), VALUE_COLUMNS), catalogue
    )
    authorities, neighbours, models, polarity = _reference_frames(session, catalogue)
    data = ProfileData(values, authorities, neighbours, models, polarity)
    _CACHE.clear()
    _CACHE[key] = data
    return data


def read_authority_data(
    session: Session,
    la_code: str,
    period: str | None,
    catalogue: Catalogue | None = None,
    comparator: Comparator = DEFAULT,
) -> ProfileData:
    """Only what one authority's profile needs (its and the chosen neighbours' values, regions, England, and
    every authority's value for the periods shown, for ranks): a fraction of the store, read quickly."""
    catalogue = catalogue or get_catalogue()
    model_ids: list[str] | None = None
    if comparator.model == "latest":
        newest = session.scalars(
            select(StatNeighbourModel.id).order_by(StatNeighbourModel.in_force_from.desc()).limit(1)
        ).first()
        model_ids = [newest] if newest else None
    elif comparator.model != "period_end":
        model_ids = [comparator.model]
    authorities, neighbours, models, polarity = _reference_frames(session, catalogue, la_code, model_ids)
    region = authorities.filter(pl.col("la_code") == la_code)["region_code"].to_list()
    areas = {la_code, NATIONAL_CODE, *region, *neighbours["neighbour_la_code"].to_list()} - {None}
    values = read_near_and_wide(
        session, _value_select(catalogue), la_code, areas, period, lambda df: choose_sources(df, catalogue)
    )
    return ProfileData(values, authorities, neighbours, models, polarity)


def read_near_and_wide(
    session: Session,
    base: Any,
    la_code: str,
    areas: set[str],
    period: str | None,
    choose: Any = None,
) -> pl.DataFrame:
    """What one authority's comparisons need from ``base`` (a ``value_select`` narrowed to some measures): every
    value of the authority, its neighbours, region and England, and every authority's value for the periods it
    shows (for ranks and bands) — a fraction of the store. ``choose`` picks one source per key."""
    pick = choose or (lambda df: df)
    near = pick(
        _frame(
            fetch_rows(session.connection(), base.where(IndicatorValue.area_code.in_(areas))), VALUE_COLUMNS
        )
    )
    own = near.filter((pl.col("area_code") == la_code) & (pl.col("geo_level") == "la"))
    shown = _period_matches(own, period) if period else own.sort("year").group_by("indicator_id").last()
    pairs = list(shown.select("indicator_id", "period").iter_rows())
    wide = _frame(
        fetch_rows(
            session.connection(),
            base.where(  # OR of pairs: SQLite and PostgreSQL both use the index
                IndicatorValue.geo_level == "la",
                or_(*(and_(IndicatorValue.indicator_id == i, IndicatorValue.period == p) for i, p in pairs)),
            ),
        )
        if pairs
        else [],
        VALUE_COLUMNS,
    )
    return pl.concat([near, pick(wide).select(near.columns)]).unique(
        ["indicator_id", "geo_level", "area_code", "period"], keep="first", maintain_order=True
    )


# --- wording ---------------------------------------------------------------------------------------------


def round_half_up(value: float, decimals: int = 0) -> float:
    """DfE's rounding (and its dashboards'): halves away from zero on the decimal value as printed (68.5 -> 69,
    0.125 -> 0.13), not Python's round-half-to-even on the binary value. A computed figure is first read to 12
    significant digits, so arithmetic noise does not move a half ((14.6 + 14.7) / 2 is 14.649999999999999 in
    binary: 14.7, as DfE's ``true_round`` makes it by adding sqrt(machine epsilon) before truncating)."""
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(f"{value:.12g}").quantize(q, rounding=ROUND_HALF_UP))


def fmt(value: float | None, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    value = round_half_up(value, decimals)
    if decimals == 0:
        return f"{value:,.0f}"
    return f"{value:,.{decimals}f}"


def _relation(value: float, other: float, decimals: int) -> str:
    a, b = round_half_up(value, decimals), round_half_up(other, decimals)
    if a == b:
        return "in line with"
    return "higher than" if a > b else "lower than"


def statement(
    value: float | None,
    symbol: str | None,
    sn_average: float | None,
    england: float | None,
    direction: str | None,
    trend_years: int | None,
    decimals: int = 1,
    sn_count: int = 10,
    sn_label: str | None = None,
    sn_decimals: int | None = None,
) -> str:
    """e.g. "higher than the mean of the 10 statistical neighbours, May 2025 model (58.1) and England (70.0);
    improving over 3 years" (without ``sn_label``: "statistical neighbours")."""
    if value is None:
        return f"no published value ({'suppressed: ' + symbol if symbol else 'not available'})"
    parts: list[tuple[str, str]] = []
    # a mean is shown to one decimal place more than whole-number figures; a median (the dashboard's) as the
    # figures themselves are
    sn_decimals = max(decimals, 1) if sn_decimals is None else sn_decimals
    if sn_average is not None:
        label = (
            f"the {sn_label}"
            if sn_label
            else "statistical neighbours" + ("" if sn_count >= 10 else f" ({sn_count} of 10 with a value)")
        )
        parts.append((_relation(value, sn_average, decimals), f"{label} ({fmt(sn_average, sn_decimals)})"))
    if england is not None:
        parts.append((_relation(value, england, decimals), f"England ({fmt(england, decimals)})"))
    if not parts:
        text = "no comparators available"
    elif len(parts) == 2 and parts[0][0] == parts[1][0]:
        text = f"{parts[0][0]} {parts[0][1]} and {parts[1][1]}"
    else:
        text = ", ".join(f"{rel} {what}" for rel, what in parts)
    if direction and trend_years:
        text += f"; {direction} over {trend_years} years"
    return text


# --- building ----------------------------------------------------------------------------------------------


def _period_matches(df: pl.DataFrame, period: str) -> pl.DataFrame:
    p = period.strip()
    cond = pl.col("period") == p
    if p.isdigit() and len(p) == 4:
        cond = cond | (pl.col("year") == int(p))
    return df.filter(cond)


def national_profile(session: Session, comparator: Comparator = DEFAULT, **kwargs: Any) -> pl.DataFrame:
    """Comparators for every authority x indicator x period (one polars frame)."""
    data = read_profile_data(session)
    if kwargs:
        return compute_comparators(
            data.values,
            data.neighbours,
            data.models,
            data.authorities,
            data.polarity,
            comparator=comparator,
            **kwargs,
        )
    return data.comparators(comparator)


def build_profile(
    session: Session,
    la_code: str,
    period: str | None = None,
    area: str | None = None,
    local_values: Iterable[LocalValue] | None = None,
    vocabulary: VocabularyTable | None = None,
    comparator: Comparator = DEFAULT,
) -> Profile:
    """The profile of ``la_code`` for ``period`` (default: each indicator's latest), grouped by judgement area.

    ``local_values`` (e.g. ``csinspect.analysis.returns.local_indicator_values(...)``) are shown beside
    the published figures for the same indicator and period.
    """
    if area is not None and area not in JUDGEMENT_AREAS:
        raise ProfileError(f"unknown judgement area {area!r}; known: {', '.join(JUDGEMENT_AREAS)}")
    catalogue = get_catalogue()
    cached = cached_profile_data(session)
    data = cached or read_authority_data(session, la_code, period, catalogue, comparator)
    auth = data.authorities.filter(pl.col("la_code") == la_code)
    if auth.is_empty():
        raise ProfileError(f"unknown LA code {la_code!r} (is the authority register loaded?)")
    name, region_name = auth["name"][0], auth["region_name"][0]
    problem = comparator.model_problem(data.model_names())
    if problem:
        raise ProfileError(problem)
    if cached is not None:  # a long-lived process (web app, API, compare): reuse every comparator
        comp = cached.comparators(comparator).filter(pl.col("area_code") == la_code)
    else:
        comp = compute_comparators(
            data.values,
            data.neighbours,
            data.models,
            data.authorities,
            data.polarity,
            la_codes=[la_code],
            comparator=comparator,
        )
    vocabulary = vocabulary or load_vocabulary()  # once: finding it reads the settings
    providers, as_at = provider_outcomes(session, la_code, vocabulary)
    national = data.england_only() if cached is not None else england_only(data.values)
    profile = assemble_profile(
        comp,
        catalogue,
        la_code,
        name,
        region_name,
        period,
        area,
        local_values,
        providers,
        as_at,
        vocabulary.attribution,
        national,
        comparator,
        data.model_names(),
    )
    return profile


def england_only(values: pl.DataFrame) -> pl.DataFrame:
    la_inds = set(values.filter(pl.col("geo_level") == "la")["indicator_id"].unique().to_list())
    return values.filter((pl.col("geo_level") == "national") & ~pl.col("indicator_id").is_in(list(la_inds)))


def assemble_profile(
    comp: pl.DataFrame,
    catalogue: Catalogue,
    la_code: str,
    name: str,
    region_name: str | None,
    period: str | None,
    area: str | None,
    local_values: Iterable[LocalValue] | None,
    providers: list[ProviderOutcome],
    provider_as_at: date | None,
    vocabulary: str,
    national: pl.DataFrame | None = None,
    comparator: Comparator = DEFAULT,
    model_names: dict[str, str] | None = None,
) -> Profile:
    """Rows for the chosen period(s); indicators published for England only get an England-only row."""
    names = model_names or {}
    notes: list[str] = []
    if national is not None and not national.is_empty():
        nat = (
            _period_matches(national, period)
            if period
            else national.sort("year").group_by("indicator_id").last()
        )
        nat_rows = {r["indicator_id"]: r for r in nat.iter_rows(named=True)}
    else:
        nat_rows = {}
    local = _local_by_indicator(local_values)
    chosen = _period_matches(comp, period) if period else comp.sort("year").group_by("indicator_id").last()
    if period and chosen.is_empty() and not comp.is_empty():
        raise ProfileError(
            f"no values for period {period!r}; periods held: {', '.join(sorted(comp['period'].unique().to_list()))}"
        )
    by_ind = {r["indicator_id"]: r for r in chosen.iter_rows(named=True)}
    # each indicator's periods as plain rows: the trend windows are cut in Python (one polars filter and
    # sort per row cost more than the rest of the assembly)
    history: dict[str, list[dict[str, Any]]] = {}
    for h in comp.select("indicator_id", "period", "year", "value", "sn_average", "england").iter_rows(
        named=True
    ):
        history.setdefault(h["indicator_id"], []).append(h)
    areas: dict[str, list[ProfileRow]] = {a: [] for a in JUDGEMENT_AREAS}
    shown_locally: set[str] = set()
    missing = []
    for ind in catalogue.indicators.values():
        r = by_ind.get(ind.id)
        if ind.hidden:
            continue  # an input of a derived measure, not a measure of its own
        if ind.source.kind == "returns":
            continue  # own-returns indicators: beside their published twin, or on their own below
        if r is None and ind.id in nat_rows:
            n = nat_rows[ind.id]
            r = dict.fromkeys(
                (
                    "symbol",
                    "sn_average",
                    "model_id",
                    "region",
                    "rank",
                    "rank_of",
                    "quartile",
                    "direction",
                    "trend_years",
                    "sn_model_note",
                )
            )
            r |= {
                "period": n["period"],
                "year": n["year"],
                "value": None,
                "sn_count": 0,
                "england": n["value"],
            }
            row = _row(ind, r, None, _source_text(ind, catalogue), comparator, names)
            row.statement = f"published for England only: {fmt(n['value'], ind.decimals)} ({ind.unit})"
        elif r is None:
            missing.append(ind.id)
            continue
        else:
            row = _row(ind, r, history.get(ind.id), _source_text(ind, catalogue), comparator, names)
        own = _pick_local(local.get(ind.local_indicator or ""), row.year)
        if own is not None:
            row.local_value, row.local_period = own.value, str(own.period)
            shown_locally.add(own.indicator_id)
        _place(areas, ind, row, area)
    for ind_id, values in local.items():  # own-returns figures with no published twin
        if ind_id in shown_locally:
            continue
        local_ind = catalogue.indicators.get(ind_id)
        own = _pick_local(values, int(period[:4]) if period and period[:4].isdigit() else None)
        if local_ind is None or own is None:
            continue
        _place(areas, local_ind, _local_only_row(local_ind, str(own.period), own.value), area)
    if missing:
        notes.append(f"no values{' for ' + period if period else ''} for: {', '.join(sorted(missing))}")
    areas = {a: rows for a, rows in areas.items() if rows}
    if area is not None and area != "provider_outcomes":
        providers = []
    said = comparator.describe(names)
    return Profile(
        la_code,
        name,
        region_name,
        period,
        areas,
        providers,
        provider_as_at,
        vocabulary,
        notes,
        comparator=said,
        sn_model=comparator.model,
        sn_stat=comparator.stat,
    )


def _local_year(lv: LocalValue) -> int | None:
    year = getattr(lv, "year", None)
    if year:
        return int(year)
    text = str(lv.period)
    if len(text) >= 7 and text[:4].isdigit() and text[5:7].isdigit():  # "2024-25" / "2024/25"
        return int(text[:4]) + 1
    return int(text) if text.isdigit() else None


def _local_by_indicator(local_values: Iterable[LocalValue] | None) -> dict[str, list[LocalValue]]:
    out: dict[str, list[LocalValue]] = {}
    for lv in local_values or []:
        out.setdefault(lv.indicator_id, []).append(lv)
    return out


def _pick_local(values: list[LocalValue] | None, year: int | None) -> LocalValue | None:
    """The council's figure for the same year; else its latest (its period is shown beside it)."""
    if not values:
        return None
    same = [v for v in values if year is not None and _local_year(v) == year]
    if same:
        return same[0]
    return max(values, key=lambda v: _local_year(v) or 0)


def _place(areas: dict[str, list[ProfileRow]], ind: Indicator, row: ProfileRow, area: str | None) -> None:
    for a in ind.judgement_areas:
        if area is None or a == area:
            areas[a].append(row)


def _quartile_label(polarity: str, quartile: int | None) -> str | None:
    if quartile is None:
        return None
    return QUARTILE_WORDS["neither" if polarity == "neither" else "polarity"][quartile]


def _source_text(ind: Indicator, catalogue: Catalogue) -> str:
    src = ind.source
    ds = catalogue.datasets.get(src.dataset or "")
    where = ds.title if ds else ("DfE LAIT benchmarking data" if src.kind == "lait" else src.kind)
    return f"{where}: {src.column}"


class Measure(Protocol):
    """What a profile row needs to know of what it measures (a catalogue ``Indicator`` or a LAIT measure)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def polarity(self) -> str: ...
    @property
    def polarity_status(self) -> str: ...
    @property
    def decimals(self) -> int: ...


NOT_COMPARED = {
    "sn_average": None,
    "sn_count": 0,
    "rank": None,
    "rank_of": None,
    "quartile": None,
    "quartile_band": None,
}


def _row(
    ind: Measure,
    r: dict[str, Any],
    hist: list[dict[str, Any]] | None,
    source_text: str,
    comparator: Comparator = DEFAULT,
    model_names: dict[str, str] | None = None,
) -> ProfileRow:
    trend: list[TrendPoint] = []
    if hist is not None:
        year = r["year"]
        window = sorted(
            (h for h in hist if h["year"] is not None and year - 5 < h["year"] <= year),
            key=lambda h: h["year"],
        )
        trend = [TrendPoint(h["period"], h["value"], h["sn_average"], h["england"]) for h in window]
    notes = [r["sn_model_note"]] if r.get("sn_model_note") else []
    joint = r.get("joint_with")
    # a count measures the authority's size, and a joint figure is several authorities': shown, never compared
    if ind.unit == "count" or joint:
        r = r | NOT_COMPARED
    if joint:
        notes.append(f"a joint figure, published once for this authority and {joint}: not ranked or compared")
    count = int(r["sn_count"] or 0)
    label = comparator.label((model_names or {}).get(r["model_id"] or "", r["model_id"]), count or None)
    if ind.polarity_status != "verified":
        notes.append("polarity: csinspect reading, unverified")
    row = ProfileRow(
        judgement_area="",
        indicator_id=ind.id,
        title=ind.title,
        unit=ind.unit,
        polarity=ind.polarity,
        polarity_status=ind.polarity_status,
        period=r["period"],
        year=r["year"],
        value=r["value"],
        symbol=r["symbol"],
        sn_average=r["sn_average"],
        sn_count=int(r["sn_count"] or 0),
        sn_model=r["model_id"],
        region=r["region"],
        england=r["england"],
        rank=r["rank"],
        rank_of=r["rank_of"],
        quartile=r["quartile"],
        quartile_label=_quartile_label(ind.polarity, r["quartile"]),
        direction=r["direction"],
        trend_years=r["trend_years"],
        trend=trend,
        statement=statement(
            r["value"],
            r["symbol"],
            r["sn_average"],
            r["england"],
            r["direction"],
            r["trend_years"],
            ind.decimals,
            count,
            label,
            ind.decimals if comparator.stat == "median" else None,
        ),
        source=source_text,
        decimals=ind.decimals,
        notes=notes,
        joint_with=joint,
        sn_stat=comparator.stat,
        sn_label=label,
        quartile_band=r.get("quartile_band"),
    )
    if ind.unit == "count" and r["value"] is not None and not joint:
        row.statement = (
            f"{fmt(r['value'], ind.decimals)}: a count, shown as context (it reflects the authority's size, so it is "
            "not ranked or compared; see the rate)"
            + (
                f"; {r['direction']} over {r['trend_years']} years"
                if r.get("direction") and r.get("trend_years")
                else ""
            )
        )
    if joint and r["value"] is not None:
        row.statement = (
            f"a joint figure ({fmt(r['value'], ind.decimals)}) published once for this authority and {joint}: "
            "not compared with neighbours, region or England as if it were one authority's"
        )
    return row


def _local_only_row(ind: Indicator, period: str, value: float | None) -> ProfileRow:
    year = int(period[:4]) + (1 if len(period) > 4 else 0) if period[:4].isdigit() else 0
    return ProfileRow(
        "",
        ind.id,
        ind.title,
        ind.unit,
        ind.polarity,
        ind.polarity_status,
        period,
        year,
        None,
        None,
        None,
        0,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        [],
        "council's own figure (no published value)",
        "council's own returns",
        ind.decimals,
        local_value=value,
        local_period=period,
    )


# --- provider outcomes -------------------------------------------------------------------------------------


def provider_outcomes(
    session: Session, la_code: str, vocabulary: VocabularyTable | None = None
) -> tuple[list[ProviderOutcome], date | None]:
    """Providers located in the LA judged good or better, by provision type, against England."""
    vocab = vocabulary or load_vocabulary()
    as_at = session.scalar(select(func.max(ProviderInspection.as_at)))
    if as_at is None:
        return [], None
    rows = (
        session.connection()
        .execute(
            select(
                ProviderInspection.provision_type,
                ProviderInspection.la_code,
                ProviderInspection.overall_ordinal,
            ).where(ProviderInspection.as_at == as_at, ProviderInspection.overall_ordinal.is_not(None))
        )
        .all()
    )
    df = pl.DataFrame(
        rows, schema={"type": pl.String, "la_code": pl.String, "ordinal": pl.Int64}, orient="row"
    )
    df = df.with_columns(pl.col("type").str.replace("Children's Home", "Children's home", literal=True))
    agg = [pl.len().alias("n"), (pl.col("ordinal") >= 3).sum().alias("good")]
    eng = {t: (n, g) for t, n, g in df.group_by("type").agg(agg).iter_rows()}
    la = (
        df.filter(pl.col("la_code") == la_code)
        .group_by("type")
        .agg(agg)
        .sort(["n", "type"], descending=[True, False])
    )
    out: list[ProviderOutcome] = []
    la_rows = list(la.iter_rows())
    total_n, total_g = sum(n for _, n, _ in la_rows), sum(g for _, _, g in la_rows)
    eng_n, eng_g = df.height, int((df["ordinal"] >= 3).sum())
    for t, n, g in [*la_rows, ("All provision types", total_n, total_g)]:
        en, eg = eng.get(t, (eng_n, eng_g)) if t != "All provision types" else (eng_n, eng_g)
        pct = 100 * g / n if n else None
        epct = 100 * eg / en if en else None
        word = vocab.word(pct) if pct is not None else None
        noun = plural(t.lower()) if t != "All provision types" else "providers"
        text = (
            f"{quantity_phrase(word or '')} {noun} in the area ({g} of {n}, {pct:.0f}%) were judged good or "
            f"outstanding at {as_at.day} {as_at:%B %Y}, against {epct:.0f}% in England"
            if pct is not None and epct is not None
            else f"no {noun} with a judgement"
        )
        out.append(ProviderOutcome(t, n, g, pct, en, epct, word, text[0].upper() + text[1:]))
    return out, as_at


def plural(noun: str) -> str:
    """children's home -> children's homes; independent fostering agency -> … agencies (before any '(…)')."""
    head, sep, tail = noun.partition(" (")
    if head.endswith("y") and not head.endswith(("ay", "ey", "oy")):
        head = head[:-1] + "ies"
    elif not head.endswith("s"):
        head += "s"
    return head + sep + tail


def quantity_phrase(word: str) -> str:
    """'the majority' -> 'the majority of the'; 'most' -> 'most' (so the phrase reads before a plural noun)."""
    return f"{word} of the" if word in ("the majority", "less than half", "none", "a minority") else word


def compare_rows(profiles: Sequence[Profile]) -> list[dict[str, Any]]:
    """Side-by-side values for several profiles (one row per indicator)."""
    table: dict[str, dict[str, Any]] = {}
    for p in profiles:
        for r in p.rows():
            row = table.setdefault(
                r.indicator_id,
                {
                    "indicator": r.indicator_id,
                    "title": r.title,
                    "period": r.period,
                    "england": fmt(r.england, r.decimals),
                },
            )
            row[f"{p.la_code} {p.name}"] = (
                fmt(r.value, r.decimals) if r.value is not None else (r.symbol or "-")
            )
            row[f"{p.la_code} vs SN"] = fmt(r.sn_average, r.decimals)
    return list(table.values())


def neighbour_values(session: Session, profile: Profile) -> dict[str, list[tuple[str, float | None]]]:
    """For each profile row: the neighbours (model used for that row, in rank order) with their values."""
    data = read_profile_data(session)
    names = dict(data.authorities.select("la_code", "name").iter_rows())
    la_vals = data.values.filter(pl.col("geo_level") == "la")
    out: dict[str, list[tuple[str, float | None]]] = {}
    for r in profile.rows():
        if r.sn_model is None or r.indicator_id in out:
            continue
        nbrs = (
            data.neighbours.filter(
                (pl.col("model_id") == r.sn_model) & (pl.col("la_code") == profile.la_code)
            )
            .sort("rank")["neighbour_la_code"]
            .to_list()
        )
        vals = dict(
            la_vals.filter((pl.col("indicator_id") == r.indicator_id) & (pl.col("period") == r.period))
            .select("area_code", "value")
            .iter_rows()
        )
        out[r.indicator_id] = [(names.get(c, c), vals.get(c)) for c in nbrs]
    return out
