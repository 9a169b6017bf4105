"""What every API list and item shares: ``page``/``per_page`` paging with ``{items, page, per_page, total,
links}`` and a ``Link`` header, weak ETags answered with 304, and ``format=csv`` giving the same rows as CSV."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from csinspect.web.api.models import Links, Page
from csinspect.web.csvout import csv_text

T = TypeVar("T")
MAX_PER_PAGE = 1000


class Fmt(StrEnum):
    json = "json"
    csv = "csv"


PageNo = Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page")]
FmtQ = Annotated[Fmt, Query(description="json (default) or csv")]
LaQ = Annotated[str | None, Query(pattern=r"^\d{3}$", description="DfE 3-digit LA number")]
Year = Annotated[int | None, Query(ge=1990, le=2100, description="Year of publication")]
Name = Annotated[str | None, Query(max_length=100)]

LIST_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "description": "A page of items (JSON or CSV)",
    },
    304: {"description": "Not modified (the ETag in If-None-Match still holds)"},
}
ONE_RESPONSES: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified"},
    404: {"description": "Not found"},
}


def choice_error(exc: Exception) -> HTTPException:
    """A 400 naming the valid choices, in the API's parameter names (``sn_model``, not ``--sn-model``)."""
    return HTTPException(status_code=400, detail=str(exc).replace("--sn-", "sn_"))


def etagged(
    request: Request, body: bytes, media_type: str, headers: dict[str, str] | None = None
) -> Response:
    etag = 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    inm = request.headers.get("if-none-match", "")
    if etag in [t.strip() for t in inm.split(",")]:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(
        body, media_type=media_type, headers={"ETag": etag, "Cache-Control": "no-cache", **(headers or {})}
    )


def one(request: Request, item: BaseModel) -> Response:
    return etagged(request, item.model_dump_json().encode(), "application/json")


def page_of(
    request: Request, items: Sequence[BaseModel], *, page: int, per_page: int, total: int, fmt: Fmt, name: str
) -> Response:
    def url(p: int) -> str:
        params = dict(request.query_params)
        params.update(page=str(p), per_page=str(per_page))
        return f"{request.url.path}?{urlencode(params)}"

    last = max(1, -(-total // per_page))
    links = Links(
        self=url(page), next=url(page + 1) if page < last else None, prev=url(page - 1) if page > 1 else None
    )
    link_header = ", ".join(
        f'<{u}>; rel="{rel}"' for rel, u in (("next", links.next), ("prev", links.prev)) if u
    )
    headers = {"X-Total-Count": str(total), **({"Link": link_header} if link_header else {})}
    if fmt is Fmt.csv:
        rows = [i.model_dump() for i in items]
        columns = list(rows[0].keys()) if rows else []
        headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return etagged(request, csv_text(rows, columns).encode(), "text/csv; charset=utf-8", headers)
    body = Page[Any](items=items, page=page, per_page=per_page, total=total, links=links)
    return etagged(request, body.model_dump_json().encode(), "application/json", headers)


def slice_page(rows: Sequence[T], page: int, per_page: int) -> list[T]:
    return list(rows[(page - 1) * per_page : page * per_page])
