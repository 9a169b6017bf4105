"""Report types the corpus has no sample of, written in Ofsted's layout and wording: the inspection of
safeguarding and looked after children services (SLAC, 2009-12), the 2012-13 inspection of local authority
arrangements for the protection of children, and a review of the Local Safeguarding Children Board
published on its own. Each is written as a text file (what PDF extraction gives, page breaks as form
feeds) and the SLAC report also as a real PDF; then broken variants, which must come out needing review
with a reason and never with an invented grade."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from csinspect.sources.reports.checks import check_record
from csinspect.sources.reports.parse import parse_document
from csinspect.sources.reports.records import ParsedDocument, ReportRecord

# pages in Ofsted's layout, as text (what PDF extraction gives) or as a real PDF
from csinspect.testing.reports import FILLER, Line, Page
from csinspect.testing.reports import pdf_of as _pdf
from csinspect.testing.reports import text_of as _text


def _write(tmp_path: Path, name: str, pages: list[Page]) -> Path:
    p = tmp_path / name
    if p.suffix == ".pdf":
        return _pdf(pages, p)
    p.write_text(_text(pages), encoding="utf-8")
    return p


def _one(path: Path) -> tuple[ParsedDocument, ReportRecord]:
    parsed = parse_document(path)
    assert parsed.rejected is None, parsed.rejected
    assert len(parsed.records) == 1
    return parsed, parsed.records[0]


def _edit(pages: list[Page], old: Line, new: Line | None) -> list[Page]:
    """A copy of ``pages`` with every line equal to ``old`` replaced by ``new`` (or dropped)."""
    hits = sum(ln == old for page in pages for ln in page)
    assert hits, old
    out: list[Page] = []
    for page in pages:
        out.append([])
        for ln in page:
            if ln != old:
                out[-1].append(ln)
            elif new is not None:
                out[-1].append(new)
    return out


# ---- SLAC ---------------------------------------------------------------------------------------------------

SLAC_GRADES = {
    "safeguarding_overall_effectiveness": "adequate",
    "safeguarding_capacity_to_improve": "good",
    "safeguarding_children_are_safe": "adequate",
    "safeguarding_quality_of_provision": "adequate",
    "safeguarding_health_contribution": "good",
    "safeguarding_ambition_and_prioritisation": "good",
    "safeguarding_leadership_and_management": "adequate",
    "safeguarding_evaluation": "adequate",
    "safeguarding_partnerships": "good",
    "safeguarding_equality_and_diversity": "adequate",
    "looked_after_children_overall_effectiveness": "good",
    "looked_after_children_capacity_to_improve": "good",
    "lac_being_healthy": "good",
    "lac_staying_safe": "good",
    "lac_enjoying_and_achieving": "adequate",
    "lac_making_a_positive_contribution": "outstanding",
    "lac_economic_wellbeing": "adequate",
    "lac_quality_of_provision": "good",
    "lac_ambition_and_prioritisation": "good",
    "lac_leadership_and_management": "good",
    "lac_evaluation": "adequate",
    "lac_equality_and_diversity": "good",
}
SG_OE = ("row", "Overall effectiveness", "Grade 3 (Adequate)")
SG_OE_SENTENCE = (
    "5. The overall effectiveness of safeguarding services in Bristol is adequate. Children and young people\n"
    "who need protection are identified and most receive a timely response."
)
SG_CAPACITY = ("row", "Capacity for improvement", "Grade 2 (Good)")
LAC_OE = ("row", "Overall effectiveness", "Grade 2 (Good)")
RMF_SG_OE = ("row", "Overall effectiveness", "Adequate")
RMF_LAC_OE = ("row", "Overall effectiveness", "Good")


def slac_pages() -> list[Page]:
    front: Page = [
        "Inspection of safeguarding and looked",
        "after children services",
        "Bristol City Council",
        "Inspection dates: 10 – 21 January 2011",
        "Reporting inspector Jane Hughes HMI",
        "Age group: All",
        "Published: 25 February 2011",
    ]
    copyright_page: Page = [
        "© Crown copyright 2011",
        "Website: www.ofsted.gov.uk",
        "This document may be reproduced in whole or in part for non-commercial purposes, provided that",
        "the information quoted is reproduced without adaptation and the source and date of publication are stated.",
    ]
    contents: Page = [
        "Contents",
        "About this inspection 2",
        "The inspection judgements and what they mean 2",
        "Service information 3",
        "Safeguarding services 5",
        "Overall effectiveness 5",
        "Capacity for improvement 6",
        "Areas for improvement 7",
        "Safeguarding outcomes for children and young people 8",
        "Children and young people are safe and feel safe 8",
        "Quality of provision 9",
        "The contribution of health agencies to keeping children and young people safe 11",
        "Ambition and prioritisation 12",
        "Leadership and management 13",
        "Performance management and quality assurance 14",
        "Partnership working 15",
        "Services for looked after children 17",
        "Overall effectiveness 17",
        "Capacity for improvement 18",
        "Areas for improvement 19",
        "How good are outcomes for looked after children and care leavers? 20",
        "Being healthy 20",
        "Staying safe 21",
        "Enjoying and achieving 21",
        "Making a positive contribution, including user engagement 22",
        "Economic well-being 23",
        "Quality of provision 23",
        "Ambition and prioritisation 25",
        "Leadership and management 25",
        "Performance management and quality assurance 26",
        "Record of main findings 28",
    ]
    about: Page = [
        "About this inspection",
        "1. The purpose of the inspection is to evaluate the contribution made by relevant services in the\n"
        "local area towards ensuring that children and young people are properly safeguarded and to\n"
        "determine the quality of service provision for looked after children and care leavers. The\n"
        "inspection team consisted of three of Her Majesty's Inspectors (HMI) and one inspector from the\n"
        "Care Quality Commission. The inspection was carried out under the Children Act 2004.",
        "2. The evidence evaluated by inspectors included:",
        (
            "item",
            "discussions with 78 children and young people receiving services, front line staff and managers",
        ),
        ("item", "a review of 64 case files for children and young people with a range of need"),
        "The inspection judgements and what they mean",
        "3. All inspection judgements are made using the following four point scale.",
        ("row", "Outstanding (Grade 1)", "A service that significantly exceeds minimum requirements"),
        ("row", "Good (Grade 2)", "A service that exceeds minimum requirements"),
        ("row", "Adequate (Grade 3)", "A service that only meets minimum requirements"),
        ("row", "Inadequate (Grade 4)", "A service that does not meet minimum requirements"),
        "Service information",
        "4. Bristol has a population of approximately 86,000 children and young people aged 0 to 19. At\n"
        "31 December 2010, 605 children were being looked after by the council and 321 children were the\n"
        "subject of a child protection plan.",
    ]
    safeguarding: Page = [
        "Safeguarding services",
        SG_OE,
        SG_OE_SENTENCE,
        "6. " + FILLER,
        SG_CAPACITY,
        "8. The capacity for improvement of safeguarding services is good. Senior leaders and elected members\n"
        "share a clear ambition for children and young people and partners have a good track record.",
        "Areas for improvement",
        "9. In order to improve the quality of provision and services for safeguarding children and young\n"
        "people in Bristol, the local authority and its partners should take the following action.",
        "Immediately:",
        (
            "item",
            "ensure that all children subject to a child protection plan are visited by their social\nworker within the timescales set out in their plan",
        ),
        ("item", "ensure that strategy discussions involve the police and health agencies in every case"),
        "Within three months:",
        (
            "item",
            "improve the quality of initial and core assessments so that they consistently analyse risk\nand record the views of children and young people",
        ),
        ("item", "ensure that all staff receive regular supervision which is recorded on the case file"),
        "Within six months:",
        ("item", "develop a workforce strategy that reduces the reliance on agency social workers"),
        "Safeguarding outcomes for children and young people",
        ("row", "Children and young people are safe and feel safe", "Grade 3 (Adequate)"),
        "10. " + FILLER,
        ("row", "Quality of provision", "Grade 3 (Adequate)"),
        "11. " + FILLER,
        (
            "row",
            "The contribution of health agencies to keeping children and\nyoung people safe",
            "Grade 2 (Good)",
        ),
        "12. " + FILLER,
        ("row", "Ambition and prioritisation", "Grade 2 (Good)"),
        "13. " + FILLER,
        ("row", "Leadership and management", "Grade 3 (Adequate)"),
        "14. " + FILLER,
        ("row", "Performance management and quality assurance", "Grade 3 (Adequate)"),
        "15. " + FILLER,
        ("row", "Partnership working", "Grade 2 (Good)"),
        "16. " + FILLER,
        ("row", "Equality and diversity", "Grade 3 (Adequate)"),
        "17. " + FILLER,
    ]
    lac: Page = [
        "Services for looked after children",
        LAC_OE,
        "18. The overall effectiveness of services for looked after children and young people is good. Looked\n"
        "after children and young people are safe and most make good progress.",
        ("row", "Capacity for improvement", "Grade 2 (Good)"),
        "19. The capacity for improvement of services for looked after children is good. " + FILLER,
        "Areas for improvement",
        "20. In order to improve the quality of provision and services for looked after children and care\n"
        "leavers in Bristol, the local authority and its partners should take the following action.",
        "Within three months:",
        ("item", "ensure that all looked after children have an up-to-date personal education plan"),
        "Within six months:",
        ("item", "increase the range of suitable accommodation available to care leavers"),
        ("item", "ensure that the pledge is reviewed with the children in care council"),
        "How good are outcomes for looked after children and care leavers?",
        ("row", "Being healthy", "Grade 2 (Good)"),
        "21. " + FILLER,
        ("row", "Staying safe", "Grade 2 (Good)"),
        "22. " + FILLER,
        ("row", "Enjoying and achieving", "Grade 3 (Adequate)"),
        "23. " + FILLER,
        ("row", "Making a positive contribution, including user\nengagement", "Grade 1 (Outstanding)"),
        "24. " + FILLER,
        ("row", "Economic well-being", "Grade 3 (Adequate)"),
        "25. " + FILLER,
        ("row", "Quality of provision", "Grade 2 (Good)"),
        "26. " + FILLER,
        ("row", "Ambition and prioritisation", "Grade 2 (Good)"),
        "27. " + FILLER,
        ("row", "Leadership and management", "Grade 2 (Good)"),
        "28. " + FILLER,
        ("row", "Performance management and quality assurance", "Grade 3 (Adequate)"),
        "29. " + FILLER,
        ("row", "Equality and diversity", "Grade 2 (Good)"),
        "30. " + FILLER,
    ]
    record: Page = [
        "Record of main findings",
        "Safeguarding services",
        RMF_SG_OE,
        ("row", "Capacity for improvement", "Good"),
        "Safeguarding outcomes for children and young people",
        ("row", "Children and young people are safe and feel safe", "Adequate"),
        ("row", "Quality of provision", "Adequate"),
        ("row", "The contribution of health agencies to keeping children and\nyoung people safe", "Good"),
        ("row", "Ambition and prioritisation", "Good"),
        ("row", "Leadership and management", "Adequate"),
        ("row", "Performance management and quality assurance", "Adequate"),
        ("row", "Partnership working", "Good"),
        ("row", "Equality and diversity", "Adequate"),
        "Services for looked after children",
        RMF_LAC_OE,
        ("row", "Capacity for improvement", "Good"),
        "How good are outcomes for looked after children and care leavers?",
        ("row", "Being healthy", "Good"),
        ("row", "Staying safe", "Good"),
        ("row", "Enjoying and achieving", "Adequate"),
        ("row", "Making a positive contribution, including user engagement", "Outstanding"),
        ("row", "Economic well-being", "Adequate"),
        ("row", "Quality of provision", "Good"),
        ("row", "Ambition and prioritisation", "Good"),
        ("row", "Leadership and management", "Good"),
        ("row", "Performance management and quality assurance", "Adequate"),
        ("row", "Equality and diversity", "Good"),
    ]
    return [front, copyright_page, contents, about, safeguarding, lac, record]


SLAC_RECOMMENDATIONS = [
    (
        "immediately",
        "Safeguarding services",
        "ensure that all children subject to a child protection plan are visited",
    ),
    ("immediately", "Safeguarding services", "ensure that strategy discussions involve the police"),
    ("within_three_months", "Safeguarding services", "improve the quality of initial and core assessments"),
    ("within_three_months", "Safeguarding services", "ensure that all staff receive regular supervision"),
    ("within_six_months", "Safeguarding services", "develop a workforce strategy that reduces the reliance"),
    (
        "within_three_months",
        "Services for looked after children",
        "ensure that all looked after children have",
    ),
    (
        "within_six_months",
        "Services for looked after children",
        "increase the range of suitable accommodation",
    ),
    ("within_six_months", "Services for looked after children", "ensure that the pledge is reviewed with"),
]


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_slac_report(tmp_path: Path, suffix: str) -> None:
    parsed, rec = _one(_write(tmp_path, f"slac{suffix}", slac_pages()))
    assert parsed.classification is not None
    assert (parsed.classification.framework_id, parsed.classification.document_type) == ("slac", "slac")
    assert (rec.framework_id, rec.document_type) == ("slac", "slac")
    assert rec.authority_printed == "Bristol City Council"
    assert rec.inspection_start and rec.inspection_start.value == date(2011, 1, 10)
    assert rec.inspection_end and rec.inspection_end.value == date(2011, 1, 21)
    assert rec.published and rec.published.value == date(2011, 2, 25)
    assert rec.lead_inspector == "Jane Hughes"
    assert rec.grades() == SLAC_GRADES
    last_page = parsed.pages if suffix == ".pdf" else 7  # the record of main findings
    for j in rec.judgements:
        assert j.status == "ok", (j.judgement_id, j.reason)
        assert j.span is not None and j.span.page == last_page  # read from the record of main findings …
        assert j.confirmed_by and j.confirmed_by[0].page < last_page  # … confirmed by its section heading
    # overall effectiveness and capacity are also restated by their section's first paragraph
    assert len(rec.judgement("safeguarding_overall_effectiveness").confirmed_by) == 2  # type: ignore[union-attr]
    assert len(rec.judgement("looked_after_children_capacity_to_improve").confirmed_by) == 2  # type: ignore[union-attr]
    got = [(r.category, r.section, r.text) for r in rec.recommendations]
    assert [(c, s) for c, s, _ in got] == [(c, s) for c, s, _ in SLAC_RECOMMENDATIONS]
    for (_c, _s, text), (_, _, start) in zip(got, SLAC_RECOMMENDATIONS, strict=True):
        assert text.startswith(start), text
    # a wrapped item is one recommendation, and the list ends before the next heading
    assert got[0][2].endswith("within the timescales set out in their plan")
    assert got[-1][2] == "ensure that the pledge is reviewed with the children in care council"
    assert {f.name: f.value for f in rec.facts}.get("cla_count") == 605
    assert rec.reasons == [] and check_record(rec) == []


def _slac_variant(tmp_path: Path, pages: list[Page]) -> ReportRecord:
    _parsed, rec = _one(_write(tmp_path, "slac_variant.txt", pages))
    assert rec.framework_id == "slac"
    return rec


def test_slac_record_contradicting_the_section_heading_needs_review(tmp_path: Path) -> None:
    # the record of main findings says good, the section heading says "Grade 3 (Adequate)"
    pages = _edit(slac_pages(), LAC_OE, ("row", "Overall effectiveness", "Grade 3 (Adequate)"))
    rec = _slac_variant(tmp_path, pages)
    j = rec.judgement("looked_after_children_overall_effectiveness")
    assert j is not None and j.status == "needs_review"
    assert j.grade == "good"  # as the record of main findings prints it, not replaced
    assert "record of main findings says 'Good'" in (j.reason or "")
    assert "section heading on page 6 says 'Adequate'" in (j.reason or "")
    # the safeguarding half's "Overall effectiveness" heading is not confused with this one
    sg = rec.judgement("safeguarding_overall_effectiveness")
    assert sg is not None and sg.status == "ok"
    assert any("looked_after_children_overall_effectiveness" in r for r in check_record(rec))


def test_slac_overall_grade_missing_is_never_invented(tmp_path: Path) -> None:
    pages = _edit(slac_pages(), RMF_SG_OE, "Overall effectiveness")  # the row lost its grade …
    pages = _edit(pages, SG_OE, "Overall effectiveness")  # … and so did the section heading
    pages = _edit(pages, SG_OE_SENTENCE, "5. " + FILLER)  # … and the paragraph does not restate it
    rec = _slac_variant(tmp_path, pages)
    j = rec.judgement("safeguarding_overall_effectiveness")
    assert j is not None and j.grade is None and j.label is None
    assert j.status == "needs_review" and j.reason
    assert "safeguarding_overall_effectiveness" not in rec.grades()
    assert any(r.startswith("safeguarding_overall_effectiveness:") for r in check_record(rec))


def test_slac_overall_grade_only_in_the_heading_is_read_but_needs_review(tmp_path: Path) -> None:
    rec = _slac_variant(tmp_path, _edit(slac_pages(), RMF_SG_OE, "Overall effectiveness"))
    j = rec.judgement("safeguarding_overall_effectiveness")
    assert j is not None and j.grade == "adequate"  # printed in the section heading
    assert j.status == "needs_review"
    assert "no grade in the record of main findings" in (j.reason or "")


def test_slac_overall_row_absent_needs_review(tmp_path: Path) -> None:
    pages = _edit(slac_pages(), RMF_SG_OE, None)
    pages = _edit(pages, SG_OE, "Overall effectiveness")
    pages = _edit(pages, SG_OE_SENTENCE, "5. " + FILLER)
    rec = _slac_variant(tmp_path, pages)
    j = rec.judgement("safeguarding_overall_effectiveness")
    assert j is not None and j.grade is None and j.status == "needs_review"
    assert "safeguarding services" in (j.reason or "")


def test_slac_heading_number_and_word_disagree(tmp_path: Path) -> None:
    # both halves print the same capacity heading: both are edited
    rec = _slac_variant(
        tmp_path, _edit(slac_pages(), SG_CAPACITY, ("row", "Capacity for improvement", "Grade 3 (Good)"))
    )
    for jid in ("safeguarding_capacity_to_improve", "looked_after_children_capacity_to_improve"):
        j = rec.judgement(jid)
        assert j is not None and j.grade == "good" and j.status == "needs_review"
        assert "prints grade 3 with 'Good'" in (j.reason or "")


def test_slac_first_paragraph_restating_another_grade(tmp_path: Path) -> None:
    sentence = SG_OE_SENTENCE.replace("Bristol is adequate", "Bristol is inadequate")
    rec = _slac_variant(tmp_path, _edit(slac_pages(), SG_OE_SENTENCE, sentence))
    j = rec.judgement("safeguarding_overall_effectiveness")
    assert j is not None and j.grade == "adequate" and j.status == "needs_review"
    assert "is inadequate" in (j.reason or "")


def test_slac_without_record_of_main_findings(tmp_path: Path) -> None:
    pages = slac_pages()[:-1]  # the last page (the record of main findings) is missing
    rec = _slac_variant(tmp_path, pages)
    assert "the record of main findings was not found" in rec.reasons
    # the grades printed in the section headings are read, each one marked for review
    assert rec.grades() == SLAC_GRADES
    assert all(j.status == "needs_review" for j in rec.judgements)


def test_slac_reinspection_of_one_half(tmp_path: Path) -> None:
    """A re-inspection of safeguarding services only: no looked after children half, nothing missing."""
    front, copyright_page, _contents, about, safeguarding, _lac, record = slac_pages()
    record = record[: record.index("Services for looked after children")]
    rec = _slac_variant(tmp_path, [front, copyright_page, about, safeguarding, record])
    assert rec.grades() == {k: v for k, v in SLAC_GRADES.items() if k.startswith("safeguarding_")}
    assert rec.reasons == [] and check_record(rec) == []
    assert {r.section for r in rec.recommendations} == {"Safeguarding services"}


# ---- the 2012-13 inspection of local authority arrangements for the protection of children ---------------

CP_OE_SENTENCE = (
    "2. The overall effectiveness of the arrangements to protect children and young people in Rochdale is\n"
    "adequate. Children and young people at risk of significant harm are identified and protected."
)
CP_RMF_OE = ("row", "Overall effectiveness", "Adequate")


def cp_pages() -> list[Page]:
    return [
        [
            "Inspection of local authority",
            "arrangements for the protection of",
            "children",
            "Rochdale",
            "Inspection dates: 5 – 16 November 2012",
            "Lead inspector: Alan Reynolds HMI",
            "Age group: All",
            "Published: 21 December 2012",
        ],
        [
            "Contents",
            "The inspection judgements and what they mean 2",
            "Overall effectiveness 2",
            "Areas for improvement 3",
            "About this inspection 4",
            "Service information 5",
            "The effectiveness of the help and protection provided to children, young people, families and carers 6",
            "The quality of practice 9",
            "Leadership and governance 12",
            "Record of main findings 15",
        ],
        [
            "The inspection judgements and what they mean",
            "1. All inspection judgements are made using the following four point scale.",
            ("row", "Outstanding", "A service that significantly exceeds minimum requirements"),
            ("row", "Good", "A service that exceeds minimum requirements"),
            ("row", "Adequate", "A service that only meets minimum requirements"),
            ("row", "Inadequate", "A service that does not meet minimum requirements"),
            "Overall effectiveness",
            CP_OE_SENTENCE,
            "3. " + FILLER,
            "Areas for improvement",
            "4. In order to improve the quality of help and protection given to children and young people in\n"
            "Rochdale, the local authority and its partners should take the following action.",
            "Immediately:",
            (
                "item",
                "ensure that all children who are the subject of a child protection plan are seen alone\nby their social worker",
            ),
            "Within three months:",
            ("item", "ensure that child protection conferences are held within statutory timescales"),
            ("item", "improve the recording of management decisions on case files"),
            "Within six months:",
            ("item", "ensure that the early help offer is understood and used by all partner agencies"),
            "About this inspection",
            "5. This inspection was unannounced and was carried out under section 136 of the Education and\n"
            "Inspections Act 2006. " + FILLER,
            "Service information",
            "6. Rochdale has a population of approximately 50,000 children and young people under the age of 18.",
        ],
        [
            "The effectiveness of the help and protection provided to children, young people, families and\ncarers",
            "Adequate",
            "7. " + FILLER,
            "The quality of practice",
            "Adequate",
            "8. " + FILLER,
            "Leadership and governance",
            "Good",
            "9. " + FILLER,
        ],
        [
            "Record of main findings",
            "Local authority arrangements for the protection of children",
            CP_RMF_OE,
            (
                "row",
                "The effectiveness of the help and protection provided to children, young people,\nfamilies and carers",
                "Adequate",
            ),
            ("row", "The quality of practice", "Adequate"),
            ("row", "Leadership and governance", "Good"),
        ],
    ]


def test_cp_2012_protection_inspection(tmp_path: Path) -> None:
    parsed, rec = _one(_write(tmp_path, "cp.txt", cp_pages()))
    assert parsed.classification is not None
    assert (parsed.classification.framework_id, parsed.classification.document_type) == (
        "cp_2012",
        "cp_inspection",
    )
    assert rec.authority_printed == "Rochdale"
    assert rec.inspection_start and rec.inspection_start.value == date(2012, 11, 5)
    assert rec.inspection_end and rec.inspection_end.value == date(2012, 11, 16)
    assert rec.published and rec.published.value == date(2012, 12, 21)
    assert rec.lead_inspector == "Alan Reynolds"
    assert rec.grades() == {
        "overall_effectiveness": "adequate",
        "effectiveness_of_help_and_protection": "adequate",
        "quality_of_practice": "adequate",
        "leadership_and_governance": "good",
    }
    for j in rec.judgements:
        assert j.status == "ok" and j.confirmed_by, (j.judgement_id, j.reason)
    assert [(r.category, r.text[:40]) for r in rec.recommendations] == [
        ("immediately", "ensure that all children who are the sub"),
        ("within_three_months", "ensure that child protection conferences"),
        ("within_three_months", "improve the recording of management deci"),
        ("within_six_months", "ensure that the early help offer is unde"),
    ]
    assert rec.recommendations[-1].text.endswith("used by all partner agencies")  # not the next section
    assert rec.reasons == [] and check_record(rec) == []


def test_cp_2012_overall_contradicted_by_the_report(tmp_path: Path) -> None:
    sentence = CP_OE_SENTENCE.replace("Rochdale is\nadequate", "Rochdale is\ninadequate")
    _parsed, rec = _one(_write(tmp_path, "cp.txt", _edit(cp_pages(), CP_OE_SENTENCE, sentence)))
    j = rec.judgement("overall_effectiveness")
    assert j is not None and j.grade == "adequate" and j.status == "needs_review"
    assert "inadequate" in (j.reason or "")


def test_cp_2012_overall_missing(tmp_path: Path) -> None:
    pages = _edit(cp_pages(), CP_RMF_OE, "Overall effectiveness")
    pages = _edit(pages, CP_OE_SENTENCE, "2. " + FILLER)
    _parsed, rec = _one(_write(tmp_path, "cp.txt", pages))
    assert "overall_effectiveness" not in rec.grades()
    reasons = check_record(rec)
    assert any("overall_effectiveness" in r for r in reasons), reasons


@pytest.mark.parametrize(
    ("lines", "printed"),
    [
        (["Rochdale Metropolitan Borough", "Council"], "Rochdale Metropolitan Borough Council"),
        (["Ofsted", "Rochdale Borough Council"], "Rochdale Borough Council"),
    ],
)
def test_cp_2012_authority_lines(tmp_path: Path, lines: list[str], printed: str) -> None:
    pages = cp_pages()
    pages[0] = pages[0][:3] + lines + pages[0][4:]
    _parsed, rec = _one(_write(tmp_path, "cp.txt", pages))
    assert rec.authority_printed == printed


# ---- the 2012-13 looked-after inspection: a table grade printed with a contradicting number -------------


def test_lac_2012_grade_word_and_number_disagree(tmp_path: Path) -> None:
    pages: list[Page] = [
        [
            "Inspection of looked after children",
            "services",
            "Medway Council",
            "Inspection dates: 15-19 July 2013",
            "Reporting inspector Sarah Jones HMI",
            "Age group: All",
            "Published: 23 August 2013",
        ],
        [
            "Overall effectiveness of services for looked",
            "after children and young people",
            "Grade 3 (Adequate)",
            "8. The judgement for overall effectiveness is adequate. " + FILLER * 3,
        ],
        [
            "Record of main findings",
            "Services for looked after children",
            ("row", "Overall effectiveness", "Adequate Grade 4"),
            ("row", "Capacity to improve", "Adequate Grade 3"),
            ("row", "Outcomes for looked after children and young people", "Adequate Grade 3"),
            ("row", "Quality of provision", "Adequate Grade 3"),
            ("row", "Leadership and management", "Adequate Grade 3"),
        ],
    ]
    _parsed, rec = _one(_write(tmp_path, "lac.txt", pages))
    assert (rec.framework_id, rec.document_type) == ("lac_2012", "lac_inspection")
    j = rec.judgement("overall_effectiveness")
    assert j is not None and j.grade == "adequate" and j.status == "needs_review"
    assert "printed with grade 4" in (j.reason or "")
    assert j.confirmed_by  # the heading and the first paragraph agree with the word
    assert all(x.status == "ok" for x in rec.judgements if x is not j)


# ---- a review of the Local Safeguarding Children Board published on its own -----------------------------

LSCB_FRONT_GRADE = "The Local Safeguarding Children Board is good"


def lscb_pages() -> list[Page]:
    return [
        [
            "London Borough of Hounslow",
            "Review of the effectiveness of the Local Safeguarding Children",
            "Board",
            "Inspection date: 9 May 2016 – 2 June 2016",
            "Report published: 18 July 2016",
            LSCB_FRONT_GRADE,
            "An LSCB that is good coordinates the activity of statutory partners and monitors the effectiveness\n"
            "of local arrangements. Multi-agency training in the protection and care of children is effective and\n"
            "evaluated regularly for impact.",
        ],
        [
            "Contents",
            "Executive summary 2",
            "Recommendations 3",
            "Inspection findings – the Local Safeguarding Children Board 4",
            "Information about this review 7",
        ],
        [
            "Executive summary",
            "Hounslow Local Safeguarding Children Board (HLSCB) is good. The board has a clear understanding of\n"
            "the effectiveness of safeguarding practice across the partnership. " + FILLER,
            "Recommendations",
            "1. Ensure that the learning from serious case reviews is evaluated for its impact on frontline\n"
            "practice.",
            "2. Strengthen the oversight of children missing from education.",
            "3. Ensure that the annual report includes an analysis of the performance of all partner agencies.",
            "Inspection findings – the Local Safeguarding Children Board",
            "4. " + FILLER * 3,
        ],
        [
            "Information about this review",
            "The review of the Local Safeguarding Children Board was carried out under section 15A of the\n"
            "Children Act 2004.",
            "The review team",
            "Lead inspector: Margaret Oakes",
            "Team inspectors: Neil Evans, Ruth Ward",
        ],
    ]


def test_lscb_review_on_its_own(tmp_path: Path) -> None:
    parsed, rec = _one(_write(tmp_path, "lscb.txt", lscb_pages()))
    assert parsed.classification is not None
    assert (parsed.classification.framework_id, parsed.classification.document_type) == (
        "lscb",
        "lscb_review",
    )
    assert parsed.classification.via == "title"  # its title, from the lscb framework file
    assert (rec.part, rec.framework_id, rec.document_type) == ("lscb", "lscb", "lscb_review")
    assert rec.authority_printed == "London Borough of Hounslow"
    assert rec.inspection_start and rec.inspection_start.value == date(2016, 5, 9)
    assert rec.inspection_end and rec.inspection_end.value == date(2016, 6, 2)
    assert rec.published and rec.published.value == date(2016, 7, 18)
    assert rec.lead_inspector == "Margaret Oakes"
    assert rec.grades() == {"lscb_effectiveness": "good"}
    j = rec.judgements[0]
    assert j.status == "ok" and [s.page for s in j.confirmed_by] == [3]  # the executive summary
    assert [(r.category, r.text[:30]) for r in rec.recommendations] == [
        ("recommendation", "Ensure that the learning from "),
        ("recommendation", "Strengthen the oversight of ch"),
        ("recommendation", "Ensure that the annual report "),
    ]
    assert rec.reasons == [] and check_record(rec) == []


def hull_pages() -> list[Page]:
    """The layout of a 2015 review published on its own: the board's name above an "Inspection of the
    effectiveness …" title, improvements listed under "What does the LSCB need to improve?"."""
    return [
        [
            "Kingston upon Hull Safeguarding",
            "Children Board",
            "Inspection of the effectiveness of the local safeguarding",
            "children board",
            "Inspection date: 18 November – 10 December 2014",
            "Report published: 10 February 2015",
            "The Local Safeguarding Children Board requires improvement",
            "The arrangements in place to evaluate the effectiveness of what is done by the authority and\n"
            "board partners to safeguard and promote the welfare of children are not yet sufficiently robust.",
        ],
        [
            "Summary of findings",
            "The LSCB requires improvement because:",
            (
                "item",
                "the LSCB has not, until recently, provided regular detailed monitoring of front line practice",
            ),
            ("item", "board members have not consistently challenged partners about poor performance"),
            "What does the LSCB need to improve?",
            "Areas for improvement",
            "1. Ensure that all partner agencies provide performance data for the multi-agency scorecard.",
            "2. Complete and implement the strategy for children missing and at risk of sexual exploitation.",
            "Summary for children and young people",
            FILLER * 3,
        ],
        [
            "Information about the LSCB inspection",
            "The review was carried out under section 15A of the Children Act 2004.",
            "Lead inspector: Peter Collins",
        ],
    ]


