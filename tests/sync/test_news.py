"""What is new, after a sync: the CLI, /api/v1/news, the "What's new" page and the Atom feeds (read back
with feedparser, a real feed parser), with the change from the previous comparable inspection."""

from __future__ import annotations

import json
from datetime import date, timedelta

import feedparser
from fastapi.testclient import TestClient

from conftest import World
from csinspect.testing.official import ilacs_history
from csinspect.testing.reports import Ilacs, pdf_of


def _graded_luton(world: World) -> dict[str, str]:
    """Luton's page lists a new inspection after its 2023 one: Requires improvement -> Good overall."""
    previous = [r for r in ilacs_history() if r["area"].la_code == "821"][-1]
    start = previous["start"] + timedelta(days=600)
    new = Ilacs(start=start, end=start + timedelta(days=4))  # overall Good
    pub = world.sites.providers[0].publications[0]
    pub.content = pdf_of(new.pages(), world.tmp / "new.pdf").read_bytes()
    pub.listed = start + timedelta(days=40)
    return {"before": previous["grades"][0], "after": "Good", "listed": pub.listed.isoformat()}


def test_news_cli_and_api_show_each_publication_with_its_change(world: World) -> None:
    expect = _graded_luton(world)
    assert world.sync().exit_code == 0
    out = world.cli("news", "--since", "2019-01-01", "--format", "json")
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    luton = next(r for r in rows if r["la_code"] == "821" and r["status"] == "ingested")
    assert luton["published"] == expect["listed"]
    assert f"Overall effectiveness: {expect['before']} → Good" in luton["change"]
    visit = next(r for r in rows if r["la_code"] == "926")
    assert visit["change"] == "" and "Focused visit" in visit["what"]  # not graded: no change to show
    assert not any(r["published"] < "2019-01-01" for r in rows)  # Hertfordshire's 2015 report is older
    only = json.loads(
        world.cli("news", "--since", "2019-01-01", "--la", "Norfolk", "--format", "json").stdout
    )
    assert {r["la_code"] for r in only} == {"926"}

    from csinspect.web import create_app

    with TestClient(create_app(world.url)) as c:
        api = c.get("/api/v1/news", params={"since": "2019-01-01", "la_code": "821"}).json()
        item = next(i for i in api["items"] if i["status"] == "ingested")
        assert item["changes"][0] == {"judgement": "Overall effectiveness", "before": expect["before"], "after": "Good",
                                      "direction": "up"}  # fmt: skip
        page = c.get("/news", params={"since": "2019-01-01"}).text
        assert "What&#39;s new" in page or "What's new" in page
        assert "Luton" in page and "Good" in page and 'href="/feed.atom"' in page


def test_atom_feeds_parse_and_are_scoped(world: World) -> None:
    _graded_luton(world)
    assert world.sync().exit_code == 0
    from csinspect.web import create_app

    with TestClient(create_app(world.url)) as c:
        everything = c.get("/feed.atom", params={"since": "2014-01-01"})
        assert everything.status_code == 200 and everything.headers["content-type"].startswith(
            "application/atom+xml"
        )
        feed = feedparser.parse(everything.content)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "atom10"
        titles = [e.title for e in feed.entries]
        assert any(t.startswith("Luton") for t in titles) and any(
            t.startswith("Hertfordshire") for t in titles
        )
        assert all(e.id and e.link and e.updated for e in feed.entries)
        assert len({e.id for e in feed.entries}) == len(feed.entries)
        luton = feedparser.parse(c.get("/feed.atom", params={"la": "821", "since": "2014-01-01"}).content)
        assert {e.title.split(":")[0] for e in luton.entries} == {"Luton"} and "Luton" in luton.feed.title
        region = feedparser.parse(
            c.get("/feed.atom", params={"region": "East of England", "since": "2014-01-01"}).content
        )
        assert {e.title.split(":")[0] for e in region.entries} >= {"Luton", "Hertfordshire", "Norfolk"}
        nbs = feedparser.parse(
            c.get("/feed.atom", params={"la": "821", "neighbours": "1", "since": "2014-01-01"}).content
        )
        assert "statistical neighbours" in nbs.feed.title and len(nbs.entries) >= len(luton.entries)
        assert c.get("/feed.atom", params={"la": "821", "region": "London"}).status_code == 400
        assert c.get("/feed.atom", params={"la": "999"}).status_code == 404


def test_the_scheduler_runs_both_syncs_and_records_them(world: World) -> None:
    from sqlalchemy import select

    from csinspect.settings import Settings
    from csinspect.store.db import session_factory, session_scope
    from csinspect.store.sync_models import SyncRun
    from csinspect.sync.schedule import SyncScheduler, parse_interval

    assert parse_interval("24h") == 86400 and parse_interval("1d") == 86400 and parse_interval("30m") == 1800
    for bad in ("soon", "10s", "24"):
        try:
            parse_interval(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
    cfg = Settings(database_url=world.url, ofsted_site=world.sites.base, ees_api=f"{world.sites.base}/statistics",
                   govuk_site=world.sites.base, sync_delay=0)  # fmt: skip
    SyncScheduler(session_factory(world.url), cfg, 86400).run_once()
    with session_scope(world.url) as s:
        runs = {r.kind: r for r in s.scalars(select(SyncRun))}
    assert set(runs) == {"reports", "data"} and runs["reports"].ingested == 3 and runs["reports"].finished_at
    assert runs["data"].status in ("partial", "failed", "ok")  # this site has no statistics: said in the run
    page = (
        TestClient(__import__("csinspect.web", fromlist=["create_app"]).create_app(world.url))
        .get("/data")
        .text
    )
    assert "Recent sync runs" in page and "reports" in page
    status = world.cli("data", "status")
    assert "Recent sync runs" in status.output


def test_data_as_at_follows_the_last_report_sync(world: World) -> None:
    from csinspect.analysis.national import data_as_at
    from csinspect.store.db import session_scope

    with session_scope(world.url) as s:
        before = data_as_at(s)
    assert before == date(2025, 3, 31)  # the workbook's own date
    assert world.sync().exit_code == 0
    with session_scope(world.url) as s:
        assert data_as_at(s) == date.today()  # Ofsted's site was read through today
