"""Area SEND inspections (Ofsted and CQC, local area partnerships): the inspection outcome, dates,
lead inspectors and the areas for improvement / priority action."""

from __future__ import annotations

import re

from csinspect.frameworks.schema import Framework, normalise_label
from csinspect.sources.reports.blocks.dates import read_labelled_date
from csinspect.sources.reports.blocks.front_matter import clean_name
from csinspect.sources.reports.blocks.grades import load_framework
from csinspect.sources.reports.blocks.headings import heading_positions
from csinspect.sources.reports.blocks.people import read_lead_inspector
from csinspect.sources.reports.blocks.recommendations import read_recommendations
from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.readers.registry import Found, Reader
from csinspect.sources.reports.records import JudgementValue, ReportRecord

_TITLE = re.compile(
    r"Area\s+SEND\s+inspection\s+of\s+(?P<name>[^\n]+?)\s+Local\s+Area\s+Partnership|"
    r"(?:Joint\s+)?local\s+area\s+SEND\s+(?:inspection|revisit)\s+in\s+(?P<name2>[^\n]+)",
    re.I,
)
# The three outcomes of the 2023 area SEND framework, as printed under "Inspection outcome".
OUTCOMES = (
    ("positive", r"typically\s+lead\s+to\s+positive\s+experiences\s+and\s+outcomes"),
    ("inconsistent", r"lead\s+to\s+inconsistent\s+experiences\s+and\s+outcomes"),
    ("systemic_failings", r"widespread\s+and/or\s+systemic\s+failings"),
)
_LEAD = [
    r"^[ \t]*(?P<name>[A-Z][A-Za-z'’. -]+?),\s+Ofsted\s+(?:HMI\s+)?lead\s+inspector",
    r"Lead\s+inspector\s*:?[ \t]*(?P<name>[^\n,]+)",
]


def _outcome_grade(fw: Framework | None, key: str, printed: str) -> tuple[str, int | None]:
    if fw is not None:
        v = fw.scale.match(printed)
        if v is not None:
            return v.id, v.ordinal
        for v in fw.scale.values:
            if key in v.id or any(key.replace("_", " ") in normalise_label(x) for x in v.all_labels()):
                return v.id, v.ordinal
    return key, {"positive": 3, "inconsistent": 2, "systemic_failings": 1}[key]


def read_area_send(doc: Doc, record: ReportRecord, title_start: int) -> None:
    fw, problem = load_framework("area_send")
    if problem:
        record.reasons.append(problem)
    m = _TITLE.search(doc.head(1))
    if m:
        group = "name" if m.group("name") else "name2"
        record.authority_printed = clean_name(m.group(group))
        record.authority_span = doc.span(m.start(group), m.end(group))
    read_labelled_date(doc, record, r"Inspection\s+dates?", limit=3000)
    read_lead_inspector(doc, record, _LEAD)
    jid = fw.judgements[0].id if fw is not None and fw.judgements else "inspection_outcome"
    o = re.search(r"Inspection\s+outcome", doc.text[:5000], re.I)
    region_start = o.end() if o else 0
    for key, rx in OUTCOMES:
        hit = re.search(rx, doc.text[region_start : region_start + 1500], re.I)
        if hit:
            a, b = region_start + hit.start(), region_start + hit.end()
            sentence_start = doc.text.rfind("\n", 0, region_start + 1) + 1
            grade, ordinal = _outcome_grade(fw, key, hit.group(0))
            record.judgements.append(
                JudgementValue(
                    jid,
                    "Inspection outcome",
                    " ".join(hit.group(0).split()),
                    grade,
                    ordinal,
                    doc.span(max(sentence_start, a - 80), b),
                )
            )
            break
    else:
        record.reasons.append("the inspection outcome sentence was not found")
    end_marks = heading_positions(doc, r"Local\s+area\s+partnership\s+details|Inspection\s+team")
    end = end_marks[0].start() if end_marks else len(doc.text)
    for rx, cat in (
        (r"Areas\s+for\s+priority\s+action", "priority_action"),
        (r"Areas\s+for\s+improvement", "area_for_improvement"),
    ):
        hs = heading_positions(doc, rx, 0, end)
        if not hs:
            continue
        h = hs[-1]  # the summary on page 1 mentions them too; the list is the last heading
        stop = end
        for other, _ in ((r"Areas\s+for\s+priority\s+action", 0), (r"Areas\s+for\s+improvement", 0)):
            for x in heading_positions(doc, other, h.end(), end):
                stop = min(stop, x.start())
        body_start = h.end() + 1
        tbl = re.match(r"[ \t]*Responsible\s+bod(?:y|ies)[^\n]*\n", doc.text[body_start:stop], re.I)
        if tbl:
            body_start += tbl.end()
            # skip the "responsible body" cell (partner names) up to the first sentence of the action
            for line in doc.text[body_start:stop].split("\n"):
                if re.search(r"\b(?:need|needs|should|must|will|ensure)\b", line, re.I):
                    break
                body_start += len(line) + 1
        read_recommendations(doc, record, fw, body_start, stop, category=cat, section="Area SEND")


def read(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    read_area_send(doc, record, found.start)
    return [record]


READER = Reader("area_send", ("area_send",), read)
