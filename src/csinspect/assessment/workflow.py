"""The assessment workflow: create, attach evidence, record grades, move draft → moderated → published.

Every function here changes the store inside the caller's transaction and records an audit event
(who, when, from what, to what, why) in the same transaction, so a failure changes nothing. Bad
input raises ``AssessmentError`` (or a subclass) with a message that names the problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.frameworks.registry import FrameworkError, get_framework
from csinspect.frameworks.rules import RuleFinding, UnknownGrade, UnknownJudgement, check_overall
from csinspect.frameworks.schema import Framework, JudgementNode
from csinspect.store.assessment_models import (
    ASSESSMENT_STATES,
    Assessment,
    AssessmentJudgement,
    AssessmentProposal,
    AssessmentRecommendation,
    EvidenceItem,
)
from csinspect.store.audit import AuditEvent, events_of, record_audit
from csinspect.store.models import Authority, Finding, Inspection, Judgement, Recommendation

EVIDENCE_KINDS = (
    "profile",
    "child_level",
    "previous_inspection",
    "previous_recommendation",
    "provider_outcomes",
    "finding",
    "note",
)
FINDING_KINDS = ("strength", "area_for_improvement", "key_finding")
# Whose an assessment is: the inspectorate's inspection, or the council's own self-evaluation.
ASSESSMENT_KINDS = ("inspection", "self_evaluation")
# Finding.kind in the core table for each finding kind recorded in an assessment
_CORE_FINDING_KIND = {
    "strength": "strength",
    "area_for_improvement": "weakness",
    "key_finding": "key_finding",
}


class AssessmentError(ValueError):
    """Bad input to the assessment workflow; nothing was changed."""


class NotEditable(AssessmentError):
    """The assessment is published (immutable) or in a state that does not allow the change."""


class HardRuleViolation(AssessmentError):
    """A grade breaks a framework hard rule and no override reason was given."""


@dataclass
class GradeOutcome:
    judgement: AssessmentJudgement
    warnings: list[str] = field(default_factory=list)  # soft rules, and hard rules now broken elsewhere
    overrides: list[str] = field(default_factory=list)


def framework_for(framework_id: str) -> Framework:
    try:
        return get_framework(framework_id)
    except FrameworkError as exc:
        raise AssessmentError(str(exc)) from None


def get_assessment(session: Session, assessment_id: int) -> Assessment:
    a = session.get(Assessment, assessment_id)
    if a is None:
        raise AssessmentError(f"no assessment with id {assessment_id}")
    return a


def _require_editable(a: Assessment, *, allow_moderated: bool = True) -> None:
    if a.state == "published":
        raise NotEditable(
            f"assessment {a.id} is published and cannot be edited; create a new assessment instead"
        )
    if a.state == "moderated" and not allow_moderated:
        raise NotEditable(f"assessment {a.id} is moderated; this change is only allowed in draft")


def _authority(session: Session, la: str) -> Authority:
    auth = session.get(Authority, la.strip())
    if auth is not None:
        return auth
    try:  # the registry's resolver, when present, accepts names and old codes
        from csinspect.authorities.resolve import AuthorityIndex

        resolved = AuthorityIndex.from_session(session).resolve(la)
        auth = session.get(Authority, resolved.la_code)
    except ImportError:
        auth = session.scalars(select(Authority).where(Authority.name.ilike(la.strip()))).first()
    except LookupError as exc:
        raise AssessmentError(f"unknown authority {la!r}: {exc}") from None
    if auth is None:
        raise AssessmentError(f"unknown authority {la!r} (load the authority register first)")
    return auth


def _audit(session: Session, a: Assessment, actor: str, action: str, **kw: Any) -> None:
    session.flush()
    record_audit(
        session, actor=actor, action=action, entity="assessment", entity_id=a.id, la_code=a.la_code, **kw
    )


def create_assessment(
    session: Session,
    la: str,
    framework_id: str,
    actor: str,
    *,
    title: str | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    companion_of: int | None = None,
    letter: Mapping[str, Any] | None = None,
    kind: str = "inspection",
) -> Assessment:
    if kind not in ASSESSMENT_KINDS:
        raise AssessmentError(f"unknown kind {kind!r} (expected one of {', '.join(ASSESSMENT_KINDS)})")
    fw = framework_for(framework_id)
    auth = _authority(session, la)
    if companion_of is not None:
        parent = get_assessment(session, companion_of)
        if parent.la_code != auth.la_code:
            raise AssessmentError(f"assessment {companion_of} is of {parent.la_code}, not {auth.la_code}")
        if parent.kind != kind:
            raise AssessmentError(
                f"assessment {companion_of} is a{'n' if parent.kind[0] == 'i' else ''} {parent.kind}"
            )
    if period_start and period_end and period_end < period_start:
        raise AssessmentError(f"period ends ({period_end}) before it starts ({period_start})")
    a = Assessment(
        la_code=auth.la_code,
        framework_id=fw.id,
        title=title or f"{fw.short_title}: {auth.name}",
        period_start=period_start,
        period_end=period_end,
        state="draft",
        kind=kind,
        created_by=actor,
        companion_of=companion_of,
        letter=dict(letter) if letter else None,
    )
    session.add(a)
    _audit(
        session,
        a,
        actor,
        "assessment.create",
        after={"la_code": a.la_code, "framework_id": fw.id, "state": "draft", "title": a.title},
    )
    return a


def _node(fw: Framework, judgement_id: str) -> JudgementNode:
    try:
        node = fw.judgement(judgement_id)
    except KeyError:
        known = ", ".join(n.id for n in fw.iter_judgements())
        raise AssessmentError(
            f"framework {fw.id!r} has no judgement {judgement_id!r}; known: {known}"
        ) from None
    if not node.graded:
        raise AssessmentError(f"judgement {judgement_id!r} of {fw.id!r} is not graded")
    return node


def _grade_value(fw: Framework, grade: str) -> Any:
    from csinspect.frameworks.rules import resolve_grade

    try:
        return resolve_grade(fw, grade)
    except UnknownGrade:
        known = ", ".join(f"{v.id} ({v.label})" for v in fw.scale.values)
        raise AssessmentError(f"{grade!r} is not on the {fw.id} scale; use one of: {known}") from None


def recorded_grades(a: Assessment) -> dict[str, str]:
    return {j.judgement_id: j.grade for j in a.judgements}


def latest_proposals(a: Assessment) -> dict[str, AssessmentProposal]:
    out: dict[str, AssessmentProposal] = {}
    for p in sorted(a.proposals, key=lambda p: (p.run, p.id)):
        out[p.judgement_id] = p
    return out


def rule_findings(fw: Framework, grades: Mapping[str, str]) -> list[RuleFinding]:
    try:
        return check_overall(fw, grades)
    except (UnknownGrade, UnknownJudgement) as exc:
        raise AssessmentError(str(exc)) from None


def record_grade(
    session: Session,
    assessment_id: int,
    judgement_id: str,
    grade: str,
    actor: str,
    *,
    rationale: str,
    override_reason: str | None = None,
) -> GradeOutcome:
    """Record (or change) a grade. Departing from the proposal, or breaking a hard rule whose target
    is this judgement, needs ``override_reason``; soft rules and rules broken elsewhere only warn."""
    a = get_assessment(session, assessment_id)
    _require_editable(a)
    fw = framework_for(a.framework_id)
    _node(fw, judgement_id)
    value = _grade_value(fw, grade)
    if not rationale or not rationale.strip():
        raise AssessmentError("a rationale is required for every recorded grade")
    override_reason = override_reason.strip() if override_reason else None

    grades = recorded_grades(a)
    grades[judgement_id] = value.id
    findings = rule_findings(fw, grades)
    rules_by_id = {r.id: r for r in fw.rules}
    overrides: list[str] = []
    warnings: list[str] = []
    for f in findings:
        if f.passed or not f.applicable:
            continue
        rule = rules_by_id[f.rule_id]
        if f.severity == "hard" and rule.target == judgement_id:
            if not override_reason:
                raise HardRuleViolation(
                    f"{judgement_id} = {value.id} breaks hard rule {f.rule_id} of {fw.id}: {f.message}. "
                    "Record it only with --override-reason explaining why."
                )
            overrides.append(f"rule:{f.rule_id}")
        elif f.severity == "hard":
            warnings.append(f"hard rule {f.rule_id} now fails for {rule.target}: {f.message} (re-grade it)")
        elif rule.target == judgement_id or judgement_id in rule.sources:
            warnings.append(f"soft rule {f.rule_id}: {f.message}")

    proposal = latest_proposals(a).get(judgement_id)
    if proposal is not None and proposal.grade is not None and proposal.grade != value.id:
        if not override_reason:
            raise AssessmentError(
                f"the proposal for {judgement_id} is {proposal.grade}; recording {value.id} overrides it, "
                "so give --override-reason"
            )
        overrides.append("proposal")

    existing = next((j for j in a.judgements if j.judgement_id == judgement_id), None)
    before = _judgement_dict(existing) if existing else None
    if existing is None:
        existing = AssessmentJudgement(judgement_id=judgement_id, recorded_by=actor)
        a.judgements.append(existing)
    existing.grade = value.id
    existing.ordinal = value.ordinal
    existing.rationale = rationale.strip()
    existing.proposed_grade = proposal.grade if proposal else None
    existing.proposal_id = proposal.id if proposal else None
    existing.override_reason = override_reason
    existing.overrides = overrides
    existing.recorded_by = actor
    from csinspect.store.base import utcnow

    existing.recorded_at = utcnow()
    _audit(
        session,
        a,
        actor,
        "assessment.grade",
        before=before,
        after=_judgement_dict(existing),
        reason=rationale.strip() + (f" | override: {override_reason}" if override_reason else ""),
    )
    return GradeOutcome(existing, warnings, overrides)


def _judgement_dict(j: AssessmentJudgement) -> dict[str, Any]:
    return {
        "judgement_id": j.judgement_id,
        "grade": j.grade,
        "rationale": j.rationale,
        "proposed_grade": j.proposed_grade,
        "override_reason": j.override_reason,
        "overrides": list(j.overrides or []),
    }


def add_evidence(
    session: Session,
    assessment_id: int,
    actor: str,
    *,
    kind: str,
    source: str,
    text: str | None = None,
    title: str | None = None,
    judgement_area: str | None = None,
    finding_kind: str | None = None,
    data: Any = None,
    source_ref: str | None = None,
) -> EvidenceItem:
    a = get_assessment(session, assessment_id)
    _require_editable(a)
    if kind not in EVIDENCE_KINDS:
        raise AssessmentError(f"unknown evidence kind {kind!r}; use one of {', '.join(EVIDENCE_KINDS)}")
    if not source or not source.strip():
        raise AssessmentError("every piece of evidence needs its source")
    fw = framework_for(a.framework_id)
    if judgement_area is not None:
        _node(fw, judgement_area)
    if kind == "finding":
        if not text or not text.strip():
            raise AssessmentError("a finding needs its text")
        if finding_kind not in FINDING_KINDS:
            raise AssessmentError(f"a finding needs --finding-kind, one of {', '.join(FINDING_KINDS)}")
    item = EvidenceItem(
        kind=kind,
        judgement_area=judgement_area,
        finding_kind=finding_kind,
        title=title,
        text=text.strip() if text else None,
        data=data,
        source=source.strip(),
        source_ref=source_ref,
        added_by=actor,
    )
    a.evidence.append(item)
    _audit(
        session,
        a,
        actor,
        "assessment.evidence",
        after={
            "kind": kind,
            "judgement_area": judgement_area,
            "title": title,
            "source": source,
            "text": text,
        },
    )
    return item


def add_recommendation(
    session: Session,
    assessment_id: int,
    actor: str,
    *,
    text: str,
    category: str | None = None,
    section: str | None = None,
    judgement_area: str | None = None,
) -> AssessmentRecommendation:
    a = get_assessment(session, assessment_id)
    _require_editable(a)
    fw = framework_for(a.framework_id)
    if not text.strip():
        raise AssessmentError("a recommendation needs its text")
    cats = {c.id for c in fw.recommendation_categories}
    if category is not None and category not in cats:
        raise AssessmentError(
            f"{fw.id} has no recommendation category {category!r}; use one of: {', '.join(sorted(cats)) or '(none)'}"
        )
    if judgement_area is not None:
        _node(fw, judgement_area)
    seq = max((r.seq for r in a.recommendations), default=0) + 1
    rec = AssessmentRecommendation(
        seq=seq, text=text.strip(), category=category, section=section, judgement_area=judgement_area
    )
    a.recommendations.append(rec)
    _audit(
        session,
        a,
        actor,
        "assessment.recommendation",
        after={"seq": seq, "text": rec.text, "category": category, "section": section},
    )
    return rec


def set_details(
    session: Session,
    assessment_id: int,
    actor: str,
    *,
    summary: str | None = None,
    letter: Mapping[str, Any] | None = None,
    published_on: date | None = None,
    reason: str | None = None,
) -> Assessment:
    a = get_assessment(session, assessment_id)
    _require_editable(a)
    before = {"summary": a.summary, "letter": a.letter, "published_on": _iso(a.published_on)}
    if summary is not None:
        a.summary = summary.strip()
    if letter is not None:
        a.letter = {**(a.letter or {}), **dict(letter)}
    if published_on is not None:
        a.published_on = published_on
    after = {"summary": a.summary, "letter": a.letter, "published_on": _iso(a.published_on)}
    _audit(session, a, actor, "assessment.details", before=before, after=after, reason=reason)
    return a


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def problems_before_moderation(a: Assessment, fw: Framework) -> list[str]:
    """What stops the assessment leaving draft: missing required grades, unresolved hard rules."""
    problems: list[str] = []
    grades = recorded_grades(a)
    for n in fw.iter_judgements():
        if n.graded and n.required and n.id not in grades:
            problems.append(f"{n.id} ({n.label}) has no grade")
    overridden = {o for j in a.judgements for o in (j.overrides or [])}
    rules_by_id = {r.id: r for r in fw.rules}
    for f in rule_findings(fw, grades):
        if f.severity == "hard" and f.applicable and not f.passed and f"rule:{f.rule_id}" not in overridden:
            problems.append(f"hard rule {f.rule_id} fails for {rules_by_id[f.rule_id].target}: {f.message}")
    return problems


def advance(
    session: Session,
    assessment_id: int,
    actor: str,
    *,
    reason: str | None = None,
    published_on: date | None = None,
) -> Assessment:
    """draft → moderated (needs every required grade and the hard rules met or overridden);
    moderated → published (writes the Inspection record; afterwards nothing can change)."""
    a = get_assessment(session, assessment_id)
    _require_editable(a)
    fw = framework_for(a.framework_id)
    before = a.state
    if a.state == "draft":
        problems = problems_before_moderation(a, fw)
        if problems:
            raise AssessmentError(f"assessment {a.id} cannot be moderated yet: " + "; ".join(problems))
        a.state = "moderated"
    else:
        problems = problems_before_moderation(a, fw)
        if problems:
            raise AssessmentError(f"assessment {a.id} cannot be published: " + "; ".join(problems))
        from csinspect.store.base import utcnow

        a.published_on = published_on or a.published_on or date.today()
        insp = _publish_inspection(session, a, fw)
        a.state = "published"
        a.published_at = utcnow()
        a.inspection_id = insp.id
    assert a.state in ASSESSMENT_STATES
    _audit(
        session,
        a,
        actor,
        "assessment.advance",
        before={"state": before},
        after={"state": a.state, "inspection_id": a.inspection_id},
        reason=reason,
    )
    return a


def default_document_type(fw: Framework) -> str:
    return fw.document_types[0].id if fw.document_types else fw.id


def _publish_inspection(session: Session, a: Assessment, fw: Framework) -> Inspection:
    auth = session.get(Authority, a.la_code)
    insp = Inspection(
        natural_key=f"assessment:{a.id}",
        origin="assessment",
        la_code=a.la_code,
        authority_printed=auth.name if auth else None,
        framework_id=fw.id,
        document_type=default_document_type(fw),
        inspection_start=a.period_start,
        inspection_end=a.period_end,
        published=a.published_on,
        status="ok",
        reasons=[],
        source_ref=f"assessment:{a.id}",
        extra={
            "assessment_id": a.id,
            "summary": a.summary,
            "letter": a.letter,
            "companion_of": a.companion_of,
        },
    )
    for j in a.judgements:
        value = fw.scale.value(j.grade)
        insp.judgements.append(
            Judgement(
                judgement_id=j.judgement_id,
                label=value.label,
                grade=j.grade,
                ordinal=value.ordinal,
                reason=j.rationale,
                source_ref=f"assessment:{a.id}:judgement:{j.id}",
            )
        )
    for r in a.recommendations:
        insp.recommendations.append(
            Recommendation(seq=r.seq, text=r.text, category=r.category, section=r.section)
        )
    session.add(insp)
    session.flush()
    for e in a.evidence:
        if e.kind == "finding" and e.text:
            session.add(
                Finding(
                    inspection_id=insp.id,
                    kind=_CORE_FINDING_KIND.get(e.finding_kind or "", "key_finding"),
                    area=e.judgement_area,
                    text=e.text,
                )
            )
    return insp


def audit_trail(session: Session, assessment_id: int) -> list[AuditEvent]:
    get_assessment(session, assessment_id)
    return events_of(session, "assessment", assessment_id)


def assessments(
    session: Session,
    *,
    la_code: str | None = None,
    published_only: bool = False,
    published_or_la: str | None = None,
) -> list[Assessment]:
    """Assessments newest first: of one authority, only published ones, or published ones plus every one of
    ``published_or_la`` (a council sees its own drafts)."""
    stmt = select(Assessment).order_by(Assessment.updated_at.desc(), Assessment.id.desc())
    if la_code:
        stmt = stmt.where(Assessment.la_code == la_code)
    if published_only:
        stmt = stmt.where(Assessment.state == "published")
    elif published_or_la is not None:
        stmt = stmt.where((Assessment.state == "published") | (Assessment.la_code == published_or_la))
    return list(session.scalars(stmt))


def assessment_with_parts(session: Session, assessment_id: int) -> Assessment | None:
    """One assessment with its judgements, proposals, evidence and recommendations loaded."""
    from sqlalchemy.orm import selectinload

    return session.scalars(
        select(Assessment)
        .where(Assessment.id == assessment_id)
        .options(
            selectinload(Assessment.judgements),
            selectinload(Assessment.proposals),
            selectinload(Assessment.evidence),
            selectinload(Assessment.recommendations),
        )
    ).first()
