"""Assessments (evidence → proposals → recorded grades → published record) and action plans
(recommendations → actions → progress updates), plus links between a later inspection's findings
and recommendations and an earlier inspection's recommendations.

Every change to these rows goes through ``csinspect.assessment`` / ``csinspect.actions``, which
record an audit event in the same transaction. A published assessment and everything under it is
immutable: the ORM refuses updates and deletes (see ``_guard_published``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from csinspect.store.base import Base, utcnow

ASSESSMENT_STATES = ("draft", "moderated", "published")


class Assessment(Base):
    """An assessment of one authority under one framework, by an inspection team or a council."""

    __tablename__ = "assessment"
    id: Mapped[int] = mapped_column(primary_key=True)
    la_code: Mapped[str] = mapped_column(ForeignKey("authority.la_code"), index=True)
    framework_id: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str | None] = mapped_column(String(300))
    period_start: Mapped[date | None] = mapped_column(Date)  # fieldwork / assessment period
    period_end: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default="draft")  # draft | moderated | published
    # inspection: the inspectorate's (admins, inspectors); self_evaluation: the council's own
    kind: Mapped[str] = mapped_column(String(20), default="inspection", server_default="inspection")
    summary: Mapped[str | None] = mapped_column(Text)  # headline narrative printed under the grades
    letter: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # addressee, signatory … for letters
    companion_of: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"))  # LSCB review of a SIF
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_on: Mapped[date | None] = mapped_column(Date)  # the publication date printed
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id", ondelete="SET NULL"))

    judgements: Mapped[list[AssessmentJudgement]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="AssessmentJudgement.id"
    )
    proposals: Mapped[list[AssessmentProposal]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="AssessmentProposal.id"
    )
    evidence: Mapped[list[EvidenceItem]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="EvidenceItem.id"
    )
    recommendations: Mapped[list[AssessmentRecommendation]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="AssessmentRecommendation.seq"
    )


class AssessmentJudgement(Base):
    """The grade a person recorded for one judgement area, with rationale and any override."""

    __tablename__ = "assessment_judgement"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    judgement_id: Mapped[str] = mapped_column(String(80))
    grade: Mapped[str] = mapped_column(String(60))  # scale value id
    ordinal: Mapped[int | None] = mapped_column(Integer)
    rationale: Mapped[str] = mapped_column(Text)
    proposed_grade: Mapped[str | None] = mapped_column(String(60))  # the proposal in force when recorded
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_proposal.id"))
    override_reason: Mapped[str | None] = mapped_column(Text)  # why it departs from proposal / hard rule
    overrides: Mapped[list[str]] = mapped_column(JSON, default=list)  # "proposal", "rule:<id>" …
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    assessment: Mapped[Assessment] = relationship(back_populates="judgements")
    __table_args__ = (UniqueConstraint("assessment_id", "judgement_id"),)


class AssessmentProposal(Base):
    """A grade the engine PROPOSED for one judgement area, with the reasons from the rule data."""

    __tablename__ = "assessment_proposal"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    judgement_id: Mapped[str] = mapped_column(String(80))
    grade: Mapped[str | None] = mapped_column(String(60))  # None: no evidence to propose from
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    signals: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the structured inputs
    rules_file: Mapped[str] = mapped_column(String(200))
    rules_sha256: Mapped[str] = mapped_column(String(64))
    run: Mapped[int] = mapped_column(Integer, default=1)  # proposals are re-run, never overwritten
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    assessment: Mapped[Assessment] = relationship(back_populates="proposals")


class EvidenceItem(Base):
    """One piece of evidence attached to an assessment, tagged to a judgement area, with its source."""

    __tablename__ = "assessment_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    # profile | child_level | previous_inspection | previous_recommendation | finding | note
    kind: Mapped[str] = mapped_column(String(40))
    judgement_area: Mapped[str | None] = mapped_column(String(80))
    finding_kind: Mapped[str | None] = mapped_column(
        String(40)
    )  # strength | area_for_improvement | key_finding
    title: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str | None] = mapped_column(Text)
    data: Mapped[Any | None] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(300))  # "inspection:12", "profile:821:2011", "user:…"
    source_ref: Mapped[str | None] = mapped_column(String(300))  # page, sheet/row, indicator id …
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    assessment: Mapped[Assessment] = relationship(back_populates="evidence")


class AssessmentRecommendation(Base):
    """A recommendation the assessment makes (becomes a Recommendation row when published)."""

    __tablename__ = "assessment_recommendation"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(80))
    section: Mapped[str | None] = mapped_column(String(200))
    judgement_area: Mapped[str | None] = mapped_column(String(80))
    assessment: Mapped[Assessment] = relationship(back_populates="recommendations")


class Action(Base):
    """One action of a council's action plan, answering one recommendation."""

    __tablename__ = "action"
    id: Mapped[int] = mapped_column(primary_key=True)
    la_code: Mapped[str] = mapped_column(String(3), index=True)
    inspection_id: Mapped[int | None] = mapped_column(
        ForeignKey("inspection.id", ondelete="SET NULL"), index=True
    )
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation.id", ondelete="SET NULL"), index=True
    )
    # snapshots, so the plan survives a re-ingest of the report
    recommendation_seq: Mapped[int | None] = mapped_column(Integer)
    recommendation_text: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(80))
    seq: Mapped[int] = mapped_column(Integer, default=1)  # action number within the recommendation
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    lead_member: Mapped[str | None] = mapped_column(String(200))
    due_date: Mapped[date | None] = mapped_column(Date)
    due_rule: Mapped[str | None] = mapped_column(String(300))  # how the due date was set
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    rag: Mapped[str] = mapped_column(String(10), default="green")
    rag_rule: Mapped[str] = mapped_column(String(300), default="")
    rag_manual: Mapped[bool] = mapped_column(default=False)  # set by a person, not the rule
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionUpdate.id"
    )


