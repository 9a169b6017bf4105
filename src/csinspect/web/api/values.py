"""``/api/v1/values``: every authority x measure x period in the long format of ``csinspect export values``,
filterable and paged; ``format=csv`` without ``page`` gives every matching row in one file (a Power BI or
Excel user points at one URL)."""

from __future__ import annotations

from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, create_model

from csinspect.analysis.data_status import data_version
from csinspect.analysis.values import COLUMNS, Filters, values_long
from csinspect.web.api.paging import LIST_RESPONSES, Fmt, FmtQ, PerPage, choice_error, etagged, page_of
from csinspect.web.cache import lru, version_of
from csinspect.web.csvout import csv_text
from csinspect.web.deps import Db

router = APIRouter()

_TYPES: dict[str, Any] = {
    "year": int, "value": float, "decimals": int, "sn_value": float, "sn_count": int, "region": float,
    "england": float, "rank": int, "rank_of": int, "quartile": int, "trend_years": int,
}  # fmt: skip
ValueOut: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "ValueOut",
    __doc__="One authority's figure for one measure and period, with its comparators (columns: docs/values.md)",
    **{c: (_TYPES.get(c, str) | None, None) for c in COLUMNS},
)


def _table(
    request: Request, db: Db, sn_model: str | None, sn_stat: str | None, as_: str | None, lait: bool
) -> pl.DataFrame:
    from csinspect.analysis.comparators import Comparator, ComparatorError
    from csinspect.analysis.profile import ProfileError

    try:
        comparator = Comparator.of(sn_model, sn_stat, as_)
    except ComparatorError as exc:
        raise choice_error(exc) from None
    cache = request.app.state.cache
    key = (comparator, lait, version_of(cache, lambda: data_version(db)))
    try:
        return lru(cache, "values", key, lambda: values_long(db, comparator, Filters(include_lait=lait)))
    except ProfileError as exc:
        raise choice_error(exc) from None


@router.get("/values", response_model=None, responses=LIST_RESPONSES)
def values(
    request: Request,
    db: Db,
    la: Annotated[list[str] | None, Query(description="DfE LA numbers (repeatable)")] = None,
    measure: Annotated[list[str] | None, Query(description="Measure ids (repeatable)")] = None,
    period: Annotated[list[str] | None, Query(description="Periods or end years (repeatable)")] = None,
    group: Annotated[str | None, Query(max_length=120, description="A judgement area or LAIT topic")] = None,
    lait: Annotated[bool, Query(description="Include every LAIT measure")] = True,
    sn_model: Annotated[
        str | None, Query(max_length=20, description="latest, period_end or a model id")
    ] = None,
    sn_stat: Annotated[str | None, Query(max_length=10, description="mean or median")] = None,
    as_: Annotated[str | None, Query(alias="as", max_length=20, description="lait or dashboard")] = None,
    page: Annotated[
        int | None, Query(ge=1, le=1_000_000, description="Page number (JSON pages by default)")
    ] = None,
    per_page: PerPage = 500,
    format: FmtQ = Fmt.json,
) -> Response:
    """Every authority x measure x period: value, unit, the neighbours' figure with the group and statistic
    that made it, region, England, rank, quartile, LAIT band, trend and source."""
    df = _table(request, db, sn_model, sn_stat, as_, lait)
    if la:
        df = df.filter(pl.col("la_code").is_in(la))
    if measure:
        df = df.filter(pl.col("measure_id").is_in(measure))
    if period:
        df = df.filter(pl.col("period").is_in(period) | pl.col("year").cast(pl.String).is_in(period))
    if group:
        df = df.filter(pl.col("group").str.to_lowercase().str.contains(group.strip().lower(), literal=True))
    if format is Fmt.csv and page is None:
        body = csv_text(df.to_dicts(), list(COLUMNS)).encode()
        return etagged(
            request,
            body,
            "text/csv; charset=utf-8",
            {"Content-Disposition": 'attachment; filename="values.csv"'},
        )
    p = page or 1
    rows = df.slice((p - 1) * per_page, per_page).to_dicts()
    return page_of(
        request,
        [ValueOut(**r) for r in rows],
        page=p,
        per_page=per_page,
        total=df.height,
        fmt=format,
        name="values",
    )
