"""One inspection recorded by two sources (Ofsted's table and the ingested report) shows once in the history,
with dates filled from either source and a disagreement between them marked needs_review."""

from __future__ import annotations

from datetime import date

from csinspect.analysis.history import authority_history
from csinspect.store.db import session_scope
from csinspect.store.models import Authority, Inspection, Judgement


def _insp(key: str, origin: str, **kw: object) -> Inspection:
    return Inspection(
        natural_key=key,
        origin=origin,
        la_code="821",
        framework_id="ilacs_2018",
        document_type="ilacs_standard",
        **kw,
    )


def test_table_and_report_of_one_inspection_merge(sqlite_url: str) -> None:
    with session_scope(sqlite_url) as s:
        s.add(Authority(la_code="821", name="Luton"))
        table = _insp("t", "official_table", inspection_start=date(2020, 1, 13), published=date(2020, 2, 24))
        table.judgements = [
            Judgement(
                judgement_id="overall_effectiveness", label="Inadequate", grade="inadequate", ordinal=1
            ),
            Judgement(judgement_id="help_and_protection", label="Inadequate", grade="inadequate", ordinal=1),
        ]
        report = _insp("r", "report", inspection_start=date(2020, 1, 13), inspection_end=date(2020, 1, 24))
        report.judgements = [
            Judgement(
                judgement_id="overall_effectiveness",
                label="Inadequate",
                grade="inadequate",
                ordinal=1,
                page=1,
            ),
            Judgement(
                judgement_id="help_and_protection",
                label="Requires improvement to be good",
                grade="requires_improvement",
                ordinal=2,
                page=1,
            ),
        ]
        other = _insp("o", "report", inspection_start=date(2022, 7, 11))  # a different inspection
        s.add_all([table, report, other])
    with session_scope(sqlite_url) as s:
        rows = authority_history(s, "821")
    assert len({r.inspection_id for r in rows}) == 2
    merged = {r.judgement_id: r for r in rows if r.judgement_id}
    assert merged["overall_effectiveness"].status == "ok"
    assert merged["overall_effectiveness"].published == date(2020, 2, 24)
    assert (
        merged["overall_effectiveness"].also_from and "report" in merged["overall_effectiveness"].also_from[0]
    )
    hp = merged["help_and_protection"]
    assert hp.status == "needs_review" and "sources disagree" in (hp.reason or "")
    assert "page 1" in (hp.reason or "") and "Requires improvement to be good" in (hp.reason or "")


def test_assessments_are_never_merged_with_published_records(sqlite_url: str) -> None:
    with session_scope(sqlite_url) as s:
        s.add(Authority(la_code="821", name="Luton"))
        s.add(_insp("t", "official_table", published=date(2016, 3, 29)))
        s.add(_insp("a", "assessment", published=date(2016, 3, 29)))
    with session_scope(sqlite_url) as s:
        assert len({r.inspection_id for r in authority_history(s, "821")}) == 2
