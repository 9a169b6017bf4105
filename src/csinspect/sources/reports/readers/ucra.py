"""Unannounced inspections of contact, referral and assessment (2009-12): ungraded letters."""

from __future__ import annotations

import re

from csinspect.sources.reports.blocks.dates import first_date_line
from csinspect.sources.reports.blocks.front_matter import clean_name
from csinspect.sources.reports.blocks.grades import load_framework
from csinspect.sources.reports.blocks.headings import heading_positions
from csinspect.sources.reports.blocks.people import read_lead_inspector
from csinspect.sources.reports.blocks.recommendations import read_headed_lists, split_items
from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.readers.registry import Found, Reader
from csinspect.sources.reports.records import Dated, FindingValue, ReportRecord


def read_ucra(doc: Doc, record: ReportRecord, title_start: int) -> None:
    fw, problem = load_framework("ucra")
    if problem:
        record.reasons.append(problem)
    m = re.search(
        r"arrangements\s+(?:within|in)\s+(?P<name>[^\n]+?)\s+(?:children['’]?s\s+services|council)",
        doc.text[title_start : title_start + 600],
        re.I,
    )
    if m:
        record.authority_printed = clean_name(m.group("name"))
        record.authority_span = doc.span(title_start + m.start("name"), title_start + m.end("name"))
    letter = first_date_line(doc)
    if letter:
        record.published = Dated(letter[0], letter[1])  # type: ignore[arg-type]
    from csinspect.sources.reports.readers.visits import read_visit_dates

    read_visit_dates(doc, record, title_start)
    read_lead_inspector(
        doc,
        record,
        [
            r"Yours\s+sincerely\s*\n+(?:[ \t]*\n)*[ \t]*(?P<name>[A-Z][^\n]+)",
            r"lead\s+inspector\s*:?\s*(?P<name>[^\n,]+)",
        ],
    )
    read_headed_lists(
        doc,
        record,
        fw,
        [
            (r"Areas\s+(?:for|of)\s+priority\s+action", "priority_action"),
            (r"Areas\s+for\s+development", "areas_for_development"),
        ],
        section="UCRA",
    )
    st = heading_positions(doc, r"Areas\s+of\s+strength")
    if st:
        end = min(
            [
                x.start()
                for x in heading_positions(
                    doc, r"Areas\s+for\s+(?:development|priority\s+action)", st[0].end()
                )
            ]
            or [len(doc.text)]
        )
        for text, a, _ in split_items(doc.text[st[0].end() + 1 : end], st[0].end() + 1):
            record.findings.append(FindingValue("strength", None, text, doc.page_of(a)))


def read(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    read_ucra(doc, record, found.start)
    return [record]


READER = Reader("ucra", ("ucra_letter",), read)
