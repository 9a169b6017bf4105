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
from csinspect.web.cache import lru, version_of
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


@router.get("/authorities/{la_code}", response_class=HTMLResponse)
def authority(
    request: Request,
    la_code: str,
    db: Db,
    viewer: ViewerDep,
    as_: Annotated[str | None, Query(alias="as", max_length=20)] = None,
) -> HTMLResponse:
    # the published part is the same for everyone until the data changes: rendered once per data version, so
    # a signed-in user's page (rendered per request) costs little more than the public's (served from cache)
    from csinspect.analysis.comparators import Comparator, ComparatorError

    try:
        comparator = Comparator.of(preset=as_)
    except ComparatorError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    cache = request.app.state.cache
    key = (la_code, as_ or "lait", version_of(cache, lambda: data_version(db)))
    name, published_html = lru(
        cache, "authority_pages", key, lambda: _published_part(request, db, la_code, comparator, as_)
    )
    if published_html is None:
        authority_or_404(db, la_code)
    can_see_actions = access.can_see_actions(viewer, la_code)
    return render(
        request,
        "authority.html",
        {
            "a": {"la_code": la_code, "name": name},
            "published_html": published_html,
            "framework_title": framework_title,
            "actions": integrations.actions_for(db, la_code) if can_see_actions else None,
            "can_see_actions": can_see_actions,
            "assessments": integrations.assessments_for(db, la_code, viewer),
            "active": "authorities",
        },
    )


def _published_part(
    request: Request, db: Session, la_code: str, comparator: Any = None, as_: str | None = None
) -> tuple[str | None, Markup | None]:
    page = authority_page(db, la_code)
    if page is None:
        return None, None
    a, rows = page.authority, page.history
    timeline = (
        charts.timeline_svg(timeline_points(rows), f"Judgements of {a.name} over time") if rows else None
    )
    html = render_fragment(
        "_authority_published.html",
        {
            "a": a,
            "rows": rows,
            "timeline_svg": timeline,
            "predecessors": page.predecessors,
            "successors": page.successors,
            "names": page.names,
            "model": page.model,
            "sns": page.neighbours,
            "inspections": page.inspections,
            "profile": cached_profile_view(request.app.state.cache, db, la_code, comparator),
            "profile_as": as_ or "lait",
            "framework_title": framework_title,
        },
    )
    return a.name, html


@router.get("/authorities/{la_code}/history.csv")
def authority_history_csv(la_code: str, db: Db) -> Response:
    authority_or_404(db, la_code)
    return csv_response(
        [r.as_dict() for r in authority_history(db, la_code)], f"history-{la_code}.csv", HISTORY_COLUMNS
    )


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
