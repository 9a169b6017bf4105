"""Reading the Explore Education Statistics public API's answers (pure: JSON in, records out).

The API (``https://api.education.gov.uk/statistics/v1``, documented at
``api.education.gov.uk/statistics/docs``) pages its lists as ``{"paging": {"page", "pageSize",
"totalResults", "totalPages"}, "results": [...]}``:

- ``GET /v1/publications?search=&page=&pageSize=``: ``{"id", "title", "slug", "lastPublished"}``;
- ``GET /v1/publications/{id}/data-sets``: ``{"id", "title", "summary", "status", "latestVersion": {"version",
  "published", "totalResults", "timePeriods": {"start", "end"}, ...}, "supersedingDataSetId"}``;
- ``GET /v1/data-sets/{id}`` one data set; ``GET /v1/data-sets/{id}/csv?dataSetVersion=`` its data as CSV.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from csinspect.sources.official.readers import OfficialDataError

API = "https://api.education.gov.uk/statistics"


@dataclass(frozen=True)
class Page:
    results: list[dict[str, Any]]
    page: int
    total_pages: int


@dataclass(frozen=True)
class Publication:
    id: str
    title: str
    slug: str
    last_published: datetime | None


@dataclass(frozen=True)
class DataSet:
    id: str
    title: str
    status: str
    version: str | None
    published: datetime | None
    time_periods: str | None  # "2013 to 2025"
    superseded_by: str | None


def _when(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def paged(body: Any, address: str) -> Page:
    """A page of a list answer; a body that is not one names the address and what was expected."""
    if not isinstance(body, dict) or not isinstance(body.get("results"), list):
        raise OfficialDataError(f"{address}: expected an EES API list ({{'paging': ..., 'results': [...]}})")
    paging = body.get("paging") or {}
    return Page(body["results"], int(paging.get("page") or 1), int(paging.get("totalPages") or 1))


def publication(item: dict[str, Any], address: str) -> Publication:
    try:
        return Publication(
            str(item["id"]), str(item["title"]), str(item["slug"]), _when(item.get("lastPublished"))
        )
    except KeyError as exc:
        raise OfficialDataError(f"{address}: a publication without {exc.args[0]!r}") from exc


def data_set(item: dict[str, Any], address: str) -> DataSet:
    try:
        latest = item.get("latestVersion") or {}
        periods = latest.get("timePeriods") or {}
        span = f"{periods.get('start')} to {periods.get('end')}" if periods.get("start") else None
        return DataSet(
            id=str(item["id"]),
            title=str(item["title"]),
            status=str(item.get("status") or ""),
            version=str(latest["version"]) if latest.get("version") is not None else None,
            published=_when(latest.get("published")),
            time_periods=span,
            superseded_by=item.get("supersedingDataSetId"),
        )
    except KeyError as exc:
        raise OfficialDataError(f"{address}: a data set without {exc.args[0]!r}") from exc
