"""A polite HTTP client for public sites: one request at a time with a pause between them, a User-Agent
naming csinspect and its version, conditional requests (ETag, Last-Modified), and retries with back-off on
429 and 5xx (honouring Retry-After) and on timeouts. A network that is down, a name that does not resolve or
a TLS failure is ``Offline`` (one clear line), never a traceback."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from csinspect import __version__

USER_AGENT = (
    f"csinspect/{__version__} (+https://github.com/csinspect/csinspect; children's services inspections)"
)
RETRY_STATUSES = {429, 500, 502, 503, 504}


class SyncError(Exception):
    """A request that did not give a usable answer; the message names the address."""


class Offline(SyncError):
    """The network is not there: DNS, connection refused, TLS. Nothing was changed."""


class HTTPStatusError(SyncError):
    def __init__(self, address: str, status: int) -> None:
        self.url, self.status = address, status
        super().__init__(f"{address}: HTTP {status}")


@dataclass
class Answer:
    url: str
    status: int  # 200, or 304 (not modified since the ETag / Last-Modified given)
    content: bytes
    headers: dict[str, str]

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    def json(self) -> Any:
        import json

        try:
            return json.loads(self.content)
        except ValueError as exc:
            raise SyncError(f"{self.url}: not JSON ({exc})") from exc


@dataclass
class PoliteClient:
    delay: float = 1.0  # seconds between requests
    retries: int = 4
    timeout: float = 60.0
    backoff: float = 2.0  # seconds before the first retry, doubled each time
    max_wait: float = 120.0  # the longest Retry-After honoured
    sleep: Callable[[float], None] | None = None  # time.sleep, looked up when needed
    requests: int = 0
    _last: float = field(default=0.0, repr=False)
    _http: httpx.Client | None = field(default=None, repr=False)

    def __enter__(self) -> PoliteClient:
        self._http = httpx.Client(
            headers={"User-Agent": USER_AGENT}, timeout=self.timeout, follow_redirects=True
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._http is not None:
            self._http.close()

    def _wait(self, seconds: float) -> None:
        (self.sleep or time.sleep)(seconds)

    def _pause(self) -> None:
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            self._wait(wait)
        self._last = time.monotonic()

    def get(self, address: str, *, etag: str | None = None, last_modified: str | None = None) -> Answer:
        """GET ``address``: 200 with its body, or 304 when the ETag/Last-Modified still hold; raises Offline,
        HTTPStatusError (after retries, for 429/5xx) or SyncError (timeouts after retries)."""
        assert self._http is not None, "use PoliteClient as a context manager"
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            self._pause()
            self.requests += 1
            try:
                r = self._http.get(address, headers=headers)
            except (httpx.ConnectError, httpx.UnsupportedProtocol) as exc:
                raise Offline(
                    f"cannot connect to {urlsplit(address).netloc or address} ({_reason(exc)})"
                ) from exc
            except httpx.TimeoutException as exc:
                if attempt >= self.retries:
                    raise SyncError(
                        f"{address}: no answer after {attempt + 1} tries ({type(exc).__name__})"
                    ) from exc
                self._wait(self.backoff * 2**attempt)
                attempt += 1
                continue
            except httpx.HTTPError as exc:
                raise SyncError(f"{address}: {_reason(exc)}") from exc
            if r.status_code in RETRY_STATUSES and attempt < self.retries:
                self._wait(min(self.max_wait, _retry_after(r) or self.backoff * 2**attempt))
                attempt += 1
                continue
            if r.status_code not in (200, 304):
                raise HTTPStatusError(address, r.status_code)
            return Answer(str(r.url), r.status_code, r.content, {k.lower(): v for k, v in r.headers.items()})


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())[:200]


def _retry_after(r: httpx.Response) -> float | None:
    value = r.headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
