"""Letters: ILACS focused visits, monitoring visits of inadequate authorities, JTAI outcome letters.
None of them is graded; they carry dates, inspectors, the theme and what needs to improve."""

from __future__ import annotations

import re

from csinspect.sources.reports.blocks.dates import DATE_RE, first_date_line, make_date, parse_date_range
from csinspect.sources.reports.blocks.front_matter import clean_name
from csinspect.sources.reports.blocks.grades import load_framework
from csinspect.sources.reports.blocks.people import read_lead_inspector
from csinspect.sources.reports.blocks.recommendations import read_headed_lists
from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.readers.registry import Found, Reader
from csinspect.sources.reports.records import Dated, ReportRecord

_CS = r"children['’]?s\s+services"
_TITLES = {
    "focused_visit": re.compile(
        rf"Focused\s+visit\s+to\s+(?P<name>.+?)(?:['’]s)?\s+(?:local\s+authority\s+)?{_CS}", re.I | re.S
    ),
    "monitoring_visit": re.compile(
        rf"Monitoring\s+visit\s+(?:to|of)\s+(?P<name>.+?)(?:['’]s)?\s+(?:local\s+authority\s+)?{_CS}",
        re.I | re.S,
    ),
    "jtai_letter": re.compile(
        r"Joint\s+targeted\s+area\s+inspection\s+of\s+[^\n]*?(?:\n[^\n]*?){0,2}?\s+in\s+(?P<name>[A-Z][^\n]*?)\s*$",
        re.I | re.M,
    ),
}
_FINDINGS_ON = re.compile(
    r"(?:summarises\s+the\s+findings|took\s+place|carried\s+out|inspection\s+took\s+place)[^.]{0,200}?"
    r"\b(?:on|between|from)\s+(?P<dates>[^.]{0,80})",
    re.I | re.S,
)
_THEME = re.compile(r"Inspectors\s+looked\s+at\s+(?P<theme>[^.]{5,300})\.", re.I | re.S)
_LEAD = [
    r"lead\s+inspector\s+(?:was|is)\s+(?P<name>[A-Z][^,\n.]+)",
    r"Yours\s+sincerely\s*\n+(?:[ \t]*\n)*[ \t]*(?P<name>[A-Z][^\n]+)",
    r"inspectors\s+(?:for\s+this\s+visit\s+)?were\s+(?P<name>(?-i:[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){1,3}))",
]
_ORDINAL = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+monitoring\s+visit",
    re.I,
)


def read_visit(doc: Doc, record: ReportRecord, title_start: int) -> None:
    fw, problem = load_framework(record.framework_id)
    if problem:
        record.reasons.append(problem)
    rx = _TITLES.get(record.document_type)
    head = doc.head(2)
    if rx is not None:
        m = rx.search(head, max(0, title_start - 5))
        if m:
            name = clean_name(re.sub(r"\s+", " ", m.group("name")))
            record.authority_printed = name
            record.authority_span = doc.span(m.start("name"), m.end("name"))
    letter = first_date_line(doc)
    if letter is not None:
        d, span = letter
        record.published = Dated(d, span)  # type: ignore[arg-type]
    read_visit_dates(doc, record, title_start)
    read_lead_inspector(doc, record, _LEAD)
    t = _THEME.search(doc.text, title_start, title_start + 3000)
    if t:
        record.extra["theme"] = " ".join(t.group("theme").split())
    o = _ORDINAL.search(doc.text, title_start, title_start + 4000)
    if o and record.document_type == "monitoring_visit":
        record.extra["visit_number"] = o.group(1).lower()
    read_headed_lists(
        doc,
        record,
        fw,
        [
            (r"Areas\s+for\s+priority\s+action", "priority_action"),
            (
                r"What\s+needs\s+to\s+improve(?:\s+in\s+this\s+area\s+of\s+social\s+work\s+practice)?",
                "what_needs_to_improve",
            ),
            (r"Areas\s+for\s+(?:improvement|development)", "area_for_improvement"),
        ],
        start=title_start,
        section="What needs to improve",
    )


def read_visit_dates(doc: Doc, record: ReportRecord, title_start: int) -> None:
    # from the start of the title's line: a letter republished without its title block (a council paper, a
    # newspaper) is classified by its first sentence, "This letter summarises the findings of the monitoring
    # visit to … on 4 and 5 October 2022", whose dates follow the words the cue matched
    line_start = doc.text.rfind("\n", 0, title_start) + 1
    m = _FINDINGS_ON.search(doc.text, line_start, title_start + 1500)
    if m:
        dates = m.group("dates")
        rng = parse_date_range(dates)
        base = m.start("dates")
        if rng:
            a, b, s, e = rng
            record.inspection_start = Dated(a, doc.span(base + s, base + e))
            record.inspection_end = Dated(b, doc.span(base + s, base + e))
        else:
            one = DATE_RE.search(dates)
            if one:
                d1 = make_date(one.group(1), one.group(2), one.group(3))
                if d1:
                    sp = doc.span(base + one.start(), base + one.end())
                    record.inspection_start = record.inspection_end = Dated(d1, sp)


def read(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    read_visit(doc, record, found.start)
    return [record]


READER = Reader("visit", ("focused_visit", "monitoring_visit"), read)
