"""Signing in and out: argon2 passwords, a fresh session on sign-in, CSRF on both forms, rate-limited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from csinspect.analysis.users import user_named
from csinspect.store.audit import record_audit
from csinspect.store.base import utcnow
from csinspect.web.accounts import end_sessions
from csinspect.web.deps import Db, ViewerDep, check_form_csrf
from csinspect.web.security import csrf_token, verify_password
from csinspect.web.templating import render

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only local paths (never another site) after signing in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_form(request: Request, viewer: ViewerDep, next: str = "/") -> HTMLResponse:
    csrf_token(request)
    return render(request, "sign_in.html", {"errors": {}, "username": "", "next": safe_next(next)})


@router.post("/sign-in", response_class=HTMLResponse, dependencies=[Depends(check_form_csrf)])
def sign_in(
    request: Request,
    db: Db,
    viewer: ViewerDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    errors: dict[str, str] = {}
    if not username.strip():
        errors["username"] = "Enter your user name"
    if not password:
        errors["password"] = "Enter your password"
    if errors:
        return render(
            request, "sign_in.html", {"errors": errors, "username": username, "next": next}, status_code=400
        )
    limiter = request.app.state.login_limiter
    client = request.client.host if request.client else "unknown"
    wait = limiter.begin(client, username)
    if wait:
        when = f"{wait} seconds" if wait < 120 else f"{wait // 60} minutes"
        errors["username"] = f"Too many failed attempts. Try again in {when}"
        return render(
            request,
            "sign_in.html",
            {"errors": errors, "username": username, "next": next},
            status_code=429,
            headers={"Retry-After": str(wait)},
        )
    user = user_named(db, username)
    if not verify_password(user.password_hash if user else None, password) or user is None or not user.active:
        errors["username"] = "The user name or password is not right"
        return render(
            request, "sign_in.html", {"errors": errors, "username": username, "next": next}, status_code=400
        )
    limiter.succeeded(client, username)
    user.last_sign_in = utcnow()
    record_audit(
        db,
        actor=user.username,
        action="user.sign_in",
        entity="web_user",
        entity_id=user.id,
        la_code=user.la_code,
    )
    db.commit()
    request.session.clear()  # a new session (and CSRF token) on sign-in
    request.session["uid"] = user.id
    request.session["sv"] = user.session_version
    csrf_token(request)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/sign-out", dependencies=[Depends(check_form_csrf)])
def sign_out(request: Request, db: Db, viewer: ViewerDep) -> Response:
    """Ends this session and every other session of the user (a copied cookie stops working too)."""
    if viewer is not None:
        end_sessions(db, viewer.id, actor=viewer.username, why="user.sign_out")
        db.commit()
    request.session.clear()
    return RedirectResponse("/", status_code=303)
