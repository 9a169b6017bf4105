"""Request dependencies: a database session, the signed-in viewer, CSRF checks, role guards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Path, Request
from sqlalchemy.orm import Session

from csinspect.store.web_models import User
from csinspect.web.accounts import Viewer, viewer_of
from csinspect.web.security import csrf_ok


def get_db(request: Request) -> Iterator[Session]:
    session: Session = request.app.state.sessionmaker()
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


Db = Annotated[Session, Depends(get_db)]


def current_viewer(request: Request, db: Db) -> Viewer | None:
    """The signed-in user (re-read each request, so a disabled account or an ended session stops at once)."""
    viewer: Viewer | None = None
    uid = request.session.get("uid")
    if uid is not None:
        user = db.get(User, uid)
        # a session signed in under an older version was ended (sign-out, disabled, password reset)
        current = user is not None and request.session.get("sv", 0) == user.session_version
        viewer = viewer_of(user) if current else None
        if viewer is None:
            request.session.clear()
    request.state.viewer = viewer
    return viewer


ViewerDep = Annotated[Viewer | None, Depends(current_viewer)]


def require_viewer(viewer: ViewerDep) -> Viewer:
    if viewer is None:
        raise HTTPException(status_code=401, detail="Sign in to do this")
    return viewer


SignedIn = Annotated[Viewer, Depends(require_viewer)]


async def check_form_csrf(request: Request) -> None:
    """Every form posts the session's CSRF token as ``csrf_token``."""
    form = await request.form()
    if any(isinstance(v, str) and "\x00" in v for v in form.values()):
        raise HTTPException(status_code=400, detail="The form contains a NUL character")
    token = form.get("csrf_token")
    if not csrf_ok(request, token if isinstance(token, str) else None):
        raise HTTPException(status_code=403, detail="The form has expired or did not come from this site")


def check_header_csrf(
    request: Request, x_csrf_token: Annotated[str | None, Header(alias="X-CSRF-Token")] = None
) -> None:
    """API writes made with a session cookie send the CSRF token in ``X-CSRF-Token``."""
    if not csrf_ok(request, x_csrf_token):
        raise HTTPException(status_code=403, detail="Missing or wrong X-CSRF-Token header")


# Row ids in paths: positive 32-bit integers (larger numbers cannot be ids and would overflow the database driver).
RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]
