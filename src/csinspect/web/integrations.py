"""The web layer's calls into the other capabilities (authority resolver, performance profile, assessments,
action plans, ingestion, the recommendation linker), shaped for the pages and the API."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from csinspect.actions.linking import links_to_earlier
from csinspect.actions.plan import list_actions
from csinspect.analysis.authorities import authorities_by_code
from csinspect.analysis.profile import build_profile
from csinspect.authorities.resolve import AuthorityIndex
from csinspect.load.reports import ingest_paths
from csinspect.sources.sandbox import Limits
from csinspect.store.assessment_models import RecommendationLink
from csinspect.store.models import Authority
from csinspect.web.accounts import Viewer

log = logging.getLogger(__name__)


def resolve_search(db: Session, text: str, limit: int) -> list[tuple[Authority, float]] | None:
    """Authorities matching ``text`` through the shared resolver (exact, normalised, fuzzy) with the match
    score (100 = by code or exact/normalised name); None when no authorities are loaded yet."""
    index = AuthorityIndex.from_session(db)
    if len(index) == 0:
        return None
    scores: dict[str, float] = {}
    for hit in index.search(text, limit=limit):
        scores.setdefault(hit.la_code, float(hit.score))
    if not scores:
        return []
    by_code = {a.la_code: a for a in authorities_by_code(db, scores)}
    return [(by_code[c], score) for c, score in scores.items() if c in by_code]


def profile(db: Session, la_code: str, comparator: Any = None) -> Any | None:
    """The authority's performance profile, or None when it cannot be built (e.g. no indicators loaded);
    the reason is logged and the page says the profile is unavailable."""
    from csinspect.analysis.comparators import DEFAULT

    try:
        return build_profile(db, la_code, comparator=comparator or DEFAULT)
    except (LookupError, ValueError) as exc:
        log.warning("profile of %s unavailable: %s", la_code, exc)
        return None


def actions_for(db: Session, la_code: str) -> list[Any] | None:
    """The authority's actions with today's RAG, or None when it has no action plan."""
    return list_actions(db, la_code) or None


def assessments_for(db: Session, la_code: str, viewer: Viewer | None) -> list[Any] | None:
    from csinspect.web.routes.assessments import visible_assessments

    return visible_assessments(db, viewer, la_code) or None


def ingest_file(
    session: Session, path: Path, documents_dir: Path, limits: Limits
) -> tuple[str, list[str], list[int]]:
    """Ingest one uploaded report: (status, reasons, inspection ids). It is read in a child process started
    by a fork server (never a fork of the threaded server), within ``limits``."""
    outcomes = ingest_paths(
        [path], session, workers=1, documents_dir=documents_dir, limits=limits, method="forkserver"
    )
    if not outcomes:
        return "rejected", ["the file was not read"], []
    o = outcomes[0]
    return o.status, list(o.reasons), list(o.ids)


def plain(value: Any) -> Any:
    """A profile (dataclasses, pydantic models, dates) as plain JSON-able data."""
    import dataclasses
    from datetime import date, datetime

    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "model_dump"):
        return plain(value.model_dump())
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return str(value)


def repeated_from_earlier(db: Session, inspection_id: int) -> list[RecommendationLink]:
    """Links from this inspection's findings and recommendations to earlier recommendations saying the same
    thing (made by the action-plan linker), best match first."""
    return links_to_earlier(db, inspection_id)
