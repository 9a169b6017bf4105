"""Which framework and document type a document is: the title phrases Ofsted prints (structural cues),
checked against the framework YAML ``document_types[].patterns``; anything else is rejected with a reason.

The earliest title phrase in the first pages wins: a focused-visit letter mentions the ILACS framework
further down, a CSA letter mentions the unannounced inspection in its body, a JAR annexes the APA letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from csinspect.frameworks.registry import FrameworkError, all_frameworks
from csinspect.sources.reports.normalise import Doc, Span, lower_rx

_CS = r"children['’]?s\s+services"


@dataclass(frozen=True)
class Cue:
    document_type: str
    family: str
    pattern: re.Pattern[str]  # case-insensitive, for the text as printed
    lowered: re.Pattern[str]  # the same for the lower-cased text (several times faster)


def _cue(doc_type: str, family: str, rx: str) -> Cue:
    return Cue(doc_type, family, re.compile(rx, re.I), lower_rx(rx))


CUES: tuple[Cue, ...] = (
    _cue(
        "area_send",
        "area_send",
        r"area\s+SEND\s+inspection|joint\s+local\s+area\s+SEND\s+inspection|local\s+area\s+SEND\s+(?:re-?)?visit|"
        r"inspection\s+of\s+the\s+local\s+area\s+(?:in|of)\s+[\w\s'’-]{1,60}?special\s+educational\s+needs",
    ),
    _cue("jtai_letter", "jtai", r"joint\s+targeted\s+area\s+inspection"),
    _cue("focused_visit", "visit", r"(?:focused\s+(?:assurance\s+)?visit|assurance\s+visit)\s+to\b"),
    _cue("monitoring_visit", "visit", r"monitoring\s+visit\s+(?:to|of)\b"),
    _cue("jar", "jar", r"joint\s+area\s+review"),
    _cue(
        "csa_letter",
        "csa",
        rf"annual\s+{_CS}\s+assessment|{_CS}\s+assessment\s+(?:19|20)\d\d|annual\s+assessment\s+of\s+{_CS}",
    ),
    _cue(
        "ucra_letter",
        "ucra",
        r"unannounced\s+inspection\s+of\s+(?:local\s+authority\s+)?contact,?\s+referral\s+and\s+assessment",
    ),
    _cue("apa", "apa", r"annual\s+performance\s+assessment"),
    _cue("sif_reinspection", "sif", r"\bre-?\s*inspection\s+of\s+services\s+for\s+children\s+in\s+need"),
    _cue(
        "sif",
        "sif",
        r"inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help\s+and\s+protection",
    ),
    _cue(
        "lscb_review",
        "lscb",
        # a footnote marker may sit between the words ("... Local Safeguarding Children 1 Board")
        r"(?:review|inspection)\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+children\s+"
        r"(?:\d{1,2}\s+)?board",
    ),
    _cue("slac", "slac", r"inspection\s+of\s+safeguarding\s+and\s+looked\s+after\s+children\s+services"),
    _cue(
        "cp_inspection",
        "cp_lac_2012",
        r"inspection\s+of\s+local\s+authority\s+arrangements\s+for\s+the\s+protection\s+of\s+children",
    ),
    _cue("lac_inspection", "cp_lac_2012", r"inspection\s+of\s+looked\s+after\s+children\s+services"),
    _cue(
        "ilacs",
        "ilacs",
        rf"inspection\s+of\s+(?:children['’]?s\s+social\s+care\s+services|local\s+authority\s+{_CS}|"
        rf"[A-Z][\w\s,&'’.-]{{0,80}}?local\s+authority\s+{_CS})",
    ),
)
_COUNCIL_PAPER = re.compile(
    r"report\s+by|subject:|wards\s+affected|contact\s+officer|lead\s+executive\s+member|"
    r"recommendation\(s\)|background\s+papers|agenda\s+item|report\s+to\s+(?:the\s+)?(?:executive|cabinet|committee)",
    re.I,
)
_OFSTED = re.compile(r"ofsted|office\s+for\s+standards\s+in\s+education|inspectorate|inspector", re.I)


class NotAReport(ValueError):
    """A readable document that is not a children's services inspection report csinspect knows."""


