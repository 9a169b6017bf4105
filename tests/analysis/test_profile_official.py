"""The profile against the official files themselves (skipped when ../shared is absent): published values,
provider outcomes, LAIT against EES over the whole country. One SQLite database is loaded from every file in
data/official once (the session's ``official_db``). The behaviour on any data (neighbour averages, suppression, reorganised
authorities, outputs, re-publication) is tested on the small England in test_profile_mini.py."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import fastexcel
import polars as pl
import pytest
from sqlalchemy import select

from csinspect.analysis.indicator_crosscheck import crosscheck
from csinspect.analysis.profile import build_profile, national_profile
from csinspect.store.db import session_scope
from csinspect.store.models import SourceFile
from csinspect.store.profile_models import IndicatorValue, ProviderInspection
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
def loaded(official_db: tuple[str, list]) -> tuple[str, list]:
    return official_db


def _ees(official_dir: Path, name: str) -> pl.DataFrame:
    df = pl.read_csv(official_dir / name, infer_schema=False)
    return df.rename({c: c.lstrip("\ufeff") for c in df.columns})


def _dashboard_rows(name: str) -> list[dict[str, str]]:
    """A fixture of the national framework dashboard's own output (``scripts/dashboard_oracle.py``), without its
    provenance comment."""
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "dashboard" / name
    return list(csv.DictReader(line for line in fixture.open(encoding="utf-8") if not line.startswith("#")))


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


def test_load_summary_counts_symbols_and_lists_unknown_codes(loaded: tuple[str, list]) -> None:
    _, summaries = loaded
    csww = next(s for s in summaries if s.file.startswith("csww_indicators"))
    assert csww.skipped.get("symbol low", 0) > 0 and csww.skipped.get("symbol x", 0) > 0
    # joint rows (Kingston and Richmond's shared service, North and West Northamptonshire) are kept as joint,
    # for each authority, and listed; nothing is dropped as an unknown code
    assert "unknown_la_code" not in csww.skipped
    assert any("314 with 318" in n and "940 with 941" in n for n in csww.notes)


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


# ---- DfE's own figures: the national framework dashboard's neighbour medians, LAIT's means and bands ----------

_POPULATION_TO_INDICATOR = {
    "Children looked after on 31 March each year": "cla_rate_per_10k",
    "Children starting to be looked after each year": "cla_started_rate_per_10k",
    "Children ceasing to be looked after each year": "cla_ceased_rate_per_10k",
}


def test_the_dashboards_neighbour_medians_are_reproduced(loaded: tuple[str, list]) -> None:
    """Every neighbour median the national framework dashboard computed for the three looked-after rates
    (its own output, ``tests/fixtures/dashboard``), for every authority and year, under its settings."""
    from csinspect.analysis.comparators import PRESETS
    from csinspect.analysis.profile import fmt

    url, _ = loaded
    rows = _dashboard_rows("cla_rates_sn_median.csv")
    with session_scope(url) as s:
        comp = national_profile(s, PRESETS["dashboard"])
    ours = {
        (r["indicator_id"], r["area_code"], r["period"]): r["sn_average"]
        for r in comp.select("indicator_id", "area_code", "period", "sn_average").iter_rows(named=True)
    }
    wrong = [
        (r["old_la_code"], r["time_period"], r["population_count"], r["sn_median"], got)
        for r in rows
        if (
            got := ours.get(
                (_POPULATION_TO_INDICATOR[r["population_count"]], r["old_la_code"], r["time_period"])
            )
        )
        is None
        or fmt(got, 0) != fmt(float(r["sn_median"]), 0)
    ]
    assert len(rows) == 2271 and wrong == []


def test_birmingham_under_each_convention(loaded: tuple[str, list]) -> None:
    """The issue's example: 79 children looked after per 10,000. The dashboard's neighbour median (May 2025
    model) is 92 — lower than neighbours; the April 2021 model's mean is 77.1 — higher. Each says which."""
    from csinspect.analysis.comparators import PRESETS, Comparator

    url, _ = loaded
    dash = _row(
        _profile(url, "330", period="2025", comparator=PRESETS["dashboard"]).rows(), "cla_rate_per_10k"
    )
    assert dash.value == 79
    assert "lower than the median of the 10 statistical neighbours, May 2025 model (92)" in dash.statement
    old = _row(
        _profile(url, "330", period="2025", comparator=Comparator("period_end", "mean")).rows(),
        "cla_rate_per_10k",
    )
    assert old.sn_model == "2021-04" and old.sn_label.endswith("April 2021 model")
    assert "higher than the mean of the 10 statistical neighbours, April 2021 model (77.1)" in old.statement
    lait = _row(_profile(url, "330", period="2025").rows(), "cla_rate_per_10k")
    assert lait.sn_model == "2025-05" and lait.sn_stat == "mean" and "May 2025 model" in lait.statement


