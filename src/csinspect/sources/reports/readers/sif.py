"""SIF inspections (2013-18) and SIF re-inspections. A combined report gives two records: the local authority
inspection (framework ``sif``) and the LSCB review (framework ``lscb``, read by ``lscb``)."""

from __future__ import annotations

import re

from csinspect.sources.reports.blocks.dates import read_labelled_date, read_published
from csinspect.sources.reports.blocks.facts import read_area_facts
from csinspect.sources.reports.blocks.front_matter import clean_name, name_above
from csinspect.sources.reports.blocks.grades import (
    GRADE_WORDS,
    Entry,
    cross_check_body,
    judgement_value,
    load_framework,
    read_grade_table,
    resolve_grade,
)
from csinspect.sources.reports.blocks.headings import heading_positions
from csinspect.sources.reports.blocks.people import read_lead_inspector
from csinspect.sources.reports.blocks.recommendations import read_headed_lists
from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.readers.lscb import read_lscb_part
from csinspect.sources.reports.readers.registry import Found, Reader
from csinspect.sources.reports.records import JudgementValue, ReportRecord

ENTRIES = (
    Entry(
        "help_and_protection",
        (
            "Children who need help and protection",
            "The experiences and progress of children who need help and protection",
        ),
    ),
    Entry(
        "looked_after_and_permanence",
        (
            "Children looked after and achieving permanence",
            "The experiences and progress of children looked after and achieving permanence",
        ),
    ),
    Entry("adoption_performance", ("Adoption performance",)),
    Entry(
        "care_leavers",
        ("Experiences and progress of care leavers", "The experiences and progress of care leavers"),
    ),
    Entry("leadership_management_governance", ("Leadership, management and governance",)),
)

_OVERALL = re.compile(
    rf"(?:The\s+overall\s+judgement\s+is(?:\s+that)?(?:\s+(?:the\s+)?children['’]?s\s+services?(?:\s+in\s+[^\n]{{1,60}}?)?)?"
    # the authority's name may wrap: "Children's services in the London Borough of Hammersmith and\nFulham are good"
    rf"|Children['’]?s\s+services\s+in\s+[^\n]{{1,80}}?(?:\n[^\n]{{1,60}}?)?|Children['’]?s\s+services)"
    rf"\s+(?:are\s+|is\s+|were\s+)?({GRADE_WORDS})",
    re.I,
)

_SUB_BODY = re.compile(
    rf"graded\s+judgement\s+(?:for|about|on)\s+(?:the\s+)?(adoption\s+performance|experiences?\s+and\s+progress\s+of\s+care\s+leavers)"
    rf"\s+is\s+that\s+(?:it\s+)?(?:is\s+)?({GRADE_WORDS})",
    re.I,
)

_SUB_BODY_LOWER = re.compile(
    rf"graded\s+judgement\s+(?:for|about|on)\s+(?:the\s+)?(adoption\s+performance|experiences?\s+and\s+progress\s+of\s+care\s+leavers)"
    rf"\s+is\s+that\s+(?:it\s+)?(?:is\s+)?({GRADE_WORDS.lower()})"
)

_LSCB_SECTION = (
    r"(?:Section\s+2\s*:?\s*)?(?:The\s+effectiveness\s+of\s+)?the\s+Local\s+Safeguarding\s+Children\s+Board"
    r"(?:\s*\(LSCB\))?"
)

_LEAD = [
    r"^[ \t]*Lead\s+inspector\s*:?[ \t]*(?P<name>[^\n]+)",
    r"^[ \t]*Lead\s+HMI\s*:?[ \t]*(?P<name>[^\n]+)",
]


def _authority(doc: Doc, record: ReportRecord, title_start: int) -> None:
    where = name_above(doc, title_start)
    if where is not None:
        record.authority_printed = clean_name(doc.text[where[0] : where[1]])
        record.authority_span = doc.span(*where)


_TABLE_ROW = re.compile(r"[ \t]*\d(?:\.\d)?\.?[ \t]+\S[^\n]*\n")


def _table_continued(doc: Doc, page2: int, fw, have: set[str]) -> list[JudgementValue]:  # type: ignore[no-untyped-def]
    """Rows of the front page's grade table carried over to the top of page 2 ("2.2 Experiences and
    progress of care leavers Requires improvement")."""
    missing = [e for e in ENTRIES if e.judgement_id not in have]
    if not missing or not doc.paged or page2 >= len(doc.text):
        return []
    end = page2
    while (m := _TABLE_ROW.match(doc.text, end)) is not None:
        end = m.end()
    return read_grade_table(doc, page2, end, missing, fw) if end > page2 else []


