"""Which framework and document type a document is: the one classifier, used by ingestion and the tests.

The titles come from the framework files (``document_types[].patterns``): the earliest title in the opening
pages wins (a focused-visit letter mentions the ILACS framework further down, a CSA letter mentions the
unannounced inspection in its body, a JAR annexes the APA letter). Types that print the same title are told
apart by their ``context_patterns`` (an APA letter reprinted in a council paper), or later by their reader
(ILACS short or standard by the days on site; JAR, APA and ILACS versions by date). A readable document with
no known title is rejected, naming what was looked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from csinspect.frameworks.registry import FrameworkError, all_frameworks
from csinspect.frameworks.schema import normalise_label
from csinspect.sources.reports.normalise import Doc, Span, lower_rx

_OFSTED = re.compile(r"ofsted|office\s+for\s+standards\s+in\s+education|inspectorate|inspector", re.I)


class NotAReport(ValueError):
    """A readable document that is not a children's services inspection report csinspect knows."""


@dataclass(frozen=True)
class Cue:
    """One title of one document type (shared by every framework that publishes the type)."""

    document_type: str
    frameworks: tuple[str, ...]
    pattern: re.Pattern[str]  # case-insensitive, for the text as printed
    lowered: re.Pattern[str]  # the same for the lower-cased text (several times faster)
    context: tuple[re.Pattern[str], ...] = ()
    context_min: int = 0


@dataclass(frozen=True)
class Found:
    document_type: str  # the type; a reader's family ("ilacs") when the title names several types
    family: str  # the reader family that reads it
    span: Span
    also_lscb: bool  # a SIF report that includes the LSCB review
    via: str  # how it was recognised: "title" (framework YAML), "structure"
    start: int = 0  # where the title begins in ``doc.text``


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    """Every document type's titles from the framework files, in file order (the tie-break)."""
    try:
        frameworks = all_frameworks()
    except FrameworkError:
        return ()
    by_key: dict[tuple[str, str], list[str]] = {}
    context: dict[str, tuple[tuple[str, ...], int]] = {}
    for fw in frameworks.values():
        for dt in fw.document_types:
            for p in dt.patterns:
                by_key.setdefault((dt.id, p), []).append(fw.id)
            if dt.context_patterns:
                context[dt.id] = (tuple(dt.context_patterns), dt.context_min)
    out = []
    for (dt_id, p), fws in by_key.items():
        ctx, n = context.get(dt_id, ((), 0))
        out.append(
            Cue(
                dt_id,
                tuple(fws),
                re.compile(p, re.I),
                lower_rx(p),
                tuple(re.compile(c, re.I) for c in ctx),
                n,
            )
        )
    return tuple(out)


def yaml_document_types() -> tuple[Cue, ...]:
    """The compiled titles (loaded once before worker processes fork)."""
    return cues()


def _family(document_type: str) -> str:
    from csinspect.sources.reports.readers import reader_for

    reader = reader_for(document_type)
    return reader.family if reader is not None else document_type


