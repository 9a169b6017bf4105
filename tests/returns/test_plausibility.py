"""Aggregate plausibility: synthetic national figures fall inside the ranges DfE publishes by council
(the official files in ../shared/data/official), and near the published England figure."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from csinspect.analysis.returns import compute_values
from csinspect.load.returns import load_dir
from csinspect.settings import Settings
from csinspect.testing.synth import default_councils, generate


def _read(path: Path) -> pl.DataFrame:
    df = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    return df.rename({c: c.lstrip("\ufeff") for c in df.columns}).filter(pl.col("time_period") == "2025")


def _num(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.Float64, strict=False)


def published(official: Path) -> dict[str, tuple[float, float, float]]:
    """indicator -> (LA minimum, LA maximum, England) for 2024-25."""
    out: dict[str, tuple[float, float, float]] = {}

    def add(key: str, df: pl.DataFrame, col: str) -> None:
        la = df.filter(pl.col("geographic_level") == "Local authority").select(_num(col)).drop_nulls()[col]
        eng = df.filter(pl.col("geographic_level") == "National").select(_num(col))[col][0]
        out[key] = (float(la.min()), float(la.max()), float(eng))  # type: ignore[arg-type]

    cla = _read(official / "cla_number_and_rate_per_10k_children.csv")
    add(
        "returns_cla_rate_31mar",
        cla.filter(pl.col("population_type") == "Children looked after on 31 March each year"),
        "rate_per_10000",
    )
    c1 = _read(official / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv")
    add("returns_rereferrals_pct", c1, "rereferral_percent")
    d3 = _read(official / "d3_cpps_subsequent_plan_2013_to_2025.csv")
    add("returns_cpp_repeat_pct", d3, "CPP_subsequent_percent")
    ps = _read(official / "la_cla_placement_stability.csv")
    add(
        "returns_placement_3plus_pct",
        ps.filter(pl.col("placement_stability") == "With 3 or more placements during the year"),
        "children_percent",
    )
    add(
        "returns_placement_long_term_pct",
        ps.filter(pl.col("placement_stability") == "Living with the same carer for at least 2 years"),
        "children_percent",
    )
    acc = _read(official / "la_care_leavers_accommodation_suitability.csv").filter(
        pl.col("care_leaver_age") == "19 to 21 years"
    )
    add(
        "returns_care_leavers_suitable_pct",
        acc.filter(pl.col("breakdown") == "Accommodation considered suitable"),
        "care_leaver_percent",
    )
    act = _read(official / "la_care_leavers_activity.csv").filter(
        pl.col("care_leaver_age") == "19 to 21 years"
    )
    add(
        "returns_care_leavers_eet_pct",
        act.filter(pl.col("breakdown") == "Total in education, employment or training"),
        "care_leaver_percent",
    )
    # rates from counts and the ONS 0-17 population of mid-2024
    ons = pl.read_csv(official / "ons_mid-year_population_estimates_2012_to_2024.csv", infer_schema=False)
    ons = ons.filter(pl.col("time_period") == "2024")
    la_pop = ons.filter(pl.col("geographic_level") == "Local authority").select(
        "new_la_code", _num("population_estimate").alias("pop")
    )
    england_pop = float(
        ons.filter(pl.col("geographic_level") == "National").select(_num("population_estimate"))[0, 0]
    )

    def rate(key: str, df: pl.DataFrame, col: str) -> None:
        la = df.filter(pl.col("geographic_level") == "Local authority").select(
            "new_la_code", _num(col).alias("n")
        )
        r = la.join(la_pop, on="new_la_code").select(pl.col("n") / pl.col("pop") * 10000)["n"].drop_nulls()
        eng = (
            float(df.filter(pl.col("geographic_level") == "National").select(_num(col))[0, 0])
            / england_pop
            * 10000
        )
        out[key] = (float(r.min()), float(r.max()), eng)  # type: ignore[arg-type]

    rate("returns_referrals_rate", c1, "referral_count")
    rate("returns_cin_rate_31mar", _read(official / "b1_children_in_need_2013_to_2025.csv"), "At31_episodes")
    rate(
        "returns_cpp_rate_31mar",
        _read(official / "d5_cpps_at31march_by_duration_2013_to_2025.csv"),
        "CPP_At31",
    )
    return out


@pytest.mark.slow
def test_synthetic_national_figures_within_published_ranges(official_dir, tmp_path):
    councils = default_councils(
        6, seed=4, population_file=official_dir / "ons_mid-year_population_estimates_2012_to_2024.csv"
    )
    out = tmp_path / "syn"
    generate(out, councils=councils, years=3, last_year=2025, seed=4, error_rate=0.0, annex_a=False)
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url="sqlite://",
        pseudonym_key="plausibility-key-123",
    )
    totals: dict[str, list[float]] = {}
    for la, pop in councils:
        for year in (2023, 2024, 2025):
            rep = load_dir(
                out / la / str(year), la, year, root=settings.returns_dir, key=settings.pseudonym_key
            )
            assert rep.ok
        for v in compute_values(settings.returns_dir, la, 2025, population=pop):
            if v.numerator is not None and v.denominator:
                t = totals.setdefault(v.indicator_id, [0.0, 0.0])
                t[0] += v.numerator
                t[1] += v.denominator
    ranges = published(official_dir)
    report = []
    for key, (lo, hi, england) in ranges.items():
        num, den = totals[key]
        scale = 10000 if key.endswith(("rate", "rate_31mar")) else 100
        value = scale * num / den
        ok = lo <= value <= hi and abs(value - england) <= 0.4 * england
        report.append(
            f"{'ok ' if ok else 'BAD'} {key}: synthetic {value:.1f}, published LA range {lo:.1f}-{hi:.1f}, England {england:.1f}"
        )
    print("\n".join(report))
    assert not [r for r in report if r.startswith("BAD")], "\n".join(report)
