"""Every indicator against the synthetic generator's planted truth, and every planted error reported."""

from __future__ import annotations

import json

import polars as pl
import pytest

from csinspect.analysis.returns import compute_values, local_indicator_values
from csinspect.load.returns import load_dir
from csinspect.settings import Settings
from csinspect.testing.synth import generate

COUNCILS = [("821", 62280), ("919", 250000)]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    base = tmp_path_factory.mktemp("synth")
    out = base / "syn"
    generate(out, councils=COUNCILS, years=3, last_year=2025, seed=11, error_rate=0.03, size=0.4)
    settings = Settings(
        data_dir=base / "data",
        database_url="sqlite://",
        pseudonym_key="synthetic-test-key-123",
    )
    reports = {}
    for la, _ in COUNCILS:
        for year in (2023, 2024, 2025):
            reports[(la, year)] = load_dir(
                out / la / str(year), la, year, root=settings.returns_dir, key=settings.pseudonym_key
            )
    return out, settings, reports


def test_generator_writes_one_folder_per_council_and_year(loaded):
    out, _, _ = loaded
    assert sorted(p.name for p in out.iterdir()) == ["821", "919"]
    assert sorted(p.name for p in (out / "821").iterdir()) == ["2023", "2024", "2025", "truth.json"]
    files = sorted(
        str(p.relative_to(out / "821" / "2025")) for p in (out / "821" / "2025").rglob("*") if p.is_file()
    )
    assert "cin_census.xml" in files and "annex_a.xlsx" in files and "ssda903/episodes_last.csv" in files


def test_loads_reconcile_and_report_every_planted_error(loaded):
    out, _, reports = loaded
    for (la, year), rep in reports.items():
        assert rep.ok, rep.failures
        assert all(c.reconciles for c in rep.counts)
        truth = json.loads((out / la / "truth.json").read_text())["years"][str(year)]
        problems = rep.problems
        planted = truth["planted_errors"]
        assert planted, "the generator should plant errors at 3%"
        for p in planted:
            if p["file"] == "cin":
                continue
            hit = problems.filter(
                (pl.col("file") == f"ssda903/{p['file']}")
                & (pl.col("rule") == p["rule"])
                & (pl.col("row") == int(p["key"]))
            )
            assert hit.height == 1, p
        for table, rule in (("cin_details", "unknown_code"), ("assessments", "end_before_start")):
            n_planted = sum(
                1 for p in planted if p["file"] == "cin" and p["table"] == table and p["rule"] == rule
            )
            n_found = problems.filter((pl.col("table") == table) & (pl.col("rule") == rule)).height
            assert n_found == n_planted, (table, rule)
        # nothing else is rejected: the rest of the synthetic data is valid
        errors = problems.filter(pl.col("severity") == "error")
        expected = {"unknown_code", "end_before_start", "duplicate_row", "parent_rejected"}
        assert set(errors["rule"].unique().to_list()) <= expected


@pytest.mark.parametrize("la,population", COUNCILS)
def test_every_indicator_matches_planted_truth(loaded, la, population):
    out, settings, _ = loaded
    truth = json.loads((out / la / "truth.json").read_text())
    checked = 0
    for year in ("2023", "2024", "2025"):
        planted = truth["years"][year]["values"]
        got = {
            v.indicator_id: v.value
            for v in compute_values(settings.returns_dir, la, int(year), population=population)
        }
        for indicator, expected in planted.items():
            assert indicator in got, indicator
            assert got[indicator] == expected, (year, indicator, got[indicator], expected)
            checked += 1
    assert (
        checked == 3 * 35 - 1
    )  # long-term stability is planted only where three years of episodes are visible


def test_local_indicator_values_interface(loaded):
    _, settings, _ = loaded
    # an explicit population, so the test does not depend on the ONS file in ../shared
    values = local_indicator_values(settings.returns_dir, "821", population=50_000)
    assert {v.period for v in values} == {"2024-25"}
    by_id = {v.indicator_id: v for v in values}
    cla = by_id["returns_cla_rate_31mar"]
    assert cla.value is not None and cla.numerator is not None and cla.denominator == 50_000
    assert abs(cla.value - cla.numerator / 50_000 * 10_000) < 0.05
    assert local_indicator_values(settings.returns_dir, "821", 2019) == []
    assert local_indicator_values(settings.returns_dir, "999") == []


def test_every_indicator_is_in_the_catalogue(loaded):
    from csinspect.indicators.catalogue import load_catalogue

    _, settings, _ = loaded
    catalogue = load_catalogue()
    ids = {v.indicator_id for v in local_indicator_values(settings.returns_dir, "919", 2025)}
    missing = sorted(i for i in ids if i not in catalogue.indicators)
    assert not missing
    for i in ids:
        assert catalogue.indicators[i].source.kind == "returns"
