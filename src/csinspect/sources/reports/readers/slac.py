"""SLAC (2009-12) and the 2012-13 inspections of child protection and of services for looked after children,
which print the same layout (``cp_2012`` registers the latter)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from csinspect.frameworks.schema import Framework, JudgementNode, normalise_label
from csinspect.sources.reports.blocks.facts import read_area_facts
from csinspect.sources.reports.blocks.front_matter import _lines_between, read_front_matter
from csinspect.sources.reports.blocks.grades import (
    GRADE_WORDS,
    Entry,
    flex,
    grade_by_number,
    label_variants,
    load_framework,
    read_grade_table,
    resolve_grade,
)
from csinspect.sources.reports.blocks.headings import heading_positions
from csinspect.sources.reports.blocks.recommendations import read_headed_lists
from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.readers.registry import Found, Reader
from csinspect.sources.reports.records import JudgementValue, ReportRecord

_SLAC_CATEGORIES = [
    (r"Immediately", "immediately"),
    (r"Take\s+immediate\s+action(?:\s+to)?", "immediately"),
    (r"Within\s+three\s+months", "within_three_months"),
    (r"Within\s+six\s+months", "within_six_months"),
]

_SLAC_SECTIONS = (  # (root judgement id, section name, heading pattern)
    ("safeguarding", "Safeguarding services", r"Safeguarding\s+services"),
    (
        "looked_after_children",
        "Services for looked after children",
        r"Services\s+for\s+looked\s+after\s+children(?:\s+and\s+(?:young\s+people|care\s+leavers))?",
    ),
)

# short titles printed under a section heading, where the YAML label names the section
_SECTION_TITLES = {
    "safeguarding_overall_effectiveness": ("Overall effectiveness",),
    "safeguarding_capacity_to_improve": ("Capacity for improvement", "Capacity to improve"),
    "looked_after_children_overall_effectiveness": ("Overall effectiveness",),
    "looked_after_children_capacity_to_improve": ("Capacity for improvement", "Capacity to improve"),
}

_LABEL_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")  # "Quality of provision (safeguarding)"

_LEADING_THE = re.compile(r"the\s+(.+)", re.I | re.S)

_TABLE_END = (
    r"About\s+this\s+inspection|Service\s+information|The\s+inspection\s+judgements\s+and\s+what\s+they\s+mean"
    r"|Glossary|Annex\s+[A-Z1-9]\b[^\n]*"
)

# body headings: "Grade 3 (Adequate)" after the title (same line or next; the word may wrap onto the next
# line), or the grade alone on a line; matched in the lower-cased text
_GRADE_HEAD = re.compile(r"grade[ \t]+([1-4])\s*\(\s*([a-z]+(?:\s+[a-z]+){0,4})\s*\)")

_BARE_GRADE = re.compile(
    r"\n[ \t]*(outstanding|good|adequate|inadequate|requires[ \t]+improvement(?:[ \t]+to[ \t]+be[ \t]+good)?)"
    r"[ \t]*\.?[ \t]*(?=\n)"
)

# the first paragraph of a section restating its grade ("Overall effectiveness for looked after children is
# inadequate.", "The judgement for overall effectiveness is inadequate.", "Capacity to improve … is adequate.")
_RESTATED = re.compile(
    r"(overall\s+effectiveness|capacity\s+(?:for|to)\s+improve(?:ment)?)\b[^.]{0,200}?\b(?:is|are)\s+"
    r"(?:judged\s+(?:to\s+be\s+)?|now\s+)?(" + GRADE_WORDS.lower() + r")\b"
)
_GRADE_HEAD_I, _BARE_GRADE_I, _RESTATED_I = (
    re.compile(p.pattern, re.I) for p in (_GRADE_HEAD, _BARE_GRADE, _RESTATED)
)


@dataclass
class _Scope:
    """The judgements a part of the report can hold (one SLAC half, or the whole of a one-part report)."""

    root: str | None
    name: str
    entries: list[Entry]
    titles: dict[str, str]  # printed title (normalised, no leading "the") -> judgement id, unambiguous only
    required: list[str]


@dataclass
class _Head:
    """A judgement heading in the body with its grade."""

    judgement_id: str
    title: str
    printed: str  # the grade word(s) as printed
    number: int | None  # "Grade 3"
    start: int  # where the heading's title begins
    end: int  # end of the grade


def _title_key(title: str) -> str:
    key = normalise_label(title)
    return key[4:] if key.startswith("the ") else key


def _subtree(fw: Framework, root: str | None) -> list[JudgementNode]:
    if root is None:
        return fw.iter_judgements()
    out: list[JudgementNode] = []

    def walk(nodes: Sequence[JudgementNode]) -> None:
        for n in nodes:
            out.append(n)
            walk(n.children)

    walk(fw.judgement(root).children)
    return out


def _printed_titles(node: JudgementNode) -> list[str]:
    """The reader's printed forms of a judgement title besides the YAML's: the section-local short title,
    the label without its "(safeguarding)" qualifier, and every form without a leading "The"."""
    out = list(_SECTION_TITLES.get(node.id, ()))
    for label in (node.label, *node.variants):
        short = _LABEL_SUFFIX.sub("", label)
        if short and short != label:
            out.append(short)
    for label in (node.label, *node.variants, *out):
        m = _LEADING_THE.fullmatch(label.strip())
        if m:
            out.append(m.group(1))
    return out


_SCOPES: dict[tuple[int, str | None, str], tuple[Framework, _Scope]] = {}


def _scope(fw: Framework, root: str | None, name: str) -> _Scope:
    """The scope of ``root`` (built once per framework object: the definitions are loaded once)."""
    key = (id(fw), root, name)
    hit = _SCOPES.get(key)
    if hit is None or hit[0] is not fw:
        hit = _SCOPES[key] = (fw, _build_scope(fw, root, name))
    return hit[1]


def _build_scope(fw: Framework, root: str | None, name: str) -> _Scope:
    nodes = [n for n in _subtree(fw, root) if n.graded]
    entries: list[Entry] = []
    titles: dict[str, str] = {}
    ambiguous: set[str] = set()
    for n in nodes:
        printed = _printed_titles(n)
        entries.append(Entry(n.id, tuple(printed)))
        for t in label_variants(fw, n.id, printed):
            k = _title_key(t)
            if titles.get(k, n.id) != n.id:
                ambiguous.add(k)
            titles.setdefault(k, n.id)
    for k in ambiguous:
        titles.pop(k)
    return _Scope(root, name, entries, titles, [n.id for n in nodes if n.required])


def _flag(j: JudgementValue, reason: str) -> None:
    j.status = "needs_review"
    j.reason = reason if not j.reason or j.reason == reason else f"{j.reason}; {reason}"


def read_slac_family(doc: Doc, record: ReportRecord, title_start: int) -> None:
    """SLAC (two halves), the 2012-13 protection inspection and the 2012-13 looked-after inspection.

    Grades come from the record of main findings; each is compared with its section heading in the body
    ("Grade 3 (Adequate)": the number must agree with the word) and, for overall effectiveness and capacity,
    with the first paragraph's restatement. Disagreement, a grade found only in a heading, or a missing
    required grade makes the judgement need review; nothing is inferred."""
    fw, problem = load_framework(record.framework_id)
    if problem:
        record.reasons.append(problem)
    read_front_matter(doc, record, title_start)
    if fw is not None:
        _read_slac_grades(doc, record, fw, title_start)
    read_area_facts(doc, record)


def _read_slac_grades(doc: Doc, record: ReportRecord, fw: Framework, title_start: int) -> None:
    two_halves = record.framework_id == "slac"
    if two_halves:
        scopes = [_scope(fw, root, name) for root, name, _ in _SLAC_SECTIONS]
        patterns = [rx for _, _, rx in _SLAC_SECTIONS]
    else:
        scopes, patterns = [_scope(fw, None, "Areas for improvement")], []
    rm = heading_positions(doc, r"Record\s+of\s+main\s+findings", title_start)
    body_end = rm[-1].start() if rm else len(doc.text)
    present: set[str | None] = set()

    # 1. the record of main findings
    if rm:
        t0 = rm[-1].end()
        after = heading_positions(doc, _TABLE_END, t0)
        t1 = min(after[0].start() if after else len(doc.text), t0 + 8000)
        if two_halves:
            marks = sorted(
                (h.start(), h.end(), i)
                for i, rx in enumerate(patterns)
                for h in heading_positions(doc, rx, t0, t1)
            )
            parts = [
                (scopes[i], b, marks[k + 1][0] if k + 1 < len(marks) else t1)
                for k, (_a, b, i) in enumerate(marks)
            ]
            if not parts:
                record.reasons.append(
                    "record of main findings: neither the safeguarding nor the looked after children "
                    "heading was found, so its grades were not read"
                )
        else:
            parts = [(scopes[0], t0, t1)]
        for sc, a, b in parts:
            present.add(sc.root)
            for j in read_grade_table(doc, a, b, sc.entries, fw):
                if record.judgement(j.judgement_id) is not None:
                    continue
                if j.grade is None and j.status == "needs_review" and j.judgement_id not in sc.required:
                    continue  # a sub-heading of the table ("How good are outcomes …?") with no grade
                _check_printed_number(doc, fw, j)
                record.judgements.append(j)
    else:
        record.reasons.append("the record of main findings was not found")

    # 2. the body: section halves, judgement headings, restated grades
    halves = (
        sorted(
            (h.start(), i)
            for i, rx in enumerate(patterns)
            for h in heading_positions(doc, rx, title_start, body_end)
        )
        if two_halves
        else []
    )
    fallback = _scope(fw, None, "") if two_halves else scopes[0]

    def scope_at(pos: int) -> _Scope:
        i = next((i for s, i in reversed(halves) if s <= pos), None)
        return scopes[i] if i is not None else fallback

    present.update(scopes[i].root for _, i in halves)
    heads = _body_headings(doc, title_start, body_end, scope_at)
    missing = "not in the record of main findings" if rm else "no record of main findings"
    for n, h in enumerate(heads):
        span = doc.span(h.start, h.end)
        grade, ordinal = resolve_grade(fw, h.printed)
        if grade is None:
            continue
        existing = record.judgement(h.judgement_id)
        if existing is None:
            j = JudgementValue(h.judgement_id, h.title, h.printed, grade, ordinal, span)
            _flag(j, f"{missing}; read from the section heading on page {span.page}")
            record.judgements.append(j)
        else:
            j = existing
            heading = f"the section heading on page {span.page} says {h.printed!r}"
            if j.grade is None:
                j.label, j.grade, j.ordinal, j.span = h.printed, grade, ordinal, span
                _flag(j, f"no grade in the record of main findings; {heading}")
            elif grade != j.grade:
                _flag(j, f"record of main findings says {j.label!r}, {heading}")
            else:
                j.confirmed_by.append(span)
        if h.number is not None:
            by_number, _ = grade_by_number(fw, h.number)
            if by_number is not None and by_number != grade:
                _flag(
                    j,
                    f"the heading on page {span.page} prints grade {h.number} with {h.printed!r}: they disagree",
                )
        if h.judgement_id.endswith(("overall_effectiveness", "capacity_to_improve")):
            nxt = heads[n + 1].start if n + 1 < len(heads) else body_end
            _check_restated(doc, fw, j, h.end, min(nxt, h.end + 1200))
    # a one-part report without a heading for its overall effectiveness (the 2012-13 protection inspection)
    oe = record.judgement("overall_effectiveness")
    if (
        not two_halves
        and oe is not None
        and not any(h.judgement_id == "overall_effectiveness" for h in heads)
    ):
        _check_restated(doc, fw, oe, title_start, body_end)

    # 3. required judgements of each half present (a SLAC re-inspection covers one half only)
    if two_halves:
        if not present:
            record.reasons.append("neither the safeguarding nor the looked after children section was found")
        for sc in scopes:
            if sc.root not in present:
                continue
            for jid in sc.required:
                if record.judgement(jid) is None:
                    record.judgements.append(
                        JudgementValue.not_found(
                            jid,
                            f"no grade found for {sc.name.lower()} (record of main findings or section heading)",
                        )
                    )

    # 4. areas for improvement: each block ends at the next heading of the body
    afi = heading_positions(doc, r"Areas\s+for\s+improvement", title_start, body_end)
    if not afi:
        read_headed_lists(
            doc,
            record,
            fw,
            _SLAC_CATEGORIES,
            start=title_start,
            end=body_end,
            section="Areas for improvement",
        )
        return
    # the report's other section headings end a block too ("About this inspection" after the list)
    other = "|".join([_TABLE_END, *(flex(t) for s in fw.report_sections for t in (s.title, *s.variants))])
    bounds = sorted(
        {x.start for x in heads}
        | {s for s, _ in halves}
        | {x.start() for x in afi}
        | {h.start() for h in heading_positions(doc, other, title_start, body_end)}
        | {body_end}
    )
    known = {k for sc in scopes for k in sc.titles}
    for block in afi:
        end = next((x for x in bounds if x > block.end()), body_end)
        # or at a judgement's title on a line of its own (a sub-heading printed without a grade)
        end = next(
            (a for a, b in _lines_between(doc.text, block.end(), end) if _title_key(doc.text[a:b]) in known),
            end,
        )
        sc = scope_at(block.start())
        section = sc.name if two_halves and sc is not fallback else "Areas for improvement"
        read_headed_lists(doc, record, fw, _SLAC_CATEGORIES, start=block.end(), end=end, section=section)


def _check_printed_number(doc: Doc, fw: Framework, j: JudgementValue) -> None:
    """A table grade printed with its number ("Inadequate Grade 4", "Grade 3 (Adequate)"): they must agree."""
    if j.span is None or j.grade is None:
        return
    end = doc.starts[j.span.page - 1] + j.span.end
    text = doc.text
    m = re.match(r"[ \t]*\(?[ \t]*grade[ \t]*([1-4])\b", text[end : end + 24], re.I) or re.search(
        r"grade[ \t]*([1-4])[ \t]*\([a-z \t]*$", text[max(0, end - 40) : end], re.I
    )
    if m is None:
        return
    by_number, _ = grade_by_number(fw, int(m.group(1)))
    if by_number is not None and by_number != j.grade:
        _flag(j, f"{j.label!r} is printed with grade {m.group(1)} on page {j.span.page}: they disagree")


def _check_restated(doc: Doc, fw: Framework, j: JudgementValue, start: int, end: int) -> None:
    """Compare ``j`` with the first sentence in ``[start, end)`` that restates a grade of its kind
    (overall effectiveness, or capacity)."""
    want = "overall" if j.judgement_id.endswith("overall_effectiveness") else "capacity"
    rx, hay = (_RESTATED, doc.lower) if doc.lower is not doc.text else (_RESTATED_I, doc.text)
    for m in rx.finditer(hay, start, end):
        if not m.group(1).lower().startswith(want):
            continue
        printed = doc.text[m.start(2) : m.end(2)]
        grade, ordinal = resolve_grade(fw, printed)
        span = doc.span(m.start(), m.end())
        if grade is None:
            return
        if j.grade is None:
            j.label, j.grade, j.ordinal, j.span = printed, grade, ordinal, span
            _flag(j, f"no grade in the record of main findings; page {span.page} says {span.text!r}")
        elif grade != j.grade:
            _flag(j, f"record of main findings says {j.label!r}, page {span.page} says {span.text!r}")
        else:
            j.confirmed_by.append(span)
        return


def _body_headings(doc: Doc, start: int, end: int, scope_at: Callable[[int], _Scope]) -> list[_Head]:
    """Judgement headings with their grades in ``[start, end)``, in order."""
    exact = doc.lower is not doc.text
    hay = doc.lower if exact else doc.text
    found: list[tuple[int, int, int, int | None, bool]] = []
    for m in (_GRADE_HEAD if exact else _GRADE_HEAD_I).finditer(hay, start, end):
        found.append((m.start(), m.start(2), m.end(2), int(m.group(1)), True))
    for m in (_BARE_GRADE if exact else _BARE_GRADE_I).finditer(hay, start, end):
        found.append((m.start(1), m.start(1), m.end(1), None, False))
    found.sort()
    heads: list[_Head] = []
    for pos, a, b, number, graded in found:
        hit = _heading_title(doc, pos, scope_at(pos).titles, prefix=graded)
        if hit is not None:
            jid, title_start, title = hit
            end_pos = b + 1 if graded and doc.text[b : b + 1] == ")" else b
            heads.append(_Head(jid, title, " ".join(doc.text[a:b].split()), number, title_start, end_pos))
    return heads


def _heading_title(
    doc: Doc, pos: int, titles: dict[str, str], *, prefix: bool
) -> tuple[str, int, str] | None:
    """The judgement whose title ends just before ``pos``: on the same line, or wrapped over up to three
    lines above it. ``prefix`` accepts a title followed by more words ("Making a positive contribution,
    including user engagement"); a grade alone on a line needs the exact title."""
    text = doc.text
    lines: list[tuple[int, str]] = []  # nearest first
    ls = text.rfind("\n", 0, pos) + 1
    same = text[ls:pos].strip()
    if same:
        lines.append((ls, same))
    cur, looked = ls, 0
    while len(lines) < 4 and cur > 0 and looked < 6:
        ps = text.rfind("\n", 0, cur - 1) + 1
        line = text[ps : cur - 1].strip()
        cur, looked = ps, looked + 1
        if line:
            lines.append((ps, line))
    for k in range(1, len(lines) + 1):
        chunk = lines[:k][::-1]
        title = " ".join(" ".join(t for _, t in chunk).split())
        key = _title_key(title)
        jid = titles.get(key)
        if jid is None and prefix:
            best = max((t for t in titles if key.startswith(t + " ")), key=len, default=None)
            jid = titles[best] if best is not None else None
        if jid is not None:
            return jid, chunk[0][0], title
    return None


def read(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    read_slac_family(doc, record, found.start)
    return [record]


READER = Reader("slac", ("slac",), read)
