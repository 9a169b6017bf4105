"""Home: the national picture (current grades by framework), latest published inspections, overdue authorities,
all counted against the date the data is current to."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from csinspect.analysis.authorities import authority_names
from csinspect.analysis.data_status import data_version
from csinspect.analysis.national import data_as_at, latest_published, national_picture, overdue
from csinspect.web import charts
from csinspect.web.cache import version_of
from csinspect.web.deps import Db, ViewerDep
from csinspect.web.templating import render

router = APIRouter(include_in_schema=False)


def _bars(counts: list[Any], title: str) -> Any:
    return charts.bar_svg(
        [charts.Bar(c.label, c.count, charts.ORDINAL_COLOURS.get(c.ordinal or 0, "#505a5f")) for c in counts],
        title,
        label_width=260,
    )


def cached_national(request: Request, db: Session) -> dict[str, Any]:
    """The national picture is the same for everyone until the data changes: cache it by data version."""
    version = version_of(request.app.state.cache, lambda: data_version(db))
    cache = request.app.state.cache
    hit = cache.get("national")
    if hit and hit[0] == version:
        return hit[1]
    pictures = national_picture(db)
    as_at = data_as_at(db) or date.today()
    years, late = overdue(db, as_at)
    data = {
        "pictures": pictures,
        "charts": {
            p.framework_id: _bars(
                p.counts, f"{p.title}: latest headline grade of {p.authorities} authorities"
            )
            for p in pictures
            if p.counts
        },
        "as_at": as_at,
        "cycle_years": years,
        "overdue": late,
    }
    cache["national"] = (version, data)
    return data


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: Db, viewer: ViewerDep) -> HTMLResponse:
    data = cached_national(request, db)
    latest = latest_published(db, 12)
    names = authority_names(db, [i.la_code for i in latest if i.la_code])
    return render(
        request,
        "home.html",
        {**data, "latest": latest, "names": names, "headline": lambda g: g.headline, "active": "home"},
    )
