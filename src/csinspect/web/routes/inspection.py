"""Inspection page: every judgement and recommendation with its provenance; the stored original document."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse
from sqlalchemy import select

from csinspect.store.models import Document, Finding
from csinspect.web import integrations, queries
from csinspect.web.deps import Db, RowId, ViewerDep
from csinspect.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/inspections/{inspection_id}", response_class=HTMLResponse)
def inspection(request: Request, inspection_id: RowId, db: Db, viewer: ViewerDep) -> HTMLResponse:
    ins = queries.inspection_or_404(db, inspection_id, facts=True)
    findings = db.scalars(
        select(Finding).where(Finding.inspection_id == ins.id).order_by(Finding.page, Finding.id)
    ).all()
    authority = db.get(queries.Authority, ins.la_code) if ins.la_code else None
    repeated = integrations.repeated_from_earlier(db, ins.id)
    return render(
        request,
        "inspection.html",
        {
            "i": ins,
            "authority": authority,
            "findings": findings,
            "repeated": repeated,
            "framework_title": queries.framework_title(ins.framework_id),
            "has_original": original_path(request, ins.document) is not None,
            "active": "authorities",
        },
    )


def original_path(request: Request, doc: Document | None) -> Path | None:
    if doc is None or not doc.stored_path:
        return None
    path = Path(doc.stored_path)
    if not path.is_absolute():
        path = request.app.state.settings.documents_dir / path
    return path if path.is_file() else None


@router.get("/documents/{document_id}/original")
def document_original(request: Request, document_id: RowId, db: Db) -> FileResponse:
    doc = db.get(Document, document_id)
    path = original_path(request, doc)
    if doc is None or path is None:
        raise HTTPException(status_code=404, detail=f"The original of document {document_id} is not stored")
    return FileResponse(
        path, media_type=doc.media_type, filename=Path(doc.filename).name, content_disposition_type="inline"
    )
