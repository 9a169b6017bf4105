"""Building blocks shared by the family readers: framework lookup, grade tables, body cross-checks,
recommendation blocks, dates, inspectors and area facts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from csinspect.frameworks.registry import FrameworkError, get_framework
from csinspect.frameworks.schema import Framework, normalise_label
from csinspect.sources.reports.common import (
    DATE_RE,
    GRADE_WORDS,
    flex,
    label_variants,
    make_date,
    parse_date_range,
    resolve_grade,
    split_items,
)
from csinspect.sources.reports.normalise import Doc, Span, lower_rx
from csinspect.sources.reports.records import (
    Dated,
    FactValue,
    JudgementValue,
    RecommendationValue,
    ReportRecord,
)


def load_framework(framework_id: str) -> tuple[Framework | None, str | None]:
    try:
        return get_framework(framework_id), None
    except FrameworkError as exc:
        return None, f"framework definition {framework_id!r} could not be loaded ({exc})"


@dataclass(frozen=True)
class Entry:
    """A judgement a grade table may list, with the printed titles the reader knows besides the YAML's."""

    judgement_id: str
    titles: Sequence[str]


def grade_by_number(fw: Framework | None, n: int) -> tuple[str | None, int | None]:
    if fw is not None:
        for v in fw.scale.values:
            if v.numeric == n:
                return v.id, v.ordinal
        return None, None
    return {4: "outstanding", 3: "good", 2: "adequate", 1: "inadequate"}[n], n


def judgement_value(
    fw: Framework | None, jid: str, title: str, printed: str | None, span: Span | None
) -> JudgementValue:
    if printed is None:
        return JudgementValue(
            jid, title, None, None, None, span, "needs_review", "no grade printed after the title"
        )
    grade, ordinal = resolve_grade(fw, printed)
    clean = " ".join(printed.split()).strip(" .:;,")
    if grade is None:
        return JudgementValue(
            jid,
            title,
            clean,
            None,
            None,
            span,
            "needs_review",
            f"{clean!r} is not a grade of this framework's scale",
        )
    return JudgementValue(jid, title, clean, grade, ordinal, span)


def read_grade_table(
    doc: Doc, start: int, end: int, entries: Sequence[Entry], fw: Framework | None
) -> list[JudgementValue]:
    """Judgements of a front-page table: each title found in ``text[start:end]``, the grade being the first
    grade words between it and the next title (labels and grades may wrap over lines)."""
    text = doc.text
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, Entry]] = []
    # longest titles first, so "children in care and care leavers" is not read as "children in care"
    candidates = sorted(
        ((e, t) for e in entries for t in label_variants(fw, e.judgement_id, e.titles)),
        key=lambda et: -len(et[1]),
    )
    seen: set[str] = set()
    for entry, title in candidates:
        if entry.judgement_id in seen:
            continue
        rx = rf"^[ \t]*(?:\d+(?:\.\d+)?\.?[ \t]+)?({flex(title)})"
        for m in re.finditer(rx, text[start:end], re.I | re.M):
            a, b = start + m.start(1), start + m.end(1)
            if any(a < y and x < b for x, y in taken):
                continue
            taken.append((a, b))
            found.append((a, b, entry))
            seen.add(entry.judgement_id)
            break
    found.sort(key=lambda f: f[0])
    out = []
    grade_rx = re.compile(rf"(?<![A-Za-z]){GRADE_WORDS}(?![A-Za-z])", re.I)
    for i, (a, b, entry) in enumerate(found):
        nxt = found[i + 1][0] if i + 1 < len(found) else end
        gm = grade_rx.search(text, b, nxt)
        title = " ".join(text[a:b].split())
        if gm is None:
            out.append(judgement_value(fw, entry.judgement_id, title, None, doc.span(a, b)))
        else:
            out.append(judgement_value(fw, entry.judgement_id, title, gm.group(0), doc.span(a, gm.end())))
    return out


