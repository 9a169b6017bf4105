"""Reports written in Ofsted's layout by ``csinspect.testing.reports`` (no ``../shared`` needed): each family's
reader gives back what the report says (dates, grades, every recommendation whole, pages of provenance),
the same from the rendered PDF and from its text, and a download that is not a PDF is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from csinspect.sources.reports.parse import parse_document
from csinspect.sources.reports.records import ReportRecord
from csinspect.testing.reports import FocusedVisit, Ilacs, SifWithLscb, not_a_pdf, write

ILACS_2018 = Ilacs(
    start=date(2019, 3, 4),
    end=date(2019, 3, 15),
    grades={
        "impact_of_leaders": "Inadequate",
        "help_and_protection": "Inadequate",
        "children_in_care_and_care_leavers": "Requires improvement to be good",
        "overall_effectiveness": "Inadequate",
    },
)
GRADE_IDS = {
    "Outstanding": "outstanding",
    "Good": "good",
    "Requires improvement to be good": "requires_improvement",
    "Inadequate": "inadequate",
}


def _core(rec: ReportRecord) -> dict[str, Any]:
    """What a reader took from the report, without character offsets (a PDF and its text differ there)."""
    return {
        "type": (rec.framework_id, rec.document_type, rec.part),
        "authority": rec.authority_printed,
        "dates": tuple(
            d.value if d else None for d in (rec.inspection_start, rec.inspection_end, rec.published)
        ),
        "lead": rec.lead_inspector,
        "grades": rec.grades(),
        "recommendations": [(r.text, r.span.page if r.span else None) for r in rec.recommendations],
        "reasons": rec.reasons,
    }


@pytest.fixture(scope="module", params=["pdf", "txt"])
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp(request.param)
    docs = {"ilacs_2023": Ilacs(), "ilacs_2018": ILACS_2018, "sif": SifWithLscb(), "visit": FocusedVisit()}
    return {k: write(d.pages(), folder / f"{k}.{request.param}") for k, d in docs.items()}


def test_ilacs_2023_short(written: dict[str, Path]) -> None:
    want = Ilacs()
    [rec] = parse_document(written["ilacs_2023"]).records
    core = _core(rec)
    assert core["type"] == ("ilacs_2023", "ilacs_short", "main")  # five days on site
    assert core["authority"] == want.council
    assert core["dates"] == (want.start, want.end, None)
    assert core["lead"] == want.lead_inspector
    assert core["grades"] == {k: GRADE_IDS[v] for k, v in want.grades.items()}
    assert core["recommendations"] == [(t, 2) for t in want.improvements]
    assert core["reasons"] == []
    assert all(j.span is not None and j.span.page == 1 for j in rec.judgements)


def test_ilacs_2018_standard_with_the_joint_care_judgement(written: dict[str, Path]) -> None:
    [rec] = parse_document(written["ilacs_2018"]).records
    core = _core(rec)
    assert core["type"] == ("ilacs_2018", "ilacs_standard", "main")  # two weeks on site
    assert core["grades"] == {k: GRADE_IDS[v] for k, v in ILACS_2018.grades.items()}
    assert [t for t, _ in core["recommendations"]] == list(ILACS_2018.improvements)
    assert core["reasons"] == []


def test_sif_and_its_lscb_review_are_two_records(written: dict[str, Path]) -> None:
    want = SifWithLscb()
    main, lscb = parse_document(written["sif"]).records
    core = _core(main)
    assert core["type"] == ("sif", "sif", "main")
    assert core["authority"] == want.council
    assert core["dates"] == (want.start, want.end, want.published)
    assert core["grades"] == {
        "overall_effectiveness": "good",
        "help_and_protection": "good",
        "looked_after_and_permanence": "good",
        "adoption_performance": "outstanding",
        "care_leavers": "good",
        "leadership_management_governance": "good",
    }
    # the local authority's list ends where the LSCB's begins: neither borrows the other's items
    assert core["recommendations"] == [(t, 2) for t in want.recommendations]
    assert {r.category for r in main.recommendations} == {"area_for_improvement"}
    board = _core(lscb)
    assert board["type"] == ("lscb", "lscb_review", "lscb")
    assert board["grades"] == {"lscb_effectiveness": "good"}
    assert board["recommendations"] == [(t, 4) for t in want.lscb_recommendations]


def test_focused_visit_letter(written: dict[str, Path]) -> None:
    want = FocusedVisit()
    [rec] = parse_document(written["visit"]).records
    core = _core(rec)
    assert core["type"][1:] == ("focused_visit", "main")
    assert core["authority"] == want.area
    assert core["dates"] == (want.visit_start, want.visit_end, want.letter_date)
    assert core["lead"] == want.inspectors[0]
    assert core["grades"] == {}  # a focused visit is not graded
    # the list stops at the "Findings" heading, even though its last item has no full stop
    assert core["recommendations"] == [(t, 2) for t in want.improvements]


def test_pdf_and_text_give_the_same_records(tmp_path: Path) -> None:
    for name, doc in {"ilacs": Ilacs(), "sif": SifWithLscb(), "visit": FocusedVisit()}.items():
        pdf = parse_document(write(doc.pages(), tmp_path / f"{name}.pdf"))
        txt = parse_document(write(doc.pages(), tmp_path / f"{name}.txt"))
        assert [_core(r) for r in pdf.records] == [_core(r) for r in txt.records], name
        assert pdf.pages == txt.pages == len(doc.pages())


def test_a_web_page_saved_as_pdf_is_refused(tmp_path: Path) -> None:
    parsed = parse_document(not_a_pdf(tmp_path / "report.pdf"))
    assert parsed.status == "rejected" and parsed.records == []
    assert parsed.rejected is not None and "HTML" in parsed.rejected


def test_an_inadequate_board_is_read_as_inadequate(tmp_path: Path) -> None:
    doc = SifWithLscb(lscb="inadequate")
    _, lscb = parse_document(write(doc.pages(), tmp_path / "sif.pdf")).records
    assert lscb.grades() == {"lscb_effectiveness": "inadequate"} and lscb.reasons == []
