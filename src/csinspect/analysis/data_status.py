"""What the store holds: loaded official files, counts of the main records, ingestion results (the Data page,
``csinspect data status`` and the API read it here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from csinspect.store.assessment_models import Assessment
from csinspect.store.models import Authority, Document, IngestResult, Inspection, SourceFile, StatNeighbour
from csinspect.store.sync_models import DataRelease, SyncRun


@dataclass(frozen=True)
class LoadedFile:
    kind: str
    name: str
    loaded_at: datetime
    rows: int
    sha256: str
    url: str | None
    summary: dict[str, object] | None


@dataclass
class DataStatus:
    counts: dict[str, int] = field(default_factory=dict)
    files: list[LoadedFile] = field(default_factory=list)
    ingest_by_status: dict[str, int] = field(default_factory=dict)
    inspections_by_origin: dict[str, int] = field(default_factory=dict)
    documents: int = 0


def loaded_files(session: Session, *, newest_first: bool = False) -> list[LoadedFile]:
    order = (SourceFile.loaded_at.desc(),) if newest_first else (SourceFile.kind, SourceFile.name)
    return [
        LoadedFile(f.kind, f.name, f.loaded_at, f.rows, f.sha256, f.url, f.summary)
        for f in session.scalars(select(SourceFile).order_by(*order))
    ]


def data_status(session: Session, *, newest_first: bool = False) -> DataStatus:
    def count(stmt: object) -> int:
        return int(session.scalar(stmt) or 0)  # type: ignore[call-overload]

    status = DataStatus(
        counts={
            "authorities": count(select(func.count()).select_from(Authority)),
            "neighbour rows": count(select(func.count()).select_from(StatNeighbour)),
            "official inspections": count(
                select(func.count()).select_from(Inspection).where(Inspection.origin == "official_table")
            ),
        },
        files=loaded_files(session, newest_first=newest_first),
    )
    status.ingest_by_status = {
        str(k): int(v)
        for k, v in session.execute(select(IngestResult.status, func.count()).group_by(IngestResult.status))
    }
    status.inspections_by_origin = {
        str(k): int(v)
        for k, v in session.execute(select(Inspection.origin, func.count()).group_by(Inspection.origin))
    }
    status.documents = count(select(func.count(Document.id)))
    return status


def sync_runs(session: Session, limit: int = 20, kind: str | None = None) -> list[SyncRun]:
    """The newest sync runs (``sync reports``, ``sync data``, or ``serve --sync-every``)."""
    stmt = select(SyncRun).order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
    if kind:
        stmt = stmt.where(SyncRun.kind == kind)
    return list(session.scalars(stmt.limit(limit)))


def data_releases(session: Session, limit: int = 50) -> list[DataRelease]:
    """The newest official data releases ``sync data`` has seen."""
    return list(
        session.scalars(
            select(DataRelease).order_by(DataRelease.seen_at.desc(), DataRelease.id.desc()).limit(limit)
        )
    )


def ingest_results(session: Session, limit: int = 500) -> list[IngestResult]:
    """The newest ingestion results (rejected documents with their reasons among them)."""
    return list(
        session.scalars(
            select(IngestResult).order_by(IngestResult.at.desc(), IngestResult.id.desc()).limit(limit)
        )
    )


def report_labels(session: Session, results: list[IngestResult]) -> dict[int, dict[str, Any]]:
    """For the inspections the results produced: the authority's name, framework, document type and
    publication date, so that a report is shown by what it is rather than by its stored file name."""

    ids = {i for r in results for i in (r.inspection_ids or [])}
    if not ids:
        return {}
    rows = session.execute(
        select(
            Inspection.id,
            Authority.name,
            Inspection.framework_id,
            Inspection.document_type,
            Inspection.published,
        )
        .outerjoin(Authority, Authority.la_code == Inspection.la_code)
        .where(Inspection.id.in_(ids))
    )
    return {
        iid: {"authority": name, "framework_id": fw, "document_type": dt, "published": pub}
        for iid, name, fw, dt, pub in rows
    }


def data_version(session: Session) -> str:
    """A cheap fingerprint of the published data (changes whenever a load or ingest writes): caches key on it."""
    from csinspect.store.models import Judgement

    ins = session.execute(
        select(func.count(Inspection.id), func.max(Inspection.id), func.max(Inspection.updated_at))
    ).one()
    jud = session.execute(select(func.count(Judgement.id), func.max(Judgement.id))).one()
    src = session.execute(select(func.count(SourceFile.id), func.max(SourceFile.id))).one()
    published = session.execute(
        select(func.count(Assessment.id), func.max(Assessment.published_at)).where(
            Assessment.state == "published"
        )
    ).one()
    return "-".join(str(x) for x in (*ins, *jud, *src, *published))
