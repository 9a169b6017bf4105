"""Proposals from evidence with the readable rule files: previous grades, quartile bands, limits,
derived overall judgements, and overriding a proposal."""

from __future__ import annotations

from datetime import date

import pytest

from csinspect.assessment import workflow as wf
from csinspect.assessment.evidence import attach_previous, band_of
from csinspect.assessment.propose import EvidenceView, propose, run_proposals
from csinspect.assessment.rules import load_rules, validate_against_framework
from csinspect.frameworks.registry import all_frameworks, get_framework
from csinspect.store.db import session_scope
from csinspect.store.models import Authority, Inspection, Judgement

ACTOR = "test:assessor"


def _rows(area: str, bands: list[str]) -> list[dict]:
    return [
        {"indicator_id": f"{area}_{i}", "period": "2015", "band": b, "judgement_areas": [area]}
        for i, b in enumerate(bands)
    ]


def test_every_rules_file_matches_its_framework() -> None:
    from csinspect.assessment.rules import RULES_DIR

    known = all_frameworks()
    files = sorted(RULES_DIR.glob("*.yaml"))
    assert {p.stem for p in files} >= {
        "csa",
        "sif",
        "lscb",
        "ilacs_2018",
        "ilacs_2023",
        "ilacs_2026",
        "apa_2007",
        "jar_2007",
    }
    for path in files:
        assert path.stem in known, path.name
        assert validate_against_framework(path.stem) == [], path.name


def test_band_of_accepts_profile_forms() -> None:
    assert band_of({"quartile": 1}) == "top"
    assert band_of({"quartile_band": "D"}) == "bottom"
    assert band_of({"band": "upper_middle"}) == "upper_middle"
    assert band_of({"value": 3}) is None


def test_sif_proposals_pure() -> None:
    fw = get_framework("sif")
    rules, _, _ = load_rules("sif")
    view = EvidenceView(
        indicators=_rows("help_and_protection", ["top", "top", "upper_middle", "lower_middle", "bottom"])
        + _rows("children_in_care", ["bottom", "bottom", "lower_middle", "upper_middle"])
        + _rows("care_leavers", ["top", "top", "top", "upper_middle"]),
        previous=[
            {
                "framework_id": "slac",
                "published": "2012-04-24",
                "_source": "inspection:1",
                "judgements": {
                    "safeguarding_overall_effectiveness": {"grade": "good", "ordinal": 3, "label": "Good"},
                    "looked_after_children_overall_effectiveness": {
                        "grade": "adequate",
                        "ordinal": 2,
                        "label": "Adequate",
                    },
                },
            }
        ],
    )
    props = {p.judgement_id: p for p in propose(fw, rules, view)}
    # H&P: previous good; indicators 3/5 top half, 1/5 bottom -> good band; stays good
    assert props["help_and_protection"].grade == "good"
    assert any("previous grade: slac" in r for r in props["help_and_protection"].reasons)
    assert any("top quartile" in r for r in props["help_and_protection"].reasons)
    # looked after: previous adequate (2) ; indicators 2/4 bottom -> RI band (<=50%) ; stays RI
    assert props["looked_after_and_permanence"].grade == "requires_improvement"
    # care leavers: indicators only, 3/4 top -> outstanding
    assert props["care_leavers"].grade == "outstanding"
    # adoption: 'children_in_care' indicators -> RI band
    assert props["adoption_performance"].grade == "requires_improvement"
    # leadership: no previous, no indicators -> no proposal, and says why
    assert props["leadership_management_governance"].grade is None
    assert any("no proposal" in r for r in props["leadership_management_governance"].reasons)
    # overall derived from key proposals with the framework rules: worst key = RI
    assert props["overall_effectiveness"].grade == "requires_improvement"


def test_adjust_moves_one_step_and_limit_caps() -> None:
    fw = get_framework("sif")
    rules, _, _ = load_rules("sif")
    view = EvidenceView(
        indicators=_rows("help_and_protection", ["bottom", "bottom", "bottom", "lower_middle"]),
        previous=[
            {
                "framework_id": "slac",
                "published": "2012-04-24",
                "_source": "inspection:1",
                "judgements": {"safeguarding_overall_effectiveness": {"grade": "outstanding", "ordinal": 4}},
            }
        ],
    )
    hp = next(p for p in propose(fw, rules, view) if p.judgement_id == "help_and_protection")
    # outstanding moved one step towards 'inadequate' (3/4 bottom) -> good, not inadequate
    assert hp.grade == "good"
    assert any("by at most 1 step" in r for r in hp.reasons)


