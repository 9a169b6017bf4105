"""The whole real corpus (93 report PDFs of ../shared, each under its authority's real Ofsted URN, listed as
the site lists its kind, with its published date) through ``sync reports``: every report reads as the
ordinary ingestion reads it, under the right authority; a second run downloads nothing."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from csinspect.store.db import init_db, session_scope
from csinspect.store.models import Inspection
from csinspect.store.sync_models import Publication
from csinspect.testing.sites import FakeProvider, FakePublication, Sites, serve

KINDS = {
    "inspection": "Children's services inspection",
    "focused visit": "Focused visit",
    "send": "Area SEND full inspection",
}


def real_site(shared_dir: Path) -> tuple[Sites, dict[str, str]]:
    lookup = {r["ofsted_la_urn"]: r for r in csv.DictReader((shared_dir / "data" / "reference" / "la_lookup.csv").open()) if r["ofsted_la_urn"]}  # fmt: skip
    providers: dict[str, FakeProvider] = {}
    files: dict[str, str] = {}
    for r in csv.DictReader((shared_dir / "corpus" / "inventory.csv").open()):
        urn = r["ofsted_urn"]
        if urn not in lookup:
            continue
        p = providers.setdefault(urn, FakeProvider(urn, lookup[urn]["la_name"]))
        file_id = r["file"].removesuffix(".pdf")
        p.publications.append(
            FakePublication(
                file_id,
                KINDS[r["kind"]],
                date.fromisoformat(r["file_date"]),
                (shared_dir / "corpus" / "pdf" / r["file"]).read_bytes(),
            )
        )
        files[file_id] = r["file"]
    return Sites(providers=list(providers.values())), files


@pytest.mark.slow
def test_the_real_corpus_through_sync(
    shared_dir: Path, official_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csinspect.cli import app
    from csinspect.testing.store import ingest, load_official

    monkeypatch.setenv("CSINSPECT_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path / 'real.sqlite'}"
    init_db(url)
    load_official(official_dir, url, kinds={"authorities"})
    sites, files = real_site(shared_dir)
    expected_la = {
        r["file"]: r["la_code"] for r in csv.DictReader((shared_dir / "corpus" / "expected.csv").open())
    }
    direct = {Path(o.file).name: o.status for o in ingest([shared_dir / "corpus" / "pdf" / f for f in files.values()], None, workers=2, store=False)}  # fmt: skip
    with serve(sites):
        run = CliRunner().invoke(
            app, ["sync", "reports", "--base-url", sites.base, "--delay", "0", "--database-url", url]
        )
        assert run.exit_code == 0, run.output[-3000:]
        with session_scope(url) as s:
            pubs = {p.url.rsplit("/", 1)[-1]: p for p in s.scalars(select(Publication))}
            assert set(pubs) == set(files)
            for file_id, name in files.items():
                pub = pubs[file_id]
                want = "rejected" if direct[name] == "rejected" else "ingested"
                assert pub.status == want, (name, pub.status, pub.reasons)
                if name in expected_la and pub.inspection_ids:
                    insp = s.get(Inspection, pub.inspection_ids[0])
                    assert insp is not None and insp.la_code == expected_la[name], name
        again = CliRunner().invoke(
            app, ["sync", "reports", "--base-url", sites.base, "--delay", "0", "--database-url", url]
        )
        assert again.exit_code == 0 and "0 new or changed" in again.output
        assert not [r for r in sites.log if r[1].startswith("/v1/file/") and r[2] == 200][len(files) :]
