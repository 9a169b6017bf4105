"""Pre-2013 documents: joint area reviews (JAR), APA letters and council papers reporting APA grades,
annual children's services assessment letters (CSA), unannounced contact/referral/assessment letters
(UCRA), SLAC and the 2012-13 protection / looked-after inspections; plus the front matter of a
stand-alone LSCB review."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from csinspect.frameworks.schema import Framework, JudgementNode, normalise_label
from csinspect.sources.reports.common import (
    DATE_RE,
    GRADE_WORDS,
    canonical_grade,
    clean_name,
    flex,
    label_variants,
    make_date,
    parse_date,
    resolve_grade,
    split_items,
)
from csinspect.sources.reports.normalise import Doc, Span
from csinspect.sources.reports.readers.base import (
    Entry,
    first_date_line,
    heading_positions,
    judgement_value,
    load_framework,
    read_area_facts,
    read_grade_table,
    read_headed_lists,
    read_labelled_date,
    read_lead_inspector,
    read_published,
)
from csinspect.sources.reports.records import Dated, FindingValue, JudgementValue, ReportRecord

# ---- numbered grade tables (JAR, APA) ------------------------------------------------------------------

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


def grade_by_number(fw: Framework | None, n: int) -> tuple[str | None, int | None]:
    if fw is not None:
        for v in fw.scale.values:
            if v.numeric == n:
                return v.id, v.ordinal
        return None, None
    return {4: "outstanding", 3: "good", 2: "adequate", 1: "inadequate"}[n], n


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


# ---- JAR -----------------------------------------------------------------------------------------------

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
        for text, a, _b in split_items(doc.text[c.end() : end], c.end()):
            text = re.sub(r"^\d{1,2}\.\s*", "", text)
            first_sentence = re.split(r"(?<=[a-z)])\.\s", text, maxsplit=1)[0]
            g = re.search(rf"\b(?:is|are)\s+({GRADE_WORDS})\b", first_sentence, re.I)
            if g is None:
                continue
            topics = [jid for jid, rx in _CPA_TOPICS if re.search(rx, first_sentence, re.I)]
            if "outcomes" in topics:
                topics = ["outcomes"]
            elif "service_management" in topics:
                topics = ["service_management"]
            span = doc.span(a, a + len(first_sentence))
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


# ---- APA letter / council paper --------------------------------------------------------------------------

_APA_AUTHORITY = [
    re.compile(
        r"children\s+and\s+young\s+people\s+in\s+(?P<name>[A-Z][^\n]*?)(?:\s+(?:19|20)\d\d\b|\s+[–-]\s|[.,]|\s*$)",
        re.M,
    ),
    re.compile(r"(?P<name>[A-Z][A-Za-z .&'’-]+?)['’]s\s+(?:19|20)\d\d\s+APA", re.M),
]


def _apa_framework(year: int | None) -> str:
    if year is None or year >= 2007:
        return "apa_2007"
    return "apa_2006" if year == 2006 else "apa_2005"


def read_apa(doc: Doc, record: ReportRecord) -> None:
    for rx in _APA_AUTHORITY:
        m = rx.search(doc.text)
        if m:
            record.authority_printed = clean_name(m.group("name"))
            record.authority_span = doc.span(m.start("name"), m.end("name"))
            break
    y = re.search(
        r"\b((?:19|20)\d\d)\s+(?:APA|annual\s+performance\s+assessment)|annual\s+performance\s+assessment\s+(?:of\s+[^\n]{0,120}?)?((?:19|20)\d\d)",
        doc.text,
        re.I,
    )
    year = int(y.group(1) or y.group(2)) if y else None
    if year:
        record.extra["assessment_year"] = year
    record.framework_id = _apa_framework(year)
    fw, problem = load_framework(record.framework_id)
    if problem:
        record.reasons.append(problem)
    pub = re.search(r"published\s+(?:by\s+Ofsted\s+)?on\s+" + DATE_RE.pattern, doc.text, re.I)
    if pub:
        d = make_date(pub.group(1), pub.group(2), pub.group(3))
        if d:
            record.published = Dated(d, doc.span(pub.start(), pub.end()))
    if record.document_type == "apa_council_paper":
        pd = re.search(r"DATE\s*:?\s*" + DATE_RE.pattern, doc.text[:3000], re.I)
        if pd:
            record.extra["paper_date"] = str(make_date(pd.group(1), pd.group(2), pd.group(3)))
    elif record.published is None:
        letter = first_date_line(doc)
        if letter:
            record.published = Dated(letter[0], letter[1])  # type: ignore[arg-type]
    s = _SCALE_LINE.search(doc.text)
    start = s.end() if s else 0
    record.judgements = read_numbered_table(doc, fw, start, min(len(doc.text), start + 1500))
    # "major strengths" listed by the paper or letter are findings; areas for development are actions
    hs = re.search(r"major\s+strengths[^\n]*:?\s*\n", doc.text, re.I)
    if hs:
        end = re.search(r"^[ \t]*\d{1,2}\.\s", doc.text[hs.end() :], re.M)
        block_end = hs.end() + (end.start() if end else 2000)
        for text, a, _ in split_items(doc.text[hs.end() : block_end], hs.end()):
            record.findings.append(FindingValue("strength", None, text, doc.page_of(a)))
    read_headed_lists(
        doc,
        record,
        fw,
        [(r"Areas\s+for\s+(?:development|improvement)", "areas_for_development")],
        section="APA",
    )


# ---- CSA letter ----------------------------------------------------------------------------------------------

_CSA_HEAD = re.compile(
    r"^[ \t]*(?P<name>[^\n]+?)\s+children['’]?s\s+services\s+assessment\s+(?P<year>(?:19|20)\d\d)",
    re.I | re.M,
)
_CSA_GRADE = re.compile(
    r"Children['’]?s\s+services\s+assessment[ \t]*\n?[ \t]*(?P<g>Performs\s+\w+)(?:\s*\((?P<n>\d)\))?", re.I
)


def read_csa(doc: Doc, record: ReportRecord) -> None:
    fw, problem = load_framework("csa")
    if problem:
        record.reasons.append(problem)
    m = _CSA_HEAD.search(doc.text)
    if m:
        record.authority_printed = clean_name(m.group("name"))
        record.authority_span = doc.span(m.start("name"), m.end("name"))
        record.extra["assessment_year"] = int(m.group("year"))
    letter = first_date_line(doc)
    if letter:
        record.published = Dated(letter[0], letter[1])  # type: ignore[arg-type]
    g = _CSA_GRADE.search(doc.text, m.end() if m else 0)
    if g:
        j = judgement_value(
            fw,
            "childrens_services_assessment",
            "Children's services assessment",
            g.group("g"),
            doc.span(g.start(), g.end()),
        )
        if g.group("n") and j.grade is not None and fw is not None:
            num = fw.scale.value(j.grade).numeric
            if num is not None and num != int(g.group("n")):
                j.status, j.reason = (
                    "needs_review",
                    f"label {g.group('g')!r} and number ({g.group('n')}) disagree",
                )
        record.judgements = [j]
    else:
        record.reasons.append("the children's services assessment grade was not found")
    sig = re.search(
        r"Yours\s+sincerely[\s\S]{0,300}?\n[ \t]*(?P<name>[A-Z][a-z]+(?:[ \t]+[A-Z][A-Za-z'’-]+)+)[ \t]*\n[ \t]*(?P<role>[^\n]+)",
        doc.text,
    )
    if sig:
        record.extra["signed_by"] = f"{sig.group('name')}, {sig.group('role').strip()}"
    st = heading_positions(doc, r"Strengths")
    if st:
        end_h = heading_positions(doc, r"Areas\s+for\s+(?:further\s+)?improvement", st[0].end())
        end = end_h[0].start() if end_h else len(doc.text)
        for text, a, _ in split_items(doc.text[st[0].end() + 1 : end], st[0].end() + 1):
            record.findings.append(FindingValue("strength", None, text, doc.page_of(a)))
    stop = re.compile(r"^This\s+children['’]?s\s+services\s+assessment\s+is\s+provided", re.I)
    read_headed_lists(
        doc,
        record,
        fw,
        [(r"Areas\s+for\s+(?:further\s+)?improvement", "areas_for_further_improvement")],
        section="CSA",
        stop=stop,
    )


# ---- UCRA letter ---------------------------------------------------------------------------------------------


def read_ucra(doc: Doc, record: ReportRecord, title_start: int) -> None:
    fw, problem = load_framework("ucra")
    if problem:
        record.reasons.append(problem)
    m = re.search(
        r"arrangements\s+(?:within|in)\s+(?P<name>[^\n]+?)\s+(?:children['’]?s\s+services|council)",
        doc.text[title_start : title_start + 600],
        re.I,
    )
    if m:
        record.authority_printed = clean_name(m.group("name"))
        record.authority_span = doc.span(title_start + m.start("name"), title_start + m.end("name"))
    letter = first_date_line(doc)
    if letter:
        record.published = Dated(letter[0], letter[1])  # type: ignore[arg-type]
    from csinspect.sources.reports.readers.visits import read_visit_dates

    read_visit_dates(doc, record, title_start)
    read_lead_inspector(
        doc,
        record,
        [
            r"Yours\s+sincerely\s*\n+(?:[ \t]*\n)*[ \t]*(?P<name>[A-Z][^\n]+)",
            r"lead\s+inspector\s*:?\s*(?P<name>[^\n,]+)",
        ],
    )
    read_headed_lists(
        doc,
        record,
        fw,
        [
            (r"Areas\s+(?:for|of)\s+priority\s+action", "areas_for_priority_action"),
            (r"Areas\s+for\s+development", "areas_for_development"),
        ],
        section="UCRA",
    )
    st = heading_positions(doc, r"Areas\s+of\s+strength")
    if st:
        end = min(
            [
                x.start()
                for x in heading_positions(
                    doc, r"Areas\s+for\s+(?:development|priority\s+action)", st[0].end()
                )
            ]
            or [len(doc.text)]
        )
        for text, a, _ in split_items(doc.text[st[0].end() + 1 : end], st[0].end() + 1):
            record.findings.append(FindingValue("strength", None, text, doc.page_of(a)))


# ---- SLAC and the 2012-13 inspections --------------------------------------------------------------------------
#
# Layout (SLAC 2009-12 and the 2012-13 protection / looked-after inspections): a front page (title, authority,
# "Inspection dates:", "Reporting inspector …", "Published:"); body sections whose headings carry the grade
# ("Capacity to improve" and "Grade 3 (Adequate)" on one line or two), the first paragraph restating the
# overall effectiveness and capacity grades; "Areas for improvement" in "Immediately:" / "Within three
# months:" / "Within six months:" groups; the "Record of main findings" table at the end. A SLAC report
# has two halves ("Safeguarding services", "Services for looked after children") that print the same
# short judgement titles ("Overall effectiveness"), so a title is only matched within its half.

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


_FRONT_TITLE = re.compile(
    r"(?:inspection\s+of\s+safeguarding\s+and\s+looked\s+after\s+children\s+services"
    r"|inspection\s+of\s+local\s+authority\s+arrangements\s+for\s+the\s+protection\s+of\s+children"
    r"|inspection\s+of\s+looked\s+after\s+children\s+services"
    r"|(?:review|inspection)\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+children\s+board"
    r"(?:\s*\(lscb\))?)",
    re.I,
)
_FRONT_LABEL = re.compile(
    r"(?:inspection\s+dates?|(?:report\s+)?published|lead\s+inspector|reporting\s+inspector|lead\s+hmi|age\s+group)\b",
    re.I,
)
# a name wrapped over two lines: "St. Helens Metropolitan Borough" / "Council", "… Safeguarding" / "Children Board"
_NAME_TAIL = re.compile(  # used with .match at a line start
    r"(?:[a-z]|(?:(?:Metropolitan\s+)?(?:Borough|County|City|District)\s+)?Council\b|"
    r"(?:Local\s+)?(?:Safeguarding\s+)?Children['’]?s?\s+Board\b|Board\b)"
)
_NAME_OPEN = re.compile(r"(?:\b(?:of|and|upon|on|the|Metropolitan|Safeguarding|Local)|,)$", re.I)
_BOARD = re.compile(
    r"[\s,]*(?:(?:the\s+)?Local\s+)?Safeguarding\s+Children['’]?s?\s+Board(?:\s*\(\s*[A-Z]{3,6}\s*\))?$"
    r"|\s+\(?L?SCB\)?$",
    re.I,
)


def _lines_between(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """(start, end) of the non-blank lines of ``text[a:b]``, stripped."""
    out = []
    pos = a
    while pos < b:
        nl = text.find("\n", pos, b)
        nl = b if nl == -1 else nl
        raw = text[pos:nl]
        s = raw.strip()
        if s:
            x = pos + raw.index(s)
            out.append((x, x + len(s)))
        pos = nl + 1
    return out


_NOT_A_NAME = re.compile(r"\d{1,3}|and|Ofsted|Care\s+Quality\s+Commission|CQC", re.I)
_COUNCILISH = re.compile(r"\b(?:Council|Borough|County|City|London|Royal|Metropolitan|Safeguarding)\b")


def _wrapped(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether ``second`` continues the name begun on ``first`` ("… Borough" / "Council")."""
    return bool(_NAME_TAIL.match(text, second[0]) or _NAME_OPEN.search(text, first[0], first[1]))


