"""``/api/v1/search``: full text over findings and recommendations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from csinspect.analysis.search import SearchFilters, search
from csinspect.web.api.models import Page, SearchHitOut
from csinspect.web.api.paging import LIST_RESPONSES, Fmt, FmtQ, LaQ, Name, PageNo, PerPage, Year, page_of
from csinspect.web.deps import Db

router = APIRouter()


@router.get("/search", response_model=Page[SearchHitOut], responses=LIST_RESPONSES)
def search_reports(
    request: Request,
    db: Db,
    q: Annotated[str, Query(min_length=1, max_length=500, description='Words; "a phrase" in quotes')],
    framework: Name = None,
    la_code: LaQ = None,
    region: Name = None,
    year: Year = None,
    grade: Name = None,
    page: PageNo = 1,
    per_page: PerPage = 50,
    format: FmtQ = Fmt.json,
) -> Response:
    """Full-text search over findings and recommendations; user text is always treated as text."""
    f = SearchFilters(q=q, framework=framework, la_code=la_code, region=region, year=year, grade=grade)
    result = search(db, f, limit=per_page, offset=(page - 1) * per_page)
    items = [SearchHitOut.model_validate(h, from_attributes=True) for h in result.hits]
    return page_of(
        request, items, page=page, per_page=per_page, total=result.total, fmt=format, name="search"
    )
