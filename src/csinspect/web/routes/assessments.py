"""Assessment workspace (inspectors, and councils for their self-evaluation): evidence, proposals with their
reasons, grades recorded with rationale (overrides recorded), draft → moderated → published, the audit trail.

Drafts (and moderated assessments) of an authority are visible only to admins, inspectors and that authority's
council users; anyone else gets a 404, in the pages and the API alike.
"""

from __future__ import annotations

import contextlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from csinspect.analysis.authorities import authority_choices, authority_names, get_authority
from csinspect.analysis.national import framework_title
from csinspect.assessment import workflow
from csinspect.assessment.propose import run_proposals
from csinspect.assessment.workflow import assessment_with_parts, assessments
from csinspect.frameworks.registry import all_frameworks
from csinspect.store.assessment_models import Assessment
from csinspect.web import access
from csinspect.web.accounts import Viewer
from csinspect.web.cache import data_changed
from csinspect.web.deps import Db, RowId, SignedIn, ViewerDep, check_form_csrf
from csinspect.web.templating import render

router = APIRouter(include_in_schema=False)


def visible_assessments(db: Session, viewer: Viewer | None, la_code: str | None = None) -> list[Assessment]:
    if viewer is None:
        return assessments(db, la_code=la_code, published_only=True)
    if viewer.role == "council":
        candidates = assessments(db, la_code=la_code, published_or_la=viewer.la_code or "")
        return [a for a in candidates if access.can_see_assessment(viewer, a)]
    return assessments(db, la_code=la_code)


def assessment_or_404(db: Session, viewer: Viewer | None, assessment_id: RowId) -> Assessment:
    a = assessment_with_parts(db, assessment_id)
    if a is None or not access.can_see_assessment(viewer, a):
        raise HTTPException(
            status_code=404, detail=f"There is no assessment {assessment_id} that you can see"
        )
    return a