def _lscb_section_start(doc: Doc) -> int | None:
    found = heading_positions(doc, _LSCB_SECTION)
    # the contents list names it too: the section is the last heading-only occurrence
    return found[-1].start() if found else None


def read_sif(doc: Doc, record: ReportRecord, title_start: int, also_lscb: bool) -> list[ReportRecord]:
    """Fills ``record`` (the local authority inspection); returns the LSCB record too when present."""
    reinspection = record.document_type == "sif_reinspection"
    _authority(doc, record, title_start)
    read_labelled_date(doc, record, r"Inspection\s+dates?", limit=3000)
    read_published(doc, record)
    read_lead_inspector(doc, record, _LEAD)
    fw, problem = load_framework(record.framework_id)
    if problem:
        record.reasons.append(problem)
        fw_fallback, _ = load_framework("sif")
        fw = fw or fw_fallback

    page2 = doc.starts[1] if len(doc.starts) > 1 and doc.paged else min(len(doc.text), 3000)
    front_end = page2
    foot = re.search(r"^[ \t]*1\s+Ofsted\s+produces", doc.text[title_start:page2], re.M)
    if foot:
        front_end = title_start + foot.start()
    judgements: list[JudgementValue] = []
    m = _OVERALL.search(doc.text, title_start, front_end)
    if m:
        judgements.append(
            judgement_value(
                fw, "overall_effectiveness", "Overall effectiveness", m.group(1), doc.span(m.start(), m.end())
            )
        )
    table_start = m.end() if m else title_start
    judgements += read_grade_table(doc, table_start, front_end, ENTRIES, fw)
    judgements += _table_continued(doc, page2, fw, {j.judgement_id for j in judgements})
    record.judgements = judgements
    if m is None:
        record.judgements.insert(
            0,
            judgement_value(fw, "overall_effectiveness", "Overall effectiveness", None, None),
        )
    # every graded judgement of the framework is printed on a SIF front page: one that was not read is listed
    # as needing review (a front page whose table lost its layout must not look complete)
    expected = [n.id for n in fw.iter_judgements() if n.graded] if fw is not None else []
    cross_check_body(doc, record, fw, front_end, {e.judgement_id: e.titles for e in ENTRIES}, expected)
    for sm in _SUB_BODY_LOWER.finditer(doc.lower, front_end):
        jid = "adoption_performance" if sm.group(1).lower().startswith("adoption") else "care_leavers"
        j = record.judgement(jid)
        g, _ = resolve_grade(fw, sm.group(2))
        if j is not None and g is not None:
            span = doc.span(sm.start(), sm.end())
            if j.grade is None:
                j.label, j.grade, j.ordinal = sm.group(2), g, resolve_grade(fw, sm.group(2))[1]
                j.span, j.status, j.reason = (
                    span,
                    "needs_review",
                    "grade missing from the front page; read from the report body",
                )
            elif g != j.grade:
                j.status, j.reason = (
                    "needs_review",
                    f"front page says {j.label!r}, page {span.page} says {sm.group(2)!r}",
                )
            else:
                j.confirmed_by.append(span)

    lscb_start = _lscb_section_start(doc)
    la_end = lscb_start if lscb_start is not None else len(doc.text)
    read_headed_lists(
        doc,
        record,
        fw,
        [
            (r"Recommendations", "recommendation"),
            (r"Priority\s+and\s+immediate\s+actions?", "priority_action"),
            (r"Areas\s+for\s+improvement", "area_for_improvement"),
        ],
        start=front_end,
        end=la_end,
        section="Local authority",
    )
    read_area_facts(doc, record)
    record.extra["reinspection"] = reinspection

    if not also_lscb:
        return [record]
    lscb = ReportRecord(part="lscb", framework_id="lscb", document_type="lscb_review")
    lscb.authority_printed, lscb.authority_span = record.authority_printed, record.authority_span
    lscb.inspection_start, lscb.inspection_end = record.inspection_start, record.inspection_end
    lscb.lead_inspector, lscb.lead_inspector_span = record.lead_inspector, record.lead_inspector_span
    read_lscb_part(doc, lscb, title_start, lscb_start, record)
    return [record, lscb]


def read(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    return read_sif(doc, record, found.start, found.also_lscb)


READER = Reader("sif", ("sif", "sif_reinspection"), read)