def test_lscb_review_titled_inspection_of_the_effectiveness(tmp_path: Path) -> None:
    parsed, rec = _one(_write(tmp_path, "hull.txt", hull_pages()))
    assert parsed.classification is not None and parsed.classification.document_type == "lscb_review"
    # the board's name gives its area
    assert rec.authority_printed == "Kingston upon Hull"
    assert rec.inspection_start and rec.inspection_start.value == date(2014, 11, 18)
    assert rec.published and rec.published.value == date(2015, 2, 10)
    assert rec.lead_inspector == "Peter Collins"
    assert rec.grades() == {"lscb_effectiveness": "requires_improvement"}
    assert rec.judgements[0].status == "ok" and rec.judgements[0].confirmed_by
    assert [(r.category, r.text[:30]) for r in rec.recommendations] == [
        ("area_for_improvement", "Ensure that all partner agenci"),
        ("area_for_improvement", "Complete and implement the str"),
    ]
    assert check_record(rec) == []


def test_lscb_front_page_contradicted_by_the_summary(tmp_path: Path) -> None:
    pages = _edit(
        lscb_pages(),
        lscb_pages()[2][1],
        "The LSCB requires improvement because it does not yet monitor all partners. " + FILLER,
    )
    _parsed, rec = _one(_write(tmp_path, "lscb.txt", pages))
    j = rec.judgement("lscb_effectiveness")
    assert j is not None and j.grade == "good" and j.status == "needs_review"
    assert "requires improvement" in (j.reason or "")


