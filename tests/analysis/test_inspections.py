"""One inspection is one record everywhere: Ofsted's table row and the report of the same inspection are
grouped (same start, same publication, or a table that gives only the publication date weeks after the
report's visit); different inspections, or two rows of one source, are never merged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csinspect.analysis.inspections import inspection_groups, same_inspection
from csinspect.analysis.national import grade_distribution
from csinspect.store.db import init_db, session_scope
from csinspect.store.models import Inspection
from csinspect.testing.official import ilacs_history
from csinspect.testing.reports import Ilacs, write
from csinspect.testing.store import ingest, load_official


def _insp(origin: str, **kw: object) -> Inspection:
    return Inspection(origin=origin, la_code="805", framework_id="sif", **kw)


@pytest.mark.parametrize(
    ("table", "report", "same"),
    [
        # Hartlepool's first SIF: the table has only the publication date, the report only its visit
        ({"published": date(2014, 2, 11)}, {"inspection_start": date(2013, 11, 19), "inspection_end": date(2013, 12, 11)}, True),
        ({"inspection_start": date(2013, 11, 19)}, {"inspection_start": date(2013, 11, 19)}, True),
        ({"published": date(2014, 2, 11)}, {"published": date(2014, 2, 11)}, True),
        # published five months after the visit: not the same inspection on dates alone
        ({"published": date(2014, 5, 20)}, {"inspection_start": date(2013, 11, 19), "inspection_end": date(2013, 12, 11)}, False),
        # published before the visit ended
        ({"published": date(2013, 12, 1)}, {"inspection_start": date(2013, 11, 19), "inspection_end": date(2013, 12, 11)}, False),
        # the report prints its own publication date, and it differs
        ({"published": date(2014, 2, 11)}, {"inspection_end": date(2013, 12, 11), "published": date(2014, 2, 12)}, False),
    ],
)  # fmt: skip
def test_same_inspection_by_dates(table: dict, report: dict, same: bool) -> None:
    a, b = _insp("official_table", **table), _insp("report", **report)
    assert same_inspection(a, b) is same and same_inspection(b, a) is same


def test_never_two_rows_of_one_source_or_two_frameworks() -> None:
    one = {"inspection_start": date(2013, 11, 19)}
    assert not same_inspection(_insp("report", **one), _insp("report", **one))
    other = Inspection(origin="report", la_code="805", framework_id="lscb", **one)
    assert not same_inspection(_insp("official_table", **one), other)


def test_a_report_and_its_table_row_count_once(
    mini_official_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path / 'g.sqlite'}"
    init_db(url)
    load_official(mini_official_dir, url, kinds={"authorities", "ofsted_la_outcomes"})
    [row] = [r for r in ilacs_history() if r["area"].la_code == "821" and r["start"].year == 2023]
    report = Ilacs(start=row["start"], end=row["start"].replace(day=row["start"].day + 4))
    [out] = ingest([write(report.pages(), tmp_path / "luton.pdf")], url)
    assert out.status == "ok", out.reasons
    with session_scope(url) as s:
        groups = inspection_groups(s, ["821"], framework_id="ilacs_2023")
        [group] = groups
        assert {r.origin for r in group.records} == {"official_table", "report"}
        assert group.primary.origin == "official_table"  # Ofsted's published statistic leads
        rows = grade_distribution(s, "ilacs_2023", judgement_id="overall_effectiveness")
    current = [r for r in ilacs_history() if r["start"].year >= 2023]
    assert sum(r.inspections for r in rows) == len(current)
