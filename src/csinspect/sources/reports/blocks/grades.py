"""Grades: the words every framework prints, resolved onto a framework's scale; judgement titles as flexible
patterns; front-page grade tables (words or numbers) and their confirmation in the body."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from csinspect.frameworks.registry import FrameworkError, get_framework
from csinspect.frameworks.schema import Framework, normalise_label
from csinspect.sources.reports.normalise import Doc, Span, lower_rx
from csinspect.sources.reports.records import JudgementValue, ReportRecord

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


_ROW = re.compile(r"^[ \t]*(?:\d\.?[ \t]+)?(?P<label>[A-Za-z][^\n\t]*?)[ \t]+(?P<n>[1-4])[ \t]*$", re.M)

_ALIASES = {
    "safeguarding": "safeguarding",
    "looked after children": "looked_after_children",
    "learning difficulties and or disabilities": "learning_difficulties_disabilities",
    "service management": "service_management",
    "capacity to improve": "capacity_to_improve",
    "being healthy": "being_healthy",
    "staying safe": "staying_safe",
    "enjoying and achieving": "enjoying_and_achieving",
    "making a positive contribution": "making_a_positive_contribution",
    "achieving economic well being": "achieving_economic_wellbeing",
    "achieving economic wellbeing": "achieving_economic_wellbeing",
    "overall effectiveness of children's services": "overall_effectiveness",
    "overall effectiveness": "overall_effectiveness",
    "capacity to improve including the management of services for children and young people": "capacity_to_improve",
}


def judgement_id_for(fw: Framework | None, printed: str) -> str | None:
    if fw is not None:
        node = fw.match_judgement(printed)
        if node is not None:
            return node.id
    key = normalise_label(printed)
    jid = _ALIASES.get(key)
    if jid is None:
        for alias, cand in _ALIASES.items():
            if key.startswith(alias):
                jid = cand
                break
    if jid is not None and fw is not None:
        try:
            fw.judgement(jid)
        except KeyError:
            return None
    return jid


def read_numbered_table(doc: Doc, fw: Framework | None, start: int, end: int) -> list[JudgementValue]:
    out: list[JudgementValue] = []
    for m in _ROW.finditer(doc.text, start, end):
        label = " ".join(m.group("label").split())
        jid = judgement_id_for(fw, label)
        if jid is None or any(j.judgement_id == jid for j in out):
            continue
        grade, ordinal = grade_by_number(fw, int(m.group("n")))
        out.append(
            JudgementValue(jid, label, m.group("n"), grade, ordinal, doc.span(m.start("label"), m.end("n")))
        )
    return out
