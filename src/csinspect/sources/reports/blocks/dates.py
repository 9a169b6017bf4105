"""Dates as Ofsted prints them: single dates, ranges in every printed form, labelled inspection and
publication dates, a letter's date line."""

from __future__ import annotations

import re
from datetime import date

from csinspect.sources.dates import MONTH_NUMBERS
from csinspect.sources.reports.normalise import Doc, Span
from csinspect.sources.reports.records import Dated, ReportRecord

MONTHS = dict(MONTH_NUMBERS)

_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)

DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_OF = r"(?:of\s+)?"  # "15 and 16 of May 2018"

DATE_RE = re.compile(rf"\b{DAY}\s+(?:of\s+)?({_MONTH_RE})\.?,?\s+((?:19|20)\d\d)\b", re.I)

_DASH = r"\s*(?:-|–|—|to|until|and)\s*"

# "11 to 15 September 2023", "24 – 28 June 2013", "1 and 2 May 2019"
RANGE_SAME_MONTH = re.compile(rf"\b{DAY}{_DASH}{DAY}\s+{_OF}({_MONTH_RE})\s+((?:19|20)\d\d)\b", re.I)

# "on 15 and 16 May" with no year printed (the letter's date gives it)
RANGE_NO_YEAR = re.compile(rf"\b{DAY}{_DASH}{DAY}\s+{_OF}({_MONTH_RE})\b(?!\s+(?:19|20)\d\d)", re.I)

# Between two dates that each name their month the dash may be lost in extraction (a glyph the PDF's font
# does not map): "18 November 10 December 2014" is still a range.
_DASH_OR_GAP = rf"(?:{_DASH}|\s+)"

# "28 March to 1 April 2022", "30 September to 11 October 2024"
RANGE_SAME_YEAR = re.compile(
    rf"\b{DAY}\s+{_OF}({_MONTH_RE}){_DASH_OR_GAP}{DAY}\s+{_OF}({_MONTH_RE})\s+((?:19|20)\d\d)\b", re.I
)

# "22 October 2014 – 12 November 2014", "13 March 2023 to 17 March 2023"
RANGE_FULL = re.compile(
    rf"\b{DAY}\s+({_MONTH_RE})\s+((?:19|20)\d\d){_DASH_OR_GAP}{DAY}\s+({_MONTH_RE})\s+((?:19|20)\d\d)\b",
    re.I,
)


def make_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), MONTHS[month.lower().rstrip(".")], int(day))
    except (KeyError, ValueError):
        return None


def parse_date(text: str) -> date | None:
    m = DATE_RE.search(text)
    return make_date(m.group(1), m.group(2), m.group(3)) if m else None


def parse_date_range(text: str) -> tuple[date, date, int, int] | None:
    """The first start/end range in ``text`` (with the match offsets), in any of Ofsted's printed forms.

    Several ranges joined by "and" (a paused inspection) give the first start and the last end.
    """
    found: list[tuple[int, int, date, date]] = []
    for rx, kind in ((RANGE_FULL, "full"), (RANGE_SAME_YEAR, "year"), (RANGE_SAME_MONTH, "month")):
        for m in rx.finditer(text):
            g = m.groups()
            if kind == "full":
                a, b = make_date(g[0], g[1], g[2]), make_date(g[3], g[4], g[5])
            elif kind == "year":
                a, b = make_date(g[0], g[1], g[4]), make_date(g[2], g[3], g[4])
            else:
                a, b = make_date(g[0], g[2], g[3]), make_date(g[1], g[2], g[3])
            if a and b and a > b and kind == "year" and a.month > b.month:
                # "29 December to 9 January 2015": the start is in the year before
                a = make_date(g[0], g[1], str(int(g[4]) - 1)) or a
            if a and b and a <= b:  # an "end" before the start is two unrelated dates, not a range
                found.append((m.start(), m.end(), a, b))
    if not found:
        return None
    found.sort()
    # keep non-overlapping matches in order, preferring the longest at each start
    chosen: list[tuple[int, int, date, date]] = []
    for item in sorted(found, key=lambda t: (t[0], -(t[1] - t[0]))):
        if not chosen or item[0] >= chosen[-1][1]:
            chosen.append(item)
    first, last = chosen[0], chosen[0]
    for nxt in chosen[1:]:
        between = text[last[1] : nxt[0]]
        if re.fullmatch(r"\s*(?:and|,|;)\s*", between):
            last = nxt
        else:
            break
    return first[2], last[3], first[0], last[1]


def dated(doc: Doc, d: object, start: int, end: int) -> Dated | None:
    from datetime import date

    return Dated(d, doc.span(start, end)) if isinstance(d, date) else None


def read_labelled_date(doc: Doc, record: ReportRecord, label_rx: str, *, limit: int | None = None) -> None:
    """Inspection dates after a label ("Inspection dates:"), published date after "Published:" etc."""
    text = doc.text if limit is None else doc.text[:limit]
    m = re.search(label_rx + r"[ \t]*:?[ \t]*([^\n]{0,120}(?:\n[^\n]{0,60})?)", text, re.I)
    if not m:
        return
    line_start = m.start(1)
    rng = parse_date_range(m.group(1))
    if rng:
        a, b, s, e = rng
        record.inspection_start = Dated(a, doc.span(line_start + s, line_start + e))
        record.inspection_end = Dated(b, doc.span(line_start + s, line_start + e))
        return
    d = DATE_RE.search(m.group(1))
    if d:
        day = make_date(d.group(1), d.group(2), d.group(3))
        if day:
            sp = doc.span(line_start + d.start(), line_start + d.end())
            record.inspection_start = Dated(day, sp)
            record.inspection_end = Dated(day, sp)


def read_published(
    doc: Doc, record: ReportRecord, rx: str = r"(?:Report\s+)?published\s*:?", limit: int = 4000
) -> None:
    m = re.search(rx + r"[ \t]*(?:on\s+)?" + DATE_RE.pattern, doc.text[:limit], re.I)
    if m:
        g = m.groups()
        d = make_date(g[-3], g[-2], g[-1])
        if d:
            record.published = Dated(d, doc.span(m.start(), m.end()))


def first_date_line(doc: Doc, limit: int = 1500) -> tuple[object, Span] | None:
    """The first line of the document that is only a date (a letter's date)."""
    for m in re.finditer(rf"^[ \t]*{DATE_RE.pattern}[ \t]*$", doc.text[:limit], re.M):
        d = make_date(m.group(1), m.group(2), m.group(3))
        if d:
            return d, doc.span(m.start(), m.end())
    return None