def cross_check_body(
    doc: Doc,
    record: ReportRecord,
    fw: Framework | None,
    after: int,
    extra_titles: dict[str, Sequence[str]] | None = None,
    expected: Sequence[str] = (),
) -> None:
    """Compare each front-page grade with a section heading later in the report ("<title>: <grade>" or the
    title on one line and the grade on the next; never a bulleted line, which is how previous grades are
    listed). Agreement is kept as a confirmation; disagreement makes the judgement need review. An
    ``expected`` judgement missing from the front page is taken from its heading, marked for review."""
    extra_titles = extra_titles or {}
    have = {j.judgement_id for j in record.judgements}
    for jid in expected:
        if jid not in have:
            record.judgements.append(JudgementValue.not_found(jid, "not found on the front page"))
    for j in record.judgements:
        titles = label_variants(fw, j.judgement_id, extra_titles.get(j.judgement_id, ()))
        for title in titles:
            if len(title) < 12:
                continue
            rx = lower_rx(rf"({flex(title)})[ \t]*(?::[ \t]*|\n[ \t]*)({GRADE_WORDS})[ \t.]*(?=\n|$)")
            m = _first_at_line_start(rx, doc.lower, after)
            if m is None:
                continue
            printed = doc.text[m.start(2) : m.end(2)]
            grade, ordinal = resolve_grade(fw, printed)
            span = doc.span(m.start(1), m.end(2))
            if j.grade is None and grade is not None:
                j.label, j.grade, j.ordinal, j.span = " ".join(printed.split()), grade, ordinal, span
                j.title = " ".join(doc.text[m.start(1) : m.end(1)].split())
                j.status = "needs_review"
                j.reason = (
                    f"grade not read on the front page; taken from the section heading on page {span.page}"
                )
            elif grade is not None and grade != j.grade:
                j.status = "needs_review"
                j.reason = f"front page says {j.label!r} but the section heading on page {span.page} says {printed!r}"
            else:
                j.confirmed_by.append(span)
            break


_LINE_PREFIX = re.compile(r"[ \t]*(?:\d+(?:\.\d+)?\.?[ \t]+)?")


def _first_at_line_start(rx: re.Pattern[str], text: str, pos: int) -> re.Match[str] | None:
    """The first match that begins a line (after optional numbering, never after a bullet). The pattern
    starts with the title's words so the regex engine can skip ahead by its literal prefix."""
    for m in rx.finditer(text, pos):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _LINE_PREFIX.fullmatch(text, line_start, m.start()):
            return m
    return None


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


_NAME = (
    r"([A-Z][A-Za-z'’.-]+(?:[ \t]+(?:[A-Z][A-Za-z'’.-]+|de|van|von|le|la|da|di|du|O'))*[ \t]*[A-Za-z'’-]*)"
)


def read_lead_inspector(doc: Doc, record: ReportRecord, patterns: Sequence[str]) -> None:
    for p in patterns:
        m = re.search(p, doc.text, re.I | re.M)
        if m:
            name = _tidy_person(m.group("name"))
            if name:
                record.lead_inspector = name
                record.lead_inspector_span = doc.span(m.start("name"), m.end("name"))
                return


_TITLES_AFTER = re.compile(
    r"(?:[,\s]+|^)(?:\(?(?:HMI|Her|His|Ofsted|CQC|Senior|Social\s+Care\s+Regulatory|Lead|Deputy|Regulatory|Inspector)\b.*)$",
    re.I,
)


def _tidy_person(raw: str) -> str | None:
    name = " ".join(raw.split())
    name = _TITLES_AFTER.sub("", name).strip(" ,.;:")
    name = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+", "", name)
    if not name or len(name) > 60 or len(name.split()) < 2 or len(name.split()) > 5:
        return None
    return name


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


# ---- facts about the area -------------------------------------------------------------------------

_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_AT = rf"(?:At|As at|On)\s+{DATE_RE.pattern}\s*,?\s*"
_FACT_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    (
        "cla",
        "children looked after",
        re.compile(
            rf"{_AT}{_NUM}\s+(?:children(?:\s+and\s+young\s+people)?\s+)?(?:were\s+being|are\s+being|were|are)\s+looked\s+after"
            rf"(?:[^.(]{{0,80}})(?:\(\s*a\s+rate\s+of\s+{_NUM}\s+per\s+10,?000[^)]*\))?",
            re.I,
        ),
    ),
    (
        "cpp",
        "child protection plans",
        re.compile(
            rf"{_AT}{_NUM}\s+children(?:\s+and\s+young\s+people)?\s+(?:were|are)\s+(?:the\s+)?subject\s+of\s+(?:a\s+)?child\s+protection\s+plans?"
            rf"(?:\s*\(\s*a\s+rate\s+of\s+{_NUM}\s+per\s+10,?000[^)]*\))?",
            re.I,
        ),
    ),
    (
        "cin",
        "children in need",
        re.compile(
            rf"{_AT}{_NUM}\s+children\s+had\s+been\s+identified\s+through\s+assessment\s+as\s+being\s+formally\s+in\s+need"
            rf"[^.(]{{0,80}}(?:\(\s*a\s+rate\s+of\s+{_NUM}\s+per\s+10,?000[^)]*\))?",
            re.I,
        ),
    ),
]
_POPULATION = re.compile(
    rf"(?:Approximately|Around|About)?\s*{_NUM}\s+children\s+and\s+young\s+people\s+under\s+the\s+age\s+of\s+18(?:\s+years)?\s+live\s+in",
    re.I,
)
_PREVIOUS = re.compile(
    rf"(?:reduction|increase|rise|fall|decrease|change)\s+from\s+{_NUM}\s*(?:\(\s*{_NUM}\s+per\s+10,?000[^)]*\))?\s+at\s+{DATE_RE.pattern}",
    re.I,
)


