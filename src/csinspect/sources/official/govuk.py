"""Reading GOV.UK's search and content APIs (pure: JSON in, records out), which is how Ofsted's official
statistics (the local authority inspection outcomes workbook) are found: the search API
(``https://www.gov.uk/api/search.json?q=...&filter_organisations=ofsted&order=-public_timestamp``) lists
pages with their ``link`` and ``public_timestamp``; the content API (``https://www.gov.uk/api/content<link>``)
gives a page's ``details.attachments``, each with its ``url``, ``filename`` and ``title``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from csinspect.sources.official.readers import OfficialDataError

SITE = "https://www.gov.uk"


@dataclass(frozen=True)
class Found:
    link: str
    title: str
    published: datetime | None


@dataclass(frozen=True)
class Attachment:
    url: str
    filename: str
    title: str


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def search_results(body: Any, address: str) -> list[Found]:
    if not isinstance(body, dict) or not isinstance(body.get("results"), list):
        raise OfficialDataError(f"{address}: expected GOV.UK search results ({{'results': [...]}})")
    return [
        Found(str(r["link"]), str(r.get("title") or ""), _when(r.get("public_timestamp")))
        for r in body["results"]
        if isinstance(r, dict) and r.get("link")
    ]


def attachments(body: Any, address: str) -> list[Attachment]:
    details = body.get("details") if isinstance(body, dict) else None
    if not isinstance(details, dict):
        raise OfficialDataError(f"{address}: expected a GOV.UK content item with 'details'")
    out = []
    for a in details.get("attachments") or []:
        if isinstance(a, dict) and a.get("url"):
            name = str(a.get("filename") or str(a["url"]).rsplit("/", 1)[-1])
            out.append(Attachment(str(a["url"]), name, str(a.get("title") or name)))
    return out
