"""Core tables: authorities, statistical neighbours, loaded source files, documents, and the
inspection records (judgements, recommendations, facts) that every framework produces.

Every value that came from somewhere says where: official tables through ``source_file`` and
``source_ref`` (sheet and row), reports through ``document`` plus ``page`` and the quoted ``span_text``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csinspect.store.base import Base, utcnow


class SourceFile(Base):
    """An official file that was loaded (its content hash makes loads idempotent)."""

    __tablename__ = "source_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))  # file name as published
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(80))  # e.g. "ofsted_la_outcomes", "dfe_sn_model", "ees_csv"
    url: Mapped[str | None] = mapped_column(String(500))  # the official address, where known
    loaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # counts, skipped rows, symbols …
    __table_args__ = (UniqueConstraint("kind", "sha256"),)


class Authority(Base):
    """A children's services authority (DfE 3-digit LA number), current or former."""

    __tablename__ = "authority"
    la_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    gss_code: Mapped[str | None] = mapped_column(String(9), index=True)  # the newest GSS code
    status: Mapped[str] = mapped_column(String(10), default="current")  # current | former
    valid_from: Mapped[date | None] = mapped_column(Date)  # None: existed before 2009
    valid_until: Mapped[date | None] = mapped_column(Date)  # exclusive; None: still exists
    region_code: Mapped[str | None] = mapped_column(String(9))
    region_name: Mapped[str | None] = mapped_column(String(100))
    ofsted_region: Mapped[str | None] = mapped_column(String(100))
    la_type: Mapped[str | None] = mapped_column(String(40))  # LAIT type: OLB/ILB/MD/UA/SC
    ofsted_urn: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Text)
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))

    names: Mapped[list[AuthorityName]] = relationship(
        back_populates="authority", cascade="all, delete-orphan"
    )
    codes: Mapped[list[AuthorityCode]] = relationship(
        back_populates="authority", cascade="all, delete-orphan"
    )


class AuthorityCode(Base):
    """A GSS code an authority has had, with when it applied (North Yorkshire, Buckinghamshire, Somerset …)."""

    __tablename__ = "authority_code"
    id: Mapped[int] = mapped_column(primary_key=True)
    la_code: Mapped[str] = mapped_column(ForeignKey("authority.la_code", ondelete="CASCADE"), index=True)
    gss_code: Mapped[str] = mapped_column(String(9), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    origin: Mapped[str | None] = mapped_column(String(20))  # ees (DfE files) | former_gss (register only)
    authority: Mapped[Authority] = relationship(back_populates="codes")
    __table_args__ = (UniqueConstraint("la_code", "gss_code"),)


class AuthorityName(Base):
    """A name an authority is printed under (official, EES, Ofsted, variants, trusts acting for it)."""

    __tablename__ = "authority_name"
    id: Mapped[int] = mapped_column(primary_key=True)
    la_code: Mapped[str] = mapped_column(ForeignKey("authority.la_code", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    normalised: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(
        String(20)
    )  # official | ees | ofsted | lait | mysociety | variant | trust
    source: Mapped[str | None] = mapped_column(String(200))
    authority: Mapped[Authority] = relationship(back_populates="names")
    __table_args__ = (UniqueConstraint("la_code", "normalised", "kind"),)


class AuthoritySuccession(Base):
    """Reorganisation: predecessor's functions pass to successor on ``effective`` (e.g. 928 -> 940, 941)."""

    __tablename__ = "authority_succession"
    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor: Mapped[str] = mapped_column(ForeignKey("authority.la_code"), index=True)
    successor: Mapped[str] = mapped_column(ForeignKey("authority.la_code"), index=True)
    effective: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(200))
    __table_args__ = (UniqueConstraint("predecessor", "successor"),)


class StatNeighbourModel(Base):
    """A DfE statistical-neighbour model (April 2021, May 2025 …) and when it was in force."""

    __tablename__ = "sn_model"
    id: Mapped[str] = mapped_column(String(20), primary_key=True)  # e.g. "2021-04", "2025-05"
    title: Mapped[str] = mapped_column(String(200))
    in_force_from: Mapped[date] = mapped_column(Date)
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))


class StatNeighbour(Base):
    __tablename__ = "stat_neighbour"
    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[str] = mapped_column(ForeignKey("sn_model.id", ondelete="CASCADE"), index=True)
    la_code: Mapped[str] = mapped_column(String(3), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    neighbour_la_code: Mapped[str] = mapped_column(String(3))
    closeness: Mapped[str | None] = mapped_column(String(40))
    listed_under_old_sns: Mapped[bool] = mapped_column(default=False)
    __table_args__ = (UniqueConstraint("model_id", "la_code", "rank"),)


class Document(Base):
    """An ingested report file (PDF or text), keyed by content hash; the original is kept on disk."""

    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(500))  # first name it was seen under
    media_type: Mapped[str] = mapped_column(String(60))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    stored_path: Mapped[str | None] = mapped_column(String(500))
    parser_version: Mapped[str | None] = mapped_column(String(20))
    first_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # a re-saved copy of an earlier document (same authority, type, dates and grades): no records of its own
    copy_of: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))


