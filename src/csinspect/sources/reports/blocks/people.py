"""People named in a report: the lead (or reporting) inspector."""

from __future__ import annotations

import re
from collections.abc import Sequence

from csinspect.sources.reports.normalise import Doc
from csinspect.sources.reports.records import ReportRecord

_NAME = (
    r"([A-Z][A-Za-z'’.-]+(?:[ \t]+(?:[A-Z][A-Za-z'’.-]+|de|van|von|le|la|da|di|du|O'))*[ \t]*[A-Za-z'’-]*)"
)


def read_lead_inspector(doc: Doc, record: ReportRecord, patterns: Sequence[str]) -> None:
    for p in patterns:
        m = re.search(p, doc.text, re.I | re.M)
        if m:
            name = _tidy_person(m.group("name"))
            if name:
                record.lead_inspector = name
                record.lead_inspector_span = doc.span(m.start("name"), m.end("name"))
                return


_TITLES_AFTER = re.compile(
    r"(?:[,\s]+|^)(?:\(?(?:HMI|Her|His|Ofsted|CQC|Senior|Social\s+Care\s+Regulatory|Lead|Deputy|Regulatory|Inspector)\b.*)$",
    re.I,
)


def _tidy_person(raw: str) -> str | None:
    name = " ".join(raw.split())
    name = _TITLES_AFTER.sub("", name).strip(" ,.;:")
    name = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+", "", name)
    if not name or len(name) > 60 or len(name.split()) < 2 or len(name.split()) > 5:
        return None
    return name
