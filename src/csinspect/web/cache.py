"""A small thread-safe LRU kept on the app (``app.state.cache``), for things that only change when the data
does: profiles, rendered public pages and API bodies. Keys include ``analysis.data_status.data_version``, so a load, an
ingest or a published assessment makes every entry stale at once. The profile caches hold every authority (about
160), so signed-in users, whose pages are rendered per request, never wait for a profile twice."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
_LOCK = threading.Lock()
SIZES = {
    "profiles": 400,
    "profile_views": 400,
    "authority_pages": 400,
    "pages": 400,
    "api": 2000,
    "values": 2,
}


VERSION_TTL = 1.0  # seconds a read data version is trusted (a load by another process shows within this)


def version_of(cache: dict[str, Any], read: Callable[[], str]) -> str:
    """The data version, read (``read()``) at most once per ``VERSION_TTL`` seconds; cache keys include it."""
    now = time.monotonic()
    with _LOCK:
        at, version = cache.get("_version", (0.0, ""))
    if version and now - at < VERSION_TTL:
        return str(version)
    version = read()
    with _LOCK:
        cache["_version"] = (now, version)
    return version


def lru(cache: dict[str, Any], name: str, key: Hashable, make: Callable[[], T]) -> T:
    """``cache[name][key]``, computed by ``make()`` when missing. Requests run in threads, so the bookkeeping
    is locked (the computation is not: two threads may both compute a missing entry, which is harmless)."""
    with _LOCK:
        store: OrderedDict[Hashable, Any] = cache.setdefault(name, OrderedDict())
        if key in store:
            store.move_to_end(key)
            return store[key]  # type: ignore[no-any-return]
    value = make()
    with _LOCK:
        store[key] = value
        while len(store) > SIZES.get(name, 100):
            store.popitem(last=False)
    return value


class PublicCacheMiddleware:
    """Caches complete responses to anonymous GETs (no session cookie): the same bytes for every member of
    the public until the data changes. Invalidation follows the data, never the HTTP method: the data version
    is read at most once per ``ttl`` seconds (so a load made by another process shows within that time), and
    a route that writes published data calls ``data_changed`` so its own change shows at once. Responses that
    set a cookie, or are not 200, are never cached. ``If-None-Match`` is answered from the cache with 304."""

    EXCLUDED = (
        "/sign-in",
        "/sign-out",
        "/static/",
        "/assets/",
        "/documents/",
        "/api/v1/session",
        "/api/docs",
    )

    def __init__(self, app: Any, ttl: float = 1.0, max_entries: int = 400, state: Any = None) -> None:
        self.app = app
        if state is not None:
            state.public_cache = self  # so data_changed can reach it
        self.ttl = ttl
        self.max_entries = max_entries
        self.entries: OrderedDict[tuple[str, str, str], tuple[int, list[tuple[bytes, bytes]], bytes]] = (
            OrderedDict()
        )
        self.version: tuple[float, str] = (0.0, "")
        self.lock = threading.Lock()
        self.inflight: dict[tuple[str, str, str], asyncio.Event] = {}  # only touched on the event loop

    def _fresh_version(self) -> str | None:
        """The data version if read less than ``ttl`` seconds ago (no database access), else None."""
        with self.lock:
            at, version = self.version
        return version if version and time.monotonic() - at < self.ttl else None

    def _current_version(self, scope: dict[str, Any]) -> str:
        from csinspect.analysis.data_status import data_version

        now = time.monotonic()
        state = scope["app"].state
        with state.sessionmaker() as session:
            version = data_version(session)
        with self.lock:
            if version != self.version[1]:
                self.entries.clear()
            self.version = (now, version)
        return version

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.version = (0.0, "")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        headers = dict(scope.get("headers") or [])
        cookies = headers.get(b"cookie", b"")
        if b"csinspect_session=" in cookies or path.startswith(self.EXCLUDED):
            await self.app(scope, receive, send)
            return
        from anyio import to_thread

        version = self._fresh_version()
        if version is None:
            version = await to_thread.run_sync(self._current_version, scope)
        key = (path, scope.get("query_string", b"").decode("latin-1"), version)
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
        if hit is not None:
            await self._replay(hit, headers.get(b"if-none-match"), send)
            return

        waiting = self.inflight.get(key)
        if waiting is not None:  # someone is already computing this response: wait for it, then replay
            await waiting.wait()
            with self.lock:
                hit = self.entries.get(key)
            if hit is not None:
                await self._replay(hit, headers.get(b"if-none-match"), send)
                return
            await self.app(scope, receive, send)
            return
        done = self.inflight[key] = asyncio.Event()
        try:
            await self._fill(scope, receive, send, key)
        finally:
            done.set()
            self.inflight.pop(key, None)

    @staticmethod
    async def _replay(
        hit: tuple[int, list[tuple[bytes, bytes]], bytes], if_none_match: bytes | None, send: Any
    ) -> None:
        code, hdrs, body = hit
        etag = next((v for k, v in hdrs if k == b"etag"), None)
        if (
            etag is not None
            and if_none_match is not None
            and etag in [t.strip() for t in if_none_match.split(b",")]
        ):
            await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", etag)]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": code, "headers": hdrs})
        await send({"type": "http.response.body", "body": body})

    async def _fill(self, scope: dict[str, Any], receive: Any, send: Any, key: tuple[str, str, str]) -> None:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._store(key, start, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, capture)

    def _store(self, key: tuple[str, str, str], start: dict[str, Any], body: bytes) -> None:
        hdrs = [(k.lower(), v) for k, v in start.get("headers", [])]
        if start.get("status") != 200 or any(k == b"set-cookie" for k, _ in hdrs):
            return
        with self.lock:
            self.entries[key] = (200, hdrs, body)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)


def data_changed(app_state: Any) -> None:
    """A route wrote published data (an uploaded report, a published assessment): drop what was computed
    from the old data now rather than at the next version check."""
    public = getattr(app_state, "public_cache", None)
    if public is not None:
        public.clear()
    with _LOCK:
        app_state.cache.clear()


def settle_heap() -> None:
    """After a long-lived table is built (the national comparison table): collect once and freeze what is left,
    so later full collections no longer walk it. On the national data a full collection otherwise costs ~100 ms,
    landing on some visitor's request."""
    import gc

    gc.collect()
    gc.freeze()
