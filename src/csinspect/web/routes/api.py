"""The JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json, docs at /api/docs).

Conventions: list endpoints take ``page`` and ``per_page`` (max 1000) and return ``{items, page, per_page,
total, links}`` with a ``Link`` header; every GET answers with a weak ``ETag`` and honours ``If-None-Match``
(304); ``format=csv`` gives the same rows as CSV. Published data needs no sign-in. Action plans and draft
assessments need a session (sign in through /sign-in); writes also need the ``X-CSRF-Token`` header
(GET /api/v1/session gives it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from csinspect.actions.plan import ActionError, current_rag, update_action
from csinspect.actions.rag import STATUSES
from csinspect.analysis.search import SearchFilters, search
from csinspect.store.assessment_models import Action
from csinspect.store.models import Authority, AuthorityName, Inspection, Judgement, Recommendation
from csinspect.web import access, integrations, queries
from csinspect.web.api_models import (
    ActionOut,
    ActionPatch,
    AssessmentOut,
    AuthorityDetail,
    AuthorityOut,
    CodeOut,
    FrameworkPictureOut,
    GradeCountOut,
    HistoryRowOut,
    InspectionDetail,
    InspectionOut,
    JudgementOut,
    Links,
    NeighbourOut,
    NeighboursOut,
    Page,
    ProfileOut,
    RecommendationOut,
    SearchHitOut,
    SuccessionOut,
)
from csinspect.web.csvout import csv_text
from csinspect.web.deps import Db, RowId, SignedIn, ViewerDep, check_header_csrf
from csinspect.web.security import csrf_token

router = APIRouter(prefix="/api/v1", tags=["api"])
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


def _etagged(
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
    return _etagged(request, item.model_dump_json().encode(), "application/json")


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
        return _etagged(request, csv_text(rows, columns).encode(), "text/csv; charset=utf-8", headers)
    body = Page[Any](items=items, page=page, per_page=per_page, total=total, links=links)
    return _etagged(request, body.model_dump_json().encode(), "application/json", headers)


def _slice(rows: Sequence[T], page: int, per_page: int) -> list[T]:
    return list(rows[(page - 1) * per_page : page * per_page])


def _sql_page(
    db: Db, stmt: Select[Any], page: int, per_page: int, *, tuples: bool = False
) -> tuple[int, list[Any]]:
    """The total count and one page of ``stmt``: its first entity, or whole rows when ``tuples``."""
    total = db.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    paged = stmt.limit(per_page).offset((page - 1) * per_page)
    rows = list(db.execute(paged).all() if tuples else db.scalars(paged).all())
    return total, rows


# ---- session -------------------------------------------------------------------------------------


class SessionOut(BaseModel):
    signed_in: bool
    username: str | None = None
    role: str | None = None
    la_code: str | None = None
    csrf_token: str | None = None


@router.get("/session", response_model=SessionOut)
def session_info(request: Request, viewer: ViewerDep) -> SessionOut:
    """Who the session cookie belongs to, and the CSRF token API writes must send."""
    if viewer is None:
        return SessionOut(signed_in=False)
    return SessionOut(
        signed_in=True,
        username=viewer.username,
        role=viewer.role,
        la_code=viewer.la_code,
        csrf_token=csrf_token(request),
    )


# ---- authorities ----------------------------------------------------------------------------------


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
    stmt = select(Authority).order_by(Authority.la_code)
    if q:
        like = f"%{q.lower()}%"
        codes = select(AuthorityName.la_code).where(AuthorityName.normalised.like(like))
        stmt = stmt.where(
            Authority.name.ilike(like) | Authority.la_code.in_(codes) | (Authority.la_code == q)
        )
    if region:
        stmt = stmt.where((Authority.region_code == region) | (Authority.region_name == region))
    if status:
        stmt = stmt.where(Authority.status == status)
    total, rows = _sql_page(db, stmt, page, per_page)
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
    a = queries.authority_or_404(db, la_code)
    detail = AuthorityDetail(
        **_authority_out(a).model_dump(),
        codes=[CodeOut.model_validate(c, from_attributes=True) for c in a.codes],
        names=sorted({n.name for n in a.names}),
        predecessors=[
            SuccessionOut.model_validate(s, from_attributes=True) for s in queries.predecessors(db, la_code)
        ],
        successors=[
            SuccessionOut.model_validate(s, from_attributes=True) for s in queries.successors(db, la_code)
        ],
    )
    return one(request, detail)


@router.get(
    "/authorities/{la_code}/history",
    response_model=Page[HistoryRowOut],
    responses={**LIST_RESPONSES, 404: {"description": "Unknown authority"}},
)
def authority_history(
    request: Request,
    la_code: str,
    db: Db,
    page: PageNo = 1,
    per_page: PerPage = 1000,
    format: FmtQ = Fmt.json,
) -> Response:
    """Every judgement of the authority and its predecessors since 2005, in date order (common ordinal 1-4)."""
    queries.authority_or_404(db, la_code)
    rows = [HistoryRowOut.model_validate(r.as_dict()) for r in queries.timeline(db, la_code)]
    return page_of(
        request,
        _slice(rows, page, per_page),
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
    queries.authority_or_404(db, la_code)
    model, rows = queries.neighbours(db, la_code, on)
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
def authority_profile(request: Request, la_code: str, db: Db) -> Response:
    """The performance profile (published indicators against neighbours, region and England)."""
    queries.authority_or_404(db, la_code)
    profile = integrations.profile(db, la_code)
    return one(
        request,
        ProfileOut(la_code=la_code, available=profile is not None, profile=integrations.plain(profile)),
    )


# ---- inspections, judgements, recommendations --------------------------------------------------------


def _inspection_out(i: Inspection) -> InspectionOut:
    return InspectionOut(
        id=i.id,
        la_code=i.la_code,
        authority_printed=i.authority_printed,
        origin=i.origin,
        framework_id=i.framework_id,
        document_type=i.document_type,
        inspection_start=i.inspection_start,
        inspection_end=i.inspection_end,
        published=i.published,
        lead_inspector=i.lead_inspector,
        status=i.status,
        reasons=list(i.reasons or []),
        source=(i.document.filename if i.document else (i.source_file.name if i.source_file else None)),
        source_ref=i.source_ref,
        document_id=i.document_id,
    )


def _year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


@router.get("/inspections", response_model=Page[InspectionOut], responses=LIST_RESPONSES)
def list_inspections(
    request: Request,
    db: Db,
    la_code: LaQ = None,
    framework: Name = None,
    document_type: Name = None,
    year: Year = None,
    status: Annotated[str | None, Query(pattern="^(ok|needs_review)$")] = None,
    origin: Annotated[str | None, Query(pattern="^(official_table|report|assessment)$")] = None,
    page: PageNo = 1,
    per_page: PerPage = 100,
    format: FmtQ = Fmt.json,
) -> Response:
    """Inspections, visits and assessments, newest first."""
    stmt = (
        select(Inspection)
        .order_by(Inspection.published.desc(), Inspection.id.desc())
        .options(selectinload(Inspection.document), selectinload(Inspection.source_file))
    )
    if la_code:
        stmt = stmt.where(Inspection.la_code == la_code)
    if framework:
        stmt = stmt.where(Inspection.framework_id == framework)
    if document_type:
        stmt = stmt.where(Inspection.document_type == document_type)
    if year:
        y0, y1 = _year_range(year)
        stmt = stmt.where(Inspection.published >= y0, Inspection.published < y1)
    if status:
        stmt = stmt.where(Inspection.status == status)
    if origin:
        stmt = stmt.where(Inspection.origin == origin)
    total, rows = _sql_page(db, stmt, page, per_page)
    return page_of(
        request,
        [_inspection_out(i) for i in rows],
        page=page,
        per_page=per_page,
        total=total,
        fmt=format,
        name="inspections",
    )


def _judgement_out(j: Judgement, i: Inspection) -> JudgementOut:
    return JudgementOut(
        id=j.id,
        inspection_id=j.inspection_id,
        la_code=i.la_code,
        framework_id=i.framework_id,
        published=i.published,
        judgement_id=j.judgement_id,
        label=j.label,
        grade=j.grade,
        ordinal=j.ordinal,
        status=j.status,
        reason=j.reason,
        page=j.page,
        span_text=j.span_text,
        source_ref=j.source_ref,
    )


def _recommendation_out(r: Recommendation, i: Inspection) -> RecommendationOut:
    return RecommendationOut(
        id=r.id,
        inspection_id=r.inspection_id,
        la_code=i.la_code,
        framework_id=i.framework_id,
        published=i.published,
        seq=r.seq,
        text=r.text,
        category=r.category,
        section=r.section,
        page=r.page,
    )


@router.get("/inspections/{inspection_id}", response_model=InspectionDetail, responses=ONE_RESPONSES)
def get_inspection(request: Request, inspection_id: RowId, db: Db) -> Response:
    i = queries.inspection_or_404(db, inspection_id)
    detail = InspectionDetail(
        **_inspection_out(i).model_dump(),
        judgements=[_judgement_out(j, i) for j in i.judgements],
        recommendations=[_recommendation_out(r, i) for r in i.recommendations],
    )
    return one(request, detail)


def _filter_inspections(stmt: Any, la_code: str | None, framework: str | None, year: int | None) -> Any:
    if la_code:
        stmt = stmt.where(Inspection.la_code == la_code)
    if framework:
        stmt = stmt.where(Inspection.framework_id == framework)
    if year:
        y0, y1 = _year_range(year)
        stmt = stmt.where(Inspection.published >= y0, Inspection.published < y1)
    return stmt


@router.get("/judgements", response_model=Page[JudgementOut], responses=LIST_RESPONSES)
def list_judgements(
    request: Request,
    db: Db,
    la_code: LaQ = None,
    framework: Name = None,
    judgement_id: Name = None,
    grade: Name = None,
    year: Year = None,
    page: PageNo = 1,
    per_page: PerPage = 200,
    format: FmtQ = Fmt.json,
) -> Response:
    """Judgements with their grade as printed, the framework grade and the common ordinal."""
    stmt = _filter_inspections(
        select(Judgement, Inspection).join(Inspection, Judgement.inspection_id == Inspection.id),
        la_code,
        framework,
        year,
    )
    if judgement_id:
        stmt = stmt.where(Judgement.judgement_id == judgement_id)
    if grade:
        stmt = stmt.where(Judgement.grade == grade)
    stmt = stmt.order_by(Inspection.published.desc(), Judgement.id)
    total, rows = _sql_page(db, stmt, page, per_page, tuples=True)
    return page_of(
        request,
        [_judgement_out(j, i) for j, i in rows],
        page=page,
        per_page=per_page,
        total=total,
        fmt=format,
        name="judgements",
    )


@router.get("/recommendations", response_model=Page[RecommendationOut], responses=LIST_RESPONSES)
def list_recommendations(
    request: Request,
    db: Db,
    la_code: LaQ = None,
    framework: Name = None,
    category: Name = None,
    year: Year = None,
    page: PageNo = 1,
    per_page: PerPage = 200,
    format: FmtQ = Fmt.json,
) -> Response:
    """Recommendations of stored reports (full-text search: /api/v1/search)."""
    stmt = _filter_inspections(
        select(Recommendation, Inspection).join(Inspection, Recommendation.inspection_id == Inspection.id),
        la_code,
        framework,
        year,
    )
    if category:
        stmt = stmt.where(Recommendation.category == category)
    stmt = stmt.order_by(Inspection.published.desc(), Recommendation.inspection_id, Recommendation.seq)
    total, rows = _sql_page(db, stmt, page, per_page, tuples=True)
    return page_of(
        request,
        [_recommendation_out(r, i) for r, i in rows],
        page=page,
        per_page=per_page,
        total=total,
        fmt=format,
        name="recommendations",
    )


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


@router.get(
    "/national",
    response_model=list[FrameworkPictureOut],
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        304: {"description": "Not modified"},
    },
)
def national(request: Request, db: Db, format: FmtQ = Fmt.json) -> Response:
    """For each framework, the headline grade of every current authority's latest inspection under it
    (CSV: one row per framework and grade)."""
    from csinspect.web.routes.home import cached_national

    pictures = cached_national(request, db)["pictures"]
    if format is Fmt.csv:
        rows = [
            {
                "framework_id": p.framework_id,
                "framework": p.title,
                "grade": c.grade,
                "label": c.label,
                "ordinal": c.ordinal,
                "authorities": c.count,
            }
            for p in pictures
            for c in p.counts
        ]
        body = csv_text(
            rows, ["framework_id", "framework", "grade", "label", "ordinal", "authorities"]
        ).encode()
        return _etagged(
            request,
            body,
            "text/csv; charset=utf-8",
            {"Content-Disposition": 'attachment; filename="national.csv"'},
        )
    out = [
        FrameworkPictureOut(
            framework_id=p.framework_id,
            title=p.title,
            authorities=p.authorities,
            counts=[GradeCountOut.model_validate(c, from_attributes=True) for c in p.counts],
        )
        for p in pictures
    ]
    body = b"[" + b",".join(o.model_dump_json().encode() for o in out) + b"]"
    return _etagged(request, body, "application/json")


# ---- action plans and assessments (signed in) ----------------------------------------------------------


def _action_out(a: Action) -> ActionOut:
    rag = current_rag(a)
    out = ActionOut.model_validate(a, from_attributes=True)
    return out.model_copy(update={"rag": rag.rating, "rag_rule": rag.rule})


AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "Sign in first"},
    404: {"description": "Not found, or not yours to see"},
}


@router.get("/actions", response_model=Page[ActionOut], responses={**LIST_RESPONSES, **AUTH_RESPONSES})
def list_actions_api(
    request: Request,
    db: Db,
    viewer: SignedIn,
    la_code: Annotated[str, Query(pattern=r"^\d{3}$")],
    page: PageNo = 1,
    per_page: PerPage = 200,
    format: FmtQ = Fmt.json,
) -> Response:
    """An authority's action plan (its own council users, inspectors and admins)."""
    if not access.can_see_actions(viewer, la_code):
        raise HTTPException(status_code=404, detail=f"There is no action plan for {la_code} that you can see")
    stmt = (
        select(Action)
        .where(Action.la_code == la_code)
        .order_by(Action.inspection_id, Action.recommendation_seq, Action.seq, Action.id)
    )
    total, rows = _sql_page(db, stmt, page, per_page)
    return page_of(
        request,
        [_action_out(a) for a in rows],
        page=page,
        per_page=per_page,
        total=total,
        fmt=format,
        name=f"actions-{la_code}",
    )