def _num(s: str | None) -> float | None:
    return None if s is None else float(s.replace(",", ""))


_FACT_ANCHOR = re.compile(
    r"looked\s+after|protection\s+plan|protection\s+register|formally\s+in\s+need|under\s+the\s+age\s+of\s+18"
)

# Numbers without a printed date. Their date comes from the report itself and says how (``as_of_basis``):
# "At the time of the inspection there were 400 looked after children" and the present tense of a context
# section ("There are 326 looked after children") are the time of the inspection; "in 2006/07" is that
# year's end (31 March, the date the DfE statistics count at). The number must be the whole area's: the
# phrase is followed by the end of the clause, not a qualifier ("34 looked after children placed ...").
_NOW = re.compile(
    rf"(?P<when>at\s+the\s+time\s+of\s+(?:the|this|our)\s+(?:inspection|review|visit),?\s+)?"
    rf"there\s+(?P<verb>are|were)\s+(?:currently\s+)?{_NUM}\s+"
    rf"(?:looked\s+after\s+children|children\s+looked\s+after|children\s+in\s+care)"
    rf"(?:\s*\(\s*(?:a\s+rate\s+of\s+)?{_NUM}\s+per\s+10,?000[^)]*\))?"
    rf"(?=\s*(?:[.,;)]|and\s|of\s+whom|in\s+the\s+(?:area|authority|borough|county|city)\b))",
    re.I,
)
_YEAR_RATE = re.compile(
    rf"(?P<what>child\s+protection\s+(?:register|plans?))[^.]{{0,120}}?\b(?:in|during|for)\s+"
    rf"(?P<y1>(?:19|20)\d\d)[/-](?P<y2>\d\d(?:\d\d)?)[^.]{{0,60}}?\b(?:to|of|at|was|is|were)\s+"
    rf"{_NUM}\s+per\s+10,?000",
    re.I,
)


