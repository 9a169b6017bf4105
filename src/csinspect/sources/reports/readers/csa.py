"""The annual children's services assessment (2009-11): one rating, in Ofsted's letter."""

from __future__ import annotations

import re

from csinspect.sources.reports.blocks.dates import first_date_line
from csinspect.sources.reports.blocks.front_matter import clean_name
from csinspect.sources.reports.blocks.grades import judgement_value, load_framework
from csinspect.sources.reports.blocks.headings import heading_positions
from csinspect.sources.reports.blocks.recommendations import read_headed_lists, split_items
from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.readers.registry import Found, Reader
from csinspect.sources.reports.records import Dated, FindingValue, ReportRecord

_CSA_HEAD = re.compile(
    r"^[ \t]*(?P<name>[^\n]+?)\s+children['’]?s\s+services\s+assessment\s+(?P<year>(?:19|20)\d\d)",
    re.I | re.M,
)

_CSA_GRADE = re.compile(
    r"Children['’]?s\s+services\s+assessment[ \t]*\n?[ \t]*(?P<g>Performs\s+\w+)(?:\s*\((?P<n>\d)\))?", re.I
)


def read_csa(doc: Doc, record: ReportRecord) -> None:
    fw, problem = load_framework("csa")
    if problem:
        record.reasons.append(problem)
    m = _CSA_HEAD.search(doc.text)
    if m:
        record.authority_printed = clean_name(m.group("name"))
        record.authority_span = doc.span(m.start("name"), m.end("name"))
        record.extra["assessment_year"] = int(m.group("year"))
    letter = first_date_line(doc)
    if letter:
        record.published = Dated(letter[0], letter[1])  # type: ignore[arg-type]
    g = _CSA_GRADE.search(doc.text, m.end() if m else 0)
    if g:
        j = judgement_value(
            fw,
            "childrens_services_assessment",
            "Children's services assessment",
            g.group("g"),
            doc.span(g.start(), g.end()),
        )
        if g.group("n") and j.grade is not None and fw is not None:
            num = fw.scale.value(j.grade).numeric
            if num is not None and num != int(g.group("n")):
                j.status, j.reason = (
                    "needs_review",
                    f"label {g.group('g')!r} and number ({g.group('n')}) disagree",
                )
        record.judgements = [j]
    else:
        record.reasons.append("the children's services assessment grade was not found")
    sig = re.search(
        r"Yours\s+sincerely[\s\S]{0,300}?\n[ \t]*(?P<name>[A-Z][a-z]+(?:[ \t]+[A-Z][A-Za-z'’-]+)+)[ \t]*\n[ \t]*(?P<role>[^\n]+)",
        doc.text,
    )
    if sig:
        record.extra["signed_by"] = f"{sig.group('name')}, {sig.group('role').strip()}"
    st = heading_positions(doc, r"Strengths")
    if st:
        end_h = heading_positions(doc, r"Areas\s+for\s+(?:further\s+)?improvement", st[0].end())
        end = end_h[0].start() if end_h else len(doc.text)
        for text, a, _ in split_items(doc.text[st[0].end() + 1 : end], st[0].end() + 1):
            record.findings.append(FindingValue("strength", None, text, doc.page_of(a)))
    stop = re.compile(r"^This\s+children['’]?s\s+services\s+assessment\s+is\s+provided", re.I)
    read_headed_lists(
        doc,
        record,
        fw,
        [(r"Areas\s+for\s+(?:further\s+)?improvement", "areas_for_further_improvement")],
        section="CSA",
        stop=stop,
    )


def read(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    read_csa(doc, record)
    return [record]


READER = Reader("csa", ("csa_letter",), read)
