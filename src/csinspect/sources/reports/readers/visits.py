"""Letters: ILACS focused visits, monitoring visits of inadequate authorities, JTAI outcome letters.
None of them is graded; they carry dates, inspectors, the theme and what needs to improve."""

from __future__ import annotations

import re

from csinspect.sources.reports.blocks.dates import (
    DATE_RE,
    RANGE_NO_YEAR,
    first_date_line,
    make_date,
    parse_date_range,
)
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
    """The visit's dates from the letter's first sentence ("… a focused visit to Camden children's services
    on the 15 and 16 of May 2018"). From the start of the title's line first: a letter republished without
    its title block is classified by that sentence; then anywhere on the first pages, for letters whose
    letterhead comes out of the PDF after the body. A date printed without its year takes the letter's year
    (the month before the letter's), and the record says so."""
    line_start = doc.text.rfind("\n", 0, title_start) + 1
    for a, b in ((line_start, title_start + 1500), (0, len(doc.head(2)))):
        for m in _FINDINGS_ON.finditer(doc.text, a, min(b, len(doc.text))):
            if _visit_dates(doc, record, m):
                return
    record.reasons.append("the visit's dates were not found in the letter's opening sentences")


def _visit_dates(doc: Doc, record: ReportRecord, m: re.Match[str]) -> bool:
    dates = m.group("dates")
    base = m.start("dates")
    rng = parse_date_range(dates)
    if rng:
        a, b, s, e = rng
        record.inspection_start = Dated(a, doc.span(base + s, base + e))
        record.inspection_end = Dated(b, doc.span(base + s, base + e))
        return True
    one = DATE_RE.search(dates)
    if one:
        d1 = make_date(one.group(1), one.group(2), one.group(3))
        if d1:
            sp = doc.span(base + one.start(), base + one.end())
            record.inspection_start = record.inspection_end = Dated(d1, sp)
            return True
    bare = RANGE_NO_YEAR.match(dates.strip()) or RANGE_NO_YEAR.search(dates[:40])
    if bare and record.published is not None:
        letter = record.published.value
        month = make_date("1", bare.group(3), str(letter.year))
        year = letter.year if month is None or month <= letter else letter.year - 1
        d1, d2 = (
            make_date(bare.group(1), bare.group(3), str(year)),
            make_date(bare.group(2), bare.group(3), str(year)),
        )
        if d1 and d2 and d1 <= d2:
            at = dates.find(bare.group(0))
            sp = doc.span(base + at, base + at + len(bare.group(0)))
            record.inspection_start, record.inspection_end = Dated(d1, sp), Dated(d2, sp)
            record.reasons.append(
                f"the visit's dates print no year ({bare.group(0)!r}): {year} taken from the letter's date"
            )
            return True
    return False


def read(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    read_visit(doc, record, found.start)
    return [record]


READER = Reader("visit", ("focused_visit", "monitoring_visit"), read)
