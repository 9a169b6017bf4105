"""Authority pages: finding an authority, and one authority's identity, history, neighbours, profile,
inspections with their recommendations, and (for those allowed) its action plan and assessments."""

from __future__ import annotations

from collections import OrderedDict
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from csinspect.analysis.authorities import all_authorities, authorities_matching, get_authority
from csinspect.analysis.authority_page import authority_page
from csinspect.analysis.data_status import data_version
from csinspect.analysis.history import HistoryRow, authority_history
from csinspect.analysis.national import framework_title
from csinspect.frameworks.facts import headline_of
from csinspect.store.models import Authority
from csinspect.web import access, charts, integrations
from csinspect.web.cache import lru, settle_heap, version_of
from csinspect.web.csvout import csv_response
from csinspect.web.deps import Db, ViewerDep
from csinspect.web.lookups import authority_or_404
from csinspect.web.profile_view import cached_profile_view
from csinspect.web.templating import humanise, render, render_fragment

router = APIRouter(include_in_schema=False)


def find_authorities(db: Db, q: str, limit: int = 50) -> tuple[list[Authority], Authority | None]:
    """Matching authorities, and the one authority the text names exactly (by code or name), if any."""
    q = q.strip()
    if not q:
        return all_authorities(db), None
    if q.isdigit():
        hit = get_authority(db, q.zfill(3))
        return ([hit], hit) if hit else ([], None)
    # names that hold the text come first — the exact name, then names starting with it, then a word of the
    # name starting with it, then anywhere — and only then the resolver's fuzzy matches (misspellings)
    low = q.lower()
    literal = authorities_matching(db, q, limit)

    def rank(a: Authority) -> tuple[int, str]:
        name = a.name.lower()
        order = 0 if name == low else 1 if name.startswith(low) else 2 if f" {low}" in f" {name}" else 3
        return order, name

    literal.sort(key=rank)
    found = integrations.resolve_search(db, q, limit)
    exact = [a for a, score in (found or []) if score >= 100] or [a for a in literal if a.name.lower() == low]
    seen = {a.la_code for a in literal}
    fuzzy = [a for a, _ in (found or []) if a.la_code not in seen]
    rows = (literal + fuzzy)[:limit]
    named = exact[0] if len({a.la_code for a in exact}) == 1 else (rows[0] if len(rows) == 1 else None)
    return rows, named


