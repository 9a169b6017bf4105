"""``/api/v1/national``: each current authority's latest headline grade under every framework."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from csinspect.web.api.models import FrameworkPictureOut, GradeCountOut
from csinspect.web.api.paging import Fmt, FmtQ, etagged
from csinspect.web.csvout import csv_text
from csinspect.web.deps import Db

router = APIRouter()


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
    (CSV: one row per framework and grade). A framework without a headline judgement (ILACS from April
    2026) has no counts and says why in ``note``."""
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
        return etagged(
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
            note=p.note,
        )
        for p in pictures
    ]
    body = b"[" + b",".join(o.model_dump_json().encode() for o in out) + b"]"
    return etagged(request, body, "application/json")
