"""What real reports found outside the corpus do to the text (seen in copies republished on document-sharing
sites and in council papers, rewritten here in our own words): a dash lost between two dates, a range over
the new year, a council paper's "Appendix 2" label, a contents page under a heading, a footnote digit inside
a title, a grade table whose line breaks were lost, a letter reprinted without its title block."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from csinspect.sources.reports.blocks.dates import parse_date_range
from csinspect.sources.reports.blocks.front_matter import clean_name
from csinspect.sources.reports.blocks.recommendations import split_items
from csinspect.sources.reports.parse import parse_document

FILLER = "Inspectors found that leaders understand the quality of practice and act on what they find. " * 30


def test_range_with_the_dash_lost() -> None:
    rng = parse_date_range("Inspection date: 18 November 10 December 2014 Report published: 10 February 2015")
    assert rng is not None and rng[:2] == (date(2014, 11, 18), date(2014, 12, 10))


def test_range_over_the_new_year() -> None:
    rng = parse_date_range("Inspection dates: 29 December to 9 January 2015")
    assert rng is not None and rng[:2] == (date(2014, 12, 29), date(2015, 1, 9))


def test_end_before_start_is_not_a_range() -> None:
    assert parse_date_range("published 12 May 2015 3 March 2015") is None


def test_council_paper_label_is_not_part_of_the_name() -> None:
    assert clean_name("Appendix 2 Peterborough City Council") == "Peterborough City Council"
    assert clean_name("Annex B: the London Borough of Sutton") == "London Borough of Sutton"


def test_contents_entries_are_not_items_but_numbers_in_a_sentence_are() -> None:
    contents = "Areas for improvement\n50\nInspection judgement about the LSCB\n50\nWhat the inspection judgements mean\n56\n"
    assert split_items(contents) == []
    item = "- improve the attainment of pupils in national tests and examinations at ages 14 and 16\n"
    assert [t for t, _, _ in split_items(item)] == [item[2:].strip()]


def test_footnote_digit_inside_the_lscb_title_still_classifies(tmp_path: Path) -> None:
    path = tmp_path / "lscb.txt"
    path.write_text(
        "Review of the effectiveness of the Local Safeguarding Children 1 Board\n"
        "Inspection date: 18 November 2014 10 December 2014\nReport published: 10 February 2015\n"
        "The Local Safeguarding Children Board requires improvement\n"
        f"{FILLER}\nRecommendations\n"
        "1. Ensure that the board's learning and improvement framework is implemented and evaluated.\n"
    )
    parsed = parse_document(path)
    (rec,) = parsed.records
    assert rec.document_type == "lscb_review"
    assert rec.grades() == {"lscb_effectiveness": "requires_improvement"}
    assert rec.inspection_start and rec.inspection_start.value == date(2014, 11, 18)
    assert rec.inspection_end and rec.inspection_end.value == date(2014, 12, 10)
    assert [r.text[:30] for r in rec.recommendations] == ["Ensure that the board's learni"]


def test_sif_grade_table_without_line_breaks_flags_what_it_cannot_read(tmp_path: Path) -> None:
    """The table's rows run together on one line: the grades that cannot be told apart are listed as
    needing review, none is guessed, and the record does not look complete."""
    path = tmp_path / "sif.txt"
    path.write_text(
        "Sunderland City Council\nInspection of services for children in need of help and protection, "
        "children looked after and care leavers\n"
        "Inspection date: 2 March 2015 - 26 March 2015 Report published: 12 June 2015\n"
        "Children's services in Sunderland are inadequate 1. Children who need help and protection Inadequate "
        "2. Children looked after and achieving permanence Inadequate 2.1 Adoption performance Requires "
        "improvement 2.2 Experiences and progress of care leavers Inadequate 3. Leadership, management and "
        f"governance Inadequate\n{FILLER}"
    )
    (rec,) = parse_document(path).records
    assert rec.document_type == "sif"
    graded = {j.judgement_id: j.grade for j in rec.judgements if j.grade is not None}
    assert graded.get("overall_effectiveness") == "inadequate"
    assert all(g == "inadequate" for g in graded.values())  # what was read is what the text says
    missing = {j.judgement_id for j in rec.judgements if j.grade is None}
    assert {"adoption_performance", "care_leavers", "leadership_management_governance"} <= missing
    for j in rec.judgements:
        if j.grade is None:
            assert j.status == "needs_review" and j.reason == "not found on the front page"


def test_monitoring_letter_reprinted_without_its_title_keeps_its_visit_dates(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text(
        "This letter summarises the findings of the monitoring visit to Bournemouth, Christchurch and Poole "
        "children's services on 7 and 8 June 2022. This was the first monitoring visit since the local "
        "authority was judged inadequate for overall effectiveness in December 2021.\n"
        f"Areas covered by the visit\n{FILLER}\nYours sincerely\nA Inspector\nHis Majesty's Inspector\n"
    )
    (rec,) = parse_document(path).records
    assert rec.document_type == "monitoring_visit"
    assert rec.authority_printed == "Bournemouth, Christchurch and Poole"
    assert rec.inspection_start and rec.inspection_start.value == date(2022, 6, 7)
    assert rec.inspection_end and rec.inspection_end.value == date(2022, 6, 8)


def test_a_list_without_full_stops_ends_at_a_graded_heading() -> None:
    """Bullets without punctuation give no sign of where the list ends: a graded section heading or the
    record of main findings does."""
    from csinspect.sources.reports.blocks.recommendations import block_end
    from csinspect.sources.reports.normalise import normalise_pages

    text = (
        "Areas for improvement\n"
        "- ensure that all children have an up-to-date care plan\n"
        "- improve the timeliness of initial health assessments\n"
        "Being healthy Grade 2 (Good)\n"
        "Children and young people are supported well to lead healthy lives.\n"
    )
    doc = normalise_pages([text], paged=False)
    start = doc.text.index("- ensure")
    assert doc.text[start : block_end(doc, start, len(doc.text))].rstrip().endswith("health assessments")
    doc2 = normalise_pages(
        [text.replace("Being healthy Grade 2 (Good)", "Record of main findings")], paged=False
    )
    assert doc2.text[start : block_end(doc2, start, len(doc2.text))].rstrip().endswith("health assessments")
