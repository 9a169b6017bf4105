"""``/api/v1/assessments``: published assessments for everyone; drafts for those allowed to see them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from csinspect.web.api.models import AssessmentOut, Page
from csinspect.web.api.paging import (
    LIST_RESPONSES,
    ONE_RESPONSES,
    Fmt,
    FmtQ,
    LaQ,
    PageNo,
    PerPage,
    one,
    page_of,
    slice_page,
)
from csinspect.web.deps import Db, RowId, ViewerDep
from csinspect.web.routes.assessments import assessment_or_404, visible_assessments

router = APIRouter()


def _assessment_out(a: Any) -> AssessmentOut:
    return AssessmentOut(
        id=a.id,
        la_code=a.la_code,
        framework_id=a.framework_id,
        title=a.title,
        state=a.state,
        kind=a.kind,
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
    items = [_assessment_out(a) for a in visible_assessments(db, viewer, la_code)]
    return page_of(
        request,
        slice_page(items, page, per_page),
        page=page,
        per_page=per_page,
        total=len(items),
        fmt=format,
        name="assessments",
    )


@router.get("/assessments/{assessment_id}", response_model=AssessmentOut, responses=ONE_RESPONSES)
def get_assessment_api(request: Request, assessment_id: RowId, db: Db, viewer: ViewerDep) -> Response:
    return one(request, _assessment_out(assessment_or_404(db, viewer, assessment_id)))
