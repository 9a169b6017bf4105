"""Round trip: a rendered PDF, read back by the report reader (``parse_document``), gives the same
framework, judgements, dates and recommendations. One test per framework with its own renderer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from csinspect.frameworks.registry import get_framework
from csinspect.outputs.reports.render import render
from csinspect.store.db import session_scope
from csinspect.store.models import Document

sys.path.insert(0, str(Path(__file__).parent))
from render_fixtures import SPECS, make_inspection

from csinspect.sources.reports.parse import parse_document

# frameworks with a dedicated renderer (SLAC, UCRA, 2012-13 and visit records print in a generic form)
ROUND_TRIP = ["csa", "apa_2007", "jar_2007", "sif", "lscb", "ilacs_2018", "ilacs_2023", "ilacs_2026"]


def _file_name(key: str) -> str:
    """Named as Ofsted publishes them: ILACS reports print no publication date; the reader takes it
    from the published file name, as it does for Ofsted's own files."""
    d = SPECS[key].published
    if key.startswith("ilacs"):
        return f"children's services inspection - {d.day} {d.strftime('%B %Y').lower()}.pdf"
    return f"{key}.pdf"


def _check(record, key: str) -> None:  # type: ignore[no-untyped-def]
    spec = SPECS[key]
    fw = get_framework(spec.framework)
    assert record.framework_id == spec.framework
    assert record.reasons == [], record.reasons
    assert record.grades() == spec.grades
    assert record.published is not None and record.published.value == spec.published
    if spec.start:
        assert record.inspection_start.value == spec.start
        assert record.inspection_end.value == spec.end
    got = [(r.text, r.category) for r in record.recommendations]
    assert got == [(t, c) for t, c in spec.recs], got
    assert all(fw.judgement(j) for j in record.grades())


@pytest.mark.parametrize("key", ROUND_TRIP)
def test_rendered_pdf_reads_back(sqlite_url: str, tmp_path: Path, key: str) -> None:
    with session_scope(sqlite_url) as s:
        path = tmp_path / _file_name(key)
        path.write_bytes(render(make_inspection(s, key), "pdf", s))
    parsed = parse_document(path)
    assert parsed.rejected is None
    assert len(parsed.records) == 1, [r.framework_id for r in parsed.records]
    _check(parsed.records[0], key)


def test_combined_sif_and_lscb_read_back_as_two_records(sqlite_url: str, tmp_path: Path) -> None:
    with session_scope(sqlite_url) as s:
        doc = Document(sha256="1" * 64, filename="x.pdf", media_type="application/pdf")
        s.add(doc)
        s.flush()
        sif = make_inspection(s, "sif", document_id=doc.id)
        make_inspection(s, "lscb", document_id=doc.id)
        path = tmp_path / "sif_lscb.pdf"
        path.write_bytes(render(sif, "pdf", s))
    parsed = parse_document(path)
    by_fw = {r.framework_id: r for r in parsed.records}
    assert set(by_fw) == {"sif", "lscb"}
    _check(by_fw["sif"], "sif")
    _check(by_fw["lscb"], "lscb")