def test_run_proposals_then_override(db_url: str) -> None:
    with session_scope(db_url) as s:
        s.add(Authority(la_code="821", name="Luton"))
        insp = Inspection(
            natural_key="test:slac:821",
            origin="official_table",
            la_code="821",
            framework_id="slac",
            document_type="slac",
            published=date(2012, 4, 24),
        )
        insp.judgements.append(
            Judgement(
                judgement_id="safeguarding_overall_effectiveness", grade="good", ordinal=3, label="Good"
            )
        )
        s.add(insp)
    with session_scope(db_url) as s:
        aid = wf.create_assessment(s, "821", "sif", ACTOR, period_start=date(2016, 1, 11)).id
        items = attach_previous(s, aid, ACTOR)
        assert [i.source for i in items] == [f"inspection:{insp.id}"]
        assert attach_previous(s, aid, ACTOR) == []  # idempotent
        wf.add_evidence(
            s,
            aid,
            ACTOR,
            kind="profile",
            source="test:profile",
            data={"rows": _rows("help_and_protection", ["bottom", "bottom", "lower_middle", "upper_middle"])},
        )
        props = {p.judgement_id: p for p in run_proposals(s, aid, ACTOR)}
        assert props["help_and_protection"].grade == "requires_improvement"  # good, one step towards RI band
        assert props["help_and_protection"].reasons[0].startswith("PROPOSAL")
        assert props["help_and_protection"].rules_file == "sif.yaml"
    with pytest.raises(wf.AssessmentError, match="overrides it"), session_scope(db_url) as s:
        wf.record_grade(s, aid, "help_and_protection", "good", ACTOR, rationale="practice better than data")
    with session_scope(db_url) as s:
        out = wf.record_grade(
            s,
            aid,
            "help_and_protection",
            "good",
            ACTOR,
            rationale="practice better than data",
            override_reason="case audits show good practice",
        )
        assert out.overrides == ["proposal"] and out.judgement.proposed_grade == "requires_improvement"
        trail = wf.audit_trail(s, aid)
        assert trail[-1].after["overrides"] == ["proposal"]
        assert "case audits" in trail[-1].reason


def test_csa_limit_and_ilacs_derived_overall() -> None:
    csa, rules = get_framework("csa"), load_rules("csa")[0]
    slac_inadequate = {
        "framework_id": "slac",
        "published": "2010-06-01",
        "_source": "inspection:9",
        "judgements": {
            "safeguarding_overall_effectiveness": {"grade": "inadequate", "ordinal": 1, "label": "Inadequate"}
        },
    }
    view = EvidenceView(
        providers=[{"good_or_better_share": 0.9, "inadequate_share": 0.0, "_source": "t", "_id": 1}],
        previous=[slac_inadequate],
    )
    (p,) = propose(csa, rules, view)
    assert p.grade == "performs_poorly"  # 'performs excellently' from providers, capped by the SLAC limit
    assert any("limiting judgement: slac/safeguarding_overall_effectiveness" in r for r in p.reasons)

    fw, rules = get_framework("ilacs_2023"), load_rules("ilacs_2023")[0]
    prev = {
        "framework_id": "ilacs_2018",
        "published": "2022-09-05",
        "_source": "inspection:143",
        "judgements": {
            "impact_of_leaders": {"grade": "good", "ordinal": 3},
            "help_and_protection": {"grade": "requires_improvement", "ordinal": 2},
            "children_in_care_and_care_leavers": {"grade": "requires_improvement", "ordinal": 2},
        },
    }
    props = {p.judgement_id: p.grade for p in propose(fw, rules, EvidenceView(previous=[prev]))}
    assert props == {
        "impact_of_leaders": "good",
        "help_and_protection": "requires_improvement",
        "children_in_care": "requires_improvement",  # from the 2018 combined judgement
        "care_leavers": "requires_improvement",
        "overall_effectiveness": "requires_improvement",  # worst of the others, by the framework's rules
    }