@router.get("/authorities", response_class=HTMLResponse)
def authorities(
    request: Request, db: Db, viewer: ViewerDep, q: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    found, named = find_authorities(db, q)
    if named is not None:
        return RedirectResponse(f"/authorities/{named.la_code}", status_code=303)
    return render(request, "authorities.html", {"q": q, "found": found, "active": "authorities"})


def timeline_points(rows: list[HistoryRow]) -> list[charts.Point]:
    by_inspection: OrderedDict[int, list[HistoryRow]] = OrderedDict()
    for r in rows:
        by_inspection.setdefault(r.inspection_id, []).append(r)
    points = []
    for group in by_inspection.values():
        head = headline_of(group[0].framework_id, group)
        for r in group:
            when = r.published or r.date
            if r.ordinal is None or when is None:
                continue
            points.append(
                charts.Point(
                    when=when,
                    ordinal=r.ordinal,
                    text=(
                        f"{framework_title(r.framework_id)} {humanise(r.document_type).lower()}, "
                        f"{when:%d %B %Y}: {humanise(r.judgement_id)}: {r.label or humanise(r.grade)}"
                    ),
                    headline=r is head,
                )
            )
    return points


# the authority's pages, in the sub-navigation's order: path segment -> title
SECTIONS = {
    "": "Overview",
    "judgements": "Judgement history",
    "inspections": "Inspections and recommendations",
    "profile": "Performance profile",
    "neighbours": "Statistical neighbours",
    "outlook": "Next inspection outlook",
    "action-plan": "Action plan",
}
PROFILE_VIEWS = {
    "judgement-areas": "By judgement area",
    "lait": "Every LAIT measure",
    "national-framework": "By national framework outcome",
}


@router.get("/authorities/{la_code}", response_class=HTMLResponse)
def authority(request: Request, la_code: str, db: Db, viewer: ViewerDep) -> HTMLResponse:
    return _authority_section(request, la_code, "", db, viewer, {})


def _authority_section(
    request: Request, la_code: str, section: str, db: Session, viewer: Any, params: dict[str, str]
) -> HTMLResponse:
    # the published part is the same for everyone until the data changes: rendered once per data version, so
    # a signed-in user's page (rendered per request) costs little more than the public's (served from cache)
    cache = request.app.state.cache
    key = (la_code, section, tuple(sorted(params.items())), version_of(cache, lambda: data_version(db)))
    name, published_html = lru(
        cache, "authority_pages", key, lambda: _published_part(request, db, la_code, section, params)
    )
    if published_html is None:
        authority_or_404(db, la_code)
    can_see_actions = access.can_see_actions(viewer, la_code)
    private = section == "action-plan"
    return render(
        request,
        "authority.html",
        {
            "a": {"la_code": la_code, "name": name},
            "section": section,
            "section_title": SECTIONS[section],
            "published_html": published_html,
            "framework_title": framework_title,
            "actions": integrations.actions_for(db, la_code) if private and can_see_actions else None,
            "can_see_actions": can_see_actions,
            "assessments": integrations.assessments_for(db, la_code, viewer) if private else None,
            "active": "authorities",
        },
    )


def _published_part(
    request: Request, db: Session, la_code: str, section: str, params: dict[str, str]
) -> tuple[str | None, Markup | None]:
    page = authority_page(db, la_code)
    if page is None:
        return None, None
    a = page.authority
    ctx: dict[str, Any] = {
        "a": a,
        "section": section,
        "sections": SECTIONS,
        "names": page.names,
        "predecessors": page.predecessors,
        "successors": page.successors,
        "framework_title": framework_title,
    }
    if section == "":
        from csinspect.analysis.national import data_as_at, statistics_as_at
        from csinspect.analysis.overview import authority_gaps, latest_judgements

        # from the national comparison table (read once per data version), not this authority's whole profile:
        # a first visit to any authority's overview stays fast
        from csinspect.analysis.profile import cached_profile_data

        fresh = cached_profile_data(db) is None
        gaps, compared = authority_gaps(db, la_code)
        if fresh:
            settle_heap()
        ctx |= {
            "latest": latest_judgements(page.history),
            "gaps": gaps,
            "compared_with": compared,
            "inspections_as_at": data_as_at(db),
            "statistics_as_at": statistics_as_at(db),
            "newest_report": max((i.published for i in page.inspections if i.published), default=None),
            "inspections": page.inspections[:1],
        }
    elif section == "judgements":
        rows = page.history
        ctx |= {
            "rows": rows,
            "timeline_svg": (
                charts.timeline_svg(timeline_points(rows), f"Judgements of {a.name} over time")
                if rows
                else None
            ),
        }
    elif section == "inspections":
        ctx["inspections"] = page.inspections
    elif section == "neighbours":
        ctx |= {"model": page.model, "sns": page.neighbours}
    elif section == "profile":
        ctx |= _profile_context(request, db, la_code, params)
    elif section == "outlook":
        ctx |= _outlook_context(db, la_code, params["on"])
    html = render_fragment(f"_authority_{section or 'overview'}.html".replace("-", "_"), ctx)
    return a.name, html


def _profile_context(request: Request, db: Session, la_code: str, params: dict[str, str]) -> dict[str, Any]:
    from csinspect.analysis.comparators import Comparator
    from csinspect.analysis.profile import ProfileError

    as_, view = params.get("as"), params.get("view") or "judgement-areas"
    comparator = Comparator.of(preset=as_)
    ctx: dict[str, Any] = {
        "view": view,
        "views": PROFILE_VIEWS,
        "profile_as": as_ or "lait",
        "params": params,
    }
    try:
        if view == "judgement-areas":
            ctx["profile"] = cached_profile_view(request.app.state.cache, db, la_code, comparator)
        elif view == "lait":
            from csinspect.analysis.lait import lait_profile, lait_topics
            from csinspect.web.profile_view import build_view

            topic, q = params.get("topic") or None, params.get("q") or None
            profile = lait_profile(db, la_code, topic=topic, search=q, comparator=comparator)
            rows = sum(len(r) for r in profile.areas.values())
            ctx |= {
                "profile": build_view(profile, with_charts=rows <= MAX_CHARTED) if profile.areas else None,
                "topics": lait_topics(db),
                "rows": rows,
                "max_charted": MAX_CHARTED,
            }
        else:
            from csinspect.analysis.national_framework import national_framework_view

            ctx["nf"] = national_framework_view(db, la_code, comparator)
    except ProfileError as exc:
        ctx["problem"] = str(exc)
    return ctx


def _outlook_context(db: Session, la_code: str, on: str) -> dict[str, Any]:
    """The next ILACS inspection's outlook (beginning ``on``, today), with the backtest it rests on (a PROPOSAL)."""
    from datetime import date

    from csinspect.analysis.next_judgement.backtest import table_rows
    from csinspect.analysis.next_judgement.outlook import OutlookError, engine, outlook

    try:
        o = outlook(db, la_code, date.fromisoformat(on))
    except OutlookError as exc:
        return {"problem": str(exc)}
    rows = [r for r in table_rows(engine(db).backtest) if r["method"] in ("model", "previous", "transition")]
    return {"outlook": o, "backtest_rows": rows}


MAX_CHARTED = 40  # a LAIT view with more rows than this shows tables only (choose a topic for charts)


@router.get("/authorities/{la_code}/history.csv")
def authority_history_csv(la_code: str, db: Db) -> Response:
    authority_or_404(db, la_code)
    return csv_response(
        [r.as_dict() for r in authority_history(db, la_code)], f"history-{la_code}.csv", HISTORY_COLUMNS
    )


@router.get("/authorities/{la_code}/{section}", response_class=HTMLResponse)
def authority_section(
    request: Request,
    la_code: str,
    section: str,
    db: Db,
    viewer: ViewerDep,
    view: Annotated[str | None, Query(max_length=20)] = None,
    as_: Annotated[str | None, Query(alias="as", max_length=20)] = None,
    topic: Annotated[str | None, Query(max_length=120)] = None,
    q: Annotated[str | None, Query(max_length=120)] = None,
) -> HTMLResponse:
    from csinspect.analysis.comparators import Comparator, ComparatorError

    if section not in SECTIONS or not section:
        raise HTTPException(status_code=404)
    params: dict[str, str] = {}
    if section == "profile":
        if view is not None and view not in PROFILE_VIEWS:
            raise HTTPException(
                status_code=400, detail=f"unknown view {view!r}; choose one of: {', '.join(PROFILE_VIEWS)}"
            )
        try:
            Comparator.of(preset=as_)
        except ComparatorError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from None
        given = {"view": view, "as": as_, "topic": topic if view == "lait" else None}
        given["q"] = q.strip() if q and view == "lait" else None
        params = {k: v for k, v in given.items() if v}
    elif section == "outlook":
        from datetime import date

        params = {"on": date.today().isoformat()}  # the outlook changes with the day, not only the data
    return _authority_section(request, la_code, section, db, viewer, params)


HISTORY_COLUMNS = [
    "la_code",
    "framework_id",
    "document_type",
    "inspection_id",
    "inspection_start",
    "inspection_end",
    "published",
    "judgement_id",
    "label",
    "grade",
    "ordinal",
    "status",
    "origin",
    "source",
]
