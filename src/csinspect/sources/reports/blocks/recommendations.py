"""Recommendation lists: items by bullets, numbers or paragraphs, the end of a list, the lists under each
heading of a report, and the framework's category for a printed heading."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from csinspect.frameworks.national import elements_of_tag
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


@dataclass
class ListItem:
    text: str
    start: int
    end: int
    number: int | None = None
    theme: str | None = None


@dataclass
class ReadList:
    """The items of one list, where it ended and, when it could not be delimited, why (never silently)."""

    items: list[ListItem]
    end: int
    problem: str | None = None


_LIST_WINDOW = 30_000
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(?=\S)")
_BULLET = re.compile(r"^[-\u2022\u25aa\u25cf\u25e6\u00b7*]\s+(?=\S)")
_SUB = re.compile(r"^\(?(?:[a-z]|[ivx]{1,4})\)\s+(?=\S)")
_FINISHED = (".", ";", ")", "?", "!", "\u201d", '"')


def _marker(line: str) -> tuple[str, int | None, int] | None:
    """(style, number, where the item's text starts) of an item line."""
    m = _NUMBERED.match(line)
    if m:
        return "number", int(m.group(1)), m.end()
    m = _BULLET.match(line)
    if m:
        return "bullet", None, m.end()
    m = _SUB.match(line)
    return ("letter", None, m.end()) if m else None


_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "so",
        "than",
        "that",
        "the",
        "their",
        "this",
        "to",
        "which",
        "who",
        "with",
    ]
)


def _heading_like(line: str) -> bool:
    words = line.split()
    return (
        len(words) <= 14
        and not line.endswith((*_FINISHED, ",", ":"))
        and line[:1].isupper()
        and words[-1].lower() not in _FUNCTION_WORDS
    )


def _lines(text: str, start: int, limit: int) -> list[tuple[int, int, str]]:
    out = []
    pos = start
    while pos < limit:
        nl = text.find("\n", pos, limit)
        nl = limit if nl == -1 else nl
        s = text[pos:nl].strip()
        if s and not s.isdigit():  # a bare number is a page number or a footnote mark
            a = pos + (len(text[pos:nl]) - len(text[pos:nl].lstrip()))
            out.append((a, a + len(s), s))
        pos = nl + 1
    return out


def read_list(doc: Doc, start: int, limit: int, stop: re.Pattern[str] | None = None) -> ReadList:
    """The list that starts at ``start``, read as a structure: a lead-in sentence ("… the following areas:")
    and theme headings are not items; items start at their number or bullet and run on over wrapped lines
    and page breaks; sub-items (another marker) join their item; numbering must continue; the list ends at a
    heading of the report's outline or at text after a finished item. Without numbers or bullets, items are
    paragraphs (``split_items``)."""
    # a list is never longer than this: the lines beyond are not split for nothing (a list that reaches it
    # is said to need review)
    window = min(limit, start + _LIST_WINDOW)
    lines = _lines(doc.text, start, window)

    def stops(s: str) -> bool:
        return bool(_STOP_LINE.match(s) or (stop is not None and stop.match(s)))

    first = next((i for i, (_, _, s) in enumerate(lines[:8]) if _marker(s) or stops(s)), None)
    if first is None or stops(lines[first][2]) or _marker(lines[first][2])[0] == "letter":  # type: ignore[index]
        end = block_end(doc, start, limit, stop)
        return ReadList([ListItem(t, a, b) for t, a, b in split_items(doc.text[start:end], start)], end)
    style = _marker(lines[first][2])[0]  # type: ignore[index]
    items: list[ListItem] = []
    theme: str | None = None
    theme = _lead(lines[:first], items, _asks(lines[first][2], _marker(lines[first][2])))
    expected: int | None = None
    finished = True
    end, problem, clean = limit, None, True
    i = first
    while i < len(lines):
        a, b, s = lines[i]
        mk = _marker(s)
        nxt = lines[i + 1][2] if i + 1 < len(lines) else ""
        nxt_mk = _marker(nxt)
        if (
            style == "number"
            and mk is None
            and _heading_like(s)
            and _continues(nxt_mk, style, expected)
            and _instructs(nxt, nxt_mk)
        ):
            theme = s  # a theme heading ("Looked after children") even where the outline has the same words
            finished = True
            i += 1
            continue
        if stops(s):
            end = a
            break
        if mk is not None and mk[0] == style:
            if style == "number" and expected is not None and mk[1] != expected:
                end, clean = a, False
                problem = f"the numbering jumps from {expected - 1} to {mk[1]} on page {doc.page_of(a)}"
                break
            expected = mk[1] + 1 if mk[1] is not None else None
            items.append(ListItem(s[mk[2] :], a, b, mk[1], theme))
        elif mk is not None and items:
            _extend(items[-1], s, b)  # a sub-item joins its item
        elif items and (not finished or s[:1].islower() or s[:1] == "("):
            _extend(items[-1], s, b)
        elif (
            items
            and style == "number"
            and not _heading_like(s)
            and not s.endswith(":")
            and _number_follows(lines[i + 1 : i + 7], expected, stops)
        ):
            _extend(items[-1], s, b)  # a further sentence of the item on its own line
        elif s.endswith(":") and nxt_mk is not None:
            pass  # a lead-in inside the list
        elif _heading_like(s) and _continues(nxt_mk, style, expected) and _asks(nxt, nxt_mk):
            theme = s
        elif (
            _heading_like(s)
            and i + 2 < len(lines)
            and _heading_like(nxt)
            and _continues(_marker(lines[i + 2][2]), style, expected)
            and _asks(lines[i + 2][2], _marker(lines[i + 2][2]))
        ):
            theme = f"{s} {nxt}"  # a theme heading wrapped over two lines
            i += 1
        else:
            end, clean = a, False
            break
        finished = _finished(s)
        i += 1
    if problem is None and not clean:
        problem = _cut(doc, lines[i:], style, expected, stops)
    if problem is None and end == limit and window < limit:
        end, problem = (
            window,
            f"the list runs on for more than {_LIST_WINDOW} characters: its end was not found",
        )
    return ReadList(items, end, problem)


