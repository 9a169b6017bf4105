"""The sync tests run against ``csinspect.testing.sites`` on 127.0.0.1: Ofsted's report site laid out as the
real one is (search pages, provider pages, publication links, a file server with ETags), DfE's statistics
API and GOV.UK's APIs, serving the small England's reports (PDFs in Ofsted's layout) and official files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csinspect.testing.reports import FocusedVisit, Ilacs, SifWithLscb, pdf_of
from csinspect.testing.sites import FakeProvider, FakePublication, Sites, serve

LUTON, NORFOLK, HERTS, SUFFOLK = "80520", "80481", "80459", "80503"


@dataclass
class World:
    url: str  # the database
    sites: Sites
    tmp: Path

    def cli(self, *args: str) -> object:
        from csinspect.cli import app

        return CliRunner().invoke(app, [*args, "--database-url", self.url], catch_exceptions=False)

    def sync(self, *args: str) -> object:
        return self.cli("sync", "reports", "--base-url", self.sites.base, "--delay", "0", *args)


def reports(folder: Path) -> dict[str, bytes]:
    return {
        "luton": pdf_of(Ilacs().pages(), folder / "luton.pdf").read_bytes(),
        "herts": pdf_of(SifWithLscb().pages(), folder / "herts.pdf").read_bytes(),
        "norfolk": pdf_of(FocusedVisit().pages(), folder / "norfolk.pdf").read_bytes(),
    }


def site_of(pdfs: dict[str, bytes]) -> Sites:
    return Sites(
        providers=[
            FakeProvider(LUTON, "Luton Borough Council", [
                FakePublication("5001", "Children's services inspection", date(2023, 10, 20), pdfs["luton"]),
                FakePublication("5002", "Secure children's home full inspection", date(2023, 5, 1), b"%PDF-1.4 not read"),
            ]),
            FakeProvider(HERTS, "Hertfordshire County Council", [
                FakePublication("5003", "Children's services inspection", date(2015, 1, 6), pdfs["herts"]),
            ]),
            FakeProvider(NORFOLK, "Norfolk County Council", [
                FakePublication("5004", "Focused visit", date(2019, 5, 28), pdfs["norfolk"]),
            ]),
            FakeProvider(SUFFOLK, "Suffolk County Council", []),
        ]
    )  # fmt: skip


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return reports(tmp_path_factory.mktemp("pdfs"))


@pytest.fixture
def world(
    tmp_path: Path, mini_official_dir: Path, pdfs: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    from csinspect.store.db import init_db
    from csinspect.testing.store import load_official

    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path / 'sync.sqlite'}"
    init_db(url)
    load_official(mini_official_dir, url, kinds={"authorities", "sn_models", "ofsted_la_outcomes"})
    sites = site_of(pdfs)
    sites.providers[-1].layout = "none"  # Suffolk: a provider page with no reports yet
    with serve(sites):
        yield World(url, sites, tmp_path)
    os.environ.pop("CSINSPECT_TEST_NOTHING", None)
