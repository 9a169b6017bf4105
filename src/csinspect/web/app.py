"""The application factory: ``create_app(database_url=None)``.

Pages are server-rendered (Jinja2 + GOV.UK Frontend); the JSON API lives under ``/api/v1``. One module per page
under ``csinspect.web.routes``, each exposing a ``router``, included here with plain imports.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from csinspect.settings import Settings, get_settings
from csinspect.store.db import get_engine, session_factory
from csinspect.web import api
from csinspect.web.cache import PublicCacheMiddleware
from csinspect.web.routes import (
    actions,
    api_guide,
    assessments,
    auth,
    authority,
    data,
    home,
    inspection,
    news,
    search,
    users,
)
from csinspect.web.security import LoginLimiter
from csinspect.web.templating import render

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"
SESSION_MAX_AGE = 8 * 3600
MAX_BODY_BYTES = 30 * 1024 * 1024  # hard cap on any request body (uploads have their own, smaller, limits)

ROUTERS = (
    home.router,
    authority.router,
    inspection.router,
    search.router,
    news.router,
    data.router,
    api_guide.router,
    auth.router,
    users.router,
    actions.router,
    assessments.router,
    api.router,
)

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    ),
]


SERVER_ERROR_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, there is a problem with the '
    "service – csinspect</title></head><body><h1>Sorry, there is a problem with the service</h1>"
    "<p>Try again later. The problem has been recorded.</p></body></html>"
)


class GuardMiddleware:
    """Adds security headers to every response and refuses request bodies over ``max_body`` (413)."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = scope.get("raw_path", b"") + b"?" + scope.get("query_string", b"")
        if b"%00" in raw or b"\x00" in raw:
            # NUL can be neither SQLite FTS text nor PostgreSQL text: refuse it at the door
            await Response("NUL characters are not allowed in addresses", status_code=400)(
                scope, receive, send
            )
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            response = Response(
                f"The request is larger than {self.max_body // (1024 * 1024)} MB", status_code=413
            )
            await response(scope, receive, send)
            return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *SECURITY_HEADERS]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # an error nothing handled: logged here, answered here, so the 500 carries the same headers as
            # every other response and shows no trace, path or query
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            api = str(scope.get("path", "")).startswith("/api/")
            failure: Response = (
                JSONResponse({"detail": "Internal server error"}, status_code=500)
                if api
                else HTMLResponse(SERVER_ERROR_PAGE, status_code=500)
            )
            await failure(scope, receive, send_with_headers)


def _secret_key(settings: Settings) -> str:
    key = settings.secret_key
    if key:
        return key
    log.warning("CSINSPECT_SECRET_KEY is not set: using a random key (sessions end when the server stops)")
    return secrets.token_urlsafe(48)


API_DOCS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API documentation – csinspect</title>
<link rel="stylesheet" href="/static/swagger/swagger-ui.css">
<link rel="stylesheet" href="/static/app/api-docs.css">
</head><body>
<nav aria-label="csinspect"><p><a href="/">csinspect</a> · <a href="/api/using">Using the API</a> · <a href="/api/v1/openapi.json">OpenAPI description (JSON)</a></p></nav>
<main><div id="swagger-ui" data-openapi="/api/v1/openapi.json"></div></main>
<script src="/static/swagger/swagger-ui-bundle.js"></script>
<script src="/static/app/api-docs.js"></script>
</body></html>
"""


def create_app(
    database_url: str | None = None,
    *,
    secure_cookies: bool | None = None,
    warm: bool = False,
    sync_every: float | None = None,
) -> FastAPI:
    """Build the app on ``database_url`` (default: the configured database). The schema must exist
    (``csinspect db init``, which also builds the search index). ``warm`` computes every current authority's
    performance profile in a background thread, so first visits are fast too."""
    settings = get_settings(database_url)
    if secure_cookies is None:
        secure_cookies = not settings.insecure_cookies
    app = FastAPI(
        title="csinspect",
        version="1",
        description=(
            "Inspection outcomes, judgement history, performance profiles, recommendations and action plans "
            "of England's local-authority children's services. Published data needs no sign-in."
        ),
        docs_url=None,  # served below from the package's own Swagger UI (no CDN, no inline script)
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = get_engine(settings.db_url)
    app.state.sessionmaker = session_factory(settings.db_url)
    app.state.login_limiter = LoginLimiter()
    app.state.cache = {}

    app.add_middleware(
        SessionMiddleware,
        secret_key=_secret_key(settings),
        session_cookie="csinspect_session",
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=secure_cookies,
    )
    app.add_middleware(PublicCacheMiddleware, state=app.state)
    app.add_middleware(GuardMiddleware)

    app.mount(
        "/assets", StaticFiles(directory=STATIC_DIR / "govuk" / "assets", check_dir=False), name="assets"
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(API_DOCS_PAGE)

    if not (STATIC_DIR / "govuk" / "govuk-frontend.min.css").exists():
        log.warning("GOV.UK Frontend assets are missing: run `make assets`")

    for router in ROUTERS:
        app.include_router(router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return render(
            request,
            "error.html",
            {"status": exc.status_code, "detail": exc.detail},
            status_code=exc.status_code,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()
        ]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": problems}, status_code=422)
        detail = "; ".join(f"{'.'.join(p['loc'][1:]) or 'request'}: {p['msg']}" for p in problems)
        return render(request, "error.html", {"status": 400, "detail": detail}, status_code=400)

    if warm:
        import threading

        from csinspect.web.profile_view import warm_profiles

        threading.Thread(target=warm_profiles, args=(app.state,), name="warm-profiles", daemon=True).start()
    if sync_every:
        from csinspect.sync.schedule import SyncScheduler

        app.state.sync = SyncScheduler(app.state.sessionmaker, settings, sync_every).start()
    return app
