"""Records for the render tests: one per framework family, stored through the core tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from csinspect.frameworks.registry import get_framework
from csinspect.store.models import Authority, Finding, Inspection, Judgement, Recommendation


@dataclass
class Spec:
    framework: str
    document_type: str
    grades: dict[str, str]
    recs: list[tuple[str, str | None]]
    start: date | None
    end: date | None
    published: date
    findings: list[tuple[str, str | None, str]] = field(default_factory=list)  # kind, area, text


SUMMARY = (
    "Leaders know their services well and have a clear plan for improvement. Most children receive "
    "help that meets their needs, although the quality of assessments and plans varies between teams. "
    "Partners work together effectively to share information and to keep children safe. Senior leaders "
    "and elected members provide strong challenge, and the workforce is increasingly stable, with "
    "caseloads that allow social workers to spend time with children. Some children wait too long for "
    "decisions about their future, and the response to older children at risk outside the home is not "
    "yet consistently strong. The authority has the capacity to improve further."
)

SPECS: dict[str, Spec] = {
    "csa": Spec(
        "csa",
        "csa_letter",
        {"childrens_services_assessment": "performs_excellently"},
        [
            (
                "The proportion of good or better primary schools has improved, but progress and standards remain weaknesses.",
                "areas_for_further_improvement",
            )
        ],
        None,
        None,
        date(2011, 11, 8),
        [("strength", None, "The large majority of early years and childcare provision is good or better.")],
    ),
    "sif": Spec(
        "sif",
        "sif",
        {
            "overall_effectiveness": "requires_improvement",
            "help_and_protection": "requires_improvement",
            "looked_after_and_permanence": "requires_improvement",
            "adoption_performance": "requires_improvement",
            "care_leavers": "good",
            "leadership_management_governance": "requires_improvement",
        },
        [
            (
                "Significantly reduce the average size of social workers' caseloads in the rapid intervention and assessment team.",
                "recommendation",
            ),
            (
                "Ensure that all plans are easily accessible, focused on outcomes, specific and measurable.",
                "recommendation",
            ),
        ],
        date(2016, 1, 11),
        date(2016, 2, 4),
        date(2016, 3, 29),
    ),
    "lscb": Spec(
        "lscb",
        "lscb_review",
        {"lscb_effectiveness": "requires_improvement"},
        [("Carry out a multi-agency audit of early help.", "recommendation")],
        date(2016, 1, 11),
        date(2016, 2, 4),
        date(2016, 3, 29),
    ),
    "jar_2007": Spec(
        "jar_2007",
        "jar",
        {
            "safeguarding": "good",
            "looked_after_children": "good",
            "learning_difficulties_disabilities": "good",
            "service_management": "good",
            "capacity_to_improve": "good",
        },
        [
            (
                "Ensure that an appropriate way is found for the successful dissemination of the findings of this report to children and young people in the area.",
                "immediate",
            ),
            (
                "Reduce the length of waiting times for physiotherapy and occupational therapy.",
                "within_six_months",
            ),
            (
                "Improve the attainment of pupils in national tests and examinations at ages 14 and 16.",
                "longer_term",
            ),
        ],
        None,
        None,
        date(2008, 4, 22),
        [
            ("key_finding", None, "There are good arrangements for safeguarding children and young people."),
            ("strength", "safeguarding", "Inter-agency safeguarding culture with a well-established LSCB."),
            ("weakness", "safeguarding", "Insufficiently robust assessment of family situations."),
        ],
    ),
    "apa_2007": Spec(
        "apa_2007",
        "apa_letter",
        {
            "overall_effectiveness": "good",
            "being_healthy": "good",
            "staying_safe": "good",
            "enjoying_and_achieving": "good",
            "making_a_positive_contribution": "good",
            "achieving_economic_wellbeing": "good",
            "capacity_to_improve": "good",
        },
        [
            (
                "Increase the proportion of referrals which result in a core assessment.",
                "areas_for_development",
            )
        ],
        None,
        None,
        date(2008, 12, 17),
    ),
    "ilacs_2018": Spec(
        "ilacs_2018",
        "ilacs_standard",
        {
            "impact_of_leaders": "requires_improvement",
            "help_and_protection": "inadequate",
            "children_in_care_and_care_leavers": "requires_improvement",
            "overall_effectiveness": "inadequate",
        },
        [
            (
                "The identification and response to risk and need in the multi-agency safeguarding hub.",
                "what_needs_to_improve",
            ),
            ("Social workers' caseloads, which are too high in some teams.", "what_needs_to_improve"),
        ],
        date(2020, 1, 13),
        date(2020, 1, 24),
        date(2020, 2, 24),
    ),
    "ilacs_2023": Spec(
        "ilacs_2023",
        "ilacs_standard",
        {
            "impact_of_leaders": "good",
            "help_and_protection": "good",
            "children_in_care": "good",
            "care_leavers": "requires_improvement",
            "overall_effectiveness": "good",
        },
        [("The quality and consistency of pathway plans for care leavers.", "what_needs_to_improve")],
        date(2026, 1, 19),
        date(2026, 1, 30),
        date(2026, 3, 10),
    ),
    "ilacs_2026": Spec(
        "ilacs_2026",
        "ilacs_standard",
        {
            "impact_of_leaders": "good",
            "help_and_protection": "requires_improvement",
            "children_in_care": "good",
            "care_leavers": "good",
        },
        [("The timeliness of strategy discussions.", "what_needs_to_improve")],
        date(2026, 5, 11),
        date(2026, 5, 22),
        date(2026, 7, 3),
    ),
    "slac": Spec(
        "slac",
        "slac",
        {
            "safeguarding_overall_effectiveness": "good",
            "looked_after_children_overall_effectiveness": "adequate",
        },
        [("Ensure that all initial assessments are completed within timescales.", "within_three_months")],
        date(2012, 3, 5),
        date(2012, 3, 16),
        date(2012, 4, 24),
    ),
}


def make_inspection(
    s: Session, key: str, *, document_id: int | None = None, la_code: str = "821"
) -> Inspection:
    spec = SPECS[key]
    fw = get_framework(spec.framework)
    if s.get(Authority, la_code) is None:
        s.add(Authority(la_code=la_code, name="Luton Borough Council"))
    insp = Inspection(
        natural_key=f"test:{key}:{la_code}:{spec.published}",
        origin="report",
        la_code=la_code,
        authority_printed="Luton Borough Council",
        framework_id=spec.framework,
        document_type=spec.document_type,
        inspection_start=spec.start,
        inspection_end=spec.end,
        published=spec.published,
        lead_inspector="Nigel Parkes",
        document_id=document_id,
        extra={"summary": SUMMARY},
    )
    for jid, grade in spec.grades.items():
        v = fw.scale.value(grade)
        insp.judgements.append(Judgement(judgement_id=jid, grade=grade, ordinal=v.ordinal, label=v.label))
    for i, (text, cat) in enumerate(spec.recs, start=1):
        insp.recommendations.append(Recommendation(seq=i, text=text, category=cat))
    s.add(insp)
    s.flush()
    for kind, area, text in spec.findings:
        s.add(Finding(inspection_id=insp.id, kind=kind, area=area, text=text))
    s.flush()
    return insp
