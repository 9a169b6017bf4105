"""``csinspect sync data`` against a local EES API and GOV.UK: the latest release of each data set is found,
downloaded once, loaded with the change log, traced to its release; a data set whose columns changed is
refused with the columns named and nothing of it loaded."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from csinspect.store.db import init_db, session_scope
from csinspect.store.models import SourceFile
from csinspect.store.profile_models import IndicatorValue, IndicatorValueChange
from csinspect.store.sync_models import DataRelease
from csinspect.testing.sites import FakeDataSet, FakeEesPublication, FakeGovukPage, Sites, serve

CLA = "4cf02bf8-b4c7-46e5-a63e-702b431db15b"  # the catalogue's data set id for cla_rates
POP = "0c5a-ons-population"
OUTCOMES = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"


def _edited_cla(source: bytes, la: str, year: str, rate: str) -> bytes:
    rows = list(csv.DictReader(io.StringIO(source.decode("utf-8-sig"))))
    for r in rows:
        if (r["old_la_code"], r["time_period"]) == (la, year) and r["population_type"].startswith(
            "Children looked after on"
        ):
            r["rate_per_10000"] = rate
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def data_world(
    tmp_path: Path, mini_official_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Sites]]:
    from csinspect.testing.store import load_official

    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    init_db(url)
    load_official(mini_official_dir, url, kinds={"authorities"})
    sites = Sites(
        ees=[
            FakeEesPublication("p-cla", "children-looked-after-in-england-including-adoptions",
                               "Children looked after in England including adoptions", [
                FakeDataSet(CLA, "Children looked after: numbers and rates per 10,000 children", "1.0",
                            datetime(2025, 11, 20, 9, 30), (mini_official_dir / "cla_number_and_rate_per_10k_children.csv").read_bytes()),
            ]),
            FakeEesPublication("p-cin", "children-in-need", "Children in need", [
                FakeDataSet(POP, "ONS mid-year population estimates, aged 0 to 17", "2.0", datetime(2025, 10, 30, 9, 30),
                            (mini_official_dir / "ons_mid-year_population_estimates_2012_to_2024.csv").read_bytes()),
            ]),
        ],
        govuk=[
            FakeGovukPage("/government/statistics/local-authority-inspection-outcomes-as-at-31-march-2025",
                          "Local authority inspection outcomes as at 31 March 2025", datetime(2025, 7, 10, 9, 30),
                          {OUTCOMES: (mini_official_dir / OUTCOMES).read_bytes(), "methodology.pdf": b"%PDF"}),
            FakeGovukPage("/government/statistics/local-authority-inspection-outcomes-as-at-31-march-2024",
                          "Local authority inspection outcomes as at 31 March 2024", datetime(2024, 7, 10, 9, 30), {}),
        ],
    )  # fmt: skip
    with serve(sites):
        yield url, sites


def _sync(url: str, sites: Sites, *more: str):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from csinspect.cli import app

    return CliRunner().invoke(
        app, ["sync", "data", "--base-url", sites.base, "--delay", "0", *more, "--database-url", url]
    )


def _csv_downloads(sites: Sites) -> list[str]:
    return [p for _, p, status in sites.log if status == 200 and ("/csv" in p or p.startswith("/media/"))]


def test_latest_releases_are_found_loaded_and_traced(data_world: tuple[str, Sites]) -> None:
    url, sites = data_world
    out = _sync(url, sites)
    assert out.exit_code == 0, out.output
    with session_scope(url) as s:
        releases = {(r.dataset, r.version, r.status) for r in s.scalars(select(DataRelease))}
        assert releases == {
            ("cla_rates", "1.0", "loaded"),
            ("ons_population_0_17", "2.0", "loaded"),
            ("ofsted_la_outcomes", OUTCOMES, "loaded"),
        }
        cla = s.scalars(select(DataRelease).where(DataRelease.dataset == "cla_rates")).one()
        assert cla.published == datetime(2025, 11, 20, 9, 30) and cla.source_file_id is not None
        source = s.get(SourceFile, cla.source_file_id)
        assert source is not None and source.url == cla.url and "dataSetVersion=1.0" in source.url
        traced = s.scalars(
            select(IndicatorValue).where(IndicatorValue.indicator_id == "cla_rate_per_10k").limit(1)
        ).one()
        assert s.get(SourceFile, traced.source_file_id).url == cla.url  # type: ignore[union-attr]
    # the publications the API has no data set for are named, not guessed
    assert "problem: EES" in out.output and "no publication 'children-s-social-work-workforce'" in out.output


def test_a_second_sync_downloads_nothing_and_a_new_version_is_loaded_with_its_changes(
    data_world: tuple[str, Sites],
) -> None:
    url, sites = data_world
    assert _sync(url, sites).exit_code == 0
    n = len(_csv_downloads(sites))
    again = _sync(url, sites)
    assert again.exit_code == 0 and len(_csv_downloads(sites)) == n
    assert "0 new" in again.output
    cla = sites.ees[0].data_sets[0]
    cla.csv, cla.version, cla.published = (
        _edited_cla(cla.csv, "821", "2025", "91"),
        "1.1",
        datetime(2026, 11, 19),
    )
    third = _sync(url, sites)
    assert third.exit_code == 0, third.output
    assert _csv_downloads(sites)[n:] == [f"/statistics/v1/data-sets/{CLA}/csv?dataSetVersion=1.1"]
    with session_scope(url) as s:
        change = s.scalars(select(IndicatorValueChange).where(IndicatorValueChange.area_code == "821")).one()
        assert (change.indicator_id, change.new_value) == ("cla_rate_per_10k", 91.0)
    from csinspect.analysis.news import news_items

    with session_scope(url) as s:
        titles = [
            i.title for i in news_items(s, since=datetime(2026, 1, 1).date()) if i.kind == "data_release"
        ]
    assert any("v1.1" in t or "1.1" in t for t in titles)


def test_a_release_whose_columns_changed_is_refused_and_nothing_of_it_loaded(
    data_world: tuple[str, Sites],
) -> None:
    url, sites = data_world
    assert _sync(url, sites).exit_code == 0
    cla = sites.ees[0].data_sets[0]
    cla.csv = cla.csv.replace(b"rate_per_10000", b"rate_per_10k", 1)
    cla.version = "2.0"
    with session_scope(url) as s:
        before = s.scalar(select(IndicatorValue.value).where(IndicatorValue.indicator_id == "cla_rate_per_10k", IndicatorValue.area_code == "821", IndicatorValue.period == "2025"))  # fmt: skip
    out = _sync(url, sites)
    assert out.exit_code == 1, out.output
    with session_scope(url) as s:
        failed = s.scalars(
            select(DataRelease).where(DataRelease.dataset == "cla_rates", DataRelease.version == "2.0")
        ).one()
        assert (
            failed.status == "failed"
            and "rate_per_10000" in failed.reasons[0]
            and "rate_per_10k" in failed.reasons[0]
        )
        after = s.scalar(select(IndicatorValue.value).where(IndicatorValue.indicator_id == "cla_rate_per_10k", IndicatorValue.area_code == "821", IndicatorValue.period == "2025"))  # fmt: skip
    assert after == before


def test_no_network(data_world: tuple[str, Sites]) -> None:
    import socket

    from typer.testing import CliRunner

    from csinspect.cli import app

    url, _ = data_world
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = CliRunner().invoke(
        app, ["sync", "data", "--base-url", f"http://127.0.0.1:{port}", "--delay", "0", "--database-url", url]
    )
    assert out.exit_code == 1 and out.output.count("\n") == 1 and "no network" in out.output
