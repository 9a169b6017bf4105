"""A report's front page: the authority's name (wrapped over lines, under a council paper's label, or as its
Safeguarding Children Board), the inspection dates, the publication date and the lead inspector."""

from __future__ import annotations

import re

from csinspect.sources.reports.blocks.dates import read_labelled_date, read_published
from csinspect.sources.reports.blocks.people import read_lead_inspector
from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.records import ReportRecord

# A council paper that republishes a report labels it ("Appendix 2", "Annex B") above the report's own title.
_PAPER_LABEL = re.compile(r"^(?:appendix|annex|enclosure)\s+[a-z0-9]{1,3}\b[\s.:-]*", re.I)


def clean_name(name: str) -> str:
    name = " ".join(name.split()).strip(" ,.;:")
    name = _PAPER_LABEL.sub("", name)
    return re.sub(r"^(?:the)\s+", "", name, flags=re.I)


_FRONT_TITLE = re.compile(
    r"(?:inspection\s+of\s+safeguarding\s+and\s+looked\s+after\s+children\s+services"
    r"|inspection\s+of\s+local\s+authority\s+arrangements\s+for\s+the\s+protection\s+of\s+children"
    r"|inspection\s+of\s+looked\s+after\s+children\s+services"
    r"|(?:review|inspection)\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+children\s+board"
    r"(?:\s*\(lscb\))?)",
    re.I,
)

_FRONT_LABEL = re.compile(
    r"(?:inspection\s+dates?|(?:report\s+)?published|lead\s+inspector|reporting\s+inspector|lead\s+hmi|age\s+group)\b",
    re.I,
)

# a name wrapped over two lines: "St. Helens Metropolitan Borough" / "Council", "… Safeguarding" / "Children Board"
_NAME_TAIL = re.compile(  # used with .match at a line start
    r"(?:[a-z]|(?:(?:Metropolitan\s+)?(?:Borough|County|City|District)\s+)?Council\b|"
    r"(?:Local\s+)?(?:Safeguarding\s+)?Children['’]?s?\s+Board\b|Board\b)"
)

_NAME_OPEN = re.compile(r"(?:\b(?:of|and|upon|on|the|Metropolitan|Safeguarding|Local)|,)$", re.I)

_BOARD = re.compile(
    r"[\s,]*(?:(?:the\s+)?Local\s+)?Safeguarding\s+Children['’]?s?\s+Board(?:\s*\(\s*[A-Z]{3,6}\s*\))?$"
    r"|\s+\(?L?SCB\)?$",
    re.I,
)


def _lines_between(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """(start, end) of the non-blank lines of ``text[a:b]``, stripped."""
    out = []
    pos = a
    while pos < b:
        nl = text.find("\n", pos, b)
        nl = b if nl == -1 else nl
        raw = text[pos:nl]
        s = raw.strip()
        if s:
            x = pos + raw.index(s)
            out.append((x, x + len(s)))
        pos = nl + 1
    return out


_NOT_A_NAME = re.compile(r"\d{1,3}|and|Ofsted|Care\s+Quality\s+Commission|CQC", re.I)

_COUNCILISH = re.compile(r"\b(?:Council|Borough|County|City|London|Royal|Metropolitan|Safeguarding)\b")


def _wrapped(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether ``second`` continues the name begun on ``first`` ("… Borough" / "Council")."""
    return bool(_NAME_TAIL.match(text, second[0]) or _NAME_OPEN.search(text, first[0], first[1]))


def _front_authority(doc: Doc, title_start: int) -> tuple[int, int] | None:
    """Where the authority's name is printed: between the title and the first labelled line ("Inspection
    dates:", "Published:" …), or else just above the title; a name wrapped over two lines is joined."""
    text = doc.text
    m = _FRONT_TITLE.match(text, title_start)
    title_end = m.end() if m else title_start
    nl = text.find("\n", title_end)
    if nl != -1:
        names: list[tuple[int, int]] = []
        for a, b in _lines_between(text, nl + 1, min(len(text), nl + 400)):
            if _FRONT_LABEL.match(text, a) or _FRONT_TITLE.match(text, a):
                break  # a label, or the title printed again under a running header naming it
            if not _NOT_A_NAME.fullmatch(text, a, b):
                names.append((a, b))
        else:
            names = []  # no labelled line: this is not the front page's name block
        if 0 < len(names) <= 3:
            # the line that looks like a council's name (logos' words aside), with its wrapped tail
            i = next((k for k, (a, b) in enumerate(names) if _COUNCILISH.search(text, a, b)), 0)
            j = i + 1 if i + 1 < len(names) and _wrapped(text, names[i], names[i + 1]) else i
            return names[i][0], names[j][1]
    return name_above(doc, title_start)


def name_above(doc: Doc, title_start: int) -> tuple[int, int] | None:
    """The name printed just above a title, joined when it wraps ("St Helens Metropolitan Borough" /
    "Council", "London Borough of Hammersmith and" / "Fulham"): (start, end) in ``doc.text``."""
    text = doc.text
    above = [(a, b) for a, b in _lines_between(text, max(0, title_start - 400), title_start)]
    above = [(a, b) for a, b in above if not _NOT_A_NAME.fullmatch(text, a, b)]
    if not above:
        return None
    a, b = above[-1]
    if len(above) > 1 and _wrapped(text, above[-2], above[-1]):
        a = above[-2][0]
    return a, b


def read_front_matter(doc: Doc, record: ReportRecord, title_start: int) -> None:
    """Authority, inspection dates, published date, lead inspector. A Local Safeguarding Children Board's
    name gives its area ("Kingston upon Hull Safeguarding Children Board" -> "Kingston upon Hull")."""
    if record.authority_printed is None:
        where = _front_authority(doc, title_start)
        if where is not None:
            name = _BOARD.sub("", " ".join(doc.text[where[0] : where[1]].split()))
            if clean_name(name):
                record.authority_printed = clean_name(name)
                record.authority_span = doc.span(*where)
    if record.inspection_start is None:
        read_labelled_date(doc, record, r"Inspection\s+dates?", limit=4000)
    if record.published is None:
        read_published(doc, record, r"(?:Report\s+)?published\s*:?", limit=4000)
    if record.lead_inspector is None:
        read_lead_inspector(
            doc,
            record,
            [
                r"(?:Reporting|Lead)\s+inspector\s*:?[ \t]*(?P<name>[^\n]+)",
                r"Lead\s+HMI\s*:?[ \t]*(?P<name>[^\n]+)",
            ],
        )
