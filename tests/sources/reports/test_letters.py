"""Document types the corpus has no sample of, written in the wording Ofsted uses for them: monitoring
visits, JTAI letters, UCRA letters, APA letters and a stand-alone LSCB review."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from csinspect.sources.reports.parse import parse_document

FILLER = "Inspectors found that practice had improved in several areas of the service. " * 25


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_monitoring_visit_letter(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        "mv.txt",
        "14 March 2019\nMr A Person\nDirector of Children's Services\nBirmingham City Council\n\nDear Mr Person\n"
        "Monitoring visit of Birmingham children's services\n"
        "This letter summarises the findings of the monitoring visit to Birmingham children's services on 19 and "
        "20 February 2019. The visit was the fifth monitoring visit since the local authority was judged "
        "inadequate in January 2014. Her Majesty's Inspectors for this visit were Jane Doe and John Smith.\n"
        "Areas covered by the visit\nInspectors reviewed the progress made in the quality of practice for "
        "children in need of help and protection.\n"
        + FILLER
        + "\nYours sincerely\nJane Doe\nHer Majesty's Inspector\n",
    )
    rec = parse_document(p).records[0]
    assert (rec.framework_id, rec.document_type) == ("monitoring_visit", "monitoring_visit")
    assert rec.authority_printed == "Birmingham"
    assert rec.inspection_start and rec.inspection_start.value == date(2019, 2, 19)
    assert rec.inspection_end and rec.inspection_end.value == date(2019, 2, 20)
    assert rec.published and rec.published.value == date(2019, 3, 14)
    assert rec.lead_inspector == "Jane Doe"
    assert rec.extra["visit_number"] == "fifth"
    assert rec.judgements == []


def test_jtai_letter(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        "jtai.txt",
        "12 December 2022\nMs B Person\nDirector of Children's Services\n\nDear Ms Person\n"
        "Joint targeted area inspection of the multi-agency response to children and families who need help in "
        "Sheffield\n"
        "This letter summarises the findings of the joint targeted area inspection (JTAI) of the multi-agency "
        "response to children and families who need help in Sheffield. This inspection took place from 10 to "
        "14 October 2022. It was carried out by inspectors from Ofsted, the Care Quality Commission and His "
        "Majesty's Inspectorate of Constabulary and Fire & Rescue Services.\nHeadline findings\n"
        + FILLER
        + "\nAreas for improvement\n- The quality of information sharing between agencies at the front door.\n"
        "- The timeliness of health assessments.\nYours sincerely\nYvette Stanley\nNational Director\n",
    )
    rec = parse_document(p).records[0]
    assert (rec.framework_id, rec.document_type) == ("jtai", "jtai_letter")
    assert rec.authority_printed == "Sheffield"
    assert rec.inspection_start and rec.inspection_start.value == date(2022, 10, 10)
    assert rec.published and rec.published.value == date(2022, 12, 12)
    assert [r.text for r in rec.recommendations] == [
        "The quality of information sharing between agencies at the front door.",
        "The timeliness of health assessments.",
    ]


def test_ucra_letter(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        "ucra.txt",
        "4 March 2011\nDear Mr Pratt\n"
        "Unannounced inspection of contact, referral and assessment arrangements within Luton Borough Council "
        "children's services\n"
        "The inspection took place on 2 and 3 February 2011. The inspection was carried out by two of Her "
        "Majesty's Inspectors.\n" + FILLER + "\nAreas of strength\n- Referrals are responded to promptly.\n"
        "Areas for development\n- Ensure that all initial assessments are completed within timescales.\n"
        "Areas for priority action\n- Ensure that every child at risk is seen by a qualified social worker.\n"
        "Yours sincerely\nJohn Roberts\nHer Majesty's Inspector\n",
    )
    rec = parse_document(p).records[0]
    assert (rec.framework_id, rec.document_type) == ("ucra", "ucra_letter")
    assert rec.authority_printed is not None and rec.authority_printed.startswith("Luton")
    assert rec.inspection_start and rec.inspection_start.value == date(2011, 2, 2)
    cats = [(r.category, r.text[:20]) for r in rec.recommendations]
    assert ("areas_for_development", "Ensure that all init") in cats
    assert ("priority_action", "Ensure that every ch") in cats
    assert [f.kind for f in rec.findings] == ["strength"]


def test_apa_letter_with_grades(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        "apa.txt",
        "6 December 2007\nDear Ms Smith\n"
        "Annual performance assessment of services for children and young people in Exampleshire County "
        "Council 2007\n" + FILLER + "\nAreas for development\n- Reduce the number of young people not in "
        "education, employment or training.\nGrades\n4: outstanding; 3: good; 2: adequate; 1: inadequate\n"
        "Overall effectiveness of children's services\t3\nBeing healthy\t3\nStaying safe\t2\n"
        "Enjoying and achieving\t3\nMaking a positive contribution\t4\nAchieving economic well-being\t3\n"
        "Capacity to improve, including the management of children's services\t3\n",
    )
    rec = parse_document(p).records[0]
    assert (rec.framework_id, rec.document_type) == ("apa_2007", "apa_letter")
    assert rec.published and rec.published.value == date(2007, 12, 6)
    assert rec.grades() == {
        "overall_effectiveness": "good",
        "being_healthy": "good",
        "staying_safe": "adequate",
        "enjoying_and_achieving": "good",
        "making_a_positive_contribution": "outstanding",
        "achieving_economic_wellbeing": "good",
        "capacity_to_improve": "good",
    }
    assert [r.category for r in rec.recommendations] == ["areas_for_development"]
