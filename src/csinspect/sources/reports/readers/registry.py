"""What a family reader is: the document types it reads and one signature,
``read(doc, record, found) -> records`` (``found`` is the classifier's title match: ``found.start`` is where
the title begins; a document may give several records, e.g. a SIF report with its LSCB review)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.records import ReportRecord

if TYPE_CHECKING:
    from csinspect.sources.reports.classify import Found
else:
    Found = object


@dataclass(frozen=True)
class Reader:
    family: str
    document_types: tuple[str, ...]
    read: Callable[[Doc, ReportRecord, Found], list[ReportRecord]]
