"""Jinja2 templates with the helpers every page uses (viewer, CSRF token, dates, grade tags)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from csinspect.web.security import csrf_token

TEMPLATES_DIR = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))

# GOV.UK tag colours by common ordinal (4 best … 1 worst); not judged / unknown is grey.
_TAG_BY_ORDINAL = {
    4: "govuk-tag--green",
    3: "govuk-tag--turquoise",
    2: "govuk-tag--yellow",
    1: "govuk-tag--red",
}
_RAG_TAG = {"red": "govuk-tag--red", "amber": "govuk-tag--orange", "green": "govuk-tag--green"}


def long_date(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            parsed = date.fromisoformat(value[:10])
        except ValueError:
            return value
        return f"{parsed.day} {parsed:%B %Y}"
    return f"{value.day} {value:%B %Y}"


def grade_tag(ordinal: int | None) -> str:
    return _TAG_BY_ORDINAL.get(ordinal or 0, "govuk-tag--grey")


def rag_tag(rag: str | None) -> str:
    return _RAG_TAG.get((rag or "").lower(), "govuk-tag--grey")


def humanise(value: str | None) -> str:
    """``help_and_protection`` -> ``Help and protection``."""
    if not value:
        return ""
    text = value.replace("_", " ")
    return text[:1].upper() + text[1:]


def elide(text: str | None, limit: int = 320) -> str:
    """A quoted span as a person can read it: whole when short; when long, its beginning and end at word
    boundaries with "…" between (never cut mid-word)."""
    if not text or len(text) <= limit:
        return text or ""
    half = limit // 2
    head = text[:half].rsplit(" ", 1)[0]
    tail = text[-half:].split(" ", 1)[-1]
    return f"{head} … {tail}"


def num(value: float | None, decimals: int = 1) -> str:
    """A figure as DfE prints it: rounded half up, with thousands separators; "–" when there is none."""
    from csinspect.analysis.profile import fmt

    return "–" if value is None else fmt(value, decimals)


def source_label(row: Any) -> str:
    """Where a judgement comes from, for a person: the report's title, or the official table's file name —
    never a path on the machine that loaded it."""
    from pathlib import PurePath

    from csinspect.frameworks.facts import document_title

    name = PurePath(row.source).name if getattr(row, "source", None) else ""
    if row.origin == "report":
        return f"Report: {document_title(row.framework_id, row.document_type)}"
    if row.origin == "official_table":
        return f"Ofsted's table {name}" if name else "Ofsted's table"
    return f"{humanise(row.origin)}{': ' + name if name else ''}"


def query_with(request: Request, **changes: Any) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = {k: v for k, v in request.query_params.items()}
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = str(v)
    return "?" + urlencode(params) if params else "?"


env = templates.env
env.filters["long_date"] = long_date
env.filters["grade_tag"] = grade_tag
env.filters["rag_tag"] = rag_tag
env.filters["humanise"] = humanise
env.filters["elide"] = elide
env.filters["source_label"] = source_label
env.filters["num"] = num
env.globals["query_with"] = query_with


def _document_title(framework_id: str, document_type: str) -> str:
    from csinspect.frameworks.facts import document_title

    return document_title(framework_id, document_type)


env.globals["doc_title"] = _document_title


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    ctx: dict[str, Any] = dict(context or {})
    ctx.setdefault("viewer", getattr(request.state, "viewer", None))
    ctx["csrf_token"] = lambda: csrf_token(request)
    return templates.TemplateResponse(
        request, name, ctx, status_code=status_code, headers=dict(headers) if headers else None
    )


def render_fragment(name: str, context: Mapping[str, Any]) -> Markup:
    """A template rendered without a request (no viewer, no CSRF token): a part of a page that is the same
    for everyone, to be cached and placed into per-request pages."""
    return Markup(env.get_template(name).render(**context))
