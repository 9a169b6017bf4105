"""SIF inspections (2013-18), SIF re-inspections and LSCB reviews (alone or inside a SIF report).

A combined report gives two records: the local authority inspection (framework ``sif``) and the LSCB
review (framework ``lscb``), each with its own judgements, recommendations and publication date.
"""

from __future__ import annotations

import re

from csinspect.sources.reports.common import GRADE_WORDS, clean_name, resolve_grade
from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.readers.base import (
    Entry,
    cross_check_body,
    heading_positions,
    judgement_value,
    load_framework,
    read_area_facts,
    read_grade_table,
    read_headed_lists,
    read_labelled_date,
    read_lead_inspector,
    read_published,
)
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
    rf"|Children['’]?s\s+services\s+in\s+[^\n]{{1,80}}?|Children['’]?s\s+services)"
    rf"\s+(?:are\s+|is\s+|were\s+)?({GRADE_WORDS})",
    re.I,
)
_LSCB_GRADE = re.compile(
    rf"(?<![Aa]n )(?<![Aa] )(?:[Tt]he\s+)?(?:effectiveness\s+of\s+the\s+)?"
    rf"(?:(?:Local|[A-Z][\w'’&-]+(?:\s+[A-Z][\w'’&-]+)?)\s+Safeguarding\s+Children\s+Board(?:\s*\(\s*[A-Z]{{3,6}}\s*\))?|LSCB)"
    rf"\s+(?:is\s+|are\s+)?((?i:{GRADE_WORDS}))(?![ \t]+if\b)(?=[\s.]|$)",
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
    lines = [ln for ln in doc.text[:title_start].split("\n") if ln.strip() and not ln.strip().isdigit()]
    if lines:
        # the name can wrap: "St. Helens Metropolitan Borough\nCouncil"
        name = lines[-1].strip()
        if len(lines) >= 2 and re.fullmatch(r"(?:Council|Borough Council|County Council)", name, re.I):
            name = f"{lines[-2].strip()} {name}"
        pos = doc.text.find(name.split()[0], 0, title_start)
        record.authority_printed = clean_name(name)
        record.authority_span = doc.span(max(pos, 0), max(pos, 0) + len(name))


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
            (r"Recommendations", "recommendations"),
            (r"Priority\s+and\s+immediate\s+actions?", "priority_and_immediate_action"),
            (r"Areas\s+for\s+improvement", "areas_for_improvement"),
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


def read_lscb_part(
    doc: Doc, lscb: ReportRecord, title_start: int, section_start: int | None, la: ReportRecord | None
) -> None:
    fw, problem = load_framework("lscb")
    if problem:
        lscb.reasons.append(problem)
    # The LSCB review has its own publication line in some combined reports ("LSCB report published: …")
    m_pub = re.search(
        r"(?:LSCB|Local\s+Safeguarding\s+Children\s+Board)[^\n]{0,60}published\s*:?\s*(\d{1,2}\s+\w+\s+\d{4})",
        doc.text[:6000],
        re.I,
    )
    if m_pub:
        from csinspect.sources.reports.common import parse_date
        from csinspect.sources.reports.records import Dated

        d = parse_date(m_pub.group(1))
        if d:
            lscb.published = Dated(d, doc.span(m_pub.start(), m_pub.end()))
    elif la is not None:
        lscb.published = la.published
    search_from = section_start if section_start is not None else title_start
    g = _LSCB_GRADE.search(
        doc.text, title_start, doc.starts[1] if len(doc.starts) > 1 and doc.paged else 3000
    )
    if la is None and g is not None:
        # a review published on its own: the grade on its front page is restated by the summary of findings
        # ("The LSCB requires improvement because:"), so the cross-check reads on from the next page
        search_from = max(search_from, g.end(), doc.starts[1] if len(doc.starts) > 1 else 0)
    g_body = _LSCB_GRADE.search(doc.text, search_from)
    primary = g or g_body
    if primary is None:
        lscb.judgements = [judgement_value(fw, "lscb_effectiveness", "Effectiveness of the LSCB", None, None)]
        lscb.reasons.append("the LSCB judgement was not found")
    else:
        j = judgement_value(
            fw,
            "lscb_effectiveness",
            "Effectiveness of the LSCB",
            primary.group(1),
            doc.span(primary.start(), primary.end()),
        )
        if g is not None and g_body is not None and g_body.start() != g.start():
            gb, _ = resolve_grade(fw, g_body.group(1))
            if gb is not None and gb != j.grade:
                j.status, j.reason = (
                    "needs_review",
                    f"front page says {j.label!r}, the LSCB section says {g_body.group(1)!r}",
                )
            elif gb is not None:
                j.confirmed_by.append(doc.span(g_body.start(), g_body.end()))
        lscb.judgements = [j]
    if section_start is not None:
        read_headed_lists(
            doc,
            lscb,
            fw,
            [
                (r"Recommendations", "recommendations"),
                # the LSCB framework's category (SIF's own is "priority and immediate action")
                (r"Priority\s+actions?|Priority\s+and\s+immediate\s+actions?", "priority_actions"),
                (r"Areas\s+for\s+improvement", "areas_for_improvement"),
                # a stand-alone review may list its recommendations straight under this heading
                (r"What\s+does\s+the\s+LSCB\s+need\s+to\s+improve", "recommendations"),
            ],
            start=section_start,
            end=len(doc.text),
            section="LSCB",
        )
