"""ILACS standard and short inspections (2018, 2023 and 2026 frameworks)."""

from __future__ import annotations

import re

from csinspect.frameworks.schema import Framework
from csinspect.sources.reports.blocks.dates import read_labelled_date
from csinspect.sources.reports.blocks.front_matter import clean_name, name_above
from csinspect.sources.reports.blocks.grades import (
    Entry,
    cross_check_body,
    load_framework,
    read_grade_table,
    resolve_grade,
)
from csinspect.sources.reports.blocks.people import read_lead_inspector
from csinspect.sources.reports.blocks.recommendations import read_headed_lists
from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.readers.registry import Found, Reader
from csinspect.sources.reports.records import ReportRecord

ENTRIES = (
    Entry(
        "impact_of_leaders",
        (
            "The impact of leaders on social work practice with children and families",
            "The impact of leaders on practice with children and families",
        ),
    ),
    Entry("help_and_protection", ("The experiences and progress of children who need help and protection",)),
    Entry(
        "children_in_care_and_care_leavers",
        ("The experiences and progress of children in care and care leavers",),
    ),
    Entry("children_in_care", ("The experiences and progress of children in care",)),
    Entry("care_leavers", ("The experiences and progress of care leavers",)),
    Entry("overall_effectiveness", ("Overall effectiveness",)),
)
# "Inspection of Kent County Council children's services", "Inspection of Redcar and Cleveland local
# authority children's services", "Inspection of Achieving for Children … Children and Families Trust": the
# name may wrap onto the next line
_TITLE_NEW = re.compile(
    r"Inspection\s+of\s+(?!children['’]?s\s+social|local\s+authority\s+children)"
    r"(?P<name>[A-Z][^\n]*?(?:\n[^\n]*?)?(?:\s+children\s+and\s+families\s+trust|\s+children['’]?s\s+trust)?)"
    r"\s*(?:(?:local\s+authority\s+)?children['’]?s\s+(?:social\s+care\s+)?services|(?<=trust))",
    re.I,
)
_TITLE_OLD = re.compile(
    r"^[ \t]*Inspection\s+of\s+(?:children['’]?s\s+social\s+care\s+services|local\s+authority\s+children['’]?s\s+services)",
    re.I | re.M,
)


def type_by_days(fw: Framework | None, days: int) -> str:
    """The framework's document type whose span of inspection days (first to last, from the framework file's
    ``on_site_days_min/max``) holds ``days``: short (one week on site) or standard (two weeks)."""
    for dt in fw.document_types if fw is not None else ():
        low, high = dt.on_site_days_min, dt.on_site_days_max
        if (low is None or days >= low) and (high is None or days <= high):
            return dt.id
    return "ilacs_standard"


def read_ilacs(doc: Doc, record: ReportRecord) -> None:
    head = doc.head(1)
    m = _TITLE_NEW.search(head)
    if m:
        record.authority_printed = clean_name(m.group("name"))
        record.authority_span = doc.span(m.start("name"), m.end("name"))
    else:
        m2 = _TITLE_OLD.search(head)
        if m2:
            where = name_above(doc, m2.start())
            if where is not None:
                record.authority_printed = clean_name(doc.text[where[0] : where[1]])
                record.authority_span = doc.span(*where)
    read_labelled_date(doc, record, r"Inspection\s+dates?", limit=3000)
    read_lead_inspector(doc, record, [r"Lead\s+inspector\s*:\s*(?P<name>[^\n,]+)"])

    # the grade table: from "Judgement Grade" (or the lead inspector line) to the end of page 1
    t = re.search(r"Judgement\s+Grade|Lead\s+inspector", doc.text[:4000], re.I)
    t_start = t.start() if t else 0
    t_end = doc.starts[1] if len(doc.starts) > 1 and doc.paged else min(len(doc.text), t_start + 2500)
    ilacs23, _ = load_framework("ilacs_2023")
    record.judgements = read_grade_table(doc, t_start, t_end, ENTRIES, ilacs23)

    ids = {j.judgement_id for j in record.judgements}
    start = record.inspection_start.value if record.inspection_start else None
    if "children_in_care_and_care_leavers" in ids:
        fw_id = "ilacs_2018"
    elif "overall_effectiveness" not in ids and ("children_in_care" in ids or "care_leavers" in ids):
        fw_id = "ilacs_2026"
    else:
        fw_id = "ilacs_2023"
    record.framework_id = fw_id
    fw, problem = load_framework(fw_id)
    if problem:
        record.reasons.append(problem)
    if fw is not None and start is not None and not fw.in_force(start):
        record.reasons.append(
            f"the judgements printed match {fw_id} but the inspection started on {start.isoformat()}, "
            f"outside that framework's period"
        )
    if fw is not None:  # keep the judgements of the chosen framework, graded on its own scale
        known = {n.id for n in fw.iter_judgements()}
        record.judgements = [j for j in record.judgements if j.judgement_id in known]
        for j in record.judgements:
            if j.label is not None:
                j.grade, j.ordinal = resolve_grade(fw, j.label)
    expected = [n.id for n in fw.judgements if n.graded] if fw is not None else []
    cross_check_body(doc, record, fw, t_end, {e.judgement_id: e.titles for e in ENTRIES}, expected)

    if record.inspection_start and record.inspection_end:
        days = (record.inspection_end.value - record.inspection_start.value).days
        record.document_type = type_by_days(fw, days)
        record.extra["days_on_site_span"] = days
    else:
        record.document_type = "ilacs_standard"
        record.reasons.append("inspection dates not found: cannot tell a short from a standard inspection")

    read_headed_lists(
        doc,
        record,
        fw,
        [
            (r"What\s+needs\s+to\s+improve", "what_needs_to_improve"),
            (r"Areas\s+for\s+priority\s+action", "priority_action"),
        ],
        start=t_start,
        end=min(len(doc.text), (doc.starts[3] if len(doc.starts) > 3 else len(doc.text))),
        section="What needs to improve",
    )


def read(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    read_ilacs(doc, record)
    return [record]


READER = Reader("ilacs", ("ilacs", "ilacs_standard", "ilacs_short"), read)
