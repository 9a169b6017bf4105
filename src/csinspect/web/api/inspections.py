"""``/api/v1/inspections`` (each inspection once, with every source), one inspection in the record schema,
and the judgements and recommendations of every stored record."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from csinspect.analysis.inspections import (
    InspectionGroup,
    inspection_list,
    judgement_dict,
    judgements_page,
    recommendation_dict,
    recommendations_page,
    record_of_inspection,
)
from csinspect.records import InspectionRecord
from csinspect.store.models import Inspection, Judgement, Recommendation
from csinspect.web.api.models import InspectionOut, JudgementOut, Page, RecommendationOut
from csinspect.web.api.paging import (
    LIST_RESPONSES,
    ONE_RESPONSES,
    Fmt,
    FmtQ,
    LaQ,
    Name,
    PageNo,
    PerPage,
    Year,
    one,
    page_of,
    slice_page,
)
from csinspect.web.deps import Db, RowId

router = APIRouter()


def _inspection_out(g: InspectionGroup) -> InspectionOut:
    sources = g.sources()
    first = sources[0]
    return InspectionOut(
        id=g.id,
        ids=g.ids,
        la_code=g.la_code,
        authority_printed=g.authority_printed,
        origin=g.origin,
        framework_id=g.framework_id,
        document_type=g.document_type,
        inspection_start=g.inspection_start,
        inspection_end=g.inspection_end,
        published=g.published,
        lead_inspector=g.lead_inspector,
        status=g.status,
        reasons=g.reasons,
        source=first.title,
        source_ref=first.reference,
        document_id=next((s.document_id for s in sources if s.document_id), None),
        sources=[s.record() for s in sources],
    )


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
    """Inspections, visits and assessments, newest first; an inspection that Ofsted's table and its report
    both record is listed once, with both sources."""
    groups = inspection_list(
        db,
        la_code=la_code,
        framework=framework,
        document_type=document_type,
        year=year,
        status=status,
        origin=origin,
    )
    return page_of(
        request,
        [_inspection_out(g) for g in slice_page(groups, page, per_page)],
        page=page,
        per_page=per_page,
        total=len(groups),
        fmt=format,
        name="inspections",
    )


@router.get("/inspections/{inspection_id}", response_model=InspectionRecord, responses=ONE_RESPONSES)
def get_inspection(request: Request, inspection_id: RowId, db: Db) -> Response:
    """One inspection in the record schema (docs/records.md), with every source of it; any of its record
    ids finds it."""
    record = record_of_inspection(db, inspection_id)
    if record is None:
        raise HTTPException(status_code=404, detail=f"There is no inspection {inspection_id}")
    return one(request, record)


def _judgement_out(j: Judgement, i: Inspection) -> JudgementOut:
    return JudgementOut(**judgement_dict(j, i))


def _recommendation_out(r: Recommendation, i: Inspection) -> RecommendationOut:
    return RecommendationOut(**recommendation_dict(r, i))


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
    total, rows = judgements_page(
        db,
        la_code=la_code,
        framework=framework,
        judgement_id=judgement_id,
        grade=grade,
        year=year,
        offset=(page - 1) * per_page,
        limit=per_page,
    )
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
    total, rows = recommendations_page(
        db,
        la_code=la_code,
        framework=framework,
        category=category,
        year=year,
        offset=(page - 1) * per_page,
        limit=per_page,
    )
    return page_of(
        request,
        [_recommendation_out(r, i) for r, i in rows],
        page=page,
        per_page=per_page,
        total=total,
        fmt=format,
        name="recommendations",
    )
