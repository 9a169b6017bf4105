"""Every seed, ingested, renders in its own framework's form, and that PDF ingests back to the same
record: framework, judgements, publication and inspection dates, recommendations (text and category)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from csinspect.outputs.reports.context import context_for_inspection
from csinspect.outputs.reports.render import render
from csinspect.sources.reports.parse import parse_document
from csinspect.store.db import init_db, session_scope
from csinspect.store.models import Inspection
from csinspect.testing import store as pipeline

pytestmark = pytest.mark.slow

EXPECTED_TEMPLATE = {"jar_2007": "jar", "sif": "sif", "lscb": "lscb", "apa_2007": "apa", "csa": "csa"}


def test_every_seed_round_trips(shared_dir: Path, official_dir: Path, tmp_path: Path) -> None:
    from csinspect.testing.store import load_official as load_directory

    url = f"sqlite:///{tmp_path / 'seeds.sqlite'}"
    init_db(url)
    load_directory(official_dir, url, kinds={"authorities"})
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    outcomes = pipeline.ingest(seeds, url, documents_dir=tmp_path / "docs")
    assert all(o.status != "rejected" for o in outcomes), [(o.file, o.reasons) for o in outcomes]
    with session_scope(url) as s:
        # JAR seeds also yield annex records (youth inspection key aspects, corporate assessment) that
        # have no report form of their own; the main record of every seed must be clean and round-trip.
        inspections = [
            i
            for i in s.scalars(select(Inspection).order_by(Inspection.id)).all()
            if i.framework_id in EXPECTED_TEMPLATE
        ]
        assert {i.framework_id for i in inspections} == set(EXPECTED_TEMPLATE)
        for insp in inspections:
            assert insp.status == "ok", (insp.framework_id, insp.reasons)
            ctx = context_for_inspection(s, insp)
            assert ctx.template == EXPECTED_TEMPLATE[insp.framework_id]
            pdf = tmp_path / f"{insp.id}_{insp.framework_id}.pdf"
            pdf.write_bytes(render(insp, "pdf", s))
            back = parse_document(pdf)
            rec = next((r for r in back.records if r.framework_id == insp.framework_id), None)
            assert rec is not None, (insp.framework_id, [r.framework_id for r in back.records])
            assert rec.reasons == [], (insp.framework_id, rec.reasons)
            assert rec.grades() == {j.judgement_id: j.grade for j in insp.judgements if j.grade}
            assert rec.published is not None and rec.published.value == insp.published
            if insp.inspection_start:
                assert (
                    rec.inspection_start is not None and rec.inspection_start.value == insp.inspection_start
                )
                assert rec.inspection_end is not None and rec.inspection_end.value == insp.inspection_end
            assert [(r.text, r.category) for r in rec.recommendations] == [
                (r.text, r.category) for r in insp.recommendations
            ], insp.framework_id