def test_lscb_grade_missing(tmp_path: Path) -> None:
    pages = _edit(lscb_pages(), LSCB_FRONT_GRADE, None)
    pages = _edit(
        pages, pages[2][1], "The board has a clear understanding of safeguarding practice. " + FILLER
    )
    _parsed, rec = _one(_write(tmp_path, "lscb.txt", pages))
    j = rec.judgement("lscb_effectiveness")
    assert j is not None and j.grade is None and j.status == "needs_review"
    assert "the LSCB judgement was not found" in rec.reasons


# ---- the authorities resolve at the inspection date --------------------------------------------------------


@pytest.fixture(scope="module")
def authority_db(mini_official_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    from csinspect.store.db import init_db
    from csinspect.testing.store import load_official as load_directory

    url = f"sqlite:///{tmp_path_factory.mktemp('authorities') / 'a.sqlite'}"
    init_db(url)
    load_directory(mini_official_dir, url, kinds={"authorities"})
    return url


DOCUMENTS: dict[str, Callable[[], list[Page]]] = {
    "slac.pdf": slac_pages,
    "cp.txt": cp_pages,
    "lscb.txt": lscb_pages,
    "hull.txt": hull_pages,
}


def _ingested(paths: list[Path], url: str) -> Iterator[tuple[str, dict[str, Any]]]:
    from csinspect.testing.store import ingest as ingest_paths

    for out in ingest_paths(paths, url, store=False):
        assert out.status == "ok", (out.file, out.reasons)
        yield Path(out.file).name, out.detail["records"][0]["authority"]


def test_authorities_resolve(authority_db: str, tmp_path: Path) -> None:
    paths = [_write(tmp_path, name, make()) for name, make in DOCUMENTS.items()]
    got = {name: (a["la_code"], a["printed"]) for name, a in _ingested(paths, authority_db)}
    assert got == {
        "slac.pdf": ("801", "Bristol City Council"),
        "cp.txt": ("354", "Rochdale"),
        "lscb.txt": ("313", "London Borough of Hounslow"),
        "hull.txt": ("810", "Kingston upon Hull"),
    }
