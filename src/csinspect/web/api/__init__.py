"""The JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json, docs at /api/docs), one module per resource.

Conventions (``paging``): list endpoints take ``page`` and ``per_page`` (max 1000) and return ``{items, page,
per_page, total, links}`` with a ``Link`` header; every GET answers with a weak ``ETag`` and honours
``If-None-Match`` (304); ``format=csv`` gives the same rows as CSV. Published data needs no sign-in. Action
plans and draft assessments need a session (sign in through /sign-in); writes also need the ``X-CSRF-Token``
header (GET /api/v1/session gives it).
"""

from __future__ import annotations

from fastapi import APIRouter

from csinspect.web.api import (
    actions,
    assessments,
    authorities,
    inspections,
    national,
    news,
    outlook,
    search,
    session,
    values,
)

router = APIRouter(prefix="/api/v1", tags=["api"])
for _resource in (
    session,
    authorities,
    outlook,
    inspections,
    search,
    national,
    news,
    actions,
    assessments,
    values,
):
    router.include_router(_resource.router)
