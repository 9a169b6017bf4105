"""Rendering an inspection record or an assessment in its framework's form: HTML (Jinja2), PDF
(WeasyPrint, PDF/UA-1: tagged structure, document language and title) and Markdown."""

from __future__ import annotations

import base64
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.orm import Session, object_session

from csinspect.outputs.reports.context import ReportContext, context_for_assessment, context_for_inspection
from csinspect.store.assessment_models import Assessment
from csinspect.store.models import Inspection

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = ("html", "pdf", "md")


class RenderError(ValueError):
    pass


def longdate(d: date | None) -> str:
    return f"{d.day} {d.strftime('%B %Y')}" if d else ""


def _mdcell(v: Any) -> str:
    return str(v).replace("|", "\\|").replace("\n", " ")


def _capfirst(v: Any) -> str:
    s = str(v or "")
    return s[:1].upper() + s[1:]


_INNER_STOP = re.compile(r"([.;:)?])[ \t]+(?=\S)")


def _keep(v: Any) -> str:
    """Glue punctuation inside a list item to the next word with a no-break space, so a line never
    ends with '.', ';', ':', ')' or '?' inside an item: report readers take such a line end as the end
    of the item (and of the list)."""
    return _INNER_STOP.sub("\\1\u00a0", str(v))


def _b64(v: str) -> str:
    return base64.b64encode(v.encode("utf-8")).decode("ascii")


@lru_cache(maxsize=2)
def environment(markdown: bool = False) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=False if markdown else select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(longdate=longdate, mdcell=_mdcell, capfirst=_capfirst, b64=_b64, keep=_keep)
    return env


def doc_title(ctx: ReportContext) -> str:
    kind = {
        "csa": "Annual children's services assessment",
        "apa": "Annual performance assessment",
        "jar": "Joint area review",
    }.get(ctx.template, ctx.framework.short_title)
    when = f" {longdate(ctx.published)}" if ctx.published else ""
    return f"{ctx.authority}: {kind}{when}"


def render_html(ctx: ReportContext) -> str:
    tpl = environment().get_template(f"{ctx.template}.html.j2")
    return tpl.render(
        ctx=ctx, doc_title=doc_title(ctx), author="Ofsted" if ctx.origin != "assessment" else "csinspect"
    )


def render_markdown(ctx: ReportContext) -> str:
    return environment(markdown=True).get_template("report.md.j2").render(ctx=ctx, t=ctx.template)


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    # PDF/UA-1 makes WeasyPrint write a tagged structure tree (headings, tables with header cells,
    # figures with alt text), the document language and the title as the window title.
    pdf = HTML(string=html, base_url=base_url or str(TEMPLATES)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )
    assert pdf is not None
    return bytes(pdf)


def context_for(
    obj: Inspection | Assessment, session: Session | None = None, *, charts: bool = False
) -> ReportContext:
    session = session or object_session(obj)
    if session is None:
        raise RenderError("the record must be attached to a database session")
    if isinstance(obj, Assessment):
        return context_for_assessment(session, obj)
    if isinstance(obj, Inspection):
        ctx = context_for_inspection(session, obj)
        if charts:
            from csinspect.outputs.reports.context import charts_from_profile

            ctx.charts = charts_from_profile(
                session, obj.la_code, obj.published.year if obj.published else None
            )
        return ctx
    raise RenderError(f"cannot render a {type(obj).__name__}")


def render(
    record_or_assessment: Inspection | Assessment,
    fmt: str,
    session: Session | None = None,
    *,
    charts: bool = False,
) -> bytes:
    """The record in its framework's form as ``html``, ``pdf`` or ``md`` bytes. Assessments chart the
    profile attached as evidence; inspection records chart the loaded profile when ``charts``."""
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    ctx = context_for(record_or_assessment, session, charts=charts)
    if fmt == "md":
        return render_markdown(ctx).encode("utf-8")
    html = render_html(ctx)
    return html.encode("utf-8") if fmt == "html" else html_to_pdf(html)
