"""Accessibility basics on the main pages (WCAG 2.2 AA building blocks that can be checked in the markup):
one h1 and no skipped heading levels, every form control labelled, data tables with header cells and
scoped headers, every chart with a text alternative and a table of the same figures on the page, the skip
link, the page language and a title."""

from __future__ import annotations

from html.parser import HTMLParser

from fastapi.testclient import TestClient
from web_sample import PUBLIC_PAGES, SIGNED_IN_PAGES, page_paths

from conftest import WebDb, make_client, sign_in


class Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.labels: set[str] = set()
        self.controls: list[tuple[str, str | None]] = []
        self.tables = 0
        self.tables_with_th = 0
        self.th_without_scope = 0
        self.charts: list[dict[str, str | None]] = []
        self.svg_titles: set[str] = set()
        self.ids: set[str] = set()
        self.html_lang: str | None = None
        self.title = False
        self._in_table = False
        self._table_has_th = False
        self._in_thead = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "title":
            self.title = True
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"] or "")
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append((tag, a.get("id")))
        if tag == "table":
            self.tables += 1
            self._in_table, self._table_has_th = True, False
        if tag == "th":
            self._table_has_th = True
            if a.get("scope") not in ("col", "row"):
                self.th_without_scope += 1
        if tag == "svg" and a.get("role") == "img":
            self.charts.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
            self.tables_with_th += self._table_has_th


def audit(html: str) -> Audit:
    a = Audit()
    a.feed(html)
    return a


def check_page(html: str, path: str) -> Audit:
    a = audit(html)
    assert a.html_lang == "en" and a.title, path
    assert 'href="#main-content"' in html and 'id="main-content"' in html, path
    assert a.headings.count(1) == 1, f"{path}: {a.headings.count(1)} h1"
    for prev, cur in zip(a.headings, a.headings[1:], strict=False):
        assert cur <= prev + 1, f"{path}: heading h{prev} followed by h{cur}"
    for tag, cid in a.controls:
        assert cid and cid in a.labels, f"{path}: {tag}#{cid} has no label"
    assert a.tables == a.tables_with_th, f"{path}: a table without header cells"
    assert a.th_without_scope == 0, f"{path}: header cells without scope"
    for chart in a.charts:
        ids = (chart.get("aria-labelledby") or "").split()
        assert ids and all(i in a.ids for i in ids), f"{path}: chart without a text alternative"
    if a.charts:
        assert a.tables, f"{path}: charts without a table of the same figures"
    return a


def test_public_pages(client: TestClient, web_db: WebDb) -> None:
    # the API documentation is Swagger UI's page, not one of ours: axe checks it in the browser tests
    for path in page_paths([p for p in PUBLIC_PAGES if p != "/api/docs"], web_db.ids):
        r = client.get(path)
        a = check_page(r.text, path)
        if path in ("/", "/authorities/821/judgements"):
            assert a.charts, f"{path} should have charts"


def test_signed_in_pages(client: TestClient, web_db: WebDb) -> None:
    sign_in(client, "admin1")
    for path in page_paths(SIGNED_IN_PAGES, web_db.ids):
        check_page(client.get(path).text, path)


def test_no_page_shows_a_local_path(sqlite_web_db: WebDb) -> None:
    """Every page type, public and signed in, rendered from a store whose documents live on this machine:
    none shows the data directory, a relative path or the shared folder (sources are shown by title)."""
    import os

    data_dir = os.environ.get("CSINSPECT_DATA_DIR", "")
    paths = page_paths(PUBLIC_PAGES + SIGNED_IN_PAGES, sqlite_web_db.ids)
    with make_client(sqlite_web_db.url) as client:
        sign_in(client, "admin1")
        for path in paths:
            html = client.get(path).text
            assert data_dir and data_dir not in html, path
            for bad in ("../", "/shared/", "corpus/pdf", "seeds/"):
                assert bad not in html, (path, bad, html[max(0, html.find(bad) - 80) : html.find(bad) + 40])
