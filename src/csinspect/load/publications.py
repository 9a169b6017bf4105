"""Writing what the syncs learn: publications seen on Ofsted's site, authorities' Ofsted URNs, official data
releases, sync runs; and the two changes a sync makes to stored inspections (a report listed under another
authority's page is flagged; a report re-published with other content retires the earlier version's records).
Each function works in the caller's transaction; the caller commits per publication, so a sync stopped
half-way keeps what it finished and picks up the rest next time."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from csinspect.store.base import utcnow
from csinspect.store.models import Authority, Inspection, SourceFile
from csinspect.store.sync_models import DataRelease, Publication, SyncRun


def set_urn(session: Session, la_code: str, urn: str) -> bool:
    """Record an authority's Ofsted URN; True when it changed."""
    auth = session.get(Authority, la_code)
    if auth is None or auth.ofsted_urn == urn:
        return False
    auth.ofsted_urn = urn
    return True


def publication_at(session: Session, address: str) -> Publication | None:
    return session.scalar(select(Publication).where(Publication.url == address))


def record_publication(
    session: Session,
    *,
    address: str,
    urn: str,
    la_code: str | None,
    kind: str,
    reads_as: str | None,
    listed_date: date | None,
    listed_text: str,
    status: str,
    reasons: list[str] | None = None,
    sha256: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    document_id: int | None = None,
    inspection_ids: list[int] | None = None,
    changed: bool = False,
) -> Publication:
    """Insert or update the publication at ``address`` (the last word of a sync about it)."""
    now = utcnow()
    pub = publication_at(session, address)
    if pub is None:
        pub = Publication(url=address, first_seen=now, reasons=[], inspection_ids=[])
        session.add(pub)
    pub.urn, pub.la_code, pub.kind, pub.reads_as = urn, la_code, kind, reads_as
    pub.listed_date, pub.listed_text, pub.status = listed_date, listed_text[:500], status
    pub.reasons = list(reasons or [])
    if sha256 is not None:
        pub.sha256 = sha256
    pub.etag, pub.last_modified = etag or pub.etag, last_modified or pub.last_modified
    if document_id is not None:
        pub.document_id = document_id
    if inspection_ids is not None:
        pub.inspection_ids = list(inspection_ids)
    pub.last_seen = now
    if changed:
        pub.changed_at = now
    return pub


def seen_again(session: Session, pub: Publication) -> None:
    pub.last_seen = utcnow()


def flag_inspections(session: Session, ids: list[int], reason: str) -> None:
    """Mark stored records as needing review, with the reason (kept beside any they already have)."""
    for insp in session.scalars(select(Inspection).where(Inspection.id.in_(ids))):
        if reason not in (insp.reasons or []):
            insp.reasons = [*(insp.reasons or []), reason]
        insp.status = "needs_review"


def retire_document(session: Session, document_id: int) -> int:
    """A re-published file replaced this document: its records go (the original file stays on disk and in
    the document table); returns how many records were removed."""
    ids = list(session.scalars(select(Inspection.id).where(Inspection.document_id == document_id)))
    if ids:
        session.execute(delete(Inspection).where(Inspection.id.in_(ids)))
    return len(ids)


def record_release(session: Session, *, reasons: list[str] | None = None, **fields: Any) -> DataRelease:
    """Record a release seen; a loaded one is tied to the source file its values carry."""
    if fields.get("sha256") and "source_file_id" not in fields:
        by_sha = select(SourceFile.id).where(SourceFile.sha256 == fields["sha256"])
        fields["source_file_id"] = session.scalar(
            by_sha.where(SourceFile.url == fields.get("url")).order_by(SourceFile.id.desc()).limit(1)
        ) or session.scalar(by_sha.order_by(SourceFile.id.desc()).limit(1))
    release = DataRelease(reasons=list(reasons or []), **fields)
    session.add(release)
    return release


def last_release(session: Session, source: str, external_id: str) -> DataRelease | None:
    """The newest release of this data set that was loaded (or found unchanged)."""
    return session.scalar(
        select(DataRelease)
        .where(
            DataRelease.source == source,
            DataRelease.external_id == external_id,
            DataRelease.status.in_(("loaded", "unchanged")),
        )
        .order_by(DataRelease.id.desc())
        .limit(1)
    )


def start_run(session: Session, kind: str) -> SyncRun:
    run = SyncRun(kind=kind, status="running", found=0, new=0, ingested=0, failed=0)
    session.add(run)
    session.flush()
    return run


def finish_run(
    session: Session, run_id: int, *, status: str, message: str | None = None, **counts: Any
) -> None:
    run = session.get(SyncRun, run_id)
    if run is None:
        return
    run.status, run.message, run.finished_at = status, message, datetime.now().replace(microsecond=0)
    for key, value in counts.items():
        setattr(run, key, value)
