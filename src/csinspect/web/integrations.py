"""Seams to the other capabilities (authority resolver, performance profile, assessments, action plans,
ingestion). Each function returns None when its capability is not installed, and the page says so."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.store.models import Authority
from csinspect.web.accounts import Viewer

log = logging.getLogger(__name__)


def _module(name: str) -> Any | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def resolve_search(db: Session, text: str, limit: int) -> list[tuple[Authority, float]] | None:
    """Authorities matching ``text`` through the shared resolver (exact, normalised, fuzzy) with the match
    score (100 = by code or exact/normalised name), or None when the resolver is not available."""
    mod = _module("csinspect.authorities.resolve")
    if mod is None:
        return None
    try:
        index = mod.AuthorityIndex.from_session(db)
        found = index.search(text, limit=limit)
    except Exception as exc:  # the resolver's own data may not be loaded yet
        log.warning("authority search fell back to name matching: %s", exc)
        return None
    scores: dict[str, float] = {}
    for item in found:
        code = getattr(item, "la_code", None)
        if isinstance(code, str) and code not in scores:
            scores[code] = float(getattr(item, "score", 0.0))
    if not scores:
        return []
    by_code = {a.la_code: a for a in db.scalars(select(Authority).where(Authority.la_code.in_(scores))).all()}
    return [(by_code[c], score) for c, score in scores.items() if c in by_code]


def profile(db: Session, la_code: str) -> Any | None:
    mod = _module("csinspect.analysis.profile")
    if mod is None:
        return None
    try:
        return mod.build_profile(db, la_code)
    except Exception as exc:
        log.warning("profile of %s unavailable: %s", la_code, exc)
        return None


def actions_for(db: Session, la_code: str) -> list[Any] | None:
    """The authority's actions with today's RAG, or None when it has no action plan."""
    mod = _module("csinspect.actions.plan")
    if mod is None:
        return None
    rated = mod.list_actions(db, la_code)
    return rated or None


def assessments_for(db: Session, la_code: str, viewer: Viewer | None) -> list[Any] | None:
    from csinspect.web.routes.assessments import visible_assessments

    return visible_assessments(db, viewer, la_code) or None


def ingest_file(path: Any, database_url: str) -> tuple[str, list[str], list[int]] | None:
    """Ingest one uploaded report; (status, reasons, inspection ids), or None if ingestion is not installed."""
    mod = _module("csinspect.ingest.pipeline")
    if mod is None:
        return None
    outcomes = mod.ingest_paths([path], database_url, workers=1)
    if not outcomes:
        return "rejected", ["the file was not read"], []
    o = outcomes[0]
    ids = list(getattr(o, "inspection_ids", None) or [])
    return str(getattr(o, "status", "rejected")), list(getattr(o, "reasons", []) or []), [int(i) for i in ids]


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


def repeated_from_earlier(db: Session, inspection_id: int) -> list[Any]:
    """Links from this inspection's findings and recommendations to earlier recommendations saying the same
    thing (made by the action-plan linker), best match first; empty when the linker is not installed."""
    try:
        from csinspect.store.assessment_models import RecommendationLink
    except ImportError:
        return []
    return list(
        db.scalars(
            select(RecommendationLink)
            .where(RecommendationLink.later_inspection_id == inspection_id)
            .order_by(RecommendationLink.score.desc())
        ).all()
    )
