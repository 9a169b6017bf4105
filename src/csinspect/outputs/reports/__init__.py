"""Reports and letters in each framework's form (HTML, PDF, Markdown) and the council executive report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csinspect.store.assessment_models import Assessment
    from csinspect.store.models import Inspection


def render(record_or_assessment: Inspection | Assessment, fmt: str, session: Any = None) -> bytes:
    """``render(record_or_assessment, fmt: html|pdf|md) -> bytes`` (see ``render.render``)."""
    from csinspect.outputs.reports.render import render as _render

    return _render(record_or_assessment, fmt, session)
