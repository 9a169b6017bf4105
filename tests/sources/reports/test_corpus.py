"""The 93 real report PDFs of ../shared/corpus: official grades (expected.csv) matched, every other PDF
classified consistently with the inventory, the corrupt one rejected with a clear reason."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from csinspect.sources.reports.blocks.grades import canonical_grade
from csinspect.sources.reports.parse import parse_document
from csinspect.sources.reports.records import ParsedDocument

pytestmark = pytest.mark.slow

INVENTORY_KIND = {
    "focused visit": {"focused_visit", "monitoring_visit"},
    "send": {"area_send"},
    "inspection": {
        "sif",
        "sif_reinspection",
        "ilacs_standard",
        "ilacs_short",
        "lac_inspection",
        "cp_inspection",
        "slac",
    },
}


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> dict[str, ParsedDocument]:
    folder = shared_dir / "corpus" / "pdf"
    if not folder.is_dir():
        pytest.skip("corpus absent")
    return {p.name: parse_document(p) for p in sorted(folder.glob("*.pdf"))}


def _rows(shared_dir: Path, name: str) -> list[dict[str, str]]:
    with (shared_dir / "corpus" / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_every_official_grade_matches(shared_dir: Path, corpus: dict[str, ParsedDocument]) -> None:
    matched: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    for row in _rows(shared_dir, "expected.csv"):
        parsed = corpus[row["file"]]
        assert parsed.rejected is None, (row["file"], parsed.rejected)
        parts = {r.part: r for r in parsed.records}
        main = parts["main"]
        got = {j.judgement_id: j.grade for j in main.judgements}
        # the CSV's "children_in_care" column holds ILACS 2018's combined judgement
        got.setdefault("children_in_care", got.get("children_in_care_and_care_leavers"))
        if "lscb" in parts:
            got["lscb_overall_effectiveness"] = parts["lscb"].grades().get("lscb_effectiveness")
        for col, value in row.items():
            if not col.startswith("grade_") or not value:
                continue
            jid = col.removeprefix("grade_")
            total[main.document_type] += 1
            if got.get(jid) == canonical_grade(value):
                matched[main.document_type] += 1
            else:
                misses.append((row["file"], jid, value, got.get(jid)))
        if row["inspection_start_date"]:
            assert main.inspection_start is not None
            assert main.inspection_start.value.isoformat() == row["inspection_start_date"], row["file"]
        if main.published is not None and main.published.source == "report":
            assert main.published.value.isoformat() == row["publication_date"], row["file"]
    figures = ", ".join(f"{t} {matched[t]}/{total[t]}" for t in sorted(total))
    print(f"\nofficial grades matched by document type: {figures}")
    assert not misses, misses
    assert sum(total.values()) > 300


def test_every_corpus_pdf_classified_or_rejected(shared_dir: Path, corpus: dict[str, ParsedDocument]) -> None:
    by_type: Counter[str] = Counter()
    for row in _rows(shared_dir, "inventory.csv"):
        parsed = corpus[row["file"]]
        if parsed.rejected is not None:
            by_type["rejected"] += 1
            assert parsed.rejected  # a reason, never silence
            continue
        main = parsed.records[0]
        by_type[main.document_type] += 1
        assert main.document_type in INVENTORY_KIND[row["kind"]], (row["file"], main.document_type)
        assert main.authority_printed, row["file"]
        assert main.inspection_start is not None, row["file"]
        for rec in parsed.records:
            for j in rec.judgements:
                assert j.grade is not None and j.span is not None, (row["file"], j)
    print(f"\ndocument types: {dict(sorted(by_type.items()))}")
    assert by_type["rejected"] == 1


def test_the_corrupt_pdf_is_rejected_clearly(corpus: dict[str, ParsedDocument]) -> None:
    parsed = corpus["c400d841c8fd.pdf"]
    assert parsed.status == "rejected"
    assert parsed.rejected is not None and "not a PDF" in parsed.rejected and "HTML" in parsed.rejected
    assert parsed.records == []


def test_sif_lscb_gives_two_records(corpus: dict[str, ParsedDocument]) -> None:
    parsed = corpus["0f59b04e8172.pdf"]  # Lincolnshire 2015: SIF + LSCB review
    assert [(r.framework_id, r.document_type) for r in parsed.records] == [
        ("sif", "sif"),
        ("lscb", "lscb_review"),
    ]
    lscb = parsed.records[1]
    assert lscb.grades() == {"lscb_effectiveness": "good"}
    assert lscb.judgements[0].span is not None and lscb.judgements[0].span.page == 42
    assert [r.category for r in lscb.recommendations] == ["area_for_improvement"] * 3
    # the local authority's facts with their dates
    facts = {(f.name, f.as_of.isoformat() if f.as_of else None): f.value for f in parsed.records[0].facts}
    assert facts[("cla_count", "2014-03-31")] == 606
    assert facts[("cla_rate_per_10k", "2014-03-31")] == 43.4


def test_ilacs_frameworks_and_short_standard(corpus: dict[str, ParsedDocument]) -> None:
    cases = {
        "ecbfb580765e.pdf": ("ilacs_2018", "ilacs_standard"),  # Brighton and Hove, July 2018
        "ba37ce8750eb.pdf": ("ilacs_2023", "ilacs_short"),  # Barnsley, September 2023
        "6ae6ed42c191.pdf": (
            "ilacs_2023",
            "ilacs_short",
        ),  # Norfolk, February 2026: still with overall effectiveness
        "ecb8be184188.pdf": (
            "ilacs_2026",
            "ilacs_standard",
        ),  # Lancashire, May 2026: no overall effectiveness
    }
    for name, (fw, dt) in cases.items():
        main = corpus[name].records[0]
        assert (main.framework_id, main.document_type) == (fw, dt), name
    assert "overall_effectiveness" not in corpus["ecb8be184188.pdf"].records[0].grades()
    barnsley = corpus["ba37ce8750eb.pdf"].records[0]
    assert barnsley.lead_inspector == "Anna Gravelle"
    assert [r.category for r in barnsley.recommendations] == ["what_needs_to_improve"] * 4


def test_the_2025_care_leavers_label_is_read_on_the_front_page(corpus: dict[str, ParsedDocument]) -> None:
    """Bedford 2025 prints "children care leavers", as 2025-26 reports do (a label in the framework data, not
    a typo to flag): read on the front page and confirmed by the section heading."""
    j = corpus["fbd75a9d9d6e.pdf"].records[0].judgement("care_leavers")
    assert j is not None and j.status == "ok" and j.grade == "requires_improvement"
    assert j.span is not None and j.span.page == 1
