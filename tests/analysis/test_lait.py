"""Every LAIT measure, loaded without code per measure and described by LAIT's data dictionary: on the small
England of ``csinspect.testing.official`` (written in LAIT's own formats) and on the real files."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from csinspect.analysis.comparators import PRESETS
from csinspect.analysis.lait import lait_profile
from csinspect.analysis.profile import ProfileError
from csinspect.store.db import init_db, session_scope
from csinspect.testing.store import load_official

LUTON = "821"


@pytest.fixture(scope="module")
def mini(mini_official_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list]:
    url = f"sqlite:///{tmp_path_factory.mktemp('lait') / 'l.sqlite'}"
    init_db(url)
    return url, load_official(mini_official_dir, url)


def _bds(folder: Path, short: str, year: str) -> dict[str, float]:
    df = pl.read_parquet(folder / "bds_long_0.parquet").filter(
        (pl.col("Short Desc") == short) & (pl.col("Years") == year)
    )
    return {
        str(int(c)).zfill(3): float(v) for c, v in df.select("LA Number", "Values").iter_rows() if c < 970
    }


def test_every_measure_loads_and_the_summary_lists_what_the_dictionary_leaves_out(
    mini: tuple[str, list],
) -> None:
    _, outcomes = mini
    dictionary = next(o for o in outcomes if o.kind == "lait_dictionary")
    assert dictionary.status == "ok" and dictionary.rows_loaded == 4
    assert any("2 measure(s) with no polarity" in n and "LAC" in n for n in dictionary.notes)
    bds = next(o for o in outcomes if o.kind == "lait_bds")
    assert bds.status == "ok"
    assert any(n.startswith("measure Notes_Text not loaded") and "'see notes'" in n for n in bds.notes)
    assert any("with no data in this file: Empty_Measure" in n for n in bds.notes)


def test_a_measure_only_lait_publishes_is_profiled_with_its_dictionary_metadata(
    mini: tuple[str, list], mini_official_dir: Path
) -> None:
    url, _ = mini
    with session_scope(url) as s:
        profile = lait_profile(s, LUTON, topic="exclusions")
    [row] = profile.areas["Exclusions"]
    values = _bds(mini_official_dir, "PermEx_Rate", row.period)
    assert row.indicator_id == "lait:PermEx_Rate" and row.value == pytest.approx(
        values[LUTON]
    )  # exponent form read
    assert row.polarity == "lower_is_better" and row.decimals == 2 and row.unit == "percent"
    assert row.rank_of == len(values) and row.quartile_band in {"A", "B", "C", "D"}
    assert profile.view == "lait" and "mean of the" in row.sn_label


def test_topics_search_and_bad_choices(mini: tuple[str, list]) -> None:
    url, _ = mini
    with session_scope(url) as s:
        found = lait_profile(s, LUTON, search="EXCLUSIONS")
        assert list(found.areas) == ["Exclusions"]
        cla = lait_profile(s, LUTON, topic="Children Looked After")
        [row] = cla.areas["Children Looked After"]
        assert row.quartile_band is None and any("no polarity" in n for n in row.notes)  # LAIT gives none
        with pytest.raises(ProfileError, match="topics: Children Looked After, Exclusions, Other"):
            lait_profile(s, LUTON, topic="Weather")
        with pytest.raises(ProfileError, match="choose one of: latest, period_end"):
            from csinspect.analysis.comparators import Comparator

            lait_profile(s, LUTON, comparator=Comparator("1999-01", "mean"))


def test_cli_view_lait(mini: tuple[str, list]) -> None:
    from csinspect.cli import app

    url, _ = mini
    res = CliRunner().invoke(
        app, ["profile", "Luton", "--view", "lait", "--format", "csv", "--database-url", url]
    )
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(res.stdout.splitlines()))
    assert {r["judgement_area"] for r in rows} == {"Children Looked After", "Exclusions"}
    res = CliRunner().invoke(app, ["profile", "Luton", "--view", "tables", "--database-url", url])
    assert res.exit_code != 0 and "choose one of: judgement-areas, lait" in res.output


@pytest.mark.slow
def test_all_434_real_measures(official_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'all.sqlite'}"
    init_db(url)
    outcomes = load_official(
        official_dir, url, kinds={"authorities", "sn_models", "lait_dictionary", "lait_bds"}
    )
    bds = next(o for o in outcomes if o.kind == "lait_bds")
    assert bds.status == "ok" and any("(434 indicators)" in n for n in bds.notes)
    with session_scope(url) as s:
        profile = lait_profile(s, "330", comparator=PRESETS["dashboard"])
    assert len(profile.areas) == 20
    assert sum(len(r) for r in profile.areas.values()) > 300
    assert all(r.sn_stat == "median" for rows in profile.areas.values() for r in rows)
