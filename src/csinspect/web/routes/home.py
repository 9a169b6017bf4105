"""Home: the national picture (current grades by framework), latest published inspections, overdue authorities."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from csinspect.web import charts, queries
from csinspect.web.deps import Db, ViewerDep
from csinspect.web.templating import render

router = APIRouter(include_in_schema=False)


def cached_national(request: Request, db: Session) -> dict[str, Any]:
    """The national picture is the same for everyone until the data changes: cache it by data version."""
    version = queries.data_version(db)
    cache = request.app.state.cache
    hit = cache.get("national")
    if hit and hit[0] == version:
        return hit[1]
    pictures = queries.national_picture(db)
    years, late = queries.overdue(db)
    data = {
        "pictures": pictures,
        "charts": {
            p.framework_id: charts.bar_svg(
                [
                    charts.Bar(c.label, c.count, charts.ORDINAL_COLOURS.get(c.ordinal or 0, "#505a5f"))
                    for c in p.counts
                ],
                f"{p.title}: latest headline grade of {p.authorities} authorities",
                label_width=260,
            )
            for p in pictures
        },
        "cycle_years": years,
        "overdue": late,
    }
    cache["national"] = (version, data)
    return data


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: Db, viewer: ViewerDep) -> HTMLResponse:
    data = cached_national(request, db)
    latest = queries.latest_published(db, 12)
    names = queries.authority_names(db, [i.la_code for i in latest if i.la_code])
    return render(
        request,
        "home.html",
        {**data, "latest": latest, "names": names, "headline": queries.headline_of, "active": "home"},
    )
