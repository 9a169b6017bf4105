"""Reviews of the effectiveness of the Local Safeguarding Children Board (2013-18): inside a SIF report, or
published on their own."""

from __future__ import annotations

import re

from csinspect.sources.reports.blocks.front_matter import read_front_matter
from csinspect.sources.reports.blocks.grades import (
    GRADE_WORDS,
    judgement_value,
    load_framework,
    resolve_grade,
)
from csinspect.sources.reports.blocks.recommendations import read_headed_lists
from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.readers.registry import Found, Reader
from csinspect.sources.reports.records import ReportRecord

_LSCB_GRADE = re.compile(
    rf"(?<![Aa]n )(?<![Aa] )(?:[Tt]he\s+)?(?:effectiveness\s+of\s+the\s+)?"
    rf"(?:(?:Local|[A-Z][\w'’&-]+(?:\s+[A-Z][\w'’&-]+)?)\s+Safeguarding\s+Children\s+Board(?:\s*\(\s*[A-Z]{{3,6}}\s*\))?|LSCB)"
    rf"\s+(?:is\s+|are\s+)?((?i:{GRADE_WORDS}))(?![ \t]+if\b)(?=[\s.]|$)",
)


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
        from csinspect.sources.reports.blocks.dates import parse_date
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
                (r"Recommendations", "recommendation"),
                # the LSCB framework's category (SIF's own is "priority and immediate action")
                (r"Priority\s+actions?|Priority\s+and\s+immediate\s+actions?", "priority_action"),
                (r"Areas\s+for\s+improvement", "area_for_improvement"),
                # a stand-alone review may list its recommendations straight under this heading
                (r"What\s+does\s+the\s+LSCB\s+need\s+to\s+improve", "recommendation"),
            ],
            start=section_start,
            end=len(doc.text),
            section="LSCB",
        )


def read(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    """A review published on its own."""
    record.part = "lscb"
    read_lscb_part(doc, record, found.start, found.start, None)
    read_front_matter(doc, record, found.start)
    return [record]


READER = Reader("lscb", ("lscb_review",), read)
