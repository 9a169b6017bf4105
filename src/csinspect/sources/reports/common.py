"""Helpers every report reader uses: dates, grade words, label patterns, blocks and list items."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from csinspect.frameworks.schema import Framework, normalise_label
from csinspect.sources.dates import MONTH_NUMBERS

MONTHS = dict(MONTH_NUMBERS)
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
DATE_RE = re.compile(rf"\b{DAY}\s+({_MONTH_RE})\.?,?\s+((?:19|20)\d\d)\b", re.I)
_DASH = r"\s*(?:-|–|—|to|until|and)\s*"
# "11 to 15 September 2023", "24 – 28 June 2013", "1 and 2 May 2019"
RANGE_SAME_MONTH = re.compile(rf"\b{DAY}{_DASH}{DAY}\s+({_MONTH_RE})\s+((?:19|20)\d\d)\b", re.I)
# Between two dates that each name their month the dash may be lost in extraction (a glyph the PDF's font
# does not map): "18 November 10 December 2014" is still a range.
_DASH_OR_GAP = rf"(?:{_DASH}|\s+)"
# "28 March to 1 April 2022", "30 September to 11 October 2024"
RANGE_SAME_YEAR = re.compile(
    rf"\b{DAY}\s+({_MONTH_RE}){_DASH_OR_GAP}{DAY}\s+({_MONTH_RE})\s+((?:19|20)\d\d)\b", re.I
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


# Canonical grade words as printed across frameworks (the framework scale decides what they mean).
GRADE_WORDS = (
    r"(?:outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|adequate|inadequate|not\s+judged|"
    r"satisfactory|performs?\s+(?:excellently|well|adequately|poorly)|excellent)"
)
GRADE_RE = re.compile(GRADE_WORDS, re.I)

_CANON = [
    (re.compile(r"^requires?\s+improvement", re.I), "requires_improvement"),
    (re.compile(r"^inadequate$", re.I), "inadequate"),
    (re.compile(r"^adequate$", re.I), "adequate"),
    (re.compile(r"^good$", re.I), "good"),
    (re.compile(r"^outstanding$", re.I), "outstanding"),
    (re.compile(r"^not\s+judged$", re.I), "not_judged"),
    (re.compile(r"^performs?\s+excellently$", re.I), "performs_excellently"),
    (re.compile(r"^performs?\s+well$", re.I), "performs_well"),
    (re.compile(r"^performs?\s+adequately$", re.I), "performs_adequately"),
    (re.compile(r"^performs?\s+poorly$", re.I), "performs_poorly"),
]
DEFAULT_ORDINALS = {
    "outstanding": 4,
    "good": 3,
    "requires_improvement": 2,
    "adequate": 2,
    "inadequate": 1,
    "not_judged": None,
    "performs_excellently": 4,
    "performs_well": 3,
    "performs_adequately": 2,
    "performs_poorly": 1,
}


def canonical_grade(printed: str) -> str | None:
    text = " ".join(printed.split()).strip(" .:;,")
    for rx, gid in _CANON:
        if rx.search(text):
            return gid
    return None


def resolve_grade(fw: Framework | None, printed: str) -> tuple[str | None, int | None]:
    """(scale value id, ordinal) for a printed grade: the framework's labels and variants first, then the
    common words mapped onto the framework's scale ids; (None, None) when the framework has no such grade."""
    clean = " ".join(printed.split()).strip(" .:;,")
    if fw is not None:
        v = fw.scale.match(clean)
        if v is not None:
            return v.id, v.ordinal
    gid = canonical_grade(clean)
    if gid is None:
        return None, None
    if fw is None:
        return gid, DEFAULT_ORDINALS.get(gid)
    ids = {v.id: v for v in fw.scale.values}
    if gid in ids:
        return gid, ids[gid].ordinal
    # e.g. "adequate" printed in a framework whose value id is requires_improvement, or the reverse
    for alt in {"requires_improvement": ["adequate"], "adequate": ["requires_improvement"]}.get(gid, []):
        if alt in ids:
            return alt, ids[alt].ordinal
    return None, None


@lru_cache(maxsize=512)
def flex(label: str) -> str:
    """A regex for ``label`` tolerant of line breaks, quotes, '&'/'and', and glued footnote digits."""
    words = re.findall(r"[A-Za-z0-9]+", label.replace("'", ""))
    parts = []
    for w in words:
        if w.lower() == "and":
            parts.append(r"(?:and|&)")
        elif w.lower() in {"children", "childrens"}:
            parts.append(r"children['’]?s?")
        else:
            parts.append(re.escape(w))
    return r"[\s,:;'’-]*".join(parts)


def label_variants(fw: Framework | None, judgement_id: str, extra: Iterable[str] = ()) -> list[str]:
    out: list[str] = []
    if fw is not None:
        try:
            node = fw.judgement(judgement_id)
            out += [node.label, *node.variants]
        except KeyError:
            pass
    out += list(extra)
    seen: set[str] = set()
    uniq = []
    for lbl in sorted(out, key=len, reverse=True):  # longest first so the regex prefers full titles
        k = normalise_label(lbl)
        if k and k not in seen:
            seen.add(k)
            uniq.append(lbl)
    return uniq


def first(rx: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    return rx.search(text, start, len(text) if end is None else end)


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


# A council paper that republishes a report labels it ("Appendix 2", "Annex B") above the report's own title.
_PAPER_LABEL = re.compile(r"^(?:appendix|annex|enclosure)\s+[a-z0-9]{1,3}\b[\s.:-]*", re.I)


def clean_name(name: str) -> str:
    name = " ".join(name.split()).strip(" ,.;:")
    name = _PAPER_LABEL.sub("", name)
    return re.sub(r"^(?:the)\s+", "", name, flags=re.I)