def _front_authority(doc: Doc, title_start: int) -> tuple[int, int] | None:
    """Where the authority's name is printed: between the title and the first labelled line ("Inspection
    dates:", "Published:" …), or else just above the title; a name wrapped over two lines is joined."""
    text = doc.text
    m = _FRONT_TITLE.match(text, title_start)
    title_end = m.end() if m else title_start
    nl = text.find("\n", title_end)
    if nl != -1:
        names: list[tuple[int, int]] = []
        for a, b in _lines_between(text, nl + 1, min(len(text), nl + 400)):
            if _FRONT_LABEL.match(text, a):
                break
            if not _NOT_A_NAME.fullmatch(text, a, b):
                names.append((a, b))
        else:
            names = []  # no labelled line: this is not the front page's name block
        if 0 < len(names) <= 3:
            # the line that looks like a council's name (logos' words aside), with its wrapped tail
            i = next((k for k, (a, b) in enumerate(names) if _COUNCILISH.search(text, a, b)), 0)
            j = i + 1 if i + 1 < len(names) and _wrapped(text, names[i], names[i + 1]) else i
            return names[i][0], names[j][1]
    above = [(a, b) for a, b in _lines_between(text, max(0, title_start - 400), title_start)]
    above = [(a, b) for a, b in above if not _NOT_A_NAME.fullmatch(text, a, b)]
    if not above:
        return None
    a, b = above[-1]
    if len(above) > 1 and _wrapped(text, above[-2], above[-1]):
        a = above[-2][0]
    return a, b