def _fact_windows(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Regions around the words the fact patterns need (the patterns are costly on a whole report)."""
    spans: list[tuple[int, int]] = []
    for m in _FACT_ANCHOR.finditer(text, start, len(text) if end is None else end):
        a, b = max(0, m.start() - 250), min(len(text), m.end() + 400)
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def _for_doc(rx: re.Pattern[str], doc: Doc) -> tuple[re.Pattern[str], str]:
    """A case-insensitive pattern and the text to run it on: the lower-cased text with the pattern lower-
    cased (several times faster), unless lower-casing changed the document's length."""
    return (lower_rx(rx.pattern), doc.lower) if doc.lower_exact else (rx, doc.text)


def read_area_facts(doc: Doc, record: ReportRecord) -> None:
    text = doc.text
    seen: set[tuple[str, float | None, object]] = set()
    # SIF reports state the area's numbers in "Information about this local authority area"
    info = next(iter(heading_positions(doc, r"information\s+about\s+this\s+local\s+authority\s+area")), None)
    windows = _fact_windows(doc.lower, *((info.start(), info.start() + 8000) if info else (0, len(text))))
    for prefix, _what, rx in _FACT_PATTERNS:
        frx, ftext = _for_doc(rx, doc)
        for m in (mm for a, b in windows for mm in frx.finditer(ftext, a, b)):
            g = m.groups()
            as_of = make_date(g[0], g[1], g[2])
            span = doc.span(m.start(), m.end())
            count, rate = _num(g[3]), _num(g[4]) if len(g) > 4 else None
            if (prefix, count, as_of) in seen:
                continue  # the same sentence found through two overlapping windows
            seen.add((prefix, count, as_of))
            if count is not None:
                record.facts.append(FactValue(f"{prefix}_count", count, "count", as_of, span))
            if rate is not None:
                record.facts.append(FactValue(f"{prefix}_rate_per_10k", rate, "rate_per_10k", as_of, span))
            # "This is a reduction from 399 (73 per 10,000 children) at 31 March 2015."
            tail = _PREVIOUS.search(text, m.end(), m.end() + 200)
            if tail and len(re.findall(r"\.\s+[A-Z]", text[m.end() : tail.start()])) <= 1:
                t = tail.groups()
                prev_date = make_date(t[2], t[3], t[4])
                tspan = doc.span(tail.start(), tail.end())
                if t[0]:
                    record.facts.append(
                        FactValue(f"{prefix}_count", float(t[0].replace(",", "")), "count", prev_date, tspan)
                    )
                if t[1]:
                    record.facts.append(
                        FactValue(
                            f"{prefix}_rate_per_10k",
                            float(t[1].replace(",", "")),
                            "rate_per_10k",
                            prev_date,
                            tspan,
                        )
                    )
    _undated_facts(doc, record, windows, seen)
    pop: re.Match[str] | None = None
    for a, b in windows:
        pop = _POPULATION.search(text, a, b)
        if pop:
            break
    if pop:
        m = pop
        record.facts.append(
            FactValue(
                "child_population",
                float(m.group(1).replace(",", "")),
                "count",
                None,
                doc.span(m.start(), m.end()),
            )
        )


def _undated_facts(
    doc: Doc,
    record: ReportRecord,
    windows: list[tuple[int, int]],
    seen: set[tuple[str, float | None, object]],
) -> None:
    """Counts and rates the report states without printing their date (see ``_NOW``, ``_YEAR_RATE``)."""
    inspected = record.inspection_start.value if record.inspection_start else None
    now_rx, now_text = _for_doc(_NOW, doc)
    for m in (mm for a, b in windows for mm in now_rx.finditer(now_text, a, b)):
        if m.group("verb").lower() == "were" and not m.group("when"):
            continue  # past tense without "at the time of the inspection": no date to give it
        count, rate = _num(m.group(3)), _num(m.group(4))
        if ("cla", count, inspected) in seen:
            continue
        seen.add(("cla", count, inspected))
        basis = "the time of the inspection (" + ("stated" if m.group("when") else "present tense") + ")"
        span = doc.span(m.start(), m.end())
        if count is not None:
            record.facts.append(FactValue("cla_count", count, "count", inspected, span, basis))
        if rate is not None:
            record.facts.append(FactValue("cla_rate_per_10k", rate, "rate_per_10k", inspected, span, basis))
    year_rx, year_text = _for_doc(_YEAR_RATE, doc)
    for m in (mm for a, b in windows for mm in year_rx.finditer(year_text, a, b)):
        y1, y2 = int(m.group("y1")), m.group("y2")
        y_end = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        if y_end != y1 + 1:
            continue  # not a financial year ("2006/07")
        rate = _num(m.group(4))
        as_of = make_date("31", "March", str(y_end))
        if rate is None or ("cpp_rate", rate, as_of) in seen:
            continue
        seen.add(("cpp_rate", rate, as_of))
        record.facts.append(
            FactValue(
                "cpp_rate_per_10k",
                rate,
                "rate_per_10k",
                as_of,
                doc.span(m.start(), m.end()),
                f"end of the year {y1}/{str(y_end)[2:]} (31 March)",
            )
        )


def first_date_line(doc: Doc, limit: int = 1500) -> tuple[object, Span] | None:
    """The first line of the document that is only a date (a letter's date)."""
    for m in re.finditer(rf"^[ \t]*{DATE_RE.pattern}[ \t]*$", doc.text[:limit], re.M):
        d = make_date(m.group(1), m.group(2), m.group(3))
        if d:
            return d, doc.span(m.start(), m.end())
    return None


# ---- recommendation blocks ---------------------------------------------------------------------------

_ITEM_LINE = re.compile(r"^(?:-\s+|\d{1,3}\.\s+|\(?[a-z]\)\s+|\(?[ivx]{1,4}\)\s+)")
_STOP_LINE = re.compile(
    r"^(?:The experiences and progress|The impact of leaders|Summary for children|Inspection findings|"
    r"Information about|Ofsted$|Piccadilly Gate|Aviation House|Yours sincerely|Next steps|"
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


@dataclass(frozen=True)
class Heading:
    """A heading line found by ``heading_positions``; offsets in ``doc.text``, read like a ``re.Match``."""

    begin: int
    finish: int
    line: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self, _index: int = 0) -> str:
        return self.line


@lru_cache(maxsize=512)
def _heading_rx(rx: str, exact_lower: bool) -> re.Pattern[str]:
    # Starts with the line break: the engine skips from line to line instead of trying every character
    # as a '^' pattern under re.M does (several times faster on a whole report).
    pattern = rf"\n[ \t]*(?:{rx})(?:[ \t]*[?:.])?\d{{0,2}}[ \t]*(?=\n|$)"
    return lower_rx(pattern) if exact_lower else re.compile(pattern, re.I)


def heading_positions(doc: Doc, rx: str, start: int = 0, end: int | None = None) -> list[Heading]:
    """Lines in ``doc.text[start:end]`` that consist of a heading matching ``rx`` (any case; footnote
    digits and '?' tolerated)."""
    end = len(doc.text) if end is None else end
    out = []
    # doc.nl_lower[i + 1] is doc.text[i]: a match at i (the line break) is a line starting at text offset i
    for m in _heading_rx(rx, doc.lower_exact).finditer(doc.nl_lower, start, end + 1):
        a, b = m.start(), m.end() - 1
        out.append(Heading(a, b, doc.text[a:b]))
    return out


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