@dataclass(frozen=True)
class Found:
    document_type: str  # apa / ilacs are refined by the family reader
    family: str
    span: Span
    also_lscb: bool  # a SIF report that includes the LSCB review
    via: str
    start: int = 0  # where the title begins in ``doc.text``


@lru_cache(maxsize=1)
def yaml_document_types() -> list[tuple[str, str, re.Pattern[str]]]:
    """(framework id, document type id, compiled pattern) from every framework YAML that loads."""
    out: list[tuple[str, str, re.Pattern[str]]] = []
    try:
        frameworks = all_frameworks()
    except FrameworkError:
        return out
    for fw in frameworks.values():
        for dt in fw.document_types:
            for p in dt.patterns:
                out.append((fw.id, dt.id, re.compile(p, re.I)))
    return out


def classify(doc: Doc) -> Found:
    head = doc.head(2)
    hits: list[tuple[int, Cue, re.Match[str]]] = []
    # most titles are on page 1; look further only if needed (offsets in doc.lower are doc.text's)
    for part in (doc.lower[: len(doc.head(1))], doc.lower[: len(head)]):
        for cue in CUES:
            m = (cue.lowered if doc.lower_exact else cue.pattern).search(part)
            if m:
                hits.append((m.start(), cue, m))
        if hits:
            break
    if not hits:
        found = _classify_by_yaml(doc, head)
        if found is not None:
            return found
        if not _OFSTED.search(head):
            raise NotAReport(
                "not an inspection report: no Ofsted/inspectorate wording and no report title in the first pages"
            )
        raise NotAReport(
            "not recognised: no title of a known children's services report type (JAR, APA, CSA, UCRA, SLAC, "
            "SIF, LSCB review, ILACS, focused/monitoring visit, JTAI, area SEND) in the first pages"
        )
    hits.sort(key=lambda h: h[0])
    _pos, cue, m = hits[0]
    doc_type = cue.document_type
    also_lscb = False
    if doc_type == "sif":
        also_lscb = any(c.document_type == "lscb_review" for _, c, _ in hits)
    if doc_type == "apa":
        doc_type = "apa_council_paper" if len(set(_COUNCIL_PAPER.findall(head))) >= 2 else "apa_letter"
    return Found(
        doc_type,
        cue.family,
        doc.span(m.start(), m.end()),
        also_lscb,
        _yaml_agreement(doc_type, head),
        m.start(),
    )


def _yaml_agreement(doc_type: str, head: str) -> str:
    """Whether the framework YAML's own patterns for this document type recognise it too (recorded, so a
    title wording the YAML does not know yet shows up in the data)."""
    types = {"ilacs_standard", "ilacs_short"} if doc_type == "ilacs" else {doc_type}
    pats = [rx for _fw, dt, rx in yaml_document_types() if dt in types]
    if not pats:
        return "structure"
    return (
        "structure+yaml" if any(rx.search(head) for rx in pats) else "structure (yaml patterns did not match)"
    )


def _classify_by_yaml(doc: Doc, head: str) -> Found | None:
    matches: dict[tuple[str, str], re.Match[str]] = {}
    for fw_id, dt_id, rx in yaml_document_types():
        m = rx.search(head)
        if m and (fw_id, dt_id) not in matches:
            matches[(fw_id, dt_id)] = m
    types = {dt for _, dt in matches}
    if len(types) != 1:
        return None
    (fw_id, dt_id), m = next(iter(matches.items()))
    return Found(dt_id, fw_id, doc.span(m.start(), m.end()), False, f"yaml:{fw_id}.{dt_id}", m.start())