class Inspection(Base):
    """One inspection, visit, review or assessment outcome of one authority, under one framework.

    ``origin`` says where the record came from: ``official_table`` (Ofsted's published workbooks),
    ``report`` (an ingested document) or ``assessment`` (published by csinspect's assessment workflow).
    ``natural_key`` makes loads idempotent (same source, same key, one row).
    """

    __tablename__ = "inspection"
    id: Mapped[int] = mapped_column(primary_key=True)
    natural_key: Mapped[str] = mapped_column(String(300), unique=True)
    origin: Mapped[str] = mapped_column(String(20))  # official_table | report | assessment
    la_code: Mapped[str | None] = mapped_column(ForeignKey("authority.la_code"), index=True)
    authority_printed: Mapped[str | None] = mapped_column(String(300))  # the name as the source printed it
    framework_id: Mapped[str] = mapped_column(String(40), index=True)
    document_type: Mapped[str] = mapped_column(String(60))  # e.g. "ilacs_standard", "sif", "focused_visit"
    inspection_start: Mapped[date | None] = mapped_column(Date)
    inspection_end: Mapped[date | None] = mapped_column(Date)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    lead_inspector: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="ok")  # ok | needs_review
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    source_ref: Mapped[str | None] = mapped_column(String(300))  # sheet + row, or document part
    parser_version: Mapped[str | None] = mapped_column(String(20))
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # framework-specific extras (e.g. visit theme)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    judgements: Mapped[list[Judgement]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="Judgement.id"
    )
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="Recommendation.seq"
    )
    facts: Mapped[list[Fact]] = relationship(back_populates="inspection", cascade="all, delete-orphan")
    document: Mapped[Document | None] = relationship()
    source_file: Mapped[SourceFile | None] = relationship()


class Judgement(Base):
    """A graded (or explicitly not graded) judgement: framework grade, common ordinal, printed label."""

    __tablename__ = "judgement"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    judgement_id: Mapped[str] = mapped_column(String(80))  # canonical id from the framework YAML
    label: Mapped[str | None] = mapped_column(
        String(200)
    )  # grade as printed ("Requires improvement to be good")
    grade: Mapped[str | None] = mapped_column(String(60))  # framework scale value id ("requires_improvement")
    ordinal: Mapped[int | None] = mapped_column(
        Integer
    )  # common ordinal 1 (worst) … 4 (best); None if not judged
    status: Mapped[str] = mapped_column(String(20), default="ok")  # ok | needs_review
    reason: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    span_text: Mapped[str | None] = mapped_column(Text)  # the quoted source text
    span_start: Mapped[int | None] = mapped_column(Integer)  # character offsets in the page text
    span_end: Mapped[int | None] = mapped_column(Integer)
    source_ref: Mapped[str | None] = mapped_column(String(300))
    inspection: Mapped[Inspection] = relationship(back_populates="judgements")
    __table_args__ = (UniqueConstraint("inspection_id", "judgement_id"),)


class Recommendation(Base):
    """A recommendation / 'what needs to improve' item / area for priority action, with its timescale."""

    __tablename__ = "recommendation"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(80))  # framework category id, e.g. "immediate"
    section: Mapped[str | None] = mapped_column(String(200))  # e.g. "LSCB", "Areas for priority action"
    page: Mapped[int | None] = mapped_column(Integer)
    span_text: Mapped[str | None] = mapped_column(Text)
    timescale: Mapped[str | None] = mapped_column(String(120))  # as printed, where printed
    theme: Mapped[str | None] = mapped_column(String(200))  # the theme heading above it
    printed_number: Mapped[int | None] = mapped_column(Integer)
    nf_tag: Mapped[str | None] = mapped_column(String(160))  # "outcome 4, national framework" as printed
    nf_elements: Mapped[str | None] = mapped_column(
        String(200)
    )  # national framework element ids, comma-joined
    inspection: Mapped[Inspection] = relationship(back_populates="recommendations")


class Finding(Base):
    """A finding stated by a report (strength, weakness, key finding), for search and linking."""

    __tablename__ = "finding"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # strength | weakness | key_finding | section_text
    area: Mapped[str | None] = mapped_column(String(80))  # judgement id or section it belongs to
    text: Mapped[str] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)


class ReportPage(Base):
    """One page of a stored report's text, with the inspection it belongs to (a file holding two reports splits
    its pages between them): what search finds beyond the recommendations and findings."""

    __tablename__ = "report_page"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    page: Mapped[int] = mapped_column(Integer)  # 1-based, counted in the whole file
    text: Mapped[str] = mapped_column(Text)


class Fact(Base):
    """A typed number a report states about the area (e.g. children looked after, rate per 10,000)."""

    __tablename__ = "fact"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))  # e.g. "cla_count", "cla_rate_per_10k", "cpp_count"
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(40))
    as_of: Mapped[date | None] = mapped_column(Date)
    # how as_of was found when the report does not print a date with the number (NULL: printed with it)
    as_of_basis: Mapped[str | None] = mapped_column(String(120))
    page: Mapped[int | None] = mapped_column(Integer)
    span_text: Mapped[str | None] = mapped_column(Text)
    inspection: Mapped[Inspection] = relationship(back_populates="facts")


class IngestResult(Base):
    """The outcome of ingesting one file (kept for rejected files too, for the Data page)."""

    __tablename__ = "ingest_result"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(20))  # ok | needs_review | rejected
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    document_type: Mapped[str | None] = mapped_column(String(60))
    inspection_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
