"""The "What's new" page and the Atom feeds (everything, one authority with or without its statistical
neighbours, one region)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from csinspect.analysis.authorities import authority_choices, regions
from csinspect.analysis.data_status import sync_runs
from csinspect.analysis.neighbours import neighbours_of
from csinspect.analysis.news import DEFAULT_DAYS, news_items
from csinspect.outputs.atom import atom_feed
from csinspect.web.deps import Db, ViewerDep
from csinspect.web.lookups import authority_or_404
from csinspect.web.templating import render

router = APIRouter(include_in_schema=False)
LaQ = Annotated[str | None, Query(max_length=3)]


def _codes(db: Db, la: str | None, with_neighbours: bool) -> list[str] | None:
    if not la:
        return None
    codes = [authority_or_404(db, la).la_code]
    if with_neighbours:
        _, nbs = neighbours_of(db, la, on=date.today())
        codes += [n.la_code for n in nbs]
    return codes


@router.get("/news", response_class=HTMLResponse)
def news_page(
    request: Request,
    db: Db,
    viewer: ViewerDep,
    la: LaQ = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
    since: Annotated[date | None, Query()] = None,
) -> HTMLResponse:
    start = since or date.today() - timedelta(days=DEFAULT_DAYS)
    la = la or None
    codes = _codes(db, la, False)
    items = news_items(db, since=start, la_codes=codes, region=region or None)
    feed = "/feed.atom" + (f"?la={la}" if la else f"?region={region}" if region else "")
    name = authority_or_404(db, la).name if la else None
    return render(
        request,
        "news.html",
        {
            "items": items,
            "f": {"la_code": la, "la_name": name, "region": region, "since": start},
            "authorities": authority_choices(db),
            "regions": regions(db),
            "feed_url": feed,
            "last_runs": sync_runs(db, 2),
            "active": "news",
        },
    )


@router.get("/feed.atom")
def feed(
    request: Request,
    db: Db,
    la: LaQ = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
    neighbours: Annotated[bool, Query()] = False,
    since: Annotated[date | None, Query()] = None,
) -> Response:
    if la and region:
        raise HTTPException(status_code=400, detail="Ask for one authority or one region, not both")
    codes = _codes(db, la, neighbours)
    items = news_items(db, since=since or date.today() - timedelta(days=90), la_codes=codes, region=region)
    base = str(request.base_url).rstrip("/")
    what = f": {authority_or_404(db, la).name}" if la else f": {region}" if region else ""
    what += " and its statistical neighbours" if la and neighbours else ""
    query = request.url.query
    body = atom_feed(
        items,
        base_url=base,
        path="/feed.atom" + (f"?{query}" if query else ""),
        title=f"csinspect: what's new{what}",
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")
