"""``csinspect sync reports`` against a local Ofsted site: first sync, a second that downloads nothing, a new
publication, a re-published file, HTTP faults, a changed layout, a link that is not a PDF, the wrong
council's report, an interrupted run resumed, and no network at all."""

from __future__ import annotations

import socket
from datetime import date

import pytest
from sqlalchemy import func, select

from conftest import HERTS, LUTON, NORFOLK, World
from csinspect.store.db import session_scope
from csinspect.store.models import Authority, Document, Inspection
from csinspect.store.sync_models import Publication, SyncRun
from csinspect.testing.reports import Ilacs, pdf_of
from csinspect.testing.sites import FakePublication


def downloads(world: World) -> list[str]:
    return [path for _, path, status in world.sites.requests_to("/v1/file/") if status == 200]


def publications(world: World) -> dict[str, Publication]:
    with session_scope(world.url) as s:
        return {p.url.rsplit("/", 1)[-1]: p for p in s.scalars(select(Publication))}


def count(world: World, model: type) -> int:
    with session_scope(world.url) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_first_sync_reads_every_kind_it_reads_and_records_the_rest(world: World) -> None:
    out = world.sync()
    assert out.exit_code == 0, out.output
    pubs = publications(world)
    assert {k: (p.la_code, p.status) for k, p in pubs.items()} == {
        "5001": ("821", "ingested"),
        "5002": ("821", "not_read"),  # a kind csinspect does not read: recorded, never downloaded
        "5003": ("919", "ingested"),
        "5004": ("926", "ingested"),
    }
    assert sorted(downloads(world)) == ["/v1/file/5001", "/v1/file/5003", "/v1/file/5004"]
    with session_scope(world.url) as s:
        urns = {a.la_code: a.ofsted_urn for a in s.scalars(select(Authority)) if a.ofsted_urn}
        assert urns == {"821": LUTON, "919": HERTS, "926": NORFOLK, "935": "80503"}  # learnt from the names
        herts = [s.get(Inspection, i) for i in pubs["5003"].inspection_ids]
        assert [(i.framework_id, i.la_code) for i in herts if i] == [("sif", "919"), ("lscb", "919")]
        visit = s.get(Inspection, pubs["5004"].inspection_ids[0])
        assert visit is not None and visit.published == date(2019, 5, 28)
        run = s.scalars(select(SyncRun)).one()
        assert (run.kind, run.status, run.found, run.ingested) == ("reports", "ok", 4, 3)
    assert "4 authorities; 4 publications listed; 3 new or changed; 3 ingested" in out.output


def test_second_sync_downloads_nothing_and_a_new_publication_only_that(
    world: World, pdfs: dict[str, bytes]
) -> None:
    assert world.sync().exit_code == 0
    before = (count(world, Inspection), count(world, Document))
    first = len(downloads(world))
    again = world.sync()
    assert again.exit_code == 0 and "0 new or changed" in again.output
    assert len(downloads(world)) == first  # conditional requests only: 304s, no PDF body
    assert (count(world, Inspection), count(world, Document)) == before
    # Luton's monitoring visit appears on its page
    visit = pdf_of(
        Ilacs(start=date(2024, 3, 4), end=date(2024, 3, 8)).pages(), world.tmp / "v.pdf"
    ).read_bytes()
    world.sites.providers[0].publications.insert(
        0, FakePublication("5009", "Children's services inspection", date(2024, 4, 19), visit)
    )
    third = world.sync("--la", "821")
    assert third.exit_code == 0, third.output
    assert downloads(world)[first:] == ["/v1/file/5009"]
    assert publications(world)["5009"].status == "ingested"


def test_a_republished_file_replaces_its_earlier_version(world: World) -> None:
    assert world.sync().exit_code == 0
    old_ids = publications(world)["5001"].inspection_ids
    corrected = Ilacs(grades={**Ilacs().grades, "care_leavers": "Outstanding"})
    world.sites.providers[0].publications[0].content = pdf_of(
        corrected.pages(), world.tmp / "c.pdf"
    ).read_bytes()
    out = world.sync("--la", "821")
    assert out.exit_code == 0, out.output
    pub = publications(world)["5001"]
    assert pub.inspection_ids != old_ids and any("re-published" in r for r in pub.reasons)
    with session_scope(world.url) as s:
        assert all(s.get(Inspection, i) is None for i in old_ids)  # the earlier version's records are gone
        grades = {j.judgement_id: j.grade for j in s.get(Inspection, pub.inspection_ids[0]).judgements}  # type: ignore[union-attr]
        assert grades["care_leavers"] == "outstanding"
        assert (
            s.scalar(
                select(func.count())
                .select_from(Inspection)
                .where(Inspection.la_code == "821", Inspection.origin == "report")
            )
            == 1
        )


def test_http_faults_are_retried_and_a_lost_file_tried_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csinspect.sync import client as client_mod

    waits: list[float] = []
    monkeypatch.setattr(client_mod.time, "sleep", lambda s: waits.append(s))  # the client's pauses, recorded
    world.sites.fail("/v1/file/5001", 429, retry_after=7)
    world.sites.fail("/provider/44/80459", 500)
    world.sites.fail("/v1/file/5004", 404)
    out = world.sync()
    assert out.exit_code == 1, out.output  # one file could not be had
    assert 7 in waits  # Retry-After honoured
    pubs = publications(world)
    assert pubs["5001"].status == "ingested" and pubs["5003"].status == "ingested"  # after a 429 and a 500
    assert pubs["5004"].status == "failed" and "HTTP 404" in pubs["5004"].reasons[0]
    again = world.sync()
    assert again.exit_code == 0 and publications(world)["5004"].status == "ingested"  # tried again


