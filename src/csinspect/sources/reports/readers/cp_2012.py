"""The 2012-13 inspections of local authority arrangements for the protection of children and of services for
looked after children: SLAC's layout with one part, read by ``slac``'s grade reader."""

from __future__ import annotations

from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.readers.registry import Found, Reader
from csinspect.sources.reports.readers.slac import read_slac_family
from csinspect.sources.reports.records import ReportRecord


def read(doc: Doc, record: ReportRecord, found: Found) -> list[ReportRecord]:
    read_slac_family(doc, record, found.start)
    return [record]


READER = Reader("cp_lac_2012", ("cp_inspection", "lac_inspection"), read)
