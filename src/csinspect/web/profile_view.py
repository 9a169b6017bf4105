"""The performance profile as the authority page shows it: per judgement area a data table and, beside it,
one bar chart per indicator (the authority against its statistical neighbours, region and England).

Built once per authority and data version (the profile is the costly part of the page) and kept in a small
in-process cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy.orm import Session

from csinspect.analysis.data_status import data_version
from csinspect.analysis.national import statistics_as_at
from csinspect.web import charts, integrations
from csinspect.web.cache import lru, version_of

UNIT_SUFFIX = {"percent": "%", "rate_per_10k": " per 10,000", "days": " days", "months": " months"}


@dataclass
class AreaView:
    id: str
    title: str
    rows: list[Any]
    charts: list[Markup] = field(default_factory=list)


@dataclass
class ProfileView:
    name: str
    areas: list[AreaView]
    providers: list[Any]
    provider_as_at: Any
    vocabulary: str
    notes: list[str]
    statistics_as_at: Any = None  # when the statistics shown were last published (or loaded)
    comparator: str = ""  # "mean of the statistical neighbours, May 2025 model …"
    sn_stat: str = "mean"


def _area_title(area: str) -> str:
    try:
        from csinspect.indicators.schema import JUDGEMENT_AREAS

        return JUDGEMENT_AREAS.get(area, area)
    except ImportError:
        return area.replace("_", " ").capitalize()


def build_view(profile: Any, with_charts: bool = True) -> ProfileView:
    areas = []
    for area, rows in profile.areas.items():
        view = AreaView(id=area, title=_area_title(area), rows=list(rows))
        for r in rows if with_charts else ():
            view.charts.append(_charts_of(r, profile.name, profile.region_name))
        areas.append(view)
    return ProfileView(
        name=profile.name,
        areas=areas,
        providers=list(profile.provider_outcomes),
        provider_as_at=profile.provider_as_at,
        vocabulary=profile.vocabulary,
        notes=list(profile.notes),
        comparator=profile.comparator,
        sn_stat=profile.sn_stat,
    )


def _charts_of(r: Any, name: str, region_name: str | None) -> Markup:
    """One indicator's figure: a visible title naming the comparator, the latest period as bars, and (with two
    or more periods) the trend of the authority, its neighbours and England."""
    unit = UNIT_SUFFIX.get(r.unit, "")
    compared = r.sn_label or f"{r.sn_stat} of the statistical neighbours"
    bars = charts.bar_svg(
        [
            charts.Bar(name, r.value, "#1d70b8"),
            charts.Bar(f"Neighbours ({r.sn_stat})", r.sn_average, "#505a5f"),
            charts.Bar(region_name or "Region", r.region, "#505a5f"),
            charts.Bar("England", r.england, "#0b0c0c"),
        ],
        f"{r.title}, {r.period}: {name} against the {compared}, region and England",
        unit=unit,
        label_width=200,
    )
    trend = [t for t in r.trend if t.value is not None or t.sn_average is not None or t.england is not None]
    line = Markup("")
    if len(trend) >= 2:
        line = charts.trend_svg(
            [t.period for t in trend],
            [
                charts.Series(name, [t.value for t in trend], "#1d70b8"),
                charts.Series(
                    f"Neighbours ({r.sn_stat})", [t.sn_average for t in trend], "#505a5f", dashed=True
                ),
                charts.Series("England", [t.england for t in trend], "#0b0c0c"),
            ],
            f"{r.title}: {name}, its neighbours and England, {trend[0].period} to {trend[-1].period}",
            unit=unit,
        )
    caption = f"{r.title}, {r.period}"
    return Markup(
        '<figure class="app-figure"><figcaption class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">'
        '{}</figcaption><p class="govuk-body-s govuk-!-margin-bottom-1">Against the {}.</p>'
        '<div class="app-chart-scroll" tabindex="0" role="region" aria-label="Charts: {} (scroll sideways on a '
        'narrow screen)">{}{}</div></figure>'
    ).format(caption, compared, caption, bars, line)


def cached_profile(cache: dict[str, Any], db: Session, la_code: str, comparator: Any = None) -> Any | None:
    """The authority's Profile (None when unavailable), computed once per data version and comparator."""
    key = (la_code, comparator, version_of(cache, lambda: data_version(db)))
    return lru(cache, "profiles", key, lambda: integrations.profile(db, la_code, comparator))


def cached_profile_view(
    cache: dict[str, Any], db: Session, la_code: str, comparator: Any = None
) -> ProfileView | None:
    from csinspect.analysis.comparators import DEFAULT

    comparator = comparator or DEFAULT  # None and the default are one cache entry
    key = (la_code, comparator, version_of(cache, lambda: data_version(db)))

    def make() -> ProfileView | None:
        profile = cached_profile(cache, db, la_code, comparator)
        if profile is None or not profile.areas:
            return None
        view = build_view(profile)
        view.statistics_as_at = statistics_as_at(db)
        return view

    return lru(cache, "profile_views", key, make)


def warm_profiles(app_state: Any) -> int:
    """Compute every current authority's profile view into the cache, then fit the model of the next judgement
    (run in a background thread by ``csinspect serve --warm`` so that first visits are as fast as later ones);
    returns how many profiles."""
    from csinspect.analysis.authorities import current_codes
    from csinspect.analysis.next_judgement.outlook import engine

    with app_state.sessionmaker() as db:
        codes = current_codes(db)
        for code in codes:
            cached_profile_view(app_state.cache, db, code)
        engine(db)  # the outlook pages' models and backtest (a few seconds, once per data version)
    return len(codes)
