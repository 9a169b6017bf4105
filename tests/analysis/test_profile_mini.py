"""The profile on the small England of ``csinspect.testing.official`` (official formats, made-up figures):
neighbour averages, suppression, reorganised authorities, ranks, the CLI's outputs, re-publication.
Expected figures are read back from the written files, never from the code under test."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from csinspect.analysis.indicator_crosscheck import crosscheck
from csinspect.analysis.profile import build_profile, national_profile
from csinspect.store.db import init_db, session_scope
from csinspect.store.profile_models import IndicatorValue, IndicatorValueChange
from csinspect.testing.store import load_official as load_directory

LUTON = "821"
IN_CARE = "Children looked after on 31 March each year"
CEASING = "Children ceasing to be looked after each year"


@pytest.fixture(scope="module")
def loaded(mini_official_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list]:
    url = f"sqlite:///{tmp_path_factory.mktemp('mini_profile') / 'p.sqlite'}"
    init_db(url)
    return url, load_directory(mini_official_dir, url)


def _profile(url: str, *args: Any, **kwargs: Any) -> Any:
    with session_scope(url) as s:
        return build_profile(s, *args, **kwargs)


def _row(profile_rows: list, indicator: str) -> Any:
    return next(r for r in profile_rows if r.indicator_id == indicator)


def _cla_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "cla_number_and_rate_per_10k_children.csv").open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _rate(folder: Path, la: str, year: str, kind: str = IN_CARE) -> str:
    [row] = [
        r
        for r in _cla_rows(folder)
        if r["old_la_code"] == la and r["time_period"] == year and r["population_type"] == kind
    ]
    return row["rate_per_10000"]


def _neighbours(xlsx: Path, la: str) -> list[str]:
    ws = openpyxl.load_workbook(xlsx, read_only=True)["LA SN Groups"]
    for row in ws.iter_rows(min_row=4, values_only=True):
        if str(row[0]) == la:
            return [str(row[i]) for i in range(5, 25, 2)]
    raise AssertionError(f"{la} not in {xlsx.name}")


def test_sn_average_is_the_mean_of_the_neighbour_list(
    loaded: tuple[str, list], mini_official_dir: Path
) -> None:
    """The default (LAIT's): the mean of the newest model's neighbours, every year, said in the statement."""
    url, _ = loaded
    neighbours = _neighbours(mini_official_dir / "sn_may_2025.xlsx", LUTON)
    assert len(neighbours) == 10
    numbers = [float(_rate(mini_official_dir, c, "2024")) for c in neighbours]
    profile = _profile(url, LUTON, period="2024")
    row = _row(profile.rows(), "cla_rate_per_10k")
    assert row.value == float(_rate(mini_official_dir, LUTON, "2024"))
    assert row.sn_model == "2025-05" and row.sn_stat == "mean"
    assert row.sn_count == 10
    assert row.sn_average == pytest.approx(sum(numbers) / 10)
    assert row.sn_label == "mean of the 10 statistical neighbours, May 2025 model"
    assert "the mean of the 10 statistical neighbours, May 2025 model (" in row.statement
    assert profile.comparator.startswith("mean of the statistical neighbours, May 2025 model")
    [england] = [
        r
        for r in _cla_rows(mini_official_dir)
        if r["geographic_level"] == "National"
        and r["time_period"] == "2024"
        and r["population_type"] == IN_CARE
    ]
    assert row.england == float(england["rate_per_10000"])


@pytest.mark.parametrize(
    ("model", "stat", "xlsx", "model_id"),
    [
        ("period_end", "mean", "sn_april_2021.xlsx", "2021-04"),
        ("latest", "median", "sn_may_2025.xlsx", "2025-05"),
        ("2021-04", "median", "sn_april_2021.xlsx", "2021-04"),
    ],
)
def test_every_neighbour_group_and_statistic(
    loaded: tuple[str, list], mini_official_dir: Path, model: str, stat: str, xlsx: str, model_id: str
) -> None:
    from statistics import median

    from csinspect.analysis.comparators import Comparator

    url, _ = loaded
    numbers = [
        float(_rate(mini_official_dir, c, "2024")) for c in _neighbours(mini_official_dir / xlsx, LUTON)
    ]
    row = _row(
        _profile(url, LUTON, period="2024", comparator=Comparator(model, stat)).rows(), "cla_rate_per_10k"
    )
    assert row.sn_model == model_id and row.sn_stat == stat
    want = median(numbers) if stat == "median" else sum(numbers) / len(numbers)
    assert row.sn_average == pytest.approx(want)
    assert row.sn_label.startswith(f"{stat} of the 10 statistical neighbours, ")


def test_an_unknown_neighbour_choice_lists_the_valid_ones(loaded: tuple[str, list]) -> None:
    from csinspect.analysis.comparators import Comparator, ComparatorError
    from csinspect.analysis.profile import ProfileError

    url, _ = loaded
    with pytest.raises(ComparatorError, match="choose one of: mean, median"):
        Comparator.of(stat="mode")
    with pytest.raises(ProfileError, match="choose one of: latest, period_end, 2021-04, 2025-05"):
        _profile(url, LUTON, comparator=Comparator("2019-01", "mean"))


def test_suppressed_values_are_missing_not_zero(loaded: tuple[str, list], mini_official_dir: Path) -> None:
    url, _ = loaded
    assert _rate(mini_official_dir, "882", "2025", CEASING) == "c"  # the file's one suppressed cell
    with session_scope(url) as s:
        v = s.scalars(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id == "cla_ceased_rate_per_10k",
                IndicatorValue.area_code == "882",
                IndicatorValue.period == "2025",
                IndicatorValue.source_kind == "ees",
            )
        ).one()
        assert v.value is None and v.symbol == "c"
    row = _row(_profile(url, "882", period="2025").rows(), "cla_ceased_rate_per_10k")
    assert row.value is None and row.symbol == "c" and row.rank is None
    assert "suppressed: c" in row.statement


def test_reorganised_authorities_have_no_values_before_they_existed(loaded: tuple[str, list]) -> None:
    url, summaries = loaded
    with session_scope(url) as s:
        early = s.execute(
            select(IndicatorValue.area_code, IndicatorValue.period).where(
                IndicatorValue.area_code.in_(("940", "941")),
                IndicatorValue.year <= 2021,
                IndicatorValue.geo_level == "la",
            )
        ).all()
        later = s.scalar(
            select(IndicatorValue.id)
            .where(IndicatorValue.area_code == "940", IndicatorValue.year == 2022)
            .limit(1)
        )
    assert early == [] and later is not None
    lait = next(s for s in summaries if s.kind == "lait_bds")
    # LAIT recasts 940, 941, 942, 943, 838 and 839 for the year before each began
    assert lait.skipped["before_authority_existed"] == 6
    assert any("940 2021" in n for n in lait.notes)


def test_lait_and_ees_agree_and_a_disagreement_is_reported(
    loaded: tuple[str, list], mini_official_dir: Path, tmp_path: Path
) -> None:
    url, _ = loaded
    with session_scope(url) as s:
        checks = {c.indicator_id: c for c in crosscheck(s)}
    cla = checks["cla_rate_per_10k"]
    assert cla.compared > 200 and not cla.disagree
    # the same files with one LAIT figure changed: the check names it
    folder = tmp_path / "edited"
    folder.mkdir()
    for name in ("uk_local_authorities.csv", "cla_number_and_rate_per_10k_children.csv"):
        (folder / name).write_bytes((mini_official_dir / name).read_bytes())
    lait = pl.read_parquet(mini_official_dir / "bds_long_0.parquet")
    lait = lait.with_columns(
        pl.when((pl.col("LA Number") == 821.0) & (pl.col("Years") == "2024"))
        .then(pl.lit("99"))
        .otherwise(pl.col("Values"))
        .alias("Values")
    )
    lait.write_parquet(folder / "bds_long_0.parquet")
    edited = f"sqlite:///{tmp_path / 'e.sqlite'}"
    init_db(edited)
    load_directory(folder, edited)
    with session_scope(edited) as s:
        [bad] = [c for c in crosscheck(s) if c.disagree]
    assert bad.indicator_id == "cla_rate_per_10k" and bad.disagree == 1
    assert "821" in str(bad.examples[0]) and "2024" in str(bad.examples[0])


def test_national_profile_ranks_and_quartiles(loaded: tuple[str, list], mini_official_dir: Path) -> None:
    url, _ = loaded
    with session_scope(url) as s:
        df = national_profile(s)
    one = df.filter(
        (pl.col("indicator_id") == "cla_rate_per_10k")
        & (pl.col("period") == "2025")
        & pl.col("value").is_not_null()
    )
    rates = {
        r["old_la_code"]: float(r["rate_per_10000"])
        for r in _cla_rows(mini_official_dir)
        if r["geographic_level"] == "Local authority"
        and r["time_period"] == "2025"
        and r["population_type"] == IN_CARE
    }
    assert set(one["area_code"]) == set(rates)
    assert sorted(one["rank"].to_list())[0] == 1 and one["quartile"].min() == 1 and one["quartile"].max() == 4
    # lower is better for nobody here (polarity "neither"): rank 1 is the highest rate, as LAIT ranks
    top = one.sort("rank")["area_code"][0]
    assert rates[top] == max(rates.values())


def test_cli_profile_outputs(loaded: tuple[str, list], tmp_path: Path) -> None:
    from csinspect.cli import app

    url, _ = loaded
    runner = CliRunner()
    res = runner.invoke(app, ["profile", "Luton", "--format", "json", "--database-url", url])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["la_code"] == LUTON and "children_in_care" in data["areas"]
    out = tmp_path / "luton.xlsx"
    charts = tmp_path / "charts"
    res = runner.invoke(
        app,
        ["profile", "821", "--format", "xlsx", "--out", str(out), "--area", "children_in_care",
         "--chart", str(charts), "--database-url", url],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["About", "Children in care"]
    ws = wb["Children in care"]
    assert ws["A1"].value == "Indicator" and ws.freeze_panes == "B2" and ws.max_row > 2
    assert {p.suffix for p in charts.iterdir()} == {".png", ".svg"}
    res = runner.invoke(app, ["profile", "821", "--format", "csv", "--period", "2024", "--database-url", url])
    rows = list(csv.DictReader(res.stdout.splitlines()))
    assert rows and all(r["period"].startswith(("2024", "2023/24")) for r in rows)
    res = runner.invoke(app, ["compare", "821", "919", "--format", "json", "--database-url", url])
    assert res.exit_code == 0 and "919 Hertfordshire" in res.stdout
    res = runner.invoke(app, ["profile", "Nowhereshire", "--database-url", url])
    assert res.exit_code != 0 and "Nowhereshire" in res.output


@pytest.mark.parametrize(("la", "period"), [("821", None), ("919", "2024"), ("940", None), ("825", "2019")])
def test_fast_single_authority_read_matches_full_read(
    loaded: tuple[str, list], la: str, period: str | None
) -> None:
    from csinspect.analysis import profile as prof

    url, _ = loaded
    prof._CACHE.clear()
    fast = _profile(url, la, period=period)
    with session_scope(url) as s:
        national_profile(s)  # fills the cache with the whole store
    full = _profile(url, la, period=period)
    prof._CACHE.clear()
    assert fast.rows() and [r.flat() for r in fast.rows()] == [r.flat() for r in full.rows()]


def test_councils_own_figures_sit_beside_the_published_ones(
    loaded: tuple[str, list], mini_official_dir: Path
) -> None:
    from csinspect.analysis.returns import LocalIndicatorValue

    url, _ = loaded
    own = [
        LocalIndicatorValue("returns_cla_rate_31mar", "2024-25", 60.0, 374.0, 62280.0, 2025),
        LocalIndicatorValue("returns_cla_rate_31mar", "2023-24", 61.0, 380.0, 62280.0, 2024),
        LocalIndicatorValue("returns_aa_contacts", "2024-25", 1234.0, None, None, 2025),
    ]
    p = _profile(url, LUTON, period="2025", local_values=own)
    cla = _row(p.rows(), "cla_rate_per_10k")
    published = float(_rate(mini_official_dir, LUTON, "2025"))
    assert (cla.value, cla.local_value, cla.local_period) == (published, 60.0, "2024-25")
    contacts = _row(p.rows(), "returns_aa_contacts")
    assert contacts.value is None and contacts.local_value == 1234.0
    p24 = _profile(url, LUTON, period="2024", local_values=own)
    assert _row(p24.rows(), "cla_rate_per_10k").local_value == 61.0


def test_republished_file_updates_values_and_keeps_the_change(
    db_url: str, mini_official_dir: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first"
    first.mkdir()
    for name in (
        "uk_local_authorities.csv",
        "sn_april_2021.xlsx",
        "cla_number_and_rate_per_10k_children.csv",
    ):
        (first / name).write_bytes((mini_official_dir / name).read_bytes())
    load_directory(first, db_url)
    again = load_directory(first, db_url)
    assert all(s.unchanged for s in again)  # idempotent
    rows = _cla_rows(first)
    was = _rate(first, LUTON, "2025")
    for r in rows:
        if (r["old_la_code"], r["time_period"], r["population_type"]) == (LUTON, "2025", IN_CARE):
            r["children_count"] = r["rate_per_10000"] = "c"
    second = tmp_path / "second"
    second.mkdir()
    with (second / "cla_number_and_rate_per_10k_children.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    [summary] = load_directory(second, db_url, kinds={"ees_csv"})
    assert any("2 changed" in n for n in summary.notes), summary.notes
    with session_scope(db_url) as s:
        changes = s.scalars(select(IndicatorValueChange).order_by(IndicatorValueChange.indicator_id)).all()
        assert [(c.indicator_id, c.area_code, c.new_value, c.new_symbol) for c in changes] == [
            ("cla_count_31_march", LUTON, None, "c"),
            ("cla_rate_per_10k", LUTON, None, "c"),
        ]
        assert changes[1].old_value == float(was)


def test_cli_neighbour_options(loaded: tuple[str, list], mini_official_dir: Path) -> None:
    """--as dashboard gives the median of the newest model's neighbours, named in the output; an unknown
    choice names the valid ones."""
    from statistics import median

    from csinspect.cli import app

    url, _ = loaded
    runner = CliRunner()
    res = runner.invoke(
        app,
        [
            "profile",
            "Luton",
            "--as",
            "dashboard",
            "--period",
            "2024",
            "--format",
            "csv",
            "--database-url",
            url,
        ],
    )
    assert res.exit_code == 0, res.output
    row = next(r for r in csv.DictReader(res.stdout.splitlines()) if r["indicator_id"] == "cla_rate_per_10k")
    numbers = [
        float(_rate(mini_official_dir, c, "2024"))
        for c in _neighbours(mini_official_dir / "sn_may_2025.xlsx", LUTON)
    ]
    assert float(row["sn_average"]) == pytest.approx(median(numbers))
    assert (
        row["sn_stat"] == "median"
        and row["sn_label"] == "median of the 10 statistical neighbours, May 2025 model"
    )
    res = runner.invoke(app, ["profile", "Luton", "--sn-stat", "mode", "--database-url", url])
    assert res.exit_code != 0 and "choose one of: mean, median" in res.output
    res = runner.invoke(app, ["profile", "Luton", "--sn-model", "2019-01", "--database-url", url])
    assert res.exit_code != 0 and "choose one of: latest, period_end, 2021-04, 2025-05" in res.output
    res = runner.invoke(
        app,
        ["compare", "Luton", "882", "--sn-model", "period_end", "--format", "json", "--database-url", url],
    )
    assert res.exit_code == 0, res.output


def test_a_count_is_context_never_ranked_or_compared(loaded: tuple[str, list]) -> None:
    """Counts measure an authority's size: England's figure is a total and a quartile would only rank size."""
    url, _ = loaded
    row = _row(_profile(url, LUTON, period="2024").rows(), "cla_count_31_march")
    assert row.value is not None and row.unit == "count"
    assert row.rank is None and row.quartile is None and row.sn_average is None
    assert "a count, shown as context" in row.statement and "England" not in row.statement
