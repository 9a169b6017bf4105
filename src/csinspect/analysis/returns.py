"""A council's indicators from the returns ``csinspect returns load`` stored (the interface the profile
uses: ``local_indicator_values``). Rates per 10,000 use the 0-17 population the store holds from the ONS
mid-year estimates (``population_0_17``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.returns.indicators import Params, Value, annex_values, cin_values, cla_values
from csinspect.store import returns_files as storage
from csinspect.store.profile_models import IndicatorValue

CIN_TABLES = ("children", "cin_details", "assessments", "cin_plans", "s47", "cpp", "cpp_reviews")
SSDA903_TABLES = ("header", "episodes", "reviews", "oc3", "ad1", "missing", "placed_adoption", "uasc", "oc2")


@dataclass(frozen=True)
class LocalIndicatorValue:
    indicator_id: str
    period: str  # "2024-25"
    value: float | None
    numerator: float | None
    denominator: float | None
    year: int | None = None  # collection year ending 31 March (EES time_period)
    note: str | None = None


def _tables(root: Path, la: str, year: int, dataset: str, names: tuple[str, ...]) -> dict[str, pl.DataFrame]:
    out = {}
    for n in names:
        df = storage.read_table(root, la, year, dataset, n)
        if df is not None:
            out[n] = df
    return out


def _merge(a: dict[str, pl.DataFrame], b: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    out = dict(a)
    for k, v in b.items():
        out[k] = pl.concat([out[k], v], how="diagonal_relaxed") if k in out else v
    return out


def population_0_17(session: Session, la_code: str, year: int) -> int | None:
    """The 0-17 population of ``la_code`` for collection year ``year`` (to 31 March): the newest ONS mid-year
    estimate up to mid-(year-1), as DfE's own rates use."""
    value = session.scalar(
        select(IndicatorValue.value)
        .where(
            IndicatorValue.indicator_id == "population_0_17",
            IndicatorValue.geo_level == "la",
            IndicatorValue.area_code == la_code,
            IndicatorValue.year <= year - 1,
            IndicatorValue.value.is_not(None),
        )
        .order_by(IndicatorValue.year.desc())
        .limit(1)
    )
    return int(value) if value is not None else None


def compute_values(
    root: Path, la_code: str, year: int, params: Params | None = None, population: int | None = None
) -> list[Value]:
    """Every indicator of ``la_code``'s stored returns for ``year``; rates need ``population`` (or
    ``params.population``) and are left empty without it."""
    p = params or Params()
    pop = population if population is not None else p.population
    values: list[Value] = []
    cin = _tables(root, la_code, year, "cin", CIN_TABLES)
    if "cin_details" in cin:
        prev_cin = _tables(root, la_code, year - 1, "cin", CIN_TABLES) or None
        values.extend(cin_values(cin, prev_cin, year, p, pop))
    cla = _tables(root, la_code, year, "ssda903", SSDA903_TABLES)
    if "episodes" in cla:
        history: list[dict[str, pl.DataFrame]] = []
        for back in (1, 2):
            h = _tables(root, la_code, year - back, "ssda903", SSDA903_TABLES)
            if back == 1:
                h = _merge(h, _tables(root, la_code, year, "ssda903_prev", SSDA903_TABLES))
            else:
                h = _merge(h, _tables(root, la_code, year - 1, "ssda903_prev", SSDA903_TABLES))
            history.append(h)
        while history and not history[-1]:
            history.pop()
        values.extend(cla_values(cla, history, year, p, pop))
    annex = _tables(root, la_code, year, "annex_a", tuple(f"list_{i}" for i in range(1, 12)))
    if annex:
        values.extend(annex_values(annex, year))
    return values


def local_indicator_values(
    root: Path,
    la_code: str,
    year: int | None = None,
    *,
    params: Params | None = None,
    population: int | None = None,
    session: Session | None = None,
) -> list[LocalIndicatorValue]:
    """Every indicator the stored returns of ``la_code`` (under ``root``) support, for ``year`` (default: the
    latest stored). The population comes from ``population``, else from the store through ``session``."""
    years = storage.stored_years(root, la_code)
    if not years:
        return []
    target = year if year is not None else years[-1]
    if target not in years:
        return []
    if population is None and session is not None and (params is None or params.population is None):
        population = population_0_17(session, la_code, target)
    if params is not None and population is not None:
        params = replace(params, population=population)
    return [
        LocalIndicatorValue(v.indicator_id, v.period, v.value, v.numerator, v.denominator, v.year, v.note)
        for v in compute_values(root, la_code, target, params, population)
    ]
