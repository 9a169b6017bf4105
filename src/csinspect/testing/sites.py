"""A local stand-in for the public sites ``csinspect sync`` reads, for tests and benchmarks (no network):
Ofsted's report site (search results in pages, one provider page per authority with ``publication-link``
links and their ``span.nonvisual`` text, PDFs on a file server answering ETag / If-None-Match), the Explore
Education Statistics public API (publications, data sets, versions, CSV), and GOV.UK's search and content
APIs with attachment files. Pages are laid out as the real sites lay them out (see ``sources/ofsted_site.py``
and ``sources/official/ees_api.py`` for what that is).

Faults can be queued per path (``sites.fail("/v1/file/7", 429, retry_after=1)``, ``fail(path, "timeout")``),
and every request is logged (method, path, status) so a test can say what was and was not downloaded.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class FakePublication:
    file_id: str
    kind: str  # "Children's services inspection"
    listed: date
    content: bytes
    file_type: str = "pdf"


@dataclass
class FakeProvider:
    urn: str
    name: str
    publications: list[FakePublication] = field(default_factory=list)
    layout: str = "normal"  # normal | changed (links without publication-link/nonvisual) | none (no reports)


@dataclass
class FakeDataSet:
    id: str
    title: str
    version: str
    published: datetime
    csv: bytes
    status: str = "Published"


@dataclass
class FakeEesPublication:
    id: str
    slug: str
    title: str
    data_sets: list[FakeDataSet] = field(default_factory=list)


@dataclass
class FakeGovukPage:
    link: str  # "/government/statistics/local-authority-inspection-outcomes-as-at-31-march-2026"
    title: str
    published: datetime
    attachments: dict[str, bytes] = field(default_factory=dict)  # file name -> content


@dataclass
class Sites:
    providers: list[FakeProvider] = field(default_factory=list)
    ees: list[FakeEesPublication] = field(default_factory=list)
    govuk: list[FakeGovukPage] = field(default_factory=list)
    base: str = ""
    log: list[tuple[str, str, int]] = field(default_factory=list)
    faults: dict[str, deque[tuple[Any, dict[str, Any]]]] = field(default_factory=dict)
    page_size_cap: int = 100  # the site's largest page of search results
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- test controls ------------------------------------------------------------------------------------

    def fail(self, path: str, what: Any, **options: Any) -> None:
        """The next request for ``path`` (exact, without the query) meets ``what``: an HTTP status, or
        "timeout" (no answer for ``seconds``), or "reset" (the connection is closed)."""
        with self.lock:
            self.faults.setdefault(path, deque()).append((what, options))

    def requests_to(self, prefix: str) -> list[tuple[str, str, int]]:
        with self.lock:
            return [r for r in self.log if r[1].startswith(prefix)]

    def file_url(self, file_id: str) -> str:
        return f"{self.base}/v1/file/{file_id}"

    # -- pages ---------------------------------------------------------------------------------------------

    def search_page(self, start: int, rows: int) -> str:
        rows = min(rows, self.page_size_cap)
        chunk = self.providers[start : start + rows]
        items = "".join(
            f'<li class="search-result"><h3 class="search-result__title"><a href="/provider/44/{p.urn}">'
            f"{html.escape(p.name)}</a></h3><p>Local authority children's services</p>"
            f'<p class="search-result__meta">URN: {p.urn}</p></li>'
            for p in chunk
        )
        body = (
            f'<p class="search-results__count">{len(self.providers)} results</p><ul class="results-list">{items}</ul>'
            if chunk
            else "<p>There are no results that match your search.</p>"
        )
        return _page("Find an inspection report", body)

    def provider_page(self, p: FakeProvider) -> str:
        if p.layout == "none":
            return _page(
                p.name, f"<h1>{html.escape(p.name)}</h1><p>URN: {p.urn}</p><p>There are no reports.</p>"
            )
        links = []
        for pub in p.publications:
            hidden = f"{pub.kind}, {pub.file_type} - {pub.listed:%d %B %Y}"
            if p.layout == "changed":  # a redesign: other classes, no hidden text
                links.append(
                    f'<li><a class="report-download" href="{self.file_url(pub.file_id)}">{html.escape(hidden)}</a></li>'
                )
            else:
                links.append(
                    f'<li><a class="publication-link" href="{self.file_url(pub.file_id)}" target="_blank">'
                    f'{html.escape(pub.kind)} <span class="nonvisual">{html.escape(hidden)}</span></a></li>'
                )
        return _page(
            p.name,
            f'<h1>{html.escape(p.name)}</h1><p>URN: {p.urn}</p><h2>Reports</h2><ul class="timeline">{"".join(links)}</ul>',
        )

    def publication(self, file_id: str) -> FakePublication | None:
        return next((pub for p in self.providers for pub in p.publications if pub.file_id == file_id), None)

    def ees_answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        parts = path.removeprefix("/statistics/v1/").split("/")
        page, size = int(query.get("page", ["1"])[0]), int(query.get("pageSize", ["20"])[0])
        if parts == ["publications"]:
            words = query.get("search", [""])[0].lower().split()
            hits = [p for p in self.ees if all(w in f"{p.title} {p.slug}".lower() for w in words)]
            items = [{"id": p.id, "title": p.title, "slug": p.slug, "lastPublished": _iso(max((d.published for d in p.data_sets), default=None))} for p in hits]  # fmt: skip
            return 200, _paged(items, page, size), "application/json"
        if len(parts) == 3 and parts[0] == "publications" and parts[2] == "data-sets":
            pub = next((p for p in self.ees if p.id == parts[1]), None)
            if pub is None:
                return 404, b'{"title": "Not Found"}', "application/json"
            return 200, _paged([_data_set(d) for d in pub.data_sets], page, size), "application/json"
        if parts and parts[0] == "data-sets":
            ds = (
                next((d for p in self.ees for d in p.data_sets if d.id == parts[1]), None)
                if len(parts) > 1
                else None
            )
            if ds is None:
                return 404, b'{"title": "Not Found"}', "application/json"
            if len(parts) == 2:
                return 200, json.dumps(_data_set(ds)).encode(), "application/json"
            if parts[2] == "csv":
                wanted = query.get("dataSetVersion", [ds.version])[0]
                if wanted not in (ds.version, "*"):
                    return 404, b'{"title": "Version not found"}', "application/json"
                return 200, ds.csv, "text/csv"
        return 404, b'{"title": "Not Found"}', "application/json"

    def govuk_answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        if path == "/api/search.json":
            words = query.get("q", [""])[0].lower().replace("'", "").split()
            hits = [
                g
                for g in self.govuk
                if all(w in g.title.lower().replace("'", "").replace("\u2019", "") for w in words)
            ]
            results = [
                {"link": g.link, "title": g.title, "public_timestamp": _iso(g.published)} for g in hits
            ]
            return 200, json.dumps({"results": results, "total": len(results)}).encode(), "application/json"
        if path.startswith("/api/content/"):
            link = path.removeprefix("/api/content")
            page = next((g for g in self.govuk if g.link == link), None)
            if page is None:
                return 404, b'{"error": "not found"}', "application/json"
            attachments = [
                {"url": f"{self.base}/media/{hashlib.sha1(name.encode()).hexdigest()[:8]}/{name}", "filename": name,
                 "title": name.rsplit(".", 1)[0].replace("_", " "), "content_type": "application/octet-stream"}
                for name in page.attachments
            ]  # fmt: skip
            item = {"base_path": page.link, "title": page.title, "public_updated_at": _iso(page.published),
                    "details": {"attachments": attachments}}  # fmt: skip
            return 200, json.dumps(item).encode(), "application/json"
        if path.startswith("/media/"):
            name = path.rsplit("/", 1)[-1]
            content = next((c for g in self.govuk for n, c in g.attachments.items() if n == name), None)
            if content is not None:
                return 200, content, "application/octet-stream"
        return 404, b"not found", "text/plain"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() + ("Z" if value is not None and value.tzinfo is None else "") if value else None


def _data_set(d: FakeDataSet) -> dict[str, Any]:
    return {
        "id": d.id,
        "title": d.title,
        "summary": d.title,
        "status": d.status,
        "latestVersion": {
            "version": d.version,
            "published": _iso(d.published),
            "totalResults": d.csv.count(b"\n"),
            "timePeriods": {"start": "2013", "end": "2025"},
            "geographicLevels": ["National", "Regional", "Local authority"],
            "filters": [],
            "indicators": [],
        },
        "supersedingDataSetId": None,
    }


def _paged(items: list[Any], page: int, size: int) -> bytes:
    total_pages = max(1, -(-len(items) // size))
    chunk = items[(page - 1) * size : page * size]
    paging = {"page": page, "pageSize": size, "totalResults": len(items), "totalPages": total_pages}
    return json.dumps({"paging": paging, "results": chunk}).encode()


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} - Ofsted</title>'
        f'</head><body><header>Ofsted reports</header><main id="main-content">{body}</main></body></html>'
    )


def _handler(sites: Sites) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as they are written, no 40 ms stalls

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            with sites.lock:
                sites.log.append((self.command, self.path, status))

        def do_GET(self) -> None:
            split = urlsplit(self.path)
            path, query = split.path, parse_qs(split.query)
            with sites.lock:
                queued = sites.faults.get(path)
                fault = queued.popleft() if queued else None
            if fault is not None:
                what, options = fault
                if what == "timeout":
                    time.sleep(float(options.get("seconds", 5)))
                elif what == "reset":
                    self.close_connection = True
                    self.connection.close()
                    return
                else:
                    extra = {"Retry-After": str(options["retry_after"])} if "retry_after" in options else {}
                    self._send(int(what), b"<html><body>error</body></html>", "text/html", extra)
                    return
            if path == "/search":
                start = int(query.get("start", ["0"])[0])
                rows = int(query.get("rows", ["20"])[0])
                self._send(200, sites.search_page(start, rows).encode(), "text/html; charset=utf-8")
            elif path.startswith("/provider/"):
                urn = path.rstrip("/").rsplit("/", 1)[-1]
                p = next((p for p in sites.providers if p.urn == urn), None)
                if p is None:
                    self._send(404, b"<html><body>Page not found</body></html>", "text/html")
                else:
                    self._send(200, sites.provider_page(p).encode(), "text/html; charset=utf-8")
            elif path.startswith("/v1/file/"):
                pub = sites.publication(path.rsplit("/", 1)[-1])
                if pub is None:
                    self._send(404, b"not found", "text/plain")
                    return
                etag = '"' + hashlib.sha256(pub.content).hexdigest()[:32] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", "application/pdf", {"ETag": etag})
                else:
                    ctype = "application/pdf" if pub.content.startswith(b"%PDF") else "text/html"
                    self._send(200, pub.content, ctype, {"ETag": etag})
            elif path.startswith("/statistics/v1/"):
                self._send(*sites.ees_answer(path, query))
            elif path.startswith(("/api/", "/media/")):
                self._send(*sites.govuk_answer(path, query))
            else:
                self._send(404, b"not found", "text/plain")

    return Handler


@contextmanager
def serve(sites: Sites) -> Iterator[Sites]:
    """Run the sites on 127.0.0.1 (a free port) for the duration of the block; ``sites.base`` is the address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(sites))
    server.daemon_threads = True
    sites.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield sites
    finally:
        server.shutdown()
        server.server_close()
