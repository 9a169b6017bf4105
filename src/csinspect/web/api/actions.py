"""``/api/v1/actions``: an authority's action plan (signed in), and progress updates (with the CSRF header)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from csinspect.actions.plan import ActionError, actions_page, current_rag, update_action
from csinspect.actions.rag import STATUSES
from csinspect.store.assessment_models import Action
from csinspect.web import access
from csinspect.web.api.models import ActionOut, ActionPatch, Page
from csinspect.web.api.paging import LIST_RESPONSES, Fmt, FmtQ, PageNo, PerPage, page_of
from csinspect.web.deps import Db, RowId, SignedIn, check_header_csrf

router = APIRouter()


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
    total, rows = actions_page(db, la_code, offset=(page - 1) * per_page, limit=per_page)
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
