"""Search page: full-text over findings and recommendations, filterable by framework, authority, region,
year and grade (with a CSV of the results)."""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from csinspect.analysis.data_status import data_version
from csinspect.analysis.national import framework_title
from csinspect.analysis.search import HL_END, HL_START, SearchFilters, filter_options, search
from csinspect.web.cache import version_of
from csinspect.web.csvout import csv_response
from csinspect.web.deps import Db, ViewerDep
from csinspect.web.templating import render

router = APIRouter(include_in_schema=False)
PER_PAGE = 20
SEARCH_COLUMNS = [
    "kind",
    "id",
    "inspection_id",
    "la_code",
    "authority",
    "framework_id",
    "document_type",
    "published",
    "page",
    "label",
    "text",
]


def highlight(snippet: str) -> Markup:
    """Escape the snippet, then turn the index's markers into <mark>."""
    return Markup(str(escape(snippet)).replace(HL_START, "<mark>").replace(HL_END, "</mark>"))


def cached_filter_options(request: Request, db: Session) -> dict[str, Any]:
    version = version_of(request.app.state.cache, lambda: data_version(db))
    hit = request.app.state.cache.get("search_options")
    if hit and hit[0] == version:
        return dict(hit[1])
    options = filter_options(db)
    request.app.state.cache["search_options"] = (version, options)
    return options


def _filters(q: str, framework: str, la: str, region: str, year: str, grade: str) -> SearchFilters:
    return SearchFilters(
        q=q,
        framework=framework or None,
        la_code=la or None,
        region=region or None,
        year=int(year) if year.isdigit() else None,
        grade=grade or None,
    )


Text = Annotated[str, Query(max_length=500)]
Short = Annotated[str, Query(max_length=100)]


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    db: Db,
    viewer: ViewerDep,
    q: Text = "",
    framework: Short = "",
    la: Short = "",
    region: Short = "",
    year: Short = "",
    grade: Short = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    f = _filters(q, framework, la, region, year, grade)
    result = search(db, f, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    return render(
        request,
        "search.html",
        {
            "f": f,
            "year": year,
            "result": result,
            "page": page,
            "pages": max(1, math.ceil(result.total / PER_PAGE)),
            "highlight": highlight,
            "options": cached_filter_options(request, db),
            "framework_title": framework_title,
            "active": "search",
        },
    )


@router.get("/search.csv")
def search_csv(
    db: Db,
    q: Text = "",
    framework: Short = "",
    la: Short = "",
    region: Short = "",
    year: Short = "",
    grade: Short = "",
) -> Response:
    result = search(db, _filters(q, framework, la, region, year, grade), limit=5000)
    return csv_response([asdict(h) for h in result.hits], "search.csv", SEARCH_COLUMNS)
