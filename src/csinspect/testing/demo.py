"""A demonstration set for a machine without the official files (``csinspect data demo DIR``): the small
England of :mod:`csinspect.testing.official` and a few reports in Ofsted's layout about its authorities.
Every figure in it is made up; the web app's data page says which files were loaded."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from csinspect.testing.official import ilacs_history, write_official
from csinspect.testing.reports import FocusedVisit, Ilacs, SifWithLscb, write


def write_demo(folder: Path) -> tuple[Path, Path]:
    """``folder/official`` (the files ``data load`` reads) and ``folder/reports`` (PDFs ``ingest`` reads)."""
    official = write_official(folder / "official")
    reports = folder / "reports"
    # Luton's 2023 inspection as Ofsted's table records it, so the report and the row are one inspection
    [luton] = [r for r in ilacs_history() if r["area"].la_code == "821" and r["start"].year == 2023]
    short = luton["type"] == "ILACS Short Inspection"  # one week on site, else two
    ids = (
        "overall_effectiveness",
        "impact_of_leaders",
        "help_and_protection",
        "children_in_care",
        "care_leavers",
    )
    grades = dict(zip(ids, luton["grades"], strict=True))
    report = Ilacs(
        start=luton["start"], end=luton["start"] + timedelta(days=4 if short else 11), grades=grades
    )
    write(report.pages(), reports / "luton_ilacs.pdf")
    write(SifWithLscb().pages(), reports / "hertfordshire_sif_lscb.pdf")
    write(FocusedVisit(letter_date=date(2019, 5, 28)).pages(), reports / "norfolk_focused_visit.pdf")
    return official, reports
