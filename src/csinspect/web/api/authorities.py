"""``/api/v1/authorities``: the registry, one authority, its judgement history, neighbours and profile."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from csinspect.analysis.authorities import authorities_page, successions
from csinspect.analysis.history import authority_history
from csinspect.analysis.neighbours import neighbour_rows
from csinspect.store.models import Authority
from csinspect.web import integrations
from csinspect.web.api.models import (
    AuthorityDetail,
    AuthorityOut,
    CodeOut,
    HistoryRowOut,
    NeighbourOut,
    NeighboursOut,
    Page,
    ProfileOut,
    SuccessionOut,
)
from csinspect.web.api.paging import (
    LIST_RESPONSES,
    ONE_RESPONSES,
    Fmt,
    FmtQ,
    Name,
    PageNo,
    PerPage,
    choice_error,
    one,
    page_of,
    slice_page,
)
from csinspect.web.deps import Db
from csinspect.web.lookups import authority_or_404

router = APIRouter()


def _authority_out(a: Authority) -> AuthorityOut:
    return AuthorityOut.model_validate(a, from_attributes=True)


@router.get("/authorities", response_model=Page[AuthorityOut], responses=LIST_RESPONSES)
def list_authorities(
    request: Request,
    db: Db,
    q: Annotated[str | None, Query(max_length=200, description="Part of a name")] = None,
    region: Name = None,
    status: Annotated[str | None, Query(pattern="^(current|former)$")] = None,
    page: PageNo = 1,
    per_page: PerPage = 200,
    format: FmtQ = Fmt.json,
) -> Response:
    """Children's services authorities, current and former."""
    total, rows = authorities_page(
        db, q=q, region=region, status=status, offset=(page - 1) * per_page, limit=per_page
    )
    return page_of(
        request,
        [_authority_out(a) for a in rows],
        page=page,
        per_page=per_page,
        total=total,
        fmt=format,
        name="authorities",
    )


@router.get("/authorities/{la_code}", response_model=AuthorityDetail, responses=ONE_RESPONSES)
def get_authority(request: Request, la_code: str, db: Db) -> Response:
    a = authority_or_404(db, la_code)
    preds, succs = successions(db, la_code)
    detail = AuthorityDetail(
        **_authority_out(a).model_dump(),
        codes=[CodeOut.model_validate(c, from_attributes=True) for c in a.codes],
        names=sorted({n.name for n in a.names}),
        predecessors=[SuccessionOut.model_validate(s, from_attributes=True) for s in preds],
        successors=[SuccessionOut.model_validate(s, from_attributes=True) for s in succs],
    )
    return one(request, detail)


@router.get(
    "/authorities/{la_code}/history",
    response_model=Page[HistoryRowOut],
    responses={**LIST_RESPONSES, 404: {"description": "Unknown authority"}},
)
def authority_history_api(
    request: Request,
    la_code: str,
    db: Db,
    page: PageNo = 1,
    per_page: PerPage = 1000,
    format: FmtQ = Fmt.json,
) -> Response:
    """Every judgement of the authority and its predecessors since 2005, in date order (common ordinal 1-4)."""
    authority_or_404(db, la_code)
    rows = [HistoryRowOut.model_validate(r.as_dict()) for r in authority_history(db, la_code)]
    return page_of(
        request,
        slice_page(rows, page, per_page),
        page=page,
        per_page=per_page,
        total=len(rows),
        fmt=format,
        name=f"history-{la_code}",
    )


@router.get("/authorities/{la_code}/neighbours", response_model=NeighboursOut, responses=ONE_RESPONSES)
def authority_neighbours(
    request: Request,
    la_code: str,
    db: Db,
    on: Annotated[date | None, Query(description="Model in force on this date")] = None,
) -> Response:
    authority_or_404(db, la_code)
    model, rows = neighbour_rows(db, la_code, on)
    out = NeighboursOut(
        la_code=la_code,
        model_id=model.id if model else None,
        model_title=model.title if model else None,
        neighbours=[
            NeighbourOut(
                rank=r.rank,
                la_code=r.la_code,
                name=r.name,
                closeness=r.closeness,
                latest=[HistoryRowOut.model_validate(x.as_dict()) for x in r.latest_rows],
            )
            for r in rows
        ],
    )
    return one(request, out)


@router.get("/authorities/{la_code}/profile", response_model=ProfileOut, responses=ONE_RESPONSES)
def authority_profile(
    request: Request,
    la_code: str,
    db: Db,
    sn_model: Annotated[
        str | None,
        Query(
            max_length=20,
            description="latest (the newest DfE model for every period; default), period_end, or a model id "
            "such as 2021-04",
        ),
    ] = None,
    sn_stat: Annotated[str | None, Query(max_length=10, description="mean (LAIT; default) or median")] = None,
    as_: Annotated[
        str | None, Query(alias="as", max_length=20, description="lait or dashboard (median, newest model)")
    ] = None,
    view: Annotated[
        str | None,
        Query(
            max_length=20, description="judgement-areas (default) or lait: every LAIT measure by LAIT topic"
        ),
    ] = None,
    topic: Annotated[str | None, Query(max_length=120, description="with view=lait: one LAIT topic")] = None,
    search: Annotated[str | None, Query(max_length=120, description="with view=lait: title contains")] = None,
) -> Response:
    """The performance profile (published indicators against neighbours, region and England). Every row says
    which neighbours and statistic it used (``sn_label``); the profile's ``comparator`` says it in words."""
    from csinspect.analysis.comparators import Comparator, ComparatorError
    from csinspect.analysis.profile import ProfileError, build_profile

    authority_or_404(db, la_code)
    if view not in (None, "judgement-areas", "lait", "national-framework"):
        raise HTTPException(
            status_code=400,
            detail=f"unknown view {view!r}; choose one of: judgement-areas, lait, national-framework",
        )
    try:
        comparator = Comparator.of(sn_model, sn_stat, as_)
    except ComparatorError as exc:
        raise choice_error(exc) from None
    profile: Any
    try:
        if view == "national-framework":
            from csinspect.analysis.national_framework import national_framework_view

            profile = national_framework_view(db, la_code, comparator)
        elif view == "lait":
            from csinspect.analysis.lait import lait_profile

            profile = lait_profile(db, la_code, topic=topic, search=search, comparator=comparator)
        elif sn_model or sn_stat or as_:
            profile = build_profile(db, la_code, comparator=comparator)
        else:
            profile = integrations.profile(db, la_code)
    except ProfileError as exc:
        # a choice that does not fit the data is the caller's to fix; a profile that cannot be built is not
        if view in ("lait", "national-framework") or "--sn-model" in str(exc):
            raise choice_error(exc) from None
        profile = None
    return one(
        request,
        ProfileOut(la_code=la_code, available=profile is not None, profile=integrations.plain(profile)),
    )
