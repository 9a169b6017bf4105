"""Recommendation lists: items by bullets, numbers or paragraphs, the end of a list, the lists under each
heading of a report, and the framework's category for a printed heading."""

from __future__ import annotations

import re
from collections.abc import Sequence

from csinspect.frameworks.schema import Framework, normalise_label
from csinspect.sources.reports.blocks.headings import heading_positions
from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.records import RecommendationValue, ReportRecord

_ITEM_START = re.compile(r"^(?:-\s+|\d{1,3}\.\s+|\(?[a-z]\)\s+|\(?[ivx]{1,4}\)\s+)")


def split_items(block: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """List items of a block (bullets, numbered paragraphs, lines after a "should:" preamble), each with
    its start/end offsets (relative to ``offset``). Wrapped lines are joined into their item."""
    items: list[list[int | str]] = []
    pos = 0
    new_item_next = True
    lines = block.split("\n")
    # without any bullet or number, items are paragraphs: a new one starts after a finished sentence
    paragraphs = not any(_ITEM_START.match(ln.strip()) for ln in lines)
    prev = ""
    for line in lines:
        if paragraphs and prev.rstrip().endswith((".", ";")) and line.strip()[:1].isupper():
            new_item_next = True
        if line.strip():
            prev = line
        start = pos
        pos += len(line) + 1
        s = line.strip()
        if not s:
            new_item_next = (
                True if items and str(items[-1][0]).rstrip().endswith((".", ";")) else new_item_next
            )
            continue
        if s.endswith(":") and len(s) < 160 and not _ITEM_START.match(s):
            new_item_next = True  # a preamble such as "The local partnership should:"
            continue
        m = _ITEM_START.match(s)
        if m or new_item_next or not items:
            text = s[m.end() :] if m else s
            items.append([text, offset + start, offset + start + len(line)])
            new_item_next = False
        else:
            items[-1][0] = f"{items[-1][0]} {s}"
            items[-1][2] = offset + start + len(line)
    out = [(" ".join(str(t).split()), int(a), int(b)) for t, a, b in items if str(t).strip()]
    return [it for it in out if not _is_contents_entry(it[0])]


# "50 Inspection judgement about the LSCB 50 What the inspection judgements mean 56": headings each followed
# by a page number (a contents page under a heading the reader looked for), not an item.
_CONTENTS_ENTRY = re.compile(
    r"(?:\d{1,3}\s+)?(?:[A-Z][^\d.;:!]*?\s\d{1,3}\s+)+[A-Z][^\d.;:!]*?\s\d{1,3}(?:\s+[A-Z][^\d.;:!]*)?"
)


def _is_contents_entry(text: str) -> bool:
    return _CONTENTS_ENTRY.fullmatch(text) is not None


def read_recommendations(
    doc: Doc,
    record: ReportRecord,
    fw: Framework | None,
    start: int,
    end: int,
    *,
    category: str | None,
    section: str,
) -> int:
    """Items of ``text[start:end]`` as recommendations of ``category``; returns how many were read."""
    n = 0
    for text, a, b in split_items(doc.text[start:end], start):
        if len(text) < 12 or _is_footnote_noise(text) or _NONE_RE.match(text):
            continue
        if len(text.split()) <= 5 and not text.endswith((".", ";", ")")):
            continue  # a sub-heading inside the list ("Leadership and management")
        record.recommendations.append(
            RecommendationValue(text, category_id(fw, category), section, doc.span(a, b))
        )
        n += 1
    return n


_NONE_RE = re.compile(r"^(?:There\s+(?:are|were)\s+no\s|None\.?$|Not\s+applicable)", re.I)


def _is_footnote_noise(text: str) -> bool:
    return bool(
        re.match(r"^(?:Ofsted|Piccadilly Gate|Store Street|Manchester|T:? 0300|Textphone|www\.|E:|W:)", text)
    )


def category_id(fw: Framework | None, printed_or_id: str | None) -> str | None:
    """The framework's recommendation category id for a printed heading (or an id), else the given value."""
    if printed_or_id is None or fw is None:
        return printed_or_id
    key = normalise_label(printed_or_id)
    for c in fw.recommendation_categories:
        if c.id == printed_or_id or key in {normalise_label(x) for x in (c.label, *c.variants)}:
            return c.id
    return printed_or_id


_ITEM_LINE = re.compile(r"^(?:-\s+|\d{1,3}\.\s+|\(?[a-z]\)\s+|\(?[ivx]{1,4}\)\s+)")

_STOP_LINE = re.compile(
    r"^(?:The experiences and progress|The impact of leaders|Summary for children|Inspection findings|"
    r"Information about|Findings$|Overview$|Ofsted$|Piccadilly Gate|Aviation House|Yours sincerely|Next steps|"
    r"\d{1,2} [A-Z][a-z]+ (?:have|has|was|were|are) |\d [A-Z][a-z]+.*cross-referenced|Major strengths|"
    r"Equality and diversity|Context$|Safeguarding$|Looked after children|Children and young people with|"
    # a graded section heading or the grades table after a list (SLAC, 2012-13 reports)
    r".{0,120}\bGrade [1-4] ?\((?:Outstanding|Good|Adequate|Inadequate)\)$|Record of main findings)",
)


def block_end(doc: Doc, start: int, limit: int, stop: re.Pattern[str] | None = None) -> int:
    """Where a list that starts at ``start`` ends: a stop heading, or a plain line after a finished item."""
    text = doc.text
    pos = start
    had_item = False
    prev_finished = False
    while pos < limit:
        nl = text.find("\n", pos)
        nl = limit if nl == -1 or nl > limit else nl
        line = text[pos:nl].strip()
        if line:
            if _STOP_LINE.match(line) or (stop is not None and stop.match(line)):
                return pos
            is_item = bool(_ITEM_LINE.match(line))
            if had_item and prev_finished and not is_item and not line.endswith(":"):
                return pos
            if is_item:
                had_item = True
            elif not had_item and not line.endswith(":"):
                had_item = True  # an unbulleted first item
            prev_finished = line.endswith((".", ";", ")", "?")) or line.endswith(":")
        pos = nl + 1
    return limit


def read_headed_lists(
    doc: Doc,
    record: ReportRecord,
    fw: Framework | None,
    headings: Sequence[tuple[str, str | None]],
    *,
    start: int = 0,
    end: int | None = None,
    section: str,
    stop: re.Pattern[str] | None = None,
) -> int:
    """Read the list under each heading (regex, category) found as a line in ``[start, end)``: the first
    occurrence that has a list under it (a contents page names the heading too, with nothing under it)."""
    end = len(doc.text) if end is None else end
    known = {c.id for c in fw.recommendation_categories} if fw is not None else set()
    found = [(rx, cat, heading_positions(doc, rx, start, end)) for rx, cat in headings]
    all_starts = sorted(m.start() for _, _, ms in found for m in ms)
    n = 0
    for _rx, cat, matches in found:
        for m in matches:
            limit = next((x for x in all_starts if x > m.start()), end)
            stop_at = block_end(doc, m.end() + 1, limit, stop)
            printed = re.sub(r"[\d?:.\s]+$", "", m.group(0).strip())
            by_label = category_id(fw, printed)
            category = by_label if by_label in known else cat
            got = read_recommendations(
                doc, record, fw, m.end() + 1, stop_at, category=category, section=section
            )
            if got:
                n += got
                break
    record.recommendations.sort(key=lambda r: (r.span.page, r.span.start) if r.span else (0, 0))
    return n
