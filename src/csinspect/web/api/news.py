"""``/api/v1/news``: new publications (with the change from the previous comparable inspection) and new data
releases, newest first."""

from __future__ import annotations

from datetime import UTC, date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from csinspect.analysis.news import news_items
from csinspect.web.api.models import NewsChangeOut, NewsItemOut, Page
from csinspect.web.api.paging import (
    LIST_RESPONSES,
    Fmt,
    FmtQ,
    LaQ,
    Name,
    PageNo,
    PerPage,
    page_of,
    slice_page,
)
from csinspect.web.deps import Db

router = APIRouter()


@router.get("/news", response_model=Page[NewsItemOut], responses=LIST_RESPONSES)
def news(
    request: Request,
    db: Db,
    since: Annotated[
        date | None, Query(description="Publications listed on or after (default: the last month)")
    ] = None,
    la_code: LaQ = None,
    region: Name = None,
    page: PageNo = 1,
    per_page: PerPage = 100,
    format: FmtQ = Fmt.json,
) -> Response:
    items = news_items(db, since=since, la_codes=[la_code] if la_code else None, region=region)
    out = [
        NewsItemOut(
            id=i.id,
            kind=i.kind,
            title=i.title,
            date=i.date,
            found=i.found if i.found.tzinfo else i.found.replace(tzinfo=UTC),  # RFC 3339: with its zone
            la_code=i.la_code,
            authority=i.authority,
            region=i.region,
            status=i.status,
            summary=i.summary,
            changes=[
                NewsChangeOut(judgement=c.judgement, before=c.before, after=c.after, direction=c.direction)
                for c in i.changes
            ],
            link=i.link,
            source_url=i.source_url,
        )
        for i in items
    ]
    return page_of(
        request,
        slice_page(out, page, per_page),
        page=page,
        per_page=per_page,
        total=len(out),
        fmt=format,
        name="news",
    )