def test_timeouts_are_retried(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from csinspect.sync.client import PoliteClient

    monkeypatch.setattr(PoliteClient, "timeout", 0.5)
    monkeypatch.setattr(PoliteClient, "backoff", 0.01)
    world.sites.fail("/v1/file/5004", "timeout", seconds=1.5)
    out = world.sync("--la", "926")
    assert out.exit_code == 0, out.output
    assert publications(world)["5004"].status == "ingested"


def test_a_changed_layout_is_a_clear_error_and_the_others_still_sync(world: World) -> None:
    world.sites.providers[1].layout = "changed"
    out = world.sync()
    assert out.exit_code == 0, out.output
    assert "http://127.0.0.1" in out.output and "/provider/44/80459" in out.output
    assert "page layout not recognised" in out.output and "publication-link" in out.output
    assert {p.la_code for p in publications(world).values()} == {"821", "926"}
    strict = world.sync("--strict")
    assert strict.exit_code == 1
    with session_scope(world.url) as s:
        assert s.scalars(select(SyncRun).order_by(SyncRun.id)).first().status == "partial"  # type: ignore[union-attr]


def test_not_a_pdf_and_the_wrong_council_are_recorded_not_retried(
    world: World, pdfs: dict[str, bytes]
) -> None:
    world.sites.providers[0].publications[
        0
    ].content = b"<!DOCTYPE html><html><body>Sorry, there is a problem</body></html>"
    world.sites.providers[2].publications[0].content = pdfs["luton"]  # Norfolk's page, Luton's report
    out = world.sync()
    assert out.exit_code == 0, out.output
    pubs = publications(world)
    assert pubs["5001"].status == "rejected" and "HTML" in pubs["5001"].reasons[0]
    norfolk = pubs["5004"]
    assert norfolk.status == "ingested" and any("the report is of 821" in r for r in norfolk.reasons)
    with session_scope(world.url) as s:
        insp = s.get(Inspection, norfolk.inspection_ids[0])
        assert (
            insp is not None
            and insp.status == "needs_review"
            and any("926's page" in r for r in insp.reasons)
        )
    n = len(downloads(world))
    assert world.sync().exit_code == 0 and len(downloads(world)) == n  # not downloaded again


def test_an_interrupted_sync_resumes_where_it_stopped(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from csinspect.sync import reports as sync_mod

    real = sync_mod._record
    calls = {"n": 0}

    def dies_on_the_second(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process stopped half-way
        return real(*args, **kwargs)

    monkeypatch.setattr(sync_mod, "_record", dies_on_the_second)
    stopped = world.sync()
    assert stopped.exit_code != 0  # interrupted (click reports "Aborted!")
    with session_scope(world.url) as s:
        assert s.scalars(select(SyncRun)).one().status == "interrupted"
    done = {k: p.status for k, p in publications(world).items()}
    assert list(done.values()).count("ingested") == 1  # the first was committed, nothing half-stored
    monkeypatch.setattr(sync_mod, "_record", real)
    out = world.sync()
    assert out.exit_code == 0, out.output
    assert {p.status for k, p in publications(world).items() if k != "5002"} == {"ingested"}
    assert count(world, Document) == 3


def test_no_network_says_so_in_one_line_and_changes_nothing(world: World) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: connections are refused
    before = count(world, Publication), count(world, Inspection)
    out = world.cli("sync", "reports", "--base-url", f"http://127.0.0.1:{port}", "--delay", "0")
    assert out.exit_code == 1
    lines = [ln for ln in out.output.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and "no network" in lines[0] and str(port) in lines[0]
    assert (count(world, Publication), count(world, Inspection)) == before
    with session_scope(world.url) as s:
        assert s.scalars(select(SyncRun)).one().status == "offline"


def test_dry_run_and_since(world: World) -> None:
    dry = world.sync("--dry-run", "--format", "json")
    assert dry.exit_code == 0 and downloads(world) == [] and count(world, Publication) == 0
    assert dry.output.count("would download") == 3
    since = world.sync("--since", "2019-01-01")
    assert since.exit_code == 0
    assert {p.url.rsplit("/", 1)[-1] for p in publications(world).values()} == {"5001", "5002", "5004"}


def test_a_report_also_in_ofsteds_workbook_is_one_inspection(world: World, mini_official_dir) -> None:  # type: ignore[no-untyped-def]
    """Luton's 2023 row in the workbook and the same inspection's report from the site: one record, two sources."""
    from datetime import timedelta

    from csinspect.analysis.inspections import inspection_groups
    from csinspect.testing.official import ilacs_history

    [row] = [r for r in ilacs_history() if r["area"].la_code == "821" and r["start"].year == 2023]
    grades = dict(zip(("overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care",
                       "care_leavers"), row["grades"], strict=True))  # fmt: skip
    report = Ilacs(start=row["start"], end=row["start"] + timedelta(days=11), grades=grades)
    world.sites.providers[0].publications[0].content = pdf_of(
        report.pages(), world.tmp / "l.pdf"
    ).read_bytes()
    assert world.sync("--la", "821").exit_code == 0
    with session_scope(world.url) as s:
        [group] = [g for g in inspection_groups(s, ["821"]) if g.framework_id == "ilacs_2023"]
        assert {r.origin for r in group.records} == {"official_table", "report"}