class ActionUpdate(Base):
    """A progress update on an action, with the evidence offered for it (append-only)."""

    __tablename__ = "action_update"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(20))  # the status after this update
    action: Mapped[Action] = relationship(back_populates="updates")


class RecommendationLink(Base):
    """A later finding or recommendation that says the same as an earlier recommendation."""

    __tablename__ = "recommendation_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    la_code: Mapped[str | None] = mapped_column(String(3), index=True)
    later_kind: Mapped[str] = mapped_column(String(20))  # recommendation | finding
    later_id: Mapped[int] = mapped_column(Integer)
    later_inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspection.id", ondelete="CASCADE"), index=True
    )
    earlier_recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    earlier_inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(80))
    later_text: Mapped[str] = mapped_column(Text)
    earlier_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("later_kind", "later_id", "earlier_recommendation_id"),)


class PublishedAssessmentIsImmutable(RuntimeError):
    """Raised when anything tries to change a published assessment or what it contains."""


def _committed_state(obj: Assessment) -> str | None:
    hist = inspect(obj).attrs.state.history
    if hist.deleted:
        return str(hist.deleted[0])
    return obj.state


def _assessment_of(session: Session, obj: Any) -> Assessment | None:
    if isinstance(obj, Assessment):
        return obj
    parent = getattr(obj, "assessment", None)
    if parent is None and getattr(obj, "assessment_id", None) is not None:
        parent = session.get(Assessment, obj.assessment_id)
    return parent


@event.listens_for(Session, "before_flush")
def _guard_published(session: Session, _ctx: Any, _instances: Any) -> None:
    """Refuse any insert, update or delete touching an assessment that was already published."""
    children = (AssessmentJudgement, AssessmentProposal, EvidenceItem, AssessmentRecommendation)
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, Assessment):
            if obj in session.new:
                continue
            if _committed_state(obj) == "published" and (
                obj in session.deleted or session.is_modified(obj, include_collections=False)
            ):
                raise PublishedAssessmentIsImmutable(
                    f"assessment {obj.id} is published and cannot be changed"
                )
        elif isinstance(obj, children):
            parent = _assessment_of(session, obj)
            if parent is not None and parent not in session.new and _committed_state(parent) == "published":
                raise PublishedAssessmentIsImmutable(
                    f"assessment {parent.id} is published; its {obj.__tablename__} rows cannot be changed"
                )
