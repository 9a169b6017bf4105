"""Joint area reviews (2005-09): the grade table of the five outcomes and the focus areas, tick-box grades,
strengths and weaknesses, and the annexes (the APA letter and the corporate assessment) as records of their own."""

from __future__ import annotations

import re

from csinspect.frameworks.schema import Framework, normalise_label
from csinspect.sources.reports.blocks.dates import read_published
from csinspect.sources.reports.blocks.facts import read_area_facts
from csinspect.sources.reports.blocks.front_matter import clean_name
from csinspect.sources.reports.blocks.grades import (
    _ROW,
    GRADE_WORDS,
    canonical_grade,
    judgement_value,
    load_framework,
    read_numbered_table,
    resolve_grade,
)
from csinspect.sources.reports.blocks.headings import heading_positions
from csinspect.sources.reports.blocks.recommendations import read_headed_lists, split_items
from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.readers.registry import Found, Reader
from csinspect.sources.reports.records import FindingValue, JudgementValue, ReportRecord

_JAR_AREA = re.compile(
    r"^[ \t]*(?P<name>[^\n]+?)\s+Children['’]?s\s+Services\s+Authority\s+Area", re.I | re.M
)

_SCALE_LINE = re.compile(r"4\s*:\s*outstanding\s*;?\s*3\s*:\s*good", re.I)

_JAR_SENTENCES = {
    "safeguarding": r"outcomes\s+for\s+children\s+and\s+young\s+people\s+at\s+risk,?\s+or\s+requiring\s+safeguarding\s+(?:is|are)\s+",
    "looked_after_children": r"outcomes\s+for\s+looked\s+after\s+children\s+and\s+young\s+people\s+(?:is|are)\s+",
    "learning_difficulties_disabilities": r"learning\s+difficulties\s+and/or\s+disabilities\s+(?:is|are)\s+",
    "service_management": r"management\s+of\s+services\s+for\s+children\s+and\s+young\s+people\s+(?:is|are)\s+",
    "capacity_to_improve": r"capacity\s+to\s+improve\s+further\s+(?:is|are)\s+",
}

_JAR_HEADINGS = {
    "safeguarding": r"Safeguarding",
    "looked_after_children": r"Looked\s+after\s+children(?:\s+and\s+young\s+people)?",
    "learning_difficulties_disabilities": r"Children\s+and\s+young\s+people\s+with\s+learning\s+difficulties\s+and/or\s*(?:\n\s*)?disabilities",
    "service_management": r"Service\s+management",
    "capacity_to_improve": r"Capacity\s+to\s+improve",
}

_TICKBOX = re.compile(
    r"^[ \t]*Inadequate[ \t]*(?P<x1>X)?[ \t]+Adequate[ \t]*(?P<x2>X)?[ \t]+Good[ \t]*(?P<x3>X)?[ \t]+Outstanding[ \t]*(?P<x4>X)?",
    re.I | re.M,
)

_JAR_CATEGORIES = [
    (r"For\s+immediate\s+action", "immediate"),
    (r"For\s+action\s+over\s+the\s+next\s+six\s+months", "within_six_months"),
    (r"For\s+action\s+in\s+the\s+longer\s+term", "longer_term"),
]

_STRENGTHS_HEAD = re.compile(r"^[ \t]*Major\s+strengths[ \t]+Important\s+weaknesses[ \t]*$", re.I | re.M)

_PARA = re.compile(r"^(?:-\s+)?\d{1,3}\.\s")


def read_jar(doc: Doc, record: ReportRecord) -> None:
    head = doc.head(2)
    m = _JAR_AREA.search(head)
    if m:
        record.authority_printed = clean_name(m.group("name"))
        record.authority_span = doc.span(m.start("name"), m.end("name"))
    read_published(doc, record, r"Published\s*:?", limit=6000)
    s = _SCALE_LINE.search(doc.text)
    rec_heads = heading_positions(doc, r"Recommendations")
    table_end = next((h.start() for h in rec_heads if s and h.start() > s.end()), None)
    probe_fw, _ = load_framework("jar_2007")
    judgements: list[JudgementValue] = []
    if s is not None:
        end = table_end if table_end is not None else min(len(doc.text), s.end() + 800)
        rows = list(_ROW.finditer(doc.text, s.end(), end))
        labels = {normalise_label(r.group("label")) for r in rows}
        record.framework_id = "jar_2005" if {"being healthy", "staying safe"} & labels else "jar_2007"
        fw, problem = load_framework(record.framework_id)
        if problem:
            record.reasons.append(problem)
        judgements = read_numbered_table(doc, fw, s.end(), end)
    else:
        record.framework_id = "jar_2007"
        fw = probe_fw
        record.reasons.append("the grades table was not found; grades read from the section sentences")
    record.judgements = judgements
    # section sentences ("... is good.") and tick-box rows confirm (or supply) the table's grades
    for jid, rx in _JAR_SENTENCES.items():
        sm = re.search(rx + rf"({GRADE_WORDS})", doc.text, re.I)
        if sm is None:
            continue
        g, o = resolve_grade(fw, sm.group(1))
        span = doc.span(sm.start(), sm.end())
        j = record.judgement(jid)
        if j is None and s is None:
            record.judgements.append(
                JudgementValue(
                    jid,
                    jid.replace("_", " "),
                    sm.group(1),
                    g,
                    o,
                    span,
                    "needs_review",
                    "read from the section sentence only",
                )
            )
        elif j is not None and g is not None and g != j.grade:
            j.status, j.reason = (
                "needs_review",
                f"grades table says {j.label}, page {span.page} says {sm.group(1)!r}",
            )
        elif j is not None:
            j.confirmed_by.append(span)
    _jar_tickboxes(doc, record, fw)
    if table_end is not None:
        read_headed_lists(
            doc,
            record,
            fw,
            _JAR_CATEGORIES,
            start=table_end,
            end=min(len(doc.text), table_end + 6000),
            section="Recommendations",
        )
    _jar_strengths(doc, record)
    _main_findings(doc, record)
    _jar_annexes(doc, record)
    read_area_facts(doc, record)  # context ("There are 326 looked after children") and findings