@router.patch(
    "/actions/{action_id}",
    response_model=ActionOut,
    responses={
        **AUTH_RESPONSES,
        400: {"description": "Invalid change"},
        403: {"description": "Missing CSRF token, or not allowed"},
    },
    dependencies=[Depends(check_header_csrf)],
)
def patch_action(action_id: RowId, change: ActionPatch, db: Db, viewer: SignedIn) -> ActionOut:
    """Change an action's status or owner, or add a progress update with evidence (audited)."""
    a = db.get(Action, action_id)
    if a is None or not access.can_see_actions(viewer, a.la_code):
        raise HTTPException(status_code=404, detail=f"There is no action {action_id} that you can see")
    if not access.can_edit_actions(viewer, a.la_code):
        raise HTTPException(status_code=403, detail="Only the council's own users can update its action plan")
    if change.status is not None and change.status not in STATUSES:
        raise HTTPException(status_code=400, detail=f"status must be one of {', '.join(STATUSES)}")
    try:
        update_action(
            db,
            action_id,
            viewer.username,
            status=change.status,
            owner=change.owner,
            note=change.note,
            evidence=change.evidence,
        )
    except ActionError as exc:
        db.rollback()
        raise HTTPException(status_code=400, detail=str(exc)) from None
    db.commit()
    return _action_out(a)


