"""The overview's pure parts: latest judgements with the change from the previous grade, and the indicators
furthest from the neighbours."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from csinspect.analysis.history import HistoryRow
from csinspect.analysis.overview import furthest_from_neighbours, latest_judgements


def _row(
    inspection: int, when: date, judgement: str, ordinal: int | None, fw: str = "ilacs_2018"
) -> HistoryRow:
    return HistoryRow(
        "821", "Luton", None, inspection, fw, "standard", when, when, when, judgement,
        None, None, ordinal, "ok", None, "official_table", None, None,
    )  # fmt: skip


def test_latest_judgements_compare_with_the_same_judgement_before() -> None:
    history = [
        _row(1, date(2016, 4, 7), "overall_effectiveness", 2, "sif"),
        _row(1, date(2016, 4, 7), "help_and_protection", 3, "sif"),
        _row(2, date(2020, 1, 1), "visit", None),  # an ungraded visit is not "latest"
        _row(3, date(2022, 3, 4), "overall_effectiveness", 3),
        _row(3, date(2022, 3, 4), "help_and_protection", 3),
        _row(3, date(2022, 3, 4), "care_leavers", 1),
    ]
    got = {c.row.judgement_id: c.change for c in latest_judgements(history)}
    assert got == {
        "overall_effectiveness": "improved",
        "help_and_protection": "same",
        "care_leavers": "first",
    }
    assert latest_judgements([]) == []
    later = [*history[:2], _row(4, date(2019, 1, 1), "help_and_protection", 1)]
    assert [c.change for c in latest_judgements(later)] == ["declined"]


def _p(ind: str, value: float | None, sn: float | None, polarity: str = "lower_is_better") -> SimpleNamespace:
    return SimpleNamespace(indicator_id=ind, title=ind, value=value, sn_average=sn, polarity=polarity)


def test_furthest_from_neighbours_is_relative_and_polarity_aware() -> None:
    rows = [
        _p("a", 12, 10),  # +20%, worse (lower is better)
        _p("b", 5, 10, "higher_is_better"),  # -50%, worse
        _p("c", 30, 10, "no_polarity"),  # +200%, no better direction
        _p("d", 8, None),  # not compared (a count, or no neighbours)
        _p("a", 99, 1),  # the same indicator under another area: once
        _p("e", 9, 10),  # -10%, better
    ]
    gaps = furthest_from_neighbours(rows, n=3)
    assert [g.row.indicator_id for g in gaps] == ["c", "b", "a"]
    assert [g.better for g in gaps] == [None, False, False]
    assert round(gaps[1].relative, 2) == -0.5
    assert furthest_from_neighbours(rows, n=5)[-1].better is True


def test_authority_gaps_from_the_national_table(mini_official_dir: object, tmp_path: object) -> None:
    """On the small England: the overview's indicators come from the national comparison table, never a count,
    each with the neighbours' figure it is compared with, ordered by relative distance."""
    from pathlib import Path

    from csinspect.analysis.overview import authority_gaps
    from csinspect.analysis.profile import build_profile
    from csinspect.indicators.catalogue import get_catalogue
    from csinspect.store.db import init_db, session_scope
    from csinspect.testing.store import load_official

    url = f"sqlite:///{Path(str(tmp_path)) / 'g.sqlite'}"
    init_db(url)
    load_official(Path(str(mini_official_dir)), url)
    catalogue = get_catalogue()
    with session_scope(url) as s:
        gaps, compared = authority_gaps(s, "821")
        profile = build_profile(s, "821")
    assert 0 < len(gaps) <= 5 and compared.startswith("mean of the statistical neighbours")
    assert all(catalogue.indicators[g.row.indicator_id].unit != "count" for g in gaps)
    rel = [abs(g.relative) for g in gaps]
    assert rel == sorted(rel, reverse=True)
    # the same figures the authority's profile shows for that indicator and period
    by_key = {(r.indicator_id, r.period): r for r in profile.rows()}
    for g in gaps:
        shown = by_key[(g.row.indicator_id, g.row.period)]
        assert shown.value == g.row.value and shown.sn_average == g.row.sn_average
