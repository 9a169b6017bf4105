"""Facts a report states about its area: looked-after children, child protection plans, children in need,
the child population, with their dates (printed, or how they were found)."""

from __future__ import annotations

import re

from csinspect.sources.reports.blocks.dates import DATE_RE, make_date
from csinspect.sources.reports.blocks.headings import heading_positions
from csinspect.sources.reports.normalise import Doc, lower_rx
from csinspect.sources.reports.records import FactValue, ReportRecord

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