def _index(
    request: Request,
    db: Session,
    viewer: Viewer | None,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    items = visible_assessments(db, viewer)
    names = authority_names(db, [a.la_code for a in items])
    can_create = viewer is not None
    authorities: list[Any] = []
    if viewer is not None and viewer.role in ("admin", "inspector"):
        authorities = authority_choices(db)
    elif viewer is not None and viewer.la_code:
        authorities = authority_choices(db, la_code=viewer.la_code)
    return render(
        request,
        "assessments.html",
        {
            "items": items,
            "names": names,
            "can_create": can_create,
            "authorities": authorities,
            "frameworks": [(f.id, f.short_title) for f in all_frameworks().values() if f.judgements],
            "framework_title": framework_title,
            "errors": errors or {},
            "form": form or {},
            "active": "assessments",
        },
        status_code=status,
    )


@router.get("/assessments", response_class=HTMLResponse)
def index(request: Request, db: Db, viewer: ViewerDep) -> HTMLResponse:
    return _index(request, db, viewer)


@router.post("/assessments", response_class=HTMLResponse, dependencies=[Depends(check_form_csrf)])
def create(
    request: Request,
    db: Db,
    viewer: SignedIn,
    la_code: Annotated[str, Form(max_length=10)] = "",
    framework_id: Annotated[str, Form(max_length=40)] = "",
    title: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    form = {"la_code": la_code, "framework_id": framework_id, "title": title}
    errors: dict[str, str] = {}
    if not la_code:
        errors["la_code"] = "Choose the authority"
    elif not access.can_create_assessment(viewer, la_code):
        errors["la_code"] = "A council evaluates only its own authority"
    if not framework_id:
        errors["framework_id"] = "Choose the framework"
    if not errors:
        try:
            a = workflow.create_assessment(
                db,
                la_code,
                framework_id,
                viewer.username,
                title=title.strip() or None,
                kind=access.kind_for(viewer),
            )
        except workflow.AssessmentError as exc:
            db.rollback()
            errors["framework_id"] = str(exc)
        else:
            db.commit()
            return RedirectResponse(f"/assessments/{a.id}", status_code=303)
    return _index(request, db, viewer, errors, form, status=400)


def _workspace(
    request: Request,
    db: Session,
    viewer: Viewer | None,
    a: Assessment,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
    warnings: list[str] | None = None,
) -> HTMLResponse:
    fw = workflow.framework_for(a.framework_id)
    grades = workflow.recorded_grades(a)
    try:
        findings = workflow.rule_findings(fw, grades) if grades else []
    except workflow.AssessmentError:
        findings = []
    return render(
        request,
        "assessment.html",
        {
            "s": a,
            "fw": fw,
            "authority": get_authority(db, a.la_code),
            "nodes": [n for n in fw.iter_judgements() if n.graded],
            "recorded": {j.judgement_id: j for j in a.judgements},
            "proposals": workflow.latest_proposals(a),
            "findings": findings,
            "problems": workflow.problems_before_moderation(a, fw) if a.state != "published" else [],
            "trail": workflow.audit_trail(db, a.id),
            "can_edit": a.state != "published" and access.can_edit_assessment(viewer, a),
            "errors": errors or {},
            "form": form or {},
            "warnings": warnings or request.session.pop("warnings", []),
            "message": request.session.pop("flash", None),
            "active": "assessments",
        },
        status_code=status,
    )


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
def workspace(request: Request, assessment_id: RowId, db: Db, viewer: ViewerDep) -> HTMLResponse:
    return _workspace(request, db, viewer, assessment_or_404(db, viewer, assessment_id))


def _editable(db: Session, viewer: Viewer, assessment_id: RowId) -> Assessment:
    a = assessment_or_404(db, viewer, assessment_id)
    if not access.can_edit_assessment(viewer, a):
        whose = "the council's own" if a.kind == "self_evaluation" else "the inspectorate's"
        raise HTTPException(status_code=403, detail=f"You cannot change this assessment: it is {whose}")
    return a


def _refused(
    request: Request, db: Session, viewer: Viewer, assessment_id: RowId, field: str, exc: Exception
) -> HTMLResponse:
    """Undo the failed change and show the workspace again with the error under ``field`` (400)."""
    db.rollback()
    return _workspace(
        request, db, viewer, assessment_or_404(db, viewer, assessment_id), {field: str(exc)}, status=400
    )


@router.post(
    "/assessments/{assessment_id}/grades",
    response_class=HTMLResponse,
    dependencies=[Depends(check_form_csrf)],
)
def record_grade(
    request: Request,
    assessment_id: RowId,
    db: Db,
    viewer: SignedIn,
    judgement_id: Annotated[str, Form(max_length=80)] = "",
    grade: Annotated[str, Form(max_length=60)] = "",
    rationale: Annotated[str, Form(max_length=10000)] = "",
    override_reason: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    a = _editable(db, viewer, assessment_id)
    form = {
        "judgement_id": judgement_id,
        "grade": grade,
        "rationale": rationale,
        "override_reason": override_reason,
    }
    errors: dict[str, str] = {}
    if not grade:
        errors["grade"] = "Choose a grade"
    if not rationale.strip():
        errors["rationale"] = "Enter the rationale for the grade"
    if not errors:
        try:
            outcome = workflow.record_grade(
                db,
                a.id,
                judgement_id,
                grade,
                viewer.username,
                rationale=rationale,
                override_reason=override_reason or None,
            )
        except workflow.AssessmentError as exc:
            db.rollback()
            field = "override_reason" if "override" in str(exc) else "grade"
            errors[field] = str(exc)
        else:
            db.commit()
            request.session["flash"] = f"{judgement_id.replace('_', ' ').capitalize()} recorded"
            request.session["warnings"] = outcome.warnings
            return RedirectResponse(f"/assessments/{a.id}#j-{judgement_id}", status_code=303)
    db.expire_all()
    return _workspace(request, db, viewer, assessment_or_404(db, viewer, assessment_id), errors, form, 400)


@router.post("/assessments/{assessment_id}/propose", dependencies=[Depends(check_form_csrf)])
def propose(
    request: Request,
    assessment_id: RowId,
    db: Db,
    viewer: SignedIn,
    method: Annotated[str, Form(max_length=10)] = "model",
) -> Response:
    a = _editable(db, viewer, assessment_id)
    try:
        from csinspect.assessment.evidence import attach_previous, attach_profile

        kinds = {e.kind for e in a.evidence}
        if "previous_inspection" not in kinds:
            attach_previous(db, a.id, viewer.username)
        if "profile" not in kinds:
            # it fails (reading only, before writing) when no profile is loaded: propose from the rest
            with contextlib.suppress(workflow.AssessmentError, LookupError):
                attach_profile(db, a.id, viewer.username)
        run_proposals(db, a.id, viewer.username, method)
    except workflow.AssessmentError as exc:
        return _refused(request, db, viewer, assessment_id, "propose", exc)
    db.commit()
    request.session["flash"] = "Grades proposed from the evidence"
    return RedirectResponse(f"/assessments/{a.id}", status_code=303)


@router.post("/assessments/{assessment_id}/advance", dependencies=[Depends(check_form_csrf)])
def advance(
    request: Request,
    assessment_id: RowId,
    db: Db,
    viewer: SignedIn,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    a = _editable(
        db, viewer, assessment_id
    )  # an inspection by the inspectorate, a self-evaluation by its council
    try:
        workflow.advance(db, a.id, viewer.username, reason=reason or None)
    except workflow.AssessmentError as exc:
        return _refused(request, db, viewer, assessment_id, "advance", exc)
    db.commit()
    if a.state == "published":
        data_changed(request.app.state)
    request.session["flash"] = f"Assessment is now {a.state}"
    return RedirectResponse(f"/assessments/{a.id}", status_code=303)
