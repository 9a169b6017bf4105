"""A figure published once for several authorities ("940 / 941": North and West Northamptonshire's shared
children's social care workforce) is kept for each, marked as joint, and never ranked or compared as one
authority's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from csinspect.analysis.comparators import compute_comparators
from csinspect.load.official.values import split_joint
from csinspect.load.outcome import FileOutcome
from csinspect.sources.official.ees import VALUE_SCHEMA


def _values(rows: list[tuple[str, float]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "indicator_id": "sw_turnover_rate_pct",
                "source_kind": "ees",
                "geo_level": "la",
                "area_code": code,
                "gss_code": None,
                "area_name": code,
                "period": "2025",
                "year": 2025,
                "start": None,
                "end": None,
                "value": v,
                "symbol": None,
                "numerator": None,
                "denominator": None,
                "source_ref": f"f.csv row {i}",
            }
            for i, (code, v) in enumerate(rows)
        ],
        schema=VALUE_SCHEMA,
    )


def test_a_joint_row_is_kept_for_each_authority_and_said() -> None:
    summary = FileOutcome("csww.csv", "ees_csv")
    out = split_joint(_values([("940 / 941", 10.4), ("855", 12.0)]), summary)
    joint = {r["area_code"]: r["joint_with"] for r in out.iter_rows(named=True)}
    assert joint == {"940": "941", "941": "940", "855": None}
    assert out.filter(pl.col("area_code") == "941")["value"].to_list() == [10.4]
    assert any("940 with 941" in n and "941 with 940" in n for n in summary.notes)


def test_joint_figures_are_not_ranked_banded_or_averaged() -> None:
    values = split_joint(
        _values([("940 / 941", 1.0), ("855", 12.0), ("856", 14.0), ("857", 16.0)]), FileOutcome("f", "k")
    )
    values = values.select(
        "indicator_id", "geo_level", "area_code", "period", "year", "value", "symbol", "joint_with"
    )
    neighbours = pl.DataFrame(
        [
            {"model_id": "m", "la_code": la, "rank": 1, "neighbour_la_code": n}
            for la, n in [("855", "940"), ("855", "856"), ("855", "857"), ("940", "856"), ("940", "857")]
        ],
    )
    models = pl.DataFrame({"model_id": ["m"], "in_force_from": [date(2020, 1, 1)]})
    authorities = pl.DataFrame(
        {
            "la_code": ["855", "856", "857", "940", "941"],
            "name": list("abcde"),
            "region_code": ["E12000004"] * 5,
        }
    )
    polarity = pl.DataFrame({"indicator_id": ["sw_turnover_rate_pct"], "polarity": ["lower_is_better"]})
    out = compute_comparators(values, neighbours, models, authorities, polarity, min_neighbours=1)
    rows = {r["area_code"]: r for r in out.iter_rows(named=True)}
    assert (
        rows["940"]["rank"] is None
        and rows["940"]["sn_average"] is None
        and rows["940"]["joint_with"] == "941"
    )
    assert rows["855"]["rank_of"] == 3  # 855, 856, 857: the joint figure is nobody's own
    assert rows["855"]["sn_average"] == pytest.approx(15.0)  # 940's joint figure left out of 855's neighbours


@pytest.mark.slow
def test_northamptonshire_workforce_on_the_real_file(official_dir: Path, tmp_path: Path) -> None:
    from csinspect.analysis.profile import build_profile
    from csinspect.store.db import init_db, session_scope
    from csinspect.testing.store import load_official

    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    init_db(url)
    load_official(official_dir, url, kinds={"authorities", "sn_models", "ees_csv"})
    with session_scope(url) as s:
        rows = {
            code: next(
                r
                for r in build_profile(s, code, period="2025").rows()
                if r.indicator_id == "sw_turnover_rate_pct"
            )
            for code in ("940", "941")
        }
    assert (
        rows["940"].value == rows["941"].value
        and rows["940"].joint_with == "941"
        and rows["941"].joint_with == "940"
    )
    assert (
        rows["940"].rank is None
        and rows["940"].sn_average is None
        and "joint figure" in rows["940"].statement
    )
