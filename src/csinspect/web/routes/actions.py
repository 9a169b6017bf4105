"""Action plan board: actions by status and RAG (overdue first), updates with evidence, .xlsx export/import.

A council user sees and changes only their own authority's plan; inspectors and admins see every plan;
admins may change any.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from csinspect.actions.plan import ActionError, current_rag, list_actions, planned_authorities, update_action
from csinspect.actions.rag import STATUSES
from csinspect.analysis.authorities import authority_names
from csinspect.store.assessment_models import Action
from csinspect.store.audit import events_of
from csinspect.web import access
from csinspect.web.accounts import Viewer
from csinspect.web.deps import Db, RowId, SignedIn, check_form_csrf
from csinspect.web.lookups import authority_or_404
from csinspect.web.templating import render
from csinspect.web.uploads import UploadRejected, check_spreadsheet

router = APIRouter(include_in_schema=False)
DONE = ("complete", "cancelled")


def _guard_see(viewer: Viewer, la_code: str) -> None:
    if not access.can_see_actions(viewer, la_code):
        raise HTTPException(status_code=404, detail=f"There is no action plan for {la_code} that you can see")


def action_or_404(db: Session, viewer: Viewer, la_code: str, action_id: RowId) -> Action:
    _guard_see(viewer, la_code)
    a = db.get(Action, action_id)
    if a is None or a.la_code != la_code:
        raise HTTPException(status_code=404, detail=f"There is no action {action_id} in this plan")
    return a


@router.get("/actions", response_class=HTMLResponse)
def actions_index(request: Request, db: Db, viewer: SignedIn) -> Response:
    if viewer.role == "council" and viewer.la_code:
        return RedirectResponse(f"/actions/{viewer.la_code}", status_code=303)
    codes = planned_authorities(db)
    names = authority_names(db, codes)
    plans = sorted((names.get(c, c), c) for c in codes)
    return render(request, "actions_index.html", {"plans": plans, "active": "actions"})


@router.get("/actions/{la_code}", response_class=HTMLResponse)
def board(request: Request, la_code: str, db: Db, viewer: SignedIn) -> HTMLResponse:
    a = authority_or_404(db, la_code)
    _guard_see(viewer, la_code)
    today = date.today()
    rated = list_actions(db, la_code, today=today)
    columns: dict[str, list[tuple[Action, object, bool]]] = {s: [] for s in STATUSES}
    for action, rag in rated:
        overdue = action.status not in DONE and action.due_date is not None and action.due_date < today
        columns.setdefault(action.status, []).append((action, rag, overdue))
    for cards in columns.values():
        cards.sort(key=lambda c: (not c[2], c[0].due_date or date.max, c[0].id))
    counts = {r: sum(1 for _, rag in rated if rag.rating == r) for r in ("red", "amber", "green", "blue")}
    return render(
        request,
        "actions_board.html",
        {
            "a": a,
            "columns": columns,
            "counts": counts,
            "total": len(rated),
            "overdue": sum(1 for c in columns.values() for x in c if x[2]),
            "can_edit": access.can_edit_actions(viewer, la_code),
            "errors": {"workbook": err} if (err := request.session.pop("flash_error", None)) else {},
            "message": request.session.pop("flash", None),
            "active": "actions",
        },
    )


def _detail(
    request: Request,
    db: Session,
    viewer: Viewer,
    la_code: str,
    action: Action,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    events = events_of(db, "action", action.id)
    return render(
        request,
        "action.html",
        {
            "a": authority_or_404(db, la_code),
            "action": action,
            "rag": current_rag(action),
            "events": events,
            "statuses": STATUSES,
            "can_edit": access.can_edit_actions(viewer, la_code),
            "errors": errors or {},
            "form": form or {},
            "message": request.session.pop("flash", None),
            "active": "actions",
        },
        status_code=status,
    )


@router.get("/actions/{la_code}/{action_id:int}", response_class=HTMLResponse)
def action_page(request: Request, la_code: str, action_id: RowId, db: Db, viewer: SignedIn) -> HTMLResponse:
    return _detail(request, db, viewer, la_code, action_or_404(db, viewer, la_code, action_id))


@router.post(
    "/actions/{la_code}/{action_id:int}", response_class=HTMLResponse, dependencies=[Depends(check_form_csrf)]
)
def update(
    request: Request,
    la_code: str,
    action_id: RowId,
    db: Db,
    viewer: SignedIn,
    status: Annotated[str, Form(max_length=20)] = "",
    owner: Annotated[str, Form(max_length=200)] = "",
    note: Annotated[str, Form(max_length=5000)] = "",
    evidence: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    action = action_or_404(db, viewer, la_code, action_id)
    if not access.can_edit_actions(viewer, la_code):
        raise HTTPException(status_code=403, detail="Only the council's own users can update its action plan")
    form = {"status": status, "owner": owner, "note": note, "evidence": evidence}
    errors: dict[str, str] = {}
    if status not in STATUSES:
        errors["status"] = "Choose a status"
    if evidence.strip() and not note.strip():
        errors["note"] = "Describe the progress the evidence supports"
    if status == action.status and not note.strip() and owner.strip() == (action.owner or ""):
        errors["note"] = "Enter a progress update, or change the status or owner"
    if errors:
        return _detail(request, db, viewer, la_code, action, errors, form, status=400)
    try:
        update_action(
            db,
            action.id,
            viewer.username,
            status=status,
            owner=owner.strip() if owner.strip() != (action.owner or "") else None,
            note=note.strip() or None,
            evidence=evidence.strip() or None,
        )
    except ActionError as exc:
        db.rollback()
        return _detail(request, db, viewer, la_code, action, {"note": str(exc)}, form, status=400)
    db.commit()
    request.session["flash"] = f"Action {action.id} updated"
    return RedirectResponse(f"/actions/{la_code}/{action.id}", status_code=303)


@router.get("/actions/{la_code}/export.xlsx")
def export(la_code: str, db: Db, viewer: SignedIn) -> Response:
    from csinspect.actions.xlsx import export_plan

    authority_or_404(db, la_code)
    _guard_see(viewer, la_code)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"action-plan-{la_code}.xlsx"
        export_plan(db, la_code, path)
        data = path.read_bytes()
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="action-plan-{la_code}.xlsx"'},
    )


@router.post(
    "/actions/{la_code}/import", response_class=HTMLResponse, dependencies=[Depends(check_form_csrf)]
)
def import_xlsx(
    request: Request,
    la_code: str,
    db: Db,
    viewer: SignedIn,
    workbook: Annotated[UploadFile | None, File()] = None,
) -> Response:
    from csinspect.actions.xlsx import import_plan

    authority_or_404(db, la_code)
    _guard_see(viewer, la_code)
    if not access.can_edit_actions(viewer, la_code):
        raise HTTPException(status_code=403, detail="Only the council's own users can update its action plan")

    def fail(message: str) -> HTMLResponse:
        db.rollback()
        request.session["flash_error"] = message
        response = board(request, la_code, db, viewer)
        response.status_code = 400
        return response

    if workbook is None or not workbook.filename:
        return fail("Select an .xlsx action plan to import")
    try:
        checked = check_spreadsheet(workbook)
    except UploadRejected as exc:
        return fail(str(exc))
    tmp_root = request.app.state.settings.data_dir / "uploads"
    tmp_root.mkdir(parents=True, exist_ok=True)
    path = checked.to_temp(tmp_root)
    try:
        summary = import_plan(db, path, viewer.username)
        foreign = [
            i for i in summary.changed if (act := db.get(Action, i)) is not None and act.la_code != la_code
        ]
        if foreign:
            return fail(
                f"{checked.filename}: rows for another authority's actions ({foreign}); nothing was changed"
            )
    except ActionError as exc:
        return fail(str(exc).replace(str(path), checked.filename))
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    db.commit()
    request.session["flash"] = (
        f"{checked.filename}: {len(summary.changed)} actions changed, {summary.updates_added} updates added"
    )
    return RedirectResponse(f"/actions/{la_code}", status_code=303)
