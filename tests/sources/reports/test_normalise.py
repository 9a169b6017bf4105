"""Repairs of extraction noise and the small readers they feed."""

from __future__ import annotations

from datetime import date

from csinspect.sources.reports.blocks.dates import parse_date_range
from csinspect.sources.reports.blocks.grades import canonical_grade
from csinspect.sources.reports.blocks.recommendations import split_items
from csinspect.sources.reports.normalise import clean_chars, normalise_pages, strip_running_lines


def test_split_words_are_joined_when_the_document_knows_the_word() -> None:
    body = "Introduction of findings and recommendations. " * 3
    doc = normalise_pages(
        [f"Contents\nIntrodu ction 2\nMain fir ndings 3\nRecomr nendations 4\n{body}"], paged=False
    )
    assert "Introduction 2" in doc.text
    assert "Main findings 3" in doc.text
    assert "Recommendations 4" in doc.text


def test_real_words_are_not_joined() -> None:
    doc = normalise_pages(["The children's section says a lot. Young people's section is here."], paged=False)
    assert "people's section" in doc.text


def test_footnote_digits_glued_to_words_are_dropped() -> None:
    assert clean_chars("Review of the effectiveness of the Local Safeguarding Children Board1").endswith(
        "Board"
    )
    assert clean_chars("What needs to improve?1") == "What needs to improve?"
    assert (
        clean_chars("Information about this local authority area²")
        == "Information about this local authority area"
    )
    assert clean_chars("section 152 of the Act") == "section 152 of the Act"


def test_characters_and_markup() -> None:
    assert clean_chars("Stoke-on\ufffeTrent children’s ◼ item") == "Stoke-on-Trent children's - item"
    assert clean_chars("**Published:** 22 April 2008") == "Published: 22 April 2008"
    assert clean_chars("published on 17<sup>th</sup> December 2008") == "published on 17 December 2008"


def test_running_headers_and_page_numbers_are_removed() -> None:
    pages = [
        "Inspection of Barnsley local authority\nchildren's services\nJudgement Grade",
        "Inspection of Barnsley local authority children's services\n11 to 15 September 2023 2\nWhat needs to improve?",
        "Inspection of Barnsley local authority children's services\n11 to 15 September 2023 3\nMore text",
        "Inspection of Barnsley local authority children's services\n11 to 15 September 2023 4\nEnd",
    ]
    out = strip_running_lines(pages)
    assert out[1].strip() == "What needs to improve?"
    assert out[3].strip() == "End"
    assert out[0].startswith("Inspection of Barnsley")  # page 1 keeps its title


def test_grade_broken_across_lines_is_one_grade() -> None:
    assert canonical_grade("Requires\nimprovement to\nbe good") == "requires_improvement"
    assert canonical_grade("require improvement to be good") == "requires_improvement"
    assert canonical_grade("Not judged") == "not_judged"
    assert canonical_grade("Performs excellently") == "performs_excellently"


def test_date_ranges_in_every_printed_form() -> None:
    def rng(t: str) -> tuple[date, date]:
        r = parse_date_range(t)
        assert r is not None, t
        return r[0], r[1]

    assert rng("11 to 15 September 2023") == (date(2023, 9, 11), date(2023, 9, 15))
    assert rng("28 March to 1 April 2022") == (date(2022, 3, 28), date(2022, 4, 1))
    assert rng("22 October 2014 – 12 November 2014") == (date(2014, 10, 22), date(2014, 11, 12))
    assert rng("24 – 28 June 2013") == (date(2013, 6, 24), date(2013, 6, 28))
    assert rng("1 and 2 May 2019") == (date(2019, 5, 1), date(2019, 5, 2))
    assert rng("30 September to 11 October 2024 and 13 to 16 January 2025") == (
        date(2024, 9, 30),
        date(2025, 1, 16),
    )


def test_list_items_wrap_and_preambles() -> None:
    block = "The local partnership should:\n- reduce waiting times for some\nspecialist services\n- improve access.\n"
    assert [t for t, _, _ in split_items(block)] == [
        "reduce waiting times for some specialist services",
        "improve access.",
    ]


def test_tick_box_row_marks_the_grade(shared_dir) -> None:  # type: ignore[no-untyped-def]
    """'Inadequate Adequate Good X Outstanding' confirms 'good'; a row with no mark confirms nothing."""
    from csinspect.sources.reports.parse import parse_document

    seed = next((shared_dir / "seeds").glob("004_*.txt"))
    rec = parse_document(seed).records[0]
    ldd = rec.judgement("learning_difficulties_disabilities")
    lac = rec.judgement("looked_after_children")
    assert lac is not None and len(lac.confirmed_by) == 2  # sentence + tick box
    assert ldd is not None and len(ldd.confirmed_by) == 1  # sentence only: its tick-box row lost the X
