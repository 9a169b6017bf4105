"""``/api/v1/session``: who the session cookie belongs to, and the CSRF token API writes must send."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from csinspect.web.deps import ViewerDep
from csinspect.web.security import csrf_token

router = APIRouter()


class SessionOut(BaseModel):
    signed_in: bool
    username: str | None = None
    role: str | None = None
    la_code: str | None = None
    csrf_token: str | None = None


@router.get("/session", response_model=SessionOut)
def session_info(request: Request, viewer: ViewerDep) -> SessionOut:
    """Who the session cookie belongs to, and the CSRF token API writes must send."""
    if viewer is None:
        return SessionOut(signed_in=False)
    return SessionOut(
        signed_in=True,
        username=viewer.username,
        role=viewer.role,
        la_code=viewer.la_code,
        csrf_token=csrf_token(request),
    )