def test_laits_neighbour_means_and_quartile_bands_from_its_own_file(
    loaded: tuple[str, list], official_dir: Path
) -> None:
    """LAIT's rules applied to its own file (``bds_long_0.parquet``), independently of csinspect's code: the
    mean of the May 2025 neighbours' values, and bands A-D from R's quantile() of every authority's value."""
    import numpy as np
    import openpyxl

    url, _ = loaded
    bds = pl.read_parquet(official_dir / "bds_long_0.parquet").filter(
        (pl.col("Short Desc") == "CareLeavers_LA_NotInTouch") & (pl.col("Years") == "2025")
    )

    def number(v: str | None) -> float | None:
        try:
            return float(v) if v is not None else None
        except ValueError:  # "-", "c", "x": not published
            return None

    by_code = {
        str(int(c)): x
        for c, v in bds.select("LA Number", "Values").iter_rows()
        if c is not None and c < 970 and (x := number(v)) is not None  # 970+: England and regions
    }
    ws = openpyxl.load_workbook(official_dir / "sn_may_2025.xlsx", read_only=True)["LA SN Groups"]
    groups = {
        str(r[0]): [str(r[i]) for i in range(5, 25, 2)]
        for r in ws.iter_rows(min_row=4, values_only=True)
        if r[0]
    }
    q25, q50, q75 = np.percentile(list(by_code.values()), [25, 50, 75])  # R's default (type 7)
    with session_scope(url) as s:
        comp = national_profile(s).filter(
            (pl.col("indicator_id") == "care_leavers_not_in_touch_pct") & (pl.col("period") == "2025")
        )
    checked = 0
    for r in comp.iter_rows(named=True):
        la, value = r["area_code"], r["value"]
        if la not in by_code or la not in groups:
            continue
        nvals = [by_code[n] for n in groups[la] if n in by_code]
        if len(nvals) >= 5:
            assert r["sn_average"] == pytest.approx(sum(nvals) / len(nvals)), la
        band = (
            "A" if value <= q25 else "B" if value <= q50 else "C" if value <= q75 else "D"
        )  # "Low" polarity
        assert r["quartile_band"] == band, (la, value, q25, q50, q75)
        checked += 1
    # every authority LAIT has a 2025 figure for (76 of them publish this measure)
    assert checked == len(set(by_code) & set(groups) & set(comp["area_code"].to_list())) > 50


def test_the_dashboards_assessment_factor_rates_are_computed_as_it_computes_them(
    loaded: tuple[str, list],
) -> None:
    """Rates per 10,000 children from the C3 counts and the previous year's ONS population, whole numbers, and
    their neighbour medians: every authority and factor of the dashboard's newest year."""
    from csinspect.analysis.comparators import PRESETS
    from csinspect.analysis.profile import fmt

    url, outcomes = loaded
    assert any(o.kind == "derived" and o.status == "ok" for o in outcomes)
    rows = _dashboard_rows("assessment_factor_rates.csv")
    with session_scope(url) as s:
        comp = national_profile(s, PRESETS["dashboard"])
    ours = {
        (r["indicator_id"], r["area_code"], r["period"]): (r["value"], r["sn_average"])
        for r in comp.filter(pl.col("indicator_id").str.ends_with("_rate_per_10k")).iter_rows(named=True)
    }
    wrong = []
    for r in rows:
        ind = (
            "assessment_factor_"
            + r["assessment_factor"].lower().replace(" ", "_").replace("-", "_")
            + "_rate_per_10k"
        )
        value, median = ours.get((ind, r["old_la_code"], r["time_period"]), (None, None))
        mine = value if r["level"] == "la" else median
        want = r["rate_per_10000"]
        if want in ("", "nan"):
            continue
        if float(want) < 0:  # the dashboard writes a suppressed figure as a negative code: none here either
            if mine is not None:
                wrong.append((r["level"], r["old_la_code"], r["assessment_factor"], "suppressed", mine))
            continue
        if mine is None or fmt(mine, 0) != fmt(float(want), 0):
            wrong.append((r["level"], r["old_la_code"], r["assessment_factor"], want, mine))
    assert len(rows) > 5000 and wrong == [], wrong[:10]


