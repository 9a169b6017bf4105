"""Annual performance assessments (2005-08): Ofsted's letter, or a council paper reprinting its grades."""

from __future__ import annotations

import re

from csinspect.sources.reports.blocks.dates import DATE_RE, first_date_line, make_date
from csinspect.sources.reports.blocks.front_matter import clean_name
from csinspect.sources.reports.blocks.grades import load_framework, read_numbered_table
from csinspect.sources.reports.blocks.recommendations import read_headed_lists, split_items
from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.readers.jar import _SCALE_LINE
from csinspect.sources.reports.readers.registry import Found, Reader
from csinspect.sources.reports.records import Dated, FindingValue, ReportRecord

_APA_AUTHORITY = [
    re.compile(
        r"children\s+and\s+young\s+people\s+in\s+(?P<name>[A-Z][^\n]*?)(?:\s+(?:19|20)\d\d\b|\s+[–-]\s|[.,]|\s*$)",
        re.M,
    ),
    re.compile(r"(?P<name>[A-Z][A-Za-z .&'’-]+?)['’]s\s+(?:19|20)\d\d\s+APA", re.M),
]


def _apa_framework(year: int | None) -> str:
    if year is None or year >= 2007:
        return "apa_2007"
    return "apa_2006" if year == 2006 else "apa_2005"


def read_apa(doc: Doc, record: ReportRecord) -> None:
    for rx in _APA_AUTHORITY:
        m = rx.search(doc.text)
        if m:
            record.authority_printed = clean_name(m.group("name"))
            record.authority_span = doc.span(m.start("name"), m.end("name"))
            break
    y = re.search(
        r"\b((?:19|20)\d\d)\s+(?:APA|annual\s+performance\s+assessment)|annual\s+performance\s+assessment\s+(?:of\s+[^\n]{0,120}?)?((?:19|20)\d\d)",
        doc.text,
        re.I,
    )
    year = int(y.group(1) or y.group(2)) if y else None
    if year:
        record.extra["assessment_year"] = year
    record.framework_id = _apa_framework(year)
    fw, problem = load_framework(record.framework_id)
    if problem:
        record.reasons.append(problem)
    pub = re.search(r"published\s+(?:by\s+Ofsted\s+)?on\s+" + DATE_RE.pattern, doc.text, re.I)
    if pub:
        d = make_date(pub.group(1), pub.group(2), pub.group(3))
        if d:
            record.published = Dated(d, doc.span(pub.start(), pub.end()))
    if record.document_type == "apa_council_paper":
        pd = re.search(r"DATE\s*:?\s*" + DATE_RE.pattern, doc.text[:3000], re.I)
        if pd:
            record.extra["paper_date"] = str(make_date(pd.group(1), pd.group(2), pd.group(3)))
    elif record.published is None:
        letter = first_date_line(doc)
        if letter:
            record.published = Dated(letter[0], letter[1])  # type: ignore[arg-type]
    s = _SCALE_LINE.search(doc.text)
    start = s.end() if s else 0
    record.judgements = read_numbered_table(doc, fw, start, min(len(doc.text), start + 1500))
    # "major strengths" listed by the paper or letter are findings; areas for development are actions
    hs = re.search(r"major\s+strengths[^\n]*:?\s*\n", doc.text, re.I)
    if hs:
        end = re.search(r"^[ \t]*\d{1,2}\.\s", doc.text[hs.end() :], re.M)
        block_end = hs.end() + (end.start() if end else 2000)
        for text, a, _ in split_items(doc.text[hs.end() : block_end], hs.end()):
            record.findings.append(FindingValue("strength", None, text, doc.page_of(a)))
    read_headed_lists(
        doc,
        record,
        fw,
        [(r"Areas\s+for\s+(?:development|improvement)", "areas_for_development")],
        section="APA",
    )


def read(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    read_apa(doc, record)
    return [record]


READER = Reader("apa", ("apa", "apa_letter", "apa_council_paper"), read)
