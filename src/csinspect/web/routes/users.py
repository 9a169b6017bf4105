"""Users page (administrators): list accounts and add one, with the GOV.UK error summary for bad input."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from csinspect.analysis.authorities import authority_choices
from csinspect.analysis.users import all_users
from csinspect.store.web_models import ROLES
from csinspect.web import access
from csinspect.web.accounts import create_user, validate_new_user
from csinspect.web.deps import Db, SignedIn, check_form_csrf
from csinspect.web.templating import render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request, db: Db, errors: dict[str, str], form: dict[str, str], status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "users.html",
        {
            "users": all_users(db),
            "authorities": authority_choices(db, current_only=True),
            "roles": ROLES,
            "errors": errors,
            "form": form,
            "message": request.session.pop("flash", None),
        },
        status_code=status,
    )


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, db: Db, viewer: SignedIn) -> HTMLResponse:
    if not access.can_administer(viewer):
        raise HTTPException(status_code=403, detail="Only administrators manage users")
    return _page(request, db, {}, {})


@router.post("/users", response_class=HTMLResponse, dependencies=[Depends(check_form_csrf)])
def add_user(
    request: Request,
    db: Db,
    viewer: SignedIn,
    username: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=20)] = "",
    la_code: Annotated[str, Form(max_length=10)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    if not access.can_administer(viewer):
        raise HTTPException(status_code=403, detail="Only administrators manage users")
    form = {"username": username, "role": role, "la_code": la_code}
    problems = validate_new_user(db, username.strip(), password, role, la_code or None)
    if problems:
        errors: dict[str, str] = {}
        for p in problems:
            errors.setdefault(p.field, p.message)
        return _page(request, db, errors, form, status=400)
    create_user(
        db,
        username=username.strip(),
        password=password,
        role=role,
        la_code=la_code or None,
        actor=viewer.username,
    )
    db.commit()
    request.session["flash"] = f"User {username.strip()} added"
    return RedirectResponse("/users", status_code=303)