def test_the_dashboards_average_sdq_score_and_its_neighbour_medians(loaded: tuple[str, list]) -> None:
    """The published average SDQ score of every authority and year, and the dashboard's neighbour median of it
    (median of the May 2025 model's neighbours, as the dashboard computes it)."""
    from csinspect.analysis.comparators import PRESETS
    from csinspect.analysis.profile import fmt

    url, _ = loaded
    rows = _dashboard_rows("sdq_average.csv")
    with session_scope(url) as s:
        comp = national_profile(s, PRESETS["dashboard"])
    ours = {
        (r["area_code"], r["period"]): (r["value"], r["sn_average"])
        for r in comp.filter(pl.col("indicator_id") == "cla_sdq_average_score").iter_rows(named=True)
    }
    wrong, compared = [], 0
    for r in rows:
        value, median = ours.get((r["old_la_code"], r["time_period"]), (None, None))
        mine = value if r["level"] == "la" else median
        want = r["number"]
        if not want.replace(".", "", 1).isdigit():  # a symbol ("c", "z", "x") or empty: not published
            if mine is not None and r["level"] == "la":
                wrong.append((r["level"], r["old_la_code"], r["time_period"], "suppressed", mine))
            continue
        compared += 1
        if mine is None or fmt(mine, 1) != fmt(float(want), 1):
            wrong.append((r["level"], r["old_la_code"], r["time_period"], want, mine))
    assert compared > 1400 and wrong == [], (len(wrong), wrong[:10])


def test_the_dashboards_spending_and_hospital_measures(loaded: tuple[str, list]) -> None:
    """Hospital admissions (OHID Fingertips) and the three spending measures (MHCLG revenue outturn, with the ONS
    population for spend per child): every authority and England equal to the dashboard's output, rounded as it
    shows them; the files read through their layout readers."""
    from csinspect.analysis.profile import fmt

    url, outcomes = loaded
    assert {o.file for o in outcomes if o.status == "ok"} >= {
        "RSX_LA_Data_2024-25_data_by_LA.ods",
        "RO3_LA_Data_2024-25_data_by_LA.ods",
        "la_hospital_admissions_2324.csv",
    }
    decimals = {"hospital_admissions_injuries_rate": 0, "csc_spend_per_child": 0}
    rows = _dashboard_rows("spending_and_hospital.csv")
    with session_scope(url) as s:
        ours = {
            (v.indicator_id, v.area_code, v.period): v.value
            for v in s.scalars(
                select(IndicatorValue).where(
                    IndicatorValue.indicator_id.in_({r["indicator_id"] for r in rows})
                )
            )
        }
    wrong, compared = [], 0
    for r in rows:
        want = r["value"]
        if (
            not re.fullmatch(r"\d+(\.\d+)?", want) or float(want) == 0
        ):  # "nan", symbols; 0 is the dashboard's x
            continue
        compared += 1
        mine = ours.get((r["indicator_id"], r["area"], r["time_period"]))
        d = decimals.get(r["indicator_id"], 1)
        if mine is None or fmt(mine, d) != fmt(float(want), d):
            wrong.append((r["indicator_id"], r["area"], r["time_period"], want, mine))
    assert compared > 2400 and wrong == [], (len(wrong), wrong[:10])
