"""Assessment workflow on a real database: grades, overrides, hard rules, states, immutability, audit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from csinspect.assessment import workflow as wf
from csinspect.assessment.propose import run_proposals
from csinspect.store.assessment_models import (
    Assessment,
    AssessmentJudgement,
    PublishedAssessmentIsImmutable,
)
from csinspect.store.audit import AuditEvent
from csinspect.store.db import session_scope
from csinspect.store.models import Authority, Inspection, Judgement

ACTOR = "test:assessor"


def _luton(url: str) -> None:
    with session_scope(url) as s:
        s.add(Authority(la_code="821", name="Luton"))


def _new(url: str, framework: str = "sif") -> int:
    _luton(url)
    with session_scope(url) as s:
        return wf.create_assessment(s, "821", framework, ACTOR, period_start=date(2016, 1, 11)).id


def _grade_all_sif(url: str, aid: int) -> None:
    with session_scope(url) as s:
        for jid in (
            "help_and_protection",
            "looked_after_and_permanence",
            "adoption_performance",
            "leadership_management_governance",
            "overall_effectiveness",
        ):
            wf.record_grade(s, aid, jid, "requires_improvement", ACTOR, rationale=f"{jid} evidence")
        wf.record_grade(s, aid, "care_leavers", "Good", ACTOR, rationale="pathway plans good")


def _audit_count(url: str) -> int:
    with session_scope(url) as s:
        return s.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_create_grade_and_audit(db_url: str) -> None:
    aid = _new(db_url)
    with session_scope(db_url) as s:
        out = wf.record_grade(
            s, aid, "help_and_protection", "requires improvement", ACTOR, rationale="delays"
        )
        assert out.judgement.grade == "requires_improvement"  # printed label accepted, id stored
        assert out.judgement.ordinal == 2
    with session_scope(db_url) as s:
        wf.record_grade(s, aid, "help_and_protection", "good", ACTOR, rationale="re-read the files")
        trail = wf.audit_trail(s, aid)
        assert [e.action for e in trail] == ["assessment.create", "assessment.grade", "assessment.grade"]
        last = trail[-1]
        assert last.before["grade"] == "requires_improvement" and last.after["grade"] == "good"
        assert last.actor == ACTOR and last.reason == "re-read the files"


@pytest.mark.parametrize(
    ("judgement", "grade", "message"),
    [
        ("help_and_protection", "performs excellently", "not on the sif scale"),
        ("no_such_judgement", "good", "has no judgement 'no_such_judgement'"),
    ],
)
def test_bad_grade_or_judgement_changes_nothing(
    db_url: str, judgement: str, grade: str, message: str
) -> None:
    aid = _new(db_url)
    before = _audit_count(db_url)
    with pytest.raises(wf.AssessmentError, match=message), session_scope(db_url) as s:
        wf.record_grade(s, aid, judgement, grade, ACTOR, rationale="x")
    assert _audit_count(db_url) == before
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(AssessmentJudgement)) == 0


def test_hard_rule_needs_override_reason(db_url: str) -> None:
    aid = _new(db_url)
    with session_scope(db_url) as s:
        wf.record_grade(s, aid, "help_and_protection", "inadequate", ACTOR, rationale="children at risk")
    with (
        pytest.raises(wf.HardRuleViolation, match="sif_key_inadequate_caps_overall"),
        session_scope(db_url) as s,
    ):
        wf.record_grade(s, aid, "overall_effectiveness", "requires_improvement", ACTOR, rationale="mixed")
    with session_scope(db_url) as s:
        out = wf.record_grade(
            s,
            aid,
            "overall_effectiveness",
            "requires_improvement",
            ACTOR,
            rationale="mixed",
            override_reason="risk already remedied during fieldwork",
        )
        assert "rule:sif_key_inadequate_caps_overall" in out.judgement.overrides
        # the soft range rule (within the worst..best key grades) still warns
        assert any("sif_overall_within_one_of_worst_key" in w for w in out.warnings)


def test_soft_rule_warns(db_url: str) -> None:
    aid = _new(db_url)
    with session_scope(db_url) as s:
        wf.record_grade(s, aid, "help_and_protection", "requires_improvement", ACTOR, rationale="a")
        out = wf.record_grade(s, aid, "overall_effectiveness", "outstanding", ACTOR, rationale="b")
        assert any("sif_overall_within_one_of_worst_key" in w for w in out.warnings)


def test_states_publish_and_immutability(db_url: str) -> None:
    aid = _new(db_url)
    with pytest.raises(wf.AssessmentError, match="has no grade"), session_scope(db_url) as s:
        wf.advance(s, aid, ACTOR)
    _grade_all_sif(db_url, aid)
    with session_scope(db_url) as s:
        wf.add_recommendation(s, aid, ACTOR, text="Reduce caseloads.", category="recommendation")
        wf.add_evidence(
            s,
            aid,
            ACTOR,
            kind="finding",
            finding_kind="strength",
            judgement_area="care_leavers",
            text="Care leavers are well supported.",
            source="user:fieldwork notes",
        )
        assert wf.advance(s, aid, ACTOR).state == "moderated"
    with session_scope(db_url) as s:
        a = wf.advance(s, aid, ACTOR, published_on=date(2016, 3, 29))
        assert a.state == "published" and a.inspection_id is not None
    with session_scope(db_url) as s:
        insp = s.get(Inspection, s.get(Assessment, aid).inspection_id)
        assert insp.origin == "assessment" and insp.published == date(2016, 3, 29)
        grades = {j.judgement_id: j.grade for j in insp.judgements}
        assert grades["care_leavers"] == "good" and len(grades) == 6
        assert [r.text for r in insp.recommendations] == ["Reduce caseloads."]
    before = _audit_count(db_url)
    with pytest.raises(wf.NotEditable, match="published"), session_scope(db_url) as s:
        wf.record_grade(s, aid, "care_leavers", "outstanding", ACTOR, rationale="x")
    with pytest.raises(wf.NotEditable), session_scope(db_url) as s:
        wf.add_evidence(s, aid, ACTOR, kind="note", text="late note", source="user")
    with pytest.raises(wf.NotEditable), session_scope(db_url) as s:
        run_proposals(s, aid, ACTOR)
    # below the workflow too: the ORM refuses to change a published assessment's rows
    with pytest.raises(PublishedAssessmentIsImmutable), session_scope(db_url) as s:
        j = s.scalars(select(AssessmentJudgement).where(AssessmentJudgement.assessment_id == aid)).first()
        j.grade = "outstanding"
    with pytest.raises(PublishedAssessmentIsImmutable), session_scope(db_url) as s:
        s.delete(s.get(Assessment, aid))
    assert _audit_count(db_url) == before
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(Judgement)) == 6
        assert {e.action for e in wf.audit_trail(s, aid)} >= {"assessment.advance", "assessment.grade"}


def test_unknown_authority_and_framework(db_url: str) -> None:
    with pytest.raises(wf.AssessmentError, match="unknown framework"), session_scope(db_url) as s:
        wf.create_assessment(s, "821", "no_such_framework", ACTOR)
    with pytest.raises(wf.AssessmentError, match="unknown authority"), session_scope(db_url) as s:
        wf.create_assessment(s, "999", "sif", ACTOR)
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(Assessment)) == 0
