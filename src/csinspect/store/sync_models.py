"""What the syncs remember: every publication seen on Ofsted's site, every official data release seen, and
every sync run (started, finished, what it found, ingested, failed)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from csinspect.store.base import Base, utcnow


class Publication(Base):
    """One publication listed on an authority's page of Ofsted's report site (a PDF on Ofsted's file server).

    ``status``: ``ingested`` (read and stored; its records are ``inspection_ids``), ``rejected`` (read but not a
    report csinspect could store: the ingestion's reasons), ``not_read`` (a kind csinspect does not read:
    recorded, never downloaded), ``failed`` (the download or store failed: retried on the next run). A
    publication is downloaded again only when it is not final or its listing changed; its content hash tells
    a re-publication from the same file."""

    __tablename__ = "publication"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500), unique=True)
    urn: Mapped[str] = mapped_column(String(20), index=True)
    la_code: Mapped[str | None] = mapped_column(ForeignKey("authority.la_code"), index=True)
    kind: Mapped[str] = mapped_column(String(200))  # as listed: "Children's services inspection"
    reads_as: Mapped[str | None] = mapped_column(String(40))  # the family csinspect reads it as, or None
    listed_date: Mapped[date | None] = mapped_column(Date, index=True)
    listed_text: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20))  # ingested | rejected | not_read | failed
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    sha256: Mapped[str | None] = mapped_column(String(64))
    etag: Mapped[str | None] = mapped_column(String(200))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    inspection_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    first_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    changed_at: Mapped[datetime | None] = mapped_column(DateTime)  # when its content last changed


class DataRelease(Base):
    """One release of an official data set seen by ``sync data`` (an EES data set version, a GOV.UK
    attachment), and the file it was loaded from."""

    __tablename__ = "data_release"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20))  # ees | govuk
    dataset: Mapped[str] = mapped_column(String(80), index=True)  # catalogue data set id, or the loader kind
    external_id: Mapped[str] = mapped_column(String(200))  # EES data set id, or the attachment's address
    version: Mapped[str] = mapped_column(String(40))  # EES version number, or the attachment's file name
    title: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[datetime | None] = mapped_column(DateTime)
    url: Mapped[str] = mapped_column(String(500))
    file_name: Mapped[str | None] = mapped_column(String(300))
    sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))  # loaded | unchanged | failed
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id", ondelete="SET NULL"))
    seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SyncRun(Base):
    """One run of ``sync reports`` or ``sync data`` (by hand, or by ``serve --sync-every``)."""

    __tablename__ = "sync_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # reports | data
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default="running")  # ok | partial | failed | offline
    found: Mapped[int] = mapped_column(Integer, default=0)  # publications or releases seen
    new: Mapped[int] = mapped_column(Integer, default=0)  # of them, new or changed
    ingested: Mapped[int] = mapped_column(Integer, default=0)  # stored (reports ingested, files loaded)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