def _assessment_out(a: Any) -> AssessmentOut:
    return AssessmentOut(
        id=a.id,
        la_code=a.la_code,
        framework_id=a.framework_id,
        title=a.title,
        state=a.state,
        created_by=a.created_by,
        updated_at=a.updated_at,
        published_on=a.published_on,
        inspection_id=a.inspection_id,
        judgements={j.judgement_id: j.grade for j in a.judgements},
    )


@router.get("/assessments", response_model=Page[AssessmentOut], responses=LIST_RESPONSES)
def list_assessments(
    request: Request,
    db: Db,
    viewer: ViewerDep,
    la_code: LaQ = None,
    page: PageNo = 1,
    per_page: PerPage = 100,
    format: FmtQ = Fmt.json,
) -> Response:
    """Published assessments for everyone; drafts only for those allowed to see them."""
    from csinspect.web.routes.assessments import visible_assessments

    items = [_assessment_out(a) for a in visible_assessments(db, viewer, la_code)]
    return page_of(
        request,
        _slice(items, page, per_page),
        page=page,
        per_page=per_page,
        total=len(items),
        fmt=format,
        name="assessments",
    )


@router.get("/assessments/{assessment_id}", response_model=AssessmentOut, responses=ONE_RESPONSES)
def get_assessment_api(request: Request, assessment_id: RowId, db: Db, viewer: ViewerDep) -> Response:
    from csinspect.web.routes.assessments import assessment_or_404

    return one(request, _assessment_out(assessment_or_404(db, viewer, assessment_id)))