def _jar_tickboxes(doc: Doc, record: ReportRecord, fw: Framework | None) -> None:
    for tb in _TICKBOX.finditer(doc.text):
        ticked = [i for i, g in enumerate(("x1", "x2", "x3", "x4")) if tb.group(g)]
        if len(ticked) != 1:
            continue
        printed = ("Inadequate", "Adequate", "Good", "Outstanding")[ticked[0]]
        before = doc.text[max(0, tb.start() - 200) : tb.start()]
        jid = None
        best = -1
        for cand, hrx in _JAR_HEADINGS.items():
            for hm in re.finditer(rf"^[ \t]*{hrx}[ \t]*$", before, re.I | re.M):
                if hm.start() > best:
                    best, jid = hm.start(), cand
        j = record.judgement(jid) if jid else None
        if j is None:
            continue
        g, _ = resolve_grade(fw, printed)
        span = doc.span(tb.start(), tb.end())
        if g != j.grade:
            j.status, j.reason = (
                "needs_review",
                f"grades table says {j.label}, the tick-box row on page {span.page} marks {printed}",
            )
        else:
            j.confirmed_by.append(span)


def _area_before(doc: Doc, pos: int) -> str | None:
    window = doc.text[max(0, pos - 700) : pos]
    best, area = -1, None
    for jid, rx in _JAR_SENTENCES.items():
        for m in re.finditer(rx, window, re.I):
            if m.start() > best:
                best, area = m.start(), jid
    if re.search(
        r"impact\s+of\s+the\s+partners['’]?\s+strategy|additional\s+investigation",
        window[best + 1 :] if best >= 0 else window,
        re.I,
    ):
        return "additional_investigations"
    return area


def _jar_strengths(doc: Doc, record: ReportRecord) -> None:
    text = doc.text
    for h in _STRENGTHS_HEAD.finditer(text):
        area = _area_before(doc, h.start())
        pos = h.end() + 1
        while pos < len(text):
            nl = text.find("\n", pos)
            nl = len(text) if nl == -1 else nl
            line = text[pos:nl]
            s = line.strip()
            heading = (
                "\t" not in line
                and not s.endswith(".")
                and re.match(
                    r"^(?:Safeguarding|Looked after|Children and young people with|Service management|Capacity to improve|Other issues|Annex)",
                    s,
                )
            )
            if s and (_PARA.match(s) or heading):
                break
            if s and "\t" in line:
                left, _, right = line.partition("\t")
                for kind, cell in (("strength", left), ("weakness", right)):
                    for item in cell.split("\u00b6"):
                        item = " ".join(item.split())
                        if len(item) > 3:
                            record.findings.append(FindingValue(kind, area, item, doc.page_of(pos)))
            elif s:
                for item in s.split("\u00b6"):
                    item = " ".join(item.split())
                    if len(item) > 3:
                        record.findings.append(
                            FindingValue("strength_or_weakness", area, item, doc.page_of(pos))
                        )
            pos = nl + 1


def _main_findings(doc: Doc, record: ReportRecord) -> None:
    hs = heading_positions(doc, r"Main\s+findings")
    if not hs:
        return
    h = hs[0]  # the report's own; annexes (youth inspection) have theirs further on
    end_h = heading_positions(doc, r"Grades", h.end())
    end = end_h[0].start() if end_h else min(len(doc.text), h.end() + 5000)
    for text, a, _b in split_items(doc.text[h.end() + 1 : end], h.end() + 1):
        if len(text) > 40 and not re.match(r"^The main findings of this", text):
            record.findings.append(FindingValue("key_finding", None, text, doc.page_of(a)))


