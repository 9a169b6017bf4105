"""The "Using the API" page: the endpoints an analyst reaches for, with Power BI, Excel, Python and R examples
against this server's own addresses (the examples are tested to name real endpoints)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from csinspect.web.templating import render

router = APIRouter(include_in_schema=False)

# (path with its query, what it gives): each path is checked against the OpenAPI document by the tests
EXAMPLES = [
    ("/api/v1/values?format=csv", "every authority × measure × period with neighbours, region, England, rank, quartile (docs/values.md); one file"),
    ("/api/v1/values?format=csv&la=821&as=dashboard", "one authority, compared as the national framework dashboard compares (neighbours' median)"),
    ("/api/v1/authorities/821/profile?view=national-framework", "one authority's profile grouped by national framework outcome, with tagged recommendations"),
    ("/api/v1/judgements?format=csv&framework=ilacs_2023&per_page=1000", "judgements: grade as printed, scale value, common ordinal, provenance"),
    ("/api/v1/recommendations?format=csv&la=821", "recommendations with category, theme, timescale and national framework tag"),
    ("/api/v1/authorities/821/history", "an authority's judgement history since 2005, predecessors included"),
    ("/api/v1/authorities/821/outlook?on=2026-06-01", "what the evidence says about the next judgements, with the backtest's figures"),
    ("/api/v1/news", "new publications and data releases"),
]  # fmt: skip


@router.get("/api/using", response_class=HTMLResponse)
def using_the_api(request: Request) -> HTMLResponse:
    base = str(request.base_url).rstrip("/")
    return render(request, "api_guide.html", {"examples": EXAMPLES, "base": base, "active": "api"})
