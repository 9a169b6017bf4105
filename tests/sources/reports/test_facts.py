"""Numbers a report states about the area, read as typed facts with their date and how it was found."""

from __future__ import annotations

from datetime import date

from csinspect.sources.reports.blocks.facts import read_area_facts
from csinspect.sources.reports.normalise import normalise_pages
from csinspect.sources.reports.records import Dated, ReportRecord


def _facts(
    text: str, inspected: date | None = date(2013, 7, 15)
) -> dict[str, tuple[float, date | None, str | None]]:
    doc = normalise_pages([text], paged=False)
    record = ReportRecord(part="main", framework_id="lac_2012", document_type="lac_inspection")
    if inspected is not None:
        record.inspection_start = Dated(inspected, None)
    read_area_facts(doc, record)
    out = {}
    for f in record.facts:
        assert f.span is not None and str(int(f.value)) in f.span.text.replace(",", "")  # quoted evidence
        out[f.name] = (f.value, f.as_of, f.as_of_basis)
    return out


def test_count_at_the_time_of_the_inspection_takes_the_inspection_date() -> None:
    got = _facts(
        "5. At the time of the inspection there were 400 looked after children and 209\n"
        "with care leaver status. Children looked after are supported in a range of placements."
    )
    assert got == {"cla_count": (400.0, date(2013, 7, 15), "the time of the inspection (stated)")}


def test_present_tense_context_count_and_rate() -> None:
    got = _facts(
        "Leicestershire has a population of just over 609,000. There are 326 looked after children "
        "(a rate of 25.1 per 10,000 children) and 2,693 children with statements.",
        date(2007, 10, 1),
    )
    assert got["cla_count"] == (326.0, date(2007, 10, 1), "the time of the inspection (present tense)")
    assert got["cla_rate_per_10k"] == (25.1, date(2007, 10, 1), "the time of the inspection (present tense)")


def test_printed_date_wins_and_has_no_basis() -> None:
    got = _facts(
        "At 31 March 2015, 388 children were being looked after by the local authority (a rate of 71 per "
        "10,000 children)."
    )
    assert got["cla_count"] == (388.0, date(2015, 3, 31), None)
    assert got["cla_rate_per_10k"] == (71.0, date(2015, 3, 31), None)


def test_register_rate_in_a_financial_year_is_at_its_31_march() -> None:
    got = _facts(
        "25. The registration of children on the child protection register reduced in 2006/07 to 25.8 per "
        "10,000, around the national average and lower than in similar areas.",
        date(2007, 11, 5),
    )
    assert got == {"cpp_rate_per_10k": (25.8, date(2007, 3, 31), "end of the year 2006/07 (31 March)")}


def test_numbers_about_part_of_the_population_or_without_a_date_are_not_taken() -> None:
    assert _facts("There were 34 looked after children placed across various external providers.") == {}
    assert _facts("In the past there were 410 looked after children.") == {}  # past tense, no date
    # not a financial year: no date can be given to the rate
    assert _facts("Children on a child protection plan in 2006/09 fell to 30.1 per 10,000.") == {}


def test_undated_present_tense_count_without_an_inspection_date_has_no_date() -> None:
    got = _facts("There are 326 looked after children in the area.", inspected=None)
    assert got == {"cla_count": (326.0, None, "the time of the inspection (present tense)")}