_ASKS = re.compile(r"\b(?:should|must|needs?\s+to|will\s+need\s+to|is\s+required\s+to)\b", re.I)
_DECLARATIVE = re.compile(
    r"^(?:The|A|An|This|These|Those|There|It|Its|Their|They|In|At|On|Since|During|Over|Most|Many|Some|All|Few|"
    r"Presently|Currently|Recently|However|Although|While|When|Children|Young|Inspectors|Governance|Partners?)\b"
)


def _asks(line: str, mk: tuple[str, int | None, int] | None) -> bool:
    """Whether an item reads as a recommendation (an instruction, or what someone should do), not as a
    report paragraph: a heading above report paragraphs is the report's outline, not a theme of the list."""
    text = line[mk[2] :] if mk else line
    return not _DECLARATIVE.match(text) or bool(_ASKS.search(" ".join(text.split()[:14])))


_REFERENCE = re.compile(r"\((?:see\s+)?(?:paragraphs?|pages?|para)\b[^()]*\)$", re.I)


def _finished(line: str) -> bool:
    """Whether a line ends a sentence: "(SAB)" does not, "(paragraph 19)" and ".)" do."""
    if line.endswith(")"):
        return line.endswith(".)") or bool(_REFERENCE.search(line))
    return line.endswith(_FINISHED)


def _number_follows(rest: list[tuple[int, int, str]], expected: int | None, stops) -> bool:  # type: ignore[no-untyped-def]
    for _, _, line in rest:
        if stops(line):
            return False
        mk = _marker(line)
        if mk is not None:
            return mk[0] == "number" and mk[1] == expected
    return False


def _lead(lead: list[tuple[int, int, str]], items: list[ListItem], asks: bool) -> str | None:
    """Lines before the first number or bullet: lead-in sentences ("… the following areas:", however
    wrapped) and placeholders are dropped, finished sentences are unbulleted items, and a short heading
    just above the first item is its theme."""
    seg: list[tuple[int, int, str]] = []
    for line in lead:
        seg.append(line)
        s = line[2]
        if s.endswith(":"):
            seg = []
        elif _finished(s):
            text = " ".join(x for _, _, x in seg)
            if not _NONE_RE.match(text):
                items.append(ListItem(text, seg[0][0], seg[-1][1]))
            seg = []
    if not seg:
        return None
    if len(seg) <= 2 and all(_heading_like(x) for _, _, x in seg) and asks:
        return " ".join(x for _, _, x in seg)
    items.append(ListItem(" ".join(x for _, _, x in seg), seg[0][0], seg[-1][1]))
    return None


_VERBS = frozenset(
    [
        "accelerate",
        "address",
        "agree",
        "align",
        "analyse",
        "assess",
        "assure",
        "audit",
        "build",
        "carry",
        "challenge",
        "clarify",
        "collate",
        "commission",
        "complete",
        "consider",
        "continue",
        "create",
        "define",
        "deliver",
        "demonstrate",
        "develop",
        "devise",
        "embed",
        "enable",
        "engage",
        "ensure",
        "establish",
        "evaluate",
        "expand",
        "explore",
        "extend",
        "focus",
        "further",
        "give",
        "hold",
        "identify",
        "implement",
        "improve",
        "increase",
        "introduce",
        "invest",
        "maintain",
        "make",
        "measure",
        "monitor",
        "plan",
        "prioritise",
        "progress",
        "promote",
        "provide",
        "publish",
        "put",
        "raise",
        "record",
        "recruit",
        "reduce",
        "refresh",
        "reinforce",
        "report",
        "respond",
        "retain",
        "review",
        "revise",
        "scrutinise",
        "secure",
        "seek",
        "set",
        "share",
        "strengthen",
        "support",
        "swiftly",
        "tackle",
        "take",
        "target",
        "track",
        "train",
        "understand",
        "undertake",
        "update",
        "urgently",
        "use",
        "work",
    ]
)


