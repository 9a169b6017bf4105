"""The profile against the official files themselves (skipped when ../shared is absent).

One SQLite database is loaded from every file in data/official once for the module; a second small
folder exercises re-publication and bad input on the same loaders (and on PostgreSQL under make test).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path
from typing import Any

import fastexcel
import openpyxl
import polars as pl
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from csinspect.analysis.indicator_crosscheck import crosscheck
from csinspect.analysis.profile import build_profile, national_profile
from csinspect.store.db import init_db, session_scope
from csinspect.store.models import SourceFile
from csinspect.store.profile_models import IndicatorValue, IndicatorValueChange, ProviderInspection
from csinspect.testing.store import load_official as load_directory

LUTON = "821"


def _profile(url: str, *args: Any, **kwargs: Any) -> Any:
    with session_scope(url) as s:
        return build_profile(s, *args, **kwargs)


def _national(url: str) -> pl.DataFrame:
    with session_scope(url) as s:
        return national_profile(s)


def _crosscheck(url: str) -> list[Any]:
    with session_scope(url) as s:
        return crosscheck(s)


@pytest.fixture(scope="module")
def loaded(official_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list]:
    url = f"sqlite:///{tmp_path_factory.mktemp('profile') / 'p.sqlite'}"
    init_db(url)
    return url, load_directory(official_dir, url)


def _ees(official_dir: Path, name: str) -> pl.DataFrame:
    df = pl.read_csv(official_dir / name, infer_schema=False)
    return df.rename({c: c.lstrip("\ufeff") for c in df.columns})


def _row(profile_rows: list, indicator: str):
    return next(r for r in profile_rows if r.indicator_id == indicator)


def test_luton_cla_rate_equals_published_values(
    loaded: tuple[str, list], official_dir: Path, reference_dir: Path
) -> None:
    url, _ = loaded
    lait = pl.read_parquet(official_dir / "bds_long_0.parquet")
    want_2016 = float(
        lait.filter(
            (pl.col("Short Desc") == "LAC") & (pl.col("Years") == "2016") & (pl.col("LA Number") == 821.0)
        )["Values"][0]
    )
    p2016 = _profile(url, LUTON, period="2016")
    assert _row(p2016.rows(), "cla_rate_per_10k").value == want_2016
    ref = pl.read_csv(reference_dir / "la_indicators_long.csv", infer_schema=False)
    ref_2016 = ref.filter(
        (pl.col("la_code") == LUTON)
        & (pl.col("indicator") == "cla_rate_per_10k")
        & (pl.col("period") == "2016")
    )["value"][0]
    assert want_2016 == float(ref_2016)
    ees = _ees(official_dir, "cla_number_and_rate_per_10k_children.csv").filter(
        (pl.col("old_la_code") == LUTON)
        & (pl.col("time_period") == "2024")
        & (pl.col("population_type") == "Children looked after on 31 March each year")
    )
    p2024 = _profile(url, LUTON, period="2024")
    assert _row(p2024.rows(), "cla_rate_per_10k").value == float(ees["rate_per_10000"][0])


def test_sn_average_is_the_mean_of_the_neighbour_list(
    loaded: tuple[str, list], official_dir: Path, reference_dir: Path
) -> None:
    url, _ = loaded
    sn = pl.read_csv(reference_dir / "statistical_neighbours.csv", infer_schema=False)
    neighbours = sn.filter(pl.col("sn_model").str.starts_with("2021-04") & (pl.col("la_code") == LUTON))[
        "neighbour_la_code"
    ].to_list()
    assert len(neighbours) == 10
    ees = _ees(official_dir, "cla_number_and_rate_per_10k_children.csv").filter(
        (pl.col("time_period") == "2024")
        & (pl.col("geographic_level") == "Local authority")
        & (pl.col("population_type") == "Children looked after on 31 March each year")
    )
    rates = dict(zip(ees["old_la_code"], ees["rate_per_10000"], strict=True))
    numbers = [float(rates[c]) for c in neighbours if c in rates and rates[c].replace(".", "").isdigit()]
    row = _row(_profile(url, LUTON, period="2024").rows(), "cla_rate_per_10k")
    assert row.sn_model == "2021-04"
    assert row.sn_count == len(numbers)
    assert row.sn_average == pytest.approx(sum(numbers) / len(numbers))
    england = ees_eng = _ees(official_dir, "cla_number_and_rate_per_10k_children.csv").filter(
        (pl.col("time_period") == "2024")
        & (pl.col("geographic_level") == "National")
        & (pl.col("population_type") == "Children looked after on 31 March each year")
    )
    assert row.england == float(england["rate_per_10000"][0]) and ees_eng.height == 1


def test_suppressed_values_are_missing_not_zero(loaded: tuple[str, list], official_dir: Path) -> None:
    url, _ = loaded
    d5 = _ees(official_dir, "d5_cpps_at31march_by_duration_2013_to_2025.csv").filter(
        (pl.col("geographic_level") == "Local authority") & (pl.col("2_years_or_more_percent") == "c")
    )
    la, period = d5["old_la_code"][0], d5["time_period"][0]
    with session_scope(url) as s:
        v = s.scalars(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id == "cpp_2yrs_plus_at_31_march_pct",
                IndicatorValue.area_code == la,
                IndicatorValue.period == period,
                IndicatorValue.source_kind == "ees",
            )
        ).one()
        assert v.value is None and v.symbol == "c"
    row = _row(_profile(url, la, period=period).rows(), "cpp_2yrs_plus_at_31_march_pct")
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
    lait = next(s for s in summaries if s.kind == "lait_bds_long")
    assert lait.skipped["before_authority_existed"] > 0
    assert any("940 2021" in n for n in lait.notes)


def test_load_summary_counts_symbols_and_lists_unknown_codes(loaded: tuple[str, list]) -> None:
    _, summaries = loaded
    csww = next(s for s in summaries if s.file.startswith("csww_indicators"))
    assert csww.skipped.get("symbol low", 0) > 0 and csww.skipped.get("symbol x", 0) > 0
    assert csww.skipped["unknown_la_code"] > 0
    assert any("314 / 318" in n for n in csww.notes)  # Kingston/Richmond's joint row is listed


def test_lait_and_ees_agree(loaded: tuple[str, list]) -> None:
    url, _ = loaded
    checks = _crosscheck(url)
    compared = {c.indicator_id: c for c in checks}
    assert compared["cla_rate_per_10k"].compared > 500
    disagreements = [(c.indicator_id, c.examples[:3]) for c in checks if c.disagree]
    assert not disagreements, f"LAIT and EES disagree: {disagreements}"


def test_provider_outcomes_match_the_workbook(loaded: tuple[str, list], official_dir: Path) -> None:
    url, _ = loaded
    sheet = (
        fastexcel.read_excel(official_dir / "Childrens_social_care_in_England_2023_underlying_data.ods")
        .load_sheet_by_name("Provider_level_at_31_Mar_2023", header_row=3)
        .to_polars()
    )
    oe = "Overall experiences and progress of children and young people"
    homes = sheet.filter(
        (pl.col("Local authority") == "Luton") & (pl.col("Provision type") == "Children's home")
    )
    good = homes.filter(pl.col(oe).is_in(["Good", "Outstanding"])).height
    p = _profile(url, LUTON)
    po = next(o for o in p.provider_outcomes if o.provision_type == "Children's home")
    assert (po.la_providers, po.la_good_or_better) == (homes.height, good)
    assert "not Ofsted's" in p.vocabulary
    with session_scope(url) as s:
        assert (
            s.scalar(select(ProviderInspection.id).where(ProviderInspection.la_code.is_(None)).limit(1))
            is None
        )


def test_national_profile_shape(loaded: tuple[str, list]) -> None:
    url, _ = loaded
    df = _national(url)
    assert df["area_code"].n_unique() > 150 and df["indicator_id"].n_unique() >= 50
    one = df.filter(
        (pl.col("indicator_id") == "cla_rate_per_10k")
        & (pl.col("period") == "2025")
        & pl.col("value").is_not_null()
    )
    assert sorted(one["rank"].to_list())[0] == 1 and one["quartile"].max() == 4


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
        [
            "profile",
            "821",
            "--format",
            "xlsx",
            "--out",
            str(out),
            "--area",
            "care_leavers",
            "--chart",
            str(charts),
            "--database-url",
            url,
        ],
    )
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["About", "Care leavers"]
    ws = wb["Care leavers"]
    assert ws["A1"].value == "Indicator" and ws.freeze_panes == "B2" and ws.max_row > 3
    assert {p.suffix for p in charts.iterdir()} == {".png", ".svg"}
    res = runner.invoke(app, ["profile", "821", "--format", "csv", "--period", "2024", "--database-url", url])
    rows = list(csv.DictReader(res.stdout.splitlines()))
    assert all(r["period"].startswith(("2024", "2023/24")) for r in rows)
    res = runner.invoke(app, ["compare", "821", "855", "--format", "json", "--database-url", url])
    assert res.exit_code == 0 and "855 Leicestershire" in res.stdout
    res = runner.invoke(app, ["profile", "Nowhereshire", "--database-url", url])
    assert res.exit_code != 0


def _small_folder(official_dir: Path, dest: Path) -> Path:
    dest.mkdir()
    for name in (
        "b1_children_in_need_2013_to_2025.csv",
        "uk_local_authorities.csv",
        "sn_april_2021.xlsx",
        "cla_number_and_rate_per_10k_children.csv",
    ):
        shutil.copy(official_dir / name, dest / name)
    return dest


def test_republished_file_updates_values_and_keeps_the_change(
    db_url: str, official_dir: Path, tmp_path: Path
) -> None:
    first = _small_folder(official_dir, tmp_path / "first")
    load_directory(first, db_url)
    again = load_directory(first, db_url)
    assert all(s.unchanged for s in again)  # idempotent
    second = tmp_path / "second"
    second.mkdir()
    src = (first / "cla_number_and_rate_per_10k_children.csv").read_text(encoding="utf-8-sig").splitlines()
    edited = [
        line.replace(
            ",Luton,E06000032,Children looked after on 31 March each year,62280,359,58",
            ",Luton,E06000032,Children looked after on 31 March each year,62280,359,c",
        )
        for line in src
    ]
    assert edited != src
    (second / "cla_number_and_rate_per_10k_children.csv").write_text(
        "\n".join(edited) + "\n", encoding="utf-8"
    )
    [summary] = load_directory(second, db_url, kinds={"ees_csv"})
    assert any("1 changed" in n for n in summary.notes)
    with session_scope(db_url) as s:
        change = s.scalars(select(IndicatorValueChange)).one()
        assert (change.area_code, change.old_value, change.new_value, change.new_symbol) == (
            LUTON,
            58.0,
            None,
            "c",
        )


def test_wrong_columns_are_named_and_nothing_is_written(db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "cla_number_and_rate_per_10k_children.csv").write_text(
        "time_period,time_identifier,geographic_level,old_la_code,new_la_code,la_name,population_type,rate\n"
        "2025,Reporting year,Local authority,821,E06000032,Luton,Children looked after on 31 March each year,58\n"
    )
    [out] = load_directory(bad, db_url, kinds={"ees_csv"})
    assert out.status == "failed"
    assert re.search(r"expected .*rate_per_10000.*found .*'rate'", out.reasons[0]), out.reasons
    with session_scope(db_url) as s:
        assert s.scalar(select(SourceFile.id).where(SourceFile.kind == "ees_csv")) is None
        assert s.scalar(select(IndicatorValue.id)) is None


@pytest.mark.parametrize(
    ("la", "period"), [("821", None), ("855", "2024"), ("940", None), ("201", "2023/24")]
)
def test_fast_single_authority_read_matches_full_read(
    loaded: tuple[str, list], la: str, period: str | None
) -> None:
    from csinspect.analysis import profile as prof

    url, _ = loaded
    prof._CACHE.clear()
    fast = _profile(url, la, period=period)
    _national(url)  # fills the cache with the whole store
    full = _profile(url, la, period=period)
    prof._CACHE.clear()
    assert [r.flat() for r in fast.rows()] == [r.flat() for r in full.rows()]


def test_councils_own_figures_sit_beside_the_published_ones(loaded: tuple[str, list]) -> None:
    from csinspect.analysis.returns import LocalIndicatorValue

    url, _ = loaded
    own = [
        LocalIndicatorValue("returns_cla_rate_31mar", "2024-25", 60.0, 374.0, 62280.0, 2025),
        LocalIndicatorValue("returns_cla_rate_31mar", "2023-24", 61.0, 380.0, 62280.0, 2024),
        LocalIndicatorValue("returns_aa_contacts", "2024-25", 1234.0, None, None, 2025),
    ]
    p = _profile(url, LUTON, period="2025", local_values=own)
    cla = _row(p.rows(), "cla_rate_per_10k")
    assert (cla.value, cla.local_value, cla.local_period) == (58.0, 60.0, "2024-25")
    contacts = _row(p.rows(), "returns_aa_contacts")
    assert contacts.value is None and contacts.local_value == 1234.0
    p24 = _profile(url, LUTON, period="2024", local_values=own)
    assert _row(p24.rows(), "cla_rate_per_10k").local_value == 61.0