def classify(doc: Doc) -> Found:
    head = doc.head(2)
    hits: list[tuple[int, int, Cue, re.Match[str]]] = []
    # most titles are on page 1; look further only if needed (offsets in doc.lower are doc.text's)
    for part in (doc.lower[: len(doc.head(1))], doc.lower[: len(head)]):
        for order, cue in enumerate(cues()):
            m = (cue.lowered if doc.lower_exact else cue.pattern).search(part)
            if m:
                hits.append((m.start(), order, cue, m))
        if hits:
            break
    if not hits:
        by_structure = _by_structure(doc, head)
        if by_structure is not None:
            return by_structure
        if not _OFSTED.search(head):
            raise NotAReport(
                "not an inspection report: no Ofsted/inspectorate wording and no report title in the first pages"
                f" (it opens {_opening(head)!r})"
            )
        raise NotAReport(
            "not recognised: no title of a known children's services report type (JAR, APA, CSA, UCRA, SLAC, "
            f"SIF, LSCB review, ILACS, focused/monitoring visit, JTAI, area SEND) in the first pages; it opens "
            f"{_opening(head)!r}{_headings_found(head)}"
        )
    hits.sort(key=lambda h: (h[0], h[1]))
    pos, _order, _cue, m = hits[0]
    # every type whose title is the same text at the same place; context decides between them
    same = [c for p, _o, c, mm in hits if p == pos and mm.end() == m.end()]
    types = list(dict.fromkeys(c.document_type for c in same))
    if len(types) > 1:
        with_context = [
            c for c in same if c.context and sum(1 for rx in c.context if rx.search(head)) >= c.context_min
        ]
        without = [c for c in same if not c.context]
        chosen = [with_context[0]] if with_context else without
        types = list(dict.fromkeys(c.document_type for c in chosen))
    families = {_family(t) for t in types}
    document_type = types[0] if len(types) == 1 else families.pop() if len(families) == 1 else types[0]
    also_lscb = document_type == "sif" and any(c.document_type == "lscb_review" for _p, _o, c, _m in hits)
    return Found(
        document_type, _family(document_type), doc.span(m.start(), m.end()), also_lscb, "title", m.start()
    )


def _opening(head: str) -> str:
    words = " ".join(ln.strip() for ln in head.split("\n")[:6] if ln.strip())
    return words[:120]


@lru_cache(maxsize=1)
def _judgement_labels() -> tuple[tuple[str, str, tuple[tuple[str, tuple[str, ...]], ...]], ...]:
    """(framework, first document type, ((judgement id, its printed labels), …)) for every framework whose
    front page prints a table of graded judgements."""
    try:
        frameworks = all_frameworks()
    except FrameworkError:
        return ()
    out = []
    for fw in frameworks.values():
        graded = [n for n in fw.iter_judgements() if n.graded]
        if len(graded) < 3 or not fw.document_types:
            continue
        labels = tuple(
            (n.id, tuple(dict.fromkeys(normalise_label(x) for x in (n.label, *n.variants) if len(x) > 12)))
            for n in graded
        )
        out.append((fw.id, fw.document_types[0].id, labels))
    return tuple(out)


def _structure_scores(head: str) -> list[tuple[int, int, str, str]]:
    text = f" {normalise_label(head)} "
    scores = []
    for order, (fw_id, dt, labels) in enumerate(_judgement_labels()):
        n = sum(1 for _jid, xs in labels if any(f" {x} " in text for x in xs))
        if n >= 3 and n * 10 >= len(labels) * 6:
            scores.append((n, -order, fw_id, dt))
    return sorted(scores, reverse=True)


def _by_structure(doc: Doc, head: str) -> Found | None:
    """A report whose title wording is new, recognised by its front page: the framework whose graded
    judgement headings it prints (at least three, and most of them). The reader still checks the
    framework against the dates; the record says how it was recognised."""
    scores = _structure_scores(head)
    if not scores:
        return None
    _n, _o, fw_id, dt = scores[0]
    line_end = doc.text.find("\n")
    end = line_end if 0 < line_end < 200 else min(len(doc.text), 80)
    return Found(dt, _family(dt), doc.span(0, end), False, f"structure:{fw_id}", 0)


def _headings_found(head: str) -> str:
    text = f" {normalise_label(head)} "
    found = sorted(
        {
            jid
            for _fw, _dt, labels in _judgement_labels()
            for jid, xs in labels
            if any(f" {x} " in text for x in xs)
        }
    )
    return f"; judgement headings found: {', '.join(found)}" if found else "; no judgement headings found"


def classify_text(text: str) -> Found:
    """``classify`` for a text given as one page (tests and tools)."""
    from csinspect.sources.reports.normalise import normalise_pages

    return classify(normalise_pages([text], True))
