"""Joint targeted area inspections (from 2016): ungraded letters to the partners of an area, read as the
visit letters are (dates, lead inspector, findings, areas for improvement)."""

from __future__ import annotations

from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.readers.registry import Found, Reader
from csinspect.sources.reports.readers.visits import read_visit
from csinspect.sources.reports.records import ReportRecord


def read(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    read_visit(doc, record, found.start)
    return [record]


READER = Reader("jtai", ("jtai_letter",), read)