def read_front_matter(doc: Doc, record: ReportRecord, title_start: int) -> None:
    """Authority, inspection dates, published date, lead inspector. A Local Safeguarding Children Board's
    name gives its area ("Kingston upon Hull Safeguarding Children Board" -> "Kingston upon Hull")."""
    if record.authority_printed is None:
        where = _front_authority(doc, title_start)
        if where is not None:
            name = _BOARD.sub("", " ".join(doc.text[where[0] : where[1]].split()))
            if clean_name(name):
                record.authority_printed = clean_name(name)
                record.authority_span = doc.span(*where)
    if record.inspection_start is None:
        read_labelled_date(doc, record, r"Inspection\s+dates?", limit=4000)
    if record.published is None:
        read_published(doc, record, r"(?:Report\s+)?published\s*:?", limit=4000)
    if record.lead_inspector is None:
        read_lead_inspector(
            doc,
            record,
            [
                r"(?:Reporting|Lead)\s+inspector\s*:?[ \t]*(?P<name>[^\n]+)",
                r"Lead\s+HMI\s*:?[ \t]*(?P<name>[^\n]+)",
            ],
        )


def read_older(doc: Doc, record: ReportRecord, title_start: int) -> list[ReportRecord]:
    dt = record.document_type
    if dt == "jar":
        read_jar(doc, record)
        return [record, *jar_annex_records(doc, record)]
    elif dt in {"apa_letter", "apa_council_paper"}:
        read_apa(doc, record)
    elif dt == "csa_letter":
        read_csa(doc, record)
    elif dt == "ucra_letter":
        read_ucra(doc, record, title_start)
    elif dt in {"slac", "lac_inspection", "cp_inspection"}:
        read_slac_family(doc, record, title_start)
    else:
        record.reasons.append(f"no reader for document type {dt!r}")
    return [record]


__all__ = ["parse_date", "read_older"]
_ = Span
