"""Inspection page: every judgement and recommendation with its provenance; the stored original document."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse

from csinspect.analysis.authorities import get_authority
from csinspect.analysis.inspections import findings_of, get_document
from csinspect.analysis.national import framework_title
from csinspect.store.models import Document
from csinspect.web import integrations
from csinspect.web.deps import Db, RowId, ViewerDep
from csinspect.web.lookups import inspection_or_404
from csinspect.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/inspections/{inspection_id}", response_class=HTMLResponse)
def inspection(request: Request, inspection_id: RowId, db: Db, viewer: ViewerDep) -> HTMLResponse:
    group = inspection_or_404(db, inspection_id)
    report = group.report
    authority = get_authority(db, group.la_code) if group.la_code else None
    return render(
        request,
        "inspection.html",
        {
            "i": group,
            "sources": group.sources(),
            "document": report.document if report is not None else None,
            "authority": authority,
            "findings": findings_of(db, group.ids),
            "repeated": [link for i in group.ids for link in integrations.repeated_from_earlier(db, i)],
            "framework_title": framework_title(group.framework_id),
            "has_original": report is not None and original_path(request, report.document) is not None,
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
    doc = get_document(db, document_id)
    path = original_path(request, doc)
    if doc is None or path is None:
        raise HTTPException(status_code=404, detail=f"The original of document {document_id} is not stored")
    return FileResponse(
        path, media_type=doc.media_type, filename=Path(doc.filename).name, content_disposition_type="inline"
    )
