"""The long values export (``csinspect export values``, ``/api/v1/values``): its columns are the documented
ones, its figures are the profile's, LAIT-only measures are in it, filters and the neighbour choice apply."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from csinspect.analysis.comparators import PRESETS
from csinspect.analysis.profile import build_profile
from csinspect.analysis.values import COLUMNS, Filters, values_long
from csinspect.store.db import init_db, session_scope
from csinspect.testing.store import load_official

DOCS = Path(__file__).resolve().parents[2] / "docs" / "values.md"


@pytest.fixture(scope="module")
def url(mini_official_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    u = f"sqlite:///{tmp_path_factory.mktemp('values') / 'v.sqlite'}"
    init_db(u)
    load_official(mini_official_dir, u)
    return u


def test_the_documented_columns_are_the_columns() -> None:
    documented = re.findall(r"^\| `([a-z_]+)` \| (.+) \|$", DOCS.read_text(encoding="utf-8"), re.M)
    assert documented == list(COLUMNS.items())


def test_figures_are_the_profiles_and_lait_only_measures_are_there(url: str) -> None:
    with session_scope(url) as s:
        df = values_long(s, PRESETS["dashboard"])
        row = next(
            r
            for r in build_profile(s, "821", period="2024", comparator=PRESETS["dashboard"]).rows()
            if r.indicator_id == "cla_rate_per_10k"
        )
    assert list(df.columns) == list(COLUMNS)
    [mine] = df.filter(
        (pl.col("la_code") == "821")
        & (pl.col("measure_id") == "cla_rate_per_10k")
        & (pl.col("period") == "2024")
    ).to_dicts()
    assert (
        mine["value"] == row.value
        and mine["sn_value"] == pytest.approx(row.sn_average)
        and mine["sn_stat"] == "median"
    )
    assert mine["sn_label"] == row.sn_label and mine["rank"] == row.rank
    lait = df.filter(pl.col("measure_id") == "lait:PermEx_Rate")
    assert (
        lait.height > 0
        and set(lait["group"].to_list()) == {"Exclusions"}
        and set(lait["source"].to_list()) == {"lait"}
    )
    assert lait["quartile_band"].drop_nulls().len() > 0
    with session_scope(url) as s:
        only = values_long(
            s, filters=Filters(la_codes=("821",), include_lait=False, group="children in care")
        )
    assert set(only["la_code"].to_list()) == {"821"} and not only["measure_id"].str.starts_with("lait:").any()


def test_cli_export_in_every_format(url: str, tmp_path: Path) -> None:
    from csinspect.cli import app

    runner = CliRunner()
    for fmt in ("csv", "parquet"):
        out = tmp_path / f"v.{fmt}"
        res = runner.invoke(
            app, ["export", "values", "--out", str(out), "--format", fmt, "--database-url", url]
        )
        assert res.exit_code == 0, res.output
        df = pl.read_csv(out, infer_schema=False) if fmt == "csv" else pl.read_parquet(out)
        assert df.columns == list(COLUMNS) and df.height > 100
    out = tmp_path / "v.xlsx"
    res = runner.invoke(
        app, ["export", "values", "--out", str(out), "--format", "xlsx", "--la", "821", "--database-url", url]
    )
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["Values", "Columns"]
    assert [c.value for c in next(wb["Values"].iter_rows(max_row=1))] == list(COLUMNS)
    res = runner.invoke(
        app, ["export", "values", "--out", str(out), "--sn-stat", "mode", "--database-url", url]
    )
    assert res.exit_code != 0 and "choose one of: mean, median" in res.output


def test_api_values_paged_and_as_one_csv(url: str) -> None:
    from fastapi.testclient import TestClient

    from csinspect.web.app import create_app

    with TestClient(create_app(url)) as client:
        r = client.get("/api/v1/values", params={"la": "821", "per_page": 5})
        assert r.status_code == 200
        body = r.json()
        assert len(body["items"]) == 5 and body["total"] > 5 and list(body["items"][0]) == list(COLUMNS)
        r = client.get("/api/v1/values", params={"format": "csv", "la": "821", "as": "dashboard"})
        assert r.status_code == 200 and r.text.splitlines()[0] == ",".join(COLUMNS)
        assert len(r.text.splitlines()) == body["total"] + 1 and ",median," in r.text
        assert client.get("/api/v1/values", params={"sn_stat": "mode"}).status_code == 400
