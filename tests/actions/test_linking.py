"""Later findings/recommendations linked to earlier recommendations by text similarity (rapidfuzz),
on Luton's real texts: the 2016 SIF recommendations (seed 001) and the 2020 ILACS 'what needs to
improve' items (corpus 311e27f47c15.pdf)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from csinspect.actions.linking import link_inspection, links_for_authority, similarity
from csinspect.store.db import session_scope
from csinspect.store.models import Authority, Finding, Inspection, Recommendation


def _seed_recs(shared_dir: Path) -> list[str]:
    text = (shared_dir / "seeds" / "001_120b600855f6dafa.txt").read_text(encoding="utf-8")
    section = text[
        text.index("\nRecommendations\n\n1.") : text.index("Summary for children and young people\n\n-")
    ]
    return re.findall(r"^\d+\. (.+)$", section, re.M)


def _ilacs_2020_items(shared_dir: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(shared_dir / "corpus" / "pdf" / "311e27f47c15.pdf"))
    try:
        text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()
    start = text.index("What needs to improve")
    block = text[start : text.index("The experiences and progress of children who need help", start)]
    items = [re.sub(r"\s+", " ", i).strip() for i in block.split("◼")[1:]]
    return [i for i in items if i]


def test_similarity_is_symmetric_and_bounded() -> None:
    a, b = "Reduce social workers' caseloads.", "Social workers' caseloads are too high."
    assert similarity(a, b) == similarity(b, a)
    assert 0 <= similarity(a, "Improve life story work.") < similarity(a, b) <= 100


def test_luton_2020_repeats_2016(shared_dir: Path, db_url: str) -> None:
    recs_2016, items_2020 = _seed_recs(shared_dir), _ilacs_2020_items(shared_dir)
    assert len(recs_2016) == 12 and len(items_2020) == 13
    with session_scope(db_url) as s:
        s.add(Authority(la_code="821", name="Luton"))
        early = Inspection(
            natural_key="t:sif",
            origin="report",
            la_code="821",
            framework_id="sif",
            document_type="sif",
            published=date(2016, 3, 29),
        )
        for i, t in enumerate(recs_2016, 1):
            early.recommendations.append(Recommendation(seq=i, text=t, category="recommendation"))
        later = Inspection(
            natural_key="t:ilacs",
            origin="report",
            la_code="821",
            framework_id="ilacs_2018",
            document_type="ilacs_standard",
            published=date(2020, 2, 24),
        )
        for i, t in enumerate(items_2020, 1):
            later.recommendations.append(Recommendation(seq=i, text=t, category="what_needs_to_improve"))
        s.add_all([early, later])
        s.flush()
        s.add(
            Finding(
                inspection_id=later.id,
                kind="weakness",
                text="Social workers' caseloads remain too high in some teams.",
            )
        )
        s.flush()
        links = link_inspection(s, later.id)
        later_id = later.id
    pairs = {(lk.later_text[:30], lk.earlier_text[:30]) for lk in links}
    assert ("Social workers’ caseloads, whi", "Significantly reduce the avera") in pairs
    assert ("The sufficiency of local place", "Ensure that there is a suitabl") in pairs
    assert any(
        lk.later_text.startswith("The provision of life-story") and "life story work" in lk.earlier_text
        for lk in links
    )
    assert any(lk.later_kind == "finding" for lk in links)
    # nothing unrelated: the MASH item and the homeless 16-17 item repeat no 2016 recommendation
    assert not any(
        lk.later_text.startswith(("The identification and response", "The response to 16-")) for lk in links
    )
    assert all(lk.score >= 72 for lk in links)
    with session_scope(db_url) as s:
        again = link_inspection(s, later_id)  # idempotent: replaces, never duplicates
        assert len(again) == len(links)
        assert len(links_for_authority(s, "821")) == len(links)


def test_unknown_inspection(sqlite_url: str) -> None:
    from csinspect.actions.linking import LinkError

    with session_scope(sqlite_url) as s, pytest.raises(LinkError, match="no inspection"):
        link_inspection(s, 424242)
