"""Data page: what is loaded, from which files and when; ingestion results with rejected documents and why;
report upload for administrators."""

from __future__ import annotations

import shutil
from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from csinspect.analysis.data_status import data_status, ingest_results, report_labels, sync_runs
from csinspect.sources.sandbox import Limits
from csinspect.store.audit import record_audit
from csinspect.web import access, integrations
from csinspect.web.cache import data_changed
from csinspect.web.deps import Db, ViewerDep, check_form_csrf
from csinspect.web.templating import render
from csinspect.web.uploads import UploadRejected, check_report

router = APIRouter(include_in_schema=False)

# how each loader's kind reads to a person
FILE_KINDS = {
    "authorities": "Authority register",
    "sn_models": "Statistical neighbour models",
    "ofsted_la_outcomes": "Ofsted inspection outcomes",
    "ofsted_csc_2023_la_inspections": "Ofsted inspection outcomes (2023 workbook)",
    "ofsted_csc_providers": "Ofsted provider outcomes",
    "ees_csv": "Official statistics",
    "lait_bds": "LAIT benchmarking data",
    "lait_dictionary": "LAIT data dictionary",
    "derived": "Computed from the statistics",
}


def _page(request: Request, db: Db, errors: dict[str, str] | None = None, status: int = 200) -> HTMLResponse:
    held = data_status(db, newest_first=True)
    results = ingest_results(db)
    return render(
        request,
        "data.html",
        {
            "files": held.files,
            "runs": sync_runs(db, 10),
            "results": results,
            "labels": report_labels(db, results),
            "kinds": FILE_KINDS,
            "by_status": held.ingest_by_status,
            "origins": held.inspections_by_origin,
            "documents": held.documents,
            "errors": errors or {},
            "message": request.session.pop("flash", None),
            "can_upload": access.can_administer(request.state.viewer),
            "active": "data",
        },
        status_code=status,
    )


@router.get("/data", response_class=HTMLResponse)
def data_page(request: Request, db: Db, viewer: ViewerDep) -> HTMLResponse:
    return _page(request, db)


@router.post("/data/reports", response_class=HTMLResponse, dependencies=[Depends(check_form_csrf)])
def upload_report(
    request: Request, db: Db, viewer: ViewerDep, report: Annotated[UploadFile | None, File()] = None
) -> Response:
    if not access.can_administer(viewer):
        return _page(request, db, {"report": "Only administrators can load reports"}, 403)
    assert viewer is not None
    if report is None or not report.filename:
        return _page(request, db, {"report": "Select a report to upload"}, 400)
    try:
        checked = check_report(report)
    except UploadRejected as exc:
        return _page(request, db, {"report": str(exc)}, 400)
    tmp_root = request.app.state.settings.data_dir / "uploads"
    tmp_root.mkdir(parents=True, exist_ok=True)
    path = checked.to_temp(tmp_root)
    try:
        with request.app.state.sessionmaker() as ingest_session:
            settings = request.app.state.settings
            outcome = integrations.ingest_file(
                ingest_session, path, settings.documents_dir, Limits.of(settings)
            )
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    status, reasons, inspection_ids = outcome
    if inspection_ids:
        data_changed(request.app.state)
    record_audit(
        db,
        actor=viewer.username,
        action="report.upload",
        entity="ingest_result",
        entity_id=checked.filename,
        after={"status": status, "reasons": reasons, "inspection_ids": inspection_ids},
    )
    db.commit()
    if status == "rejected":
        return _page(request, db, {"report": f"{checked.filename} was rejected: {'; '.join(reasons)}"}, 400)
    request.session["flash"] = f"{checked.filename}: {status.replace('_', ' ')}"
    target = f"/inspections/{inspection_ids[0]}" if inspection_ids else "/data"
    return RedirectResponse(target, status_code=303)