_CPA_TOPICS = (  # keywords of the first sentence of each paragraph of annex C -> judgement id
    ("outcomes", r"^outcomes\s+for\s+children"),
    ("service_management", r"^service\s+management"),
    ("being_healthy", r"\bhealth"),
    ("staying_safe", r"\bsafe\b"),
    ("enjoying_and_achieving", r"\benjoy"),
    ("making_a_positive_contribution", r"contribut\w*\s+to\s+society|positive\s+contribution"),
    ("achieving_economic_wellbeing", r"economic\s+well-?being"),
    ("capacity_to_improve", r"\bcapacity\b"),
)


def jar_annex_records(doc: Doc, record: ReportRecord) -> list[ReportRecord]:
    """The enhanced youth inspection (annex B key-aspect grades) and the corporate assessment's children
    and young people section (annex C) that a JAR report carries: one record each, framework
    ``youth_inspection`` / ``corporate_assessment_cyp``, document type ``jar``."""
    out = []
    k = re.search(r"Key\s+aspect\s+inspection\s+grades", doc.text, re.I)
    if k:
        youth = _annex_record(record, "youth", "youth_inspection")
        fw, problem = load_framework("youth_inspection")
        if problem:
            youth.reasons.append(problem)
        youth.judgements = read_numbered_table(doc, fw, k.end(), min(len(doc.text), k.end() + 600))
        if youth.judgements:
            out.append(youth)
    c = re.search(
        r"CORPORATE\s+ASSESSMENT\s+ACHIEVEMENT\s*-?\s*CHILDREN\s+AND\s+YOUNG\s+PEOPLE", doc.text, re.I
    )
    if c:
        cpa = _annex_record(record, "corporate", "corporate_assessment_cyp")
        fw, problem = load_framework("corporate_assessment_cyp")
        if problem:
            cpa.reasons.append(problem)
        end_m = re.search(r"^[ \t]*Annex\s+D\b", doc.text[c.end() :], re.M)
        end = c.end() + (end_m.start() if end_m else 8000)
        for text, a, b in split_items(doc.text[c.end() : end], c.end()):
            text = re.sub(r"^\d{1,2}\.\s*", "", text)
            first_sentence = re.split(r"(?<=[a-z)])\.\s", text, maxsplit=1)[0]
            # the quote is the sentence as printed: its end found in the text itself (the item's text has its
            # number dropped and its line breaks joined, so its length is not the printed one)
            stop = re.search(r"(?<=[a-z)])\.(?=\s|$)", doc.text[a:b])
            sentence_end = a + stop.end() if stop else b
            g = re.search(rf"\b(?:is|are)\s+({GRADE_WORDS})\b", first_sentence, re.I)
            if g is None:
                continue
            topics = [jid for jid, rx in _CPA_TOPICS if re.search(rx, first_sentence, re.I)]
            if "outcomes" in topics:
                topics = ["outcomes"]
            elif "service_management" in topics:
                topics = ["service_management"]
            span = doc.span(a, sentence_end)
            for jid in topics:
                if cpa.judgement(jid) is not None:
                    continue
                j = judgement_value(fw, jid, first_sentence[:120], g.group(1), span)
                if len(topics) > 1:
                    j.status, j.reason = (
                        "needs_review",
                        f"one grade printed for {len(topics)} judgements ({', '.join(topics)})",
                    )
                cpa.judgements.append(j)
        if cpa.judgements:
            out.append(cpa)
    return out


def _annex_record(record: ReportRecord, part: str, framework_id: str) -> ReportRecord:
    r = ReportRecord(part=part, framework_id=framework_id, document_type=record.document_type)
    r.authority_printed, r.authority_span, r.published = (
        record.authority_printed,
        record.authority_span,
        record.published,
    )
    return r


def _jar_annexes(doc: Doc, record: ReportRecord) -> None:
    k = re.search(r"Key\s+aspect\s+inspection\s+grades", doc.text, re.I)
    if k:
        rows = []
        for m in re.finditer(
            r"^[ \t]*(?:\d[ \t]+)?(?P<label>[A-Z][^\n\t\d]{5,80}?)[ \t]+(?P<n>[1-4])[ \t]*$",
            doc.text[k.end() : k.end() + 600],
            re.M,
        ):
            rows.append({"aspect": " ".join(m.group("label").split()), "grade": int(m.group("n"))})
        if rows:
            record.extra["youth_inspection_key_aspects"] = rows
    a = re.search(
        r"overall\s+judgement\s+the\s+effectiveness\s+of\s+children['’]?s\s+services\s+is\s+("
        + GRADE_WORDS
        + ")",
        doc.text,
        re.I,
    )
    if a:
        record.extra["annex_apa_overall"] = canonical_grade(a.group(1))


def read(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    read_jar(doc, record)
    return [record, *jar_annex_records(doc, record)]


READER = Reader("jar", ("jar",), read)