def _instructs(line: str, mk: tuple[str, int | None, int] | None) -> bool:
    """Whether an item opens with an instruction ("Ensure that …"): the stricter test for a theme heading
    whose words are also a heading of the report's outline."""
    text = line[mk[2] :] if mk else line
    first = text.split(maxsplit=1)[0].lower().strip(",") if text.split() else ""
    return first in _VERBS or bool(_ASKS.search(" ".join(text.split()[:14])))


def _continues(mk: tuple[str, int | None, int] | None, style: str, expected: int | None) -> bool:
    return mk is not None and mk[0] == style and (style != "number" or expected is None or mk[1] == expected)


def _extend(item: ListItem, line: str, end: int) -> None:
    item.text = f"{item.text} {line}"
    item.end = end


def _cut(doc: Doc, rest: list[tuple[int, int, str]], style: str, expected: int | None, stops) -> str | None:  # type: ignore[no-untyped-def]
    """Whether a list that ended at text it could not place carries on after it (the next number, or more
    bullets straight after): then the list was not delimited, and the record must say so."""
    if not rest:
        return None
    a, _, s = rest[0]
    for k, (_, _, line) in enumerate(rest[1:13], start=1):
        if stops(line):
            return None
        mk = _marker(line)
        if style == "number" and mk is not None and mk[0] == "number" and mk[1] == expected:
            return f"the list stops at {s[:50]!r} on page {doc.page_of(a)} but item {mk[1]} follows"
        if style == "bullet" and k == 1 and mk is not None and mk[0] == "bullet":
            return f"the list stops at {s[:50]!r} on page {doc.page_of(a)}, between items"
    return None


_TAG = re.compile(
    r"\s*\((?P<tag>(?:[^()]{0,80}\bnational\s+framework|(?:outcomes?|enablers?|principles?)\s+(?:\d|one|two|three|four|five|six)\b[^()]{0,60}))\)\s*\.?$",
    re.I,
)


def split_tag(text: str) -> tuple[str, str | None]:
    """An item's national framework cross-reference, printed after it: "(outcome 4, national framework)"."""
    m = _TAG.search(text)
    if not m:
        return text, None
    return text[: m.start()].rstrip(), " ".join(m.group("tag").split())


def outcome_of(tag: str | None, day: date | None = None) -> list[str]:
    """The national framework elements a printed tag names, by the numbering in force on ``day``."""
    return elements_of_tag(tag, day)


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
    items = [ListItem(text, a, b) for text, a, b in split_items(doc.text[start:end], start)]
    return _keep(doc, record, fw, items, category=category, section=section)


def _keep(
    doc: Doc,
    record: ReportRecord,
    fw: Framework | None,
    items: Sequence[ListItem],
    *,
    category: str | None,
    section: str,
    timescale: str | None = None,
) -> int:
    n = 0
    cat = category_id(fw, category)
    when = record.inspection_start or record.published
    day = when.value if when is not None else None
    for it in items:
        text = it.text
        if len(text) < 12 or _is_footnote_noise(text) or _NONE_RE.match(text):
            continue
        if it.number is None and len(text.split()) <= 5 and not text.endswith((".", ";", ")")):
            continue  # a sub-heading inside the list ("Leadership and management")
        text, tag = split_tag(text)
        record.recommendations.append(
            RecommendationValue(
                text,
                cat,
                section,
                doc.span(it.start, it.end),
                timescale=timescale,
                theme=it.theme,
                number=it.number,
                tag=tag,
                outcome=outcome_of(tag, day),
            )
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
    r"Information about|Inspection judgements? (?:about|on|of)|What the inspection judgements mean|Progress since|"
    r"Executive summary|Key findings|Findings$|Overview$|Summary of findings|The local authority$|(?:The\s+)?(?:[\w’' ]{1,40}['’]s\s+)?(?:[Kk]ey\s+)?[Ss]trengths\b[^.]{0,60}$|.{0,60}\bfollowing (?:key )?strengths:?$|"
    r"Ofsted$|Piccadilly Gate|Aviation House|Yours sincerely|Next steps|"
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


_TIMESCALE = re.compile(
    r"^(?:immediately|immediate|within\s+\w+\s+(?:weeks?|months?)|in\s+the\s+(?:longer|medium|short)(?:\s+term)?|"
    r"(?:longer|medium|short)[\s-]term|by\s+\w+\s+\d{4})\b",
    re.I,
)


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
            listed = read_list(doc, m.end() + 1, limit, stop)
            printed = re.sub(r"[\d?:.\s]+$", "", m.group(0).strip())
            by_label = category_id(fw, printed)
            category = by_label if by_label in known else cat
            timescale = printed if _TIMESCALE.match(printed) else None
            got = _keep(
                doc, record, fw, listed.items, category=category, section=section, timescale=timescale
            )
            if got:
                n += got
                if listed.problem:
                    record.reasons.append(f"recommendations under {printed!r}: {listed.problem}")
                break
    record.recommendations.sort(key=lambda r: (r.span.page, r.span.start) if r.span else (0, 0))
    return n
